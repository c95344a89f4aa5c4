/**
 * Inbound texts, kept before they are acted on (Twilio does not retry a webhook we answer 5xx).
 * One row per MessageSid: a repeated delivery finds the row and its stored reply.
 */
import type { Pool } from 'pg';

export interface InboundText {
  sid: string;
  from: string;
  to?: string | undefined;
  body: string;
}

export type InboundClaim =
  /** Act on it: this request stored it, or an earlier one stopped before finishing. */
  | { kind: 'process' }
  /** Already answered: send the same reply again, do nothing else. */
  | { kind: 'answered'; reply: string | null }
  /** Another request is acting on it right now. */
  | { kind: 'in-progress' };

/** A claim older than this belongs to a request that died; a repeat may take it over. */
const CLAIM_EXPIRES = '1 minute';

export async function storeInbound(db: Pool, t: InboundText): Promise<InboundClaim> {
  await db.query(`INSERT INTO inbound_messages (message_sid, from_number, to_number, body) VALUES ($1, $2, $3, $4) ON CONFLICT (message_sid) DO NOTHING`, [
    t.sid,
    t.from,
    t.to ?? null,
    t.body,
  ]);
  const claimed = await db.query(
    `UPDATE inbound_messages SET claimed_at = now()
     WHERE message_sid = $1 AND processed_at IS NULL AND (claimed_at IS NULL OR claimed_at < now() - $2::interval)`,
    [t.sid, CLAIM_EXPIRES],
  );
  if ((claimed.rowCount ?? 0) > 0) return { kind: 'process' };
  const { rows } = await db.query<{ processed_at: Date | null; reply: string | null }>(
    'SELECT processed_at, reply FROM inbound_messages WHERE message_sid = $1',
    [t.sid],
  );
  const row = rows[0];
  return row?.processed_at ? { kind: 'answered', reply: row.reply } : { kind: 'in-progress' };
}

export async function markInboundProcessed(db: Pool, sid: string, reply: string | undefined): Promise<void> {
  await db.query('UPDATE inbound_messages SET processed_at = now(), reply = $2 WHERE message_sid = $1', [sid, reply ?? null]);
}

/** Lets a repeat act on a text whose processing failed, instead of waiting out the claim. */
export async function releaseInbound(db: Pool, sid: string): Promise<void> {
  await db.query('UPDATE inbound_messages SET claimed_at = NULL WHERE message_sid = $1 AND processed_at IS NULL', [sid]);
}
