/**
 * The read model: `commitments` holds each commitment's current state, `commitment_events` its
 * append-only history. Both are written by the workflow's recordCommitment activity (and by
 * reconcile, with the same writer); a message's own "sent" entry by the deliver activity that sent it.
 */
import type { Pool } from 'pg';
import type { CommitmentState, CommitmentView, TimelineEvent } from '../shared/contract';
import { columnsOf, rowToState, WRITE_ONCE, type CommitmentRow } from './commitment-row';
import { storable } from './storable';
import { eventsOf } from '../events/catalogue';
import { EVENTS_CHANNEL } from '../events/channel';

export { rowToState, type CommitmentRow } from './commitment-row';

/**
 * Upserts the state and appends new events, in one statement on the pool. A state older than the
 * stored one (a retried activity, or one that raced a newer write) changes nothing: `version` only
 * moves forward; nor does any write to a row retention has redacted. Characters Postgres refuses
 * (NUL, half a surrogate pair) are made storable first. Events are keyed `<id>:<seq>`, so writing one twice inserts it once.
 *
 * The same statement writes the events out (docs/events.md) that these entries tell of, for the
 * enabled subscriptions that want them, one delivery each, and wakes the delivery pump: an event
 * is owed exactly when its entry is written, never one without the other. With no subscription
 * asking, nothing is written.
 *
 * 👉 One statement, not a transaction on a checked-out client: a statement is atomic by itself,
 *    and a checked-out client whose server goes away emits an 'error' event nobody listens to,
 *    which kills the worker (the fault suite's Postgres outage did). The pool handles that error
 *    for a query it runs, and the activity's retry tries again.
 */
/**
 * The customer's contact details are written once (retention redacts them and no later write may
 * restore them); their language and place follow the workflow, which may change them.
 */
const CUSTOMER_CHOICES =
  "customer = commitments.customer - 'locale' - 'region' - 'regionSource' || " +
  "jsonb_strip_nulls(jsonb_build_object('locale', EXCLUDED.customer->'locale', 'region', EXCLUDED.customer->'region', 'regionSource', EXCLUDED.customer->'regionSource'))";

export async function recordCommitment(db: Pick<Pool, 'query'>, given: CommitmentState, written: TimelineEvent[]): Promise<void> {
  const [state, events] = [storable(given), storable(written)];
  const columns = columnsOf(state);
  const names = columns.map(([name]) => name);
  const updates = [...names.filter((n) => !WRITE_ONCE.has(n)).map((n) => `${n} = EXCLUDED.${n}`), CUSTOMER_CHOICES];
  const id = `$${names.indexOf('id') + 1}::text`;
  const eventsParam = `$${names.length + 1}::jsonb`;
  const outboundParam = `$${names.length + 2}::jsonb`;
  const commitmentParam = `$${names.length + 3}::jsonb`;
  // Every event of one write carries the same commitment: sent once, joined to each in SQL.
  const told = eventsOf(state, events);
  const outbound = told.map(({ data: { commitment: _same, ...data }, ...e }) => ({ ...e, data, commitment_id: e.commitmentId, team_id: e.teamId }));
  // Both inserts of a data-modifying WITH run to completion whether or not the outer query reads them.
  await db.query(
    `WITH upserted AS (
       INSERT INTO commitments (${names.join(', ')}, updated_at)
       VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')}, now())
       ON CONFLICT (id) DO UPDATE SET ${updates.join(', ')}, updated_at = now()
       WHERE commitments.version < EXCLUDED.version AND commitments.redacted_at IS NULL
       RETURNING 1
     ), appended AS (
       INSERT INTO commitment_events (event_id, commitment_id, seq, type, at, detail, actor)
       SELECT ${id} || ':' || e.seq, ${id}, e.seq, e.type, e.at, e.detail, e.actor
       FROM jsonb_to_recordset(${eventsParam}) AS e(seq integer, type text, at timestamptz, detail text, actor jsonb)
       ON CONFLICT (event_id) DO NOTHING
       RETURNING 1
     ), wanted AS (
       SELECT o.* FROM jsonb_to_recordset(${outboundParam})
         AS o(id text, commitment_id text, seq integer, type text, team_id text, time timestamptz, data jsonb)
       WHERE EXISTS (SELECT 1 FROM event_subscriptions s WHERE s.enabled AND o.type = ANY (s.types) AND (s.team_id IS NULL OR s.team_id = o.team_id))
     ), emitted AS (
       INSERT INTO outbound_events (id, commitment_id, seq, type, team_id, time, data)
       SELECT id, commitment_id, seq, type, team_id, time, data || jsonb_build_object('commitment', ${commitmentParam}) FROM wanted
       ON CONFLICT (id) DO NOTHING
       RETURNING id, commitment_id, seq, type, team_id
     ), queued AS (
       INSERT INTO event_deliveries (subscription_id, event_id, queue, seq, team_id)
       SELECT s.id, e.id, e.commitment_id, e.seq, e.team_id FROM emitted e
       JOIN event_subscriptions s ON s.enabled AND e.type = ANY (s.types) AND (s.team_id IS NULL OR s.team_id = e.team_id)
       RETURNING 1
     )
     SELECT (SELECT count(*) FROM upserted) AS upserted, (SELECT count(*) FROM appended) AS appended,
       (SELECT pg_notify('${EVENTS_CHANNEL}', '') FROM (SELECT 1) once WHERE EXISTS (SELECT 1 FROM queued)) IS NULL AS quiet`,
    [...columns.map(([, value]) => value), JSON.stringify(events), JSON.stringify(outbound), JSON.stringify(told[0]?.data.commitment ?? null)],
  );
}

