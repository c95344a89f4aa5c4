/**
 * Writes to a commitment after its workflow has completed: a customer's text that came after it
 * closed, a call log corrected once the root cause was known. Only then may anything but the
 * workflow write its row and timeline: while the workflow runs, the next sequence number is its
 * own, and an entry taking it would fail the workflow's next write.
 *
 * Each write carries a marker (the text's MessageSid, the request's update id) kept in the event's
 * `data`; a retry finds it and changes nothing.
 */
import type { Pool, PoolClient } from 'pg';
import { CLOSED_STATUSES, type Actor, type CallLog, type TimelineEventType } from '../shared/contract';
import { withTransaction } from './transaction';

export interface LateEntry {
  type: TimelineEventType;
  detail: string;
  actor: Actor;
  at: string;
}

/** written: now in the timeline; already: an earlier attempt wrote it; not-closed / missing: nothing written. */
export type LateWrite = 'written' | 'already' | 'not-closed' | 'missing';

/** True once an entry with this marker is in the commitment's timeline. */
export async function hasLateEntry(db: Pool | PoolClient, commitmentId: string, marker: string): Promise<boolean> {
  const seen = await db.query("SELECT 1 FROM commitment_events WHERE commitment_id = $1 AND data->>'marker' = $2", [commitmentId, marker]);
  return (seen.rowCount ?? 0) > 0;
}

export async function appendAfterClose(db: Pool, commitmentId: string, marker: string, entry: LateEntry, change: { log?: CallLog } = {}): Promise<LateWrite> {
  return withTransaction(db, async (client) => {
    // The row lock puts two late writes to one commitment in turn, so each takes its own number.
    const { rows } = await client.query<{ status: string }>('SELECT status FROM commitments WHERE id = $1 FOR UPDATE', [commitmentId]);
    const status = rows[0]?.status;
    let outcome: LateWrite = status === undefined ? 'missing' : CLOSED_STATUSES.includes(status as never) ? 'written' : 'not-closed';
    if (outcome === 'written' && (await hasLateEntry(client, commitmentId, marker))) outcome = 'already';
    if (outcome === 'written') {
      await client.query(
        `INSERT INTO commitment_events (event_id, commitment_id, seq, type, at, detail, actor, data)
         SELECT $1 || ':' || n, $1, n, $2, $3, $4, $5, jsonb_build_object('marker', $6::text)
         FROM (SELECT coalesce(max(seq) + 1, 0) AS n FROM commitment_events WHERE commitment_id = $1) next`,
        [commitmentId, entry.type, entry.at, entry.detail, JSON.stringify(entry.actor), marker],
      );
      if (change.log)
        await client.query('UPDATE commitments SET log = $2, version = version + 1, updated_at = now() WHERE id = $1', [commitmentId, change.log]);
    }
    return outcome;
  });
}
