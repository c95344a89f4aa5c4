/**
 * Who an escalation level means at the moment it is reached: the named person, the team's
 * supervisor or the person on call in a rotation, looked up in the directory then (as PagerDuty
 * does), not at creation. The one resolver of level targets: the target pinned in the commitment
 * (src/shared/policy.ts) is read as the directory's (./model.ts), the rows are loaded from the
 * store, the pure rule decides (./level-target.ts), and the `resolveEscalationLevel` activity
 * answers the workflow with a contact and a sentence for the timeline; or, for a business-hours-only
 * level while the team's calendar is closed, that the level is closed now (docs/business-hours.md#after-hours).
 */
import { ApplicationFailure } from '@temporalio/activity';
import type { Pool } from 'pg';
import { untilCancelled } from '../activities/postgres-wait';
import { addBusinessTime, isOpenAt } from '../calendars/business-time';
import { teamCalendar } from '../calendars/store';
import type { PinnedLevelTarget, StaffContact } from '../shared/model';
import { resolveLevelTarget, type LevelResolution } from './level-target';
import type { DirectoryLevelTarget } from './model';
import { findRotation, listOverrides } from './store/rotations';
import type { Queryable } from './store/sql';
import { findStaffByIds } from './store/staff';
import { findTeam } from './store/teams';

export interface LevelQuery {
  commitmentId: string;
  teamId: string | undefined;
  target: PinnedLevelTarget;
  /** The team's supervisor pinned at creation: the answer when the directory has none. */
  supervisor: StaffContact;
  at: string;
  /** The level is alerted only while the team's calendar is open at `at`. Sent only when true. */
  businessHoursOnly?: boolean;
  /** The level's window counts open time: the answer says when it ends (`ackBy`). Sent only then. */
  ackClock?: 'business';
  ackWithinMs?: number;
}

/** Whom to alert for the level. */
export interface LevelReached {
  contact: StaffContact;
  /** A sentence for the timeline: "On call for Billing: Sam Okafor (rotation handed over at 09:00)." */
  resolution?: string;
  /** The end of a window counted in business time on the team's calendar (absent: the team has none, so wall time). */
  ackBy?: string;
}

/** A business-hours-only level whose team's calendar is closed at the instant asked about: nobody is alerted. */
export interface LevelClosed {
  closed: { calendar: string };
}

/** The activity's answer: tell the two apart with `'closed' in answer`. */
export type LevelContact = LevelReached | LevelClosed;

export type LevelResolver = (q: LevelQuery) => Promise<LevelContact>;

/**
 * Loads the rows the pure resolver needs and asks it. Undefined when the team itself is gone
 * (teams are never deleted, so only a wrong id).
 */
export async function resolveLevelFromDirectory(db: Queryable, teamId: string, target: DirectoryLevelTarget, at: Date): Promise<LevelResolution | undefined> {
  const team = await findTeam(db, teamId);
  if (!team) return undefined;
  const rotation = target.kind === 'rotation' ? await findRotation(db, target.rotationId) : undefined;
  const overrides = rotation ? await listOverrides(db, rotation.id, new Date(at.getTime() - 1)) : [];
  // Everyone the resolver could ask about: the named person, the supervisor, the rotation's people.
  const named = target.kind === 'staff' ? target.staffId : undefined;
  const ids = [team.supervisorId, named, ...(rotation?.members ?? []), ...overrides.map((o) => o.staffId)];
  const people = await findStaffByIds(
    db,
    ids.filter((id): id is string => typeof id === 'string'),
  );
  return resolveLevelTarget(team, target, at, {
    staff: (id) => people.find((p) => p.id === id),
    rotation: (id) => (rotation && rotation.id === id ? { rotation, overrides } : undefined),
  });
}

/** The commitment's pinned target in the directory's words. */
function directoryTarget(t: PinnedLevelTarget): DirectoryLevelTarget {
  if (t.kind === 'staff') return { kind: 'staff', staffId: t.staff.id };
  if (t.kind === 'rotation') return { kind: 'rotation', rotationId: t.rotationId };
  return { kind: 'supervisor' };
}