/**
 * One timeline entry written by the deliver activity for the message it sent (its "sent" entry,
 * at the sequence number the workflow reserved for it): nothing else of the commitment changes,
 * and no event goes out for it (the activity writes only entries that are no event, ../events/catalogue.ts).
 * Written twice (a retried attempt), the first stays; answers the time it stands at.
 */
export async function appendSentEntry(db: Pick<Pool, 'query'>, commitmentId: string, given: TimelineEvent): Promise<string> {
  const e = storable(given);
  const { rows } = await db.query<{ at: Date }>(
    `INSERT INTO commitment_events (event_id, commitment_id, seq, type, at, detail, actor)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (event_id) DO UPDATE SET at = commitment_events.at
     RETURNING at`,
    [`${commitmentId}:${e.seq}`, commitmentId, e.seq, e.type, e.at, e.detail, JSON.stringify(e.actor ?? null)],
  );
  return rows[0]!.at.toISOString();
}

/**
 * The state and its timeline in one statement, so one snapshot: two queries run side by side on
 * two connections could see the state after a write and the timeline from before it.
 */
export async function findCommitment(db: Pool, id: string): Promise<CommitmentView | undefined> {
  type Event = { seq: number; type: TimelineEvent['type']; at: string; detail: string; actor: TimelineEvent['actor'] | null };
  const { rows } = await db.query<CommitmentRow & { timeline: Event[] }>(
    `SELECT c.*, COALESCE((
       SELECT json_agg(json_build_object('seq', e.seq, 'type', e.type, 'at', e.at, 'detail', e.detail, 'actor', e.actor) ORDER BY e.seq)
       FROM commitment_events e WHERE e.commitment_id = c.id), '[]'::json) AS timeline
     FROM commitments c WHERE c.id = $1`,
    [id],
  );
  const row = rows[0];
  if (!row) return undefined;
  const timeline = row.timeline.map((e) => ({
    seq: e.seq,
    type: e.type,
    at: new Date(e.at).toISOString(),
    detail: e.detail,
    ...(e.actor ? { actor: e.actor } : {}),
  }));
  return { ...rowToState(row), timeline };
}
