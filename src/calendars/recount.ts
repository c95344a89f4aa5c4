/**
 * A calendar edit reaches the open commitments counted on it (docs/business-hours.md, "Calendar
 * changes"): for each, the open time it had left is measured on the calendar version it was
 * counted on and counted again from now on the calendar as it is, and the workflow is asked to move its deadline there
 * (`calendarChanged`, refused for a version it has already counted on, so a retry changes nothing).
 * The open time already used stays used; the customer hears only when their time moves.
 */
import { createHash } from 'node:crypto';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { z } from 'zod';
import type { ApiDeps } from '../api/deps';
import { actorOf } from '../api/commitments/action';
import type { Principal } from '../api/auth';
import { withDeadline } from '../api/unavailable';
import { calendarChangedUpdate, commitmentWorkflowId, type CommitmentView } from '../shared/contract';
import { findCommitment } from '../db/commitments';
import { businessTimeBetween } from './business-time';
import { countOn } from './deadlines';
import { findCalendarVersion, type CalendarRecord } from './store';

/** What a calendar edit did to the deadlines counted on it: the PATCH's answer says so. */
export const Recounted = z
  .object({
    moved: z.number().int().meta({ description: 'Open commitments whose deadline moved (their customers are told the new time)' }),
    unchanged: z.number().int().meta({ description: 'Open commitments counted on it whose deadline stays where it was' }),
    notReached: z
      .array(z.string())
      .meta({ description: 'Commitments Temporal did not answer for: they keep their deadline; saving the calendar again counts them again' }),
  })
  .meta({ id: 'CalendarRecount' });
export type Recounted = z.infer<typeof Recounted>;

/** Commitments a calendar edit touches at once: as many as Temporal is asked about in parallel. */
const AT_ONCE = 8;

async function openOn(deps: Pick<ApiDeps, 'db'>, calendarId: string): Promise<string[]> {
  const { rows } = await deps.db.query<{ id: string }>(
    `SELECT id FROM commitments WHERE status = 'open' AND details -> 'business' -> 'calendar' ->> 'id' = $1 ORDER BY due_at`,
    [calendarId],
  );
  return rows.map((r) => r.id);
}

/** The deadline `c` gets on `after`: the open time it had left on `before` at `now`, counted from `now`. */
export function recountOne(c: Pick<CommitmentView, 'dueAt' | 'business' | 'policy'>, before: CalendarRecord, after: CalendarRecord, now: number) {
  const left = businessTimeBetween(before, now, Date.parse(c.dueAt));
  return countOn(after, { clock: 'business', pointer: '/dueIn', ms: left, asked: c.business?.asked ?? 'PT0S' }, now, c.policy);
}

/**
 * Counts every open commitment counted on `after`'s calendar again on `after`. The open time each
 * had left is measured on the version it pinned (kept in calendar_versions), so one that missed an
 * earlier edit is counted right too; `before` stands in for a version no longer kept.
 *
 * Known race: the commitments are found in the read model, which a commitment reaches when the API
 * records its first state, just after its start (src/api/commitments/first-record.ts). One whose
 * deadline was counted before the edit and recorded after this read keeps the deadline counted on
 * the old version; saving the calendar again (or extending it) counts it on the new one. The
 * answer's `moved` and `unchanged` say whom it reached.
 */
export async function recountCalendar(deps: ApiDeps, principal: Principal, before: CalendarRecord, after: CalendarRecord): Promise<Recounted> {
  const ids = await openOn(deps, after.id);
  const now = deps.clock?.().getTime() ?? Date.now();
  const out: Recounted = { moved: 0, unchanged: 0, notReached: [] };
  const versions = new Map<number, CalendarRecord | undefined>([[before.version, before]]);
  const pinned = async (version: number) => {
    if (!versions.has(version)) versions.set(version, await findCalendarVersion(deps.db, after.id, version));
    return versions.get(version) ?? before;
  };
  const one = async (id: string) => {
    const c = await findCommitment(deps.db, id);
    const version = c?.business?.calendar?.version;
    if (!c || c.status !== 'open' || version === undefined || version >= after.version) return;
    const { dueAt, business } = recountOne(c, await pinned(version), after, now);
    if (!business) return;
    const updateId = createHash('sha256').update(`calendarChanged\n${id}\n${after.id}\n${after.version}`).digest('hex');
    try {
      await withDeadline(deps.client, deps.temporalDeadlineMs, () =>
        deps.client.workflow
          .getHandle(commitmentWorkflowId(id))
          .executeUpdate(calendarChangedUpdate, { args: [{ actor: actorOf(principal), dueAt, business }], updateId }),
      );
      if (dueAt === c.dueAt) out.unchanged += 1;
      else out.moved += 1;
    } catch (err) {
      // Closed or lapsed meanwhile, or already counted on this version: nothing to move.
      if (err instanceof WorkflowUpdateFailedError || err instanceof WorkflowNotFoundError) return;
      // Temporal too slow or away: it keeps its deadline, and a later save counts it again.
      out.notReached.push(id);
    }
  };
  for (let i = 0; i < ids.length; i += AT_ONCE) await Promise.all(ids.slice(i, i + AT_ONCE).map(one));
  return out;
}
