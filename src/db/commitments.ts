/**
 * The read model: `commitments` holds each commitment's current state, `commitment_events` its
 * append-only history. Both are written only by the workflow's recordCommitment activity (and by
 * reconcile, with the same writer).
 */
import type { Pool, PoolClient } from 'pg';
import type { CommitmentState, CommitmentView, TimelineEvent } from '../shared/contract';
import { columnsOf, rowToState, WRITE_ONCE, type CommitmentRow } from './commitment-row';
import { storable } from './storable';

export { rowToState, type CommitmentRow } from './commitment-row';

/**
 * Upserts the state and appends new events, in one transaction. A state older than the stored one
 * (a retried activity, or one that raced a newer write) changes nothing: `version` only moves
 * forward; nor does any write to a row retention has redacted. Events are keyed `<id>:<seq>`, so writing one twice inserts it once.
 */
export async function recordCommitment(db: Pool, given: CommitmentState, written: TimelineEvent[]): Promise<void> {
  const [state, events] = [storable(given), storable(written)];
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    await upsertState(client, state);
    if (events.length > 0) {
      await client.query(
        `INSERT INTO commitment_events (event_id, commitment_id, seq, type, at, detail, actor)
         SELECT $1 || ':' || e.seq, $1, e.seq, e.type, e.at, e.detail, e.actor
         FROM jsonb_to_recordset($2::jsonb) AS e(seq integer, type text, at timestamptz, detail text, actor jsonb)
         ON CONFLICT (event_id) DO NOTHING`,
        [state.id, JSON.stringify(events)],
      );
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

async function upsertState(client: PoolClient, c: CommitmentState): Promise<void> {
  const columns = columnsOf(c);
  const names = columns.map(([name]) => name);
  const updates = names.filter((n) => !WRITE_ONCE.has(n)).map((n) => `${n} = EXCLUDED.${n}`);
  await client.query(
    `INSERT INTO commitments (${names.join(', ')}, updated_at)
     VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')}, now())
     ON CONFLICT (id) DO UPDATE SET ${updates.join(', ')}, updated_at = now()
     WHERE commitments.version < EXCLUDED.version AND commitments.redacted_at IS NULL`,
    columns.map(([, value]) => value),
  );
}

export async function findCommitment(db: Pool, id: string): Promise<CommitmentView | undefined> {
  const [state, events] = await Promise.all([
    db.query<CommitmentRow>('SELECT * FROM commitments WHERE id = $1', [id]),
    db.query<{ seq: number; type: TimelineEvent['type']; at: Date; detail: string; actor: TimelineEvent['actor'] | null }>(
      'SELECT seq, type, at, detail, actor FROM commitment_events WHERE commitment_id = $1 ORDER BY seq',
      [id],
    ),
  ]);
  const row = state.rows[0];
  if (!row) return undefined;
  const timeline = events.rows.map((e) => ({ seq: e.seq, type: e.type, at: e.at.toISOString(), detail: e.detail, ...(e.actor ? { actor: e.actor } : {}) }));
  return { ...rowToState(row), timeline };
}
