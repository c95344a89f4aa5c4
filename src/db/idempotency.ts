/**
 * Idempotency keys of creates, held in Postgres so they outlive Temporal's namespace retention.
 * A request claims (caller key id, Idempotency-Key) before any workflow starts; every retry finds
 * the claim, compares the request hash and answers the first request's commitment.
 */
import type { Pool } from 'pg';
import type { CommitmentInput } from '../shared/contract';

export interface IdempotencyClaim {
  commitmentId: string;
  requestHash: string;
  input: CommitmentInput;
  /** The workflow is known to have started: a retry never starts another run. */
  started: boolean;
  /** This request made the claim; false when an earlier (or concurrent) request had. */
  fresh: boolean;
}

interface Row {
  commitment_id: string;
  request_hash: string;
  input: CommitmentInput;
  started_at: Date | null;
}

/**
 * Claims the key for this request, or returns the earlier claim. Concurrent requests with one key
 * serialise on the primary key: exactly one inserts, the others read its row.
 */
export async function claimIdempotencyKey(db: Pool, c: { keyId: string; key: string; requestHash: string; input: CommitmentInput }): Promise<IdempotencyClaim> {
  const inserted = await db.query<Row>(
    `INSERT INTO idempotency_keys (key_id, idempotency_key, request_hash, commitment_id, input)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (key_id, idempotency_key) DO NOTHING
     RETURNING commitment_id, request_hash, input, started_at`,
    [c.keyId, c.key, c.requestHash, c.input.id, JSON.stringify(c.input)],
  );
  const fresh = inserted.rows[0];
  const row =
    fresh ??
    (
      await db.query<Row>('SELECT commitment_id, request_hash, input, started_at FROM idempotency_keys WHERE key_id = $1 AND idempotency_key = $2', [
        c.keyId,
        c.key,
      ])
    ).rows[0];
  if (!row) throw new Error(`idempotency key ${c.key} vanished while being claimed`);
  return { commitmentId: row.commitment_id, requestHash: row.request_hash, input: row.input, started: row.started_at !== null, fresh: fresh !== undefined };
}

export async function markWorkflowStarted(db: Pool, keyId: string, key: string): Promise<void> {
  await db.query('UPDATE idempotency_keys SET started_at = now() WHERE key_id = $1 AND idempotency_key = $2 AND started_at IS NULL', [keyId, key]);
}

/**
 * Gives back a claim this request made and will not start (a create refused after claiming, such
 * as a reference still open elsewhere): the same key may then carry a changed body, say
 * `allowDuplicateRef`, instead of being 422 for good. A started claim is never given back.
 */
export async function releaseIdempotencyKey(db: Pool, keyId: string, key: string, requestHash: string): Promise<void> {
  await db.query('DELETE FROM idempotency_keys WHERE key_id = $1 AND idempotency_key = $2 AND request_hash = $3 AND started_at IS NULL', [
    keyId,
    key,
    requestHash,
  ]);
}