/**
 * For a business-hours-only level: the team's calendar when it is closed at `at`. A team without
 * a calendar is open all the time, so its levels are never passed over.
 */
export async function closedCalendar(db: Queryable, teamId: string, at: Date): Promise<LevelClosed | undefined> {
  const calendar = await teamCalendar(db, teamId);
  if (!calendar || isOpenAt(calendar, at.getTime())) return undefined;
  return { closed: { calendar: calendar.name } };
}

/** The end of a business-time acknowledge window from `at`, on the team's calendar; none without one. */
async function ackByOf(db: Queryable, q: LevelQuery): Promise<{ ackBy?: string }> {
  if (q.ackClock !== 'business' || !q.teamId || q.ackWithinMs === undefined) return {};
  const calendar = await teamCalendar(db, q.teamId);
  if (!calendar) return {};
  return { ackBy: new Date(addBusinessTime(calendar, Date.parse(q.at), q.ackWithinMs, calendar.name)).toISOString() };
}

/** The worker's default resolver: the staff tables in `db`. */
export function directoryLevelResolver(db: Pool): LevelResolver {
  const resolve = directoryContact(db);
  return async (q: LevelQuery): Promise<LevelContact> => {
    const answer = await resolve(q);
    return 'closed' in answer ? answer : { ...answer, ...(await ackByOf(db, q)) };
  };
}

function directoryContact(db: Pool): LevelResolver {
  return async (q: LevelQuery): Promise<LevelContact> => {
    // A calendar that cannot be read (Postgres down, a query that hangs) fails the activity, and the
    // workflow alerts the pinned supervisor rather than guess the team closed (src/workflows/phases.ts says why).
    if (q.businessHoursOnly && q.teamId) {
      const closed = await closedCalendar(db, q.teamId, new Date(q.at));
      if (closed) return closed;
    }
    // Open: a named person is the contact pinned at creation, as when no calendar is asked.
    if (q.target.kind === 'staff') return { contact: q.target.staff };
    if (!q.teamId) {
      if (q.target.kind === 'supervisor') return { contact: q.supervisor };
      throw ApplicationFailure.create({ nonRetryable: true, message: 'This commitment has no team to look a rotation up in.' });
    }
    const found = await resolveLevelFromDirectory(db, q.teamId, directoryTarget(q.target), new Date(q.at));
    if (!found?.staff) {
      throw ApplicationFailure.create({ nonRetryable: true, message: found?.detail ?? `Team ${q.teamId} is not in the directory.` });
    }
    const { id, name, phone, email } = found.staff;
    return { contact: { id, name, ...(phone ? { phone } : {}), ...(email ? { email } : {}) }, resolution: found.detail };
  };
}

/** The `resolveEscalationLevel` activity (its name is in recorded histories: keep it). */
export function createLevelResolver(resolve: LevelResolver | undefined) {
  return async function resolveEscalationLevel(q: LevelQuery): Promise<LevelContact> {
    // A named person needs the directory only to know whether their team is open now, or its hours.
    if (q.target.kind === 'staff' && !q.businessHoursOnly && q.ackClock !== 'business') return { contact: q.target.staff };
    // A local activity: its timeout must end the wait, not the query's own (src/activities/postgres-wait.ts).
    if (resolve) return untilCancelled(resolve(q));
    // Without a directory, no calendar says whether a business-hours-only level is open: the
    // workflow's fallback (the pinned supervisor) takes over, as when the directory is down.
    if (q.businessHoursOnly)
      throw ApplicationFailure.create({ nonRetryable: true, message: 'No directory is configured to tell whether the team is open now.' });
    if (q.target.kind === 'rotation') {
      throw ApplicationFailure.create({ nonRetryable: true, message: `No directory is configured to tell who is on call in ${q.target.name}.` });
    }
    return { contact: q.supervisor };
  };
}
