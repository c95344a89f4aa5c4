/**
 * The notifications table: one row per intended message, keyed so a retried activity finds the
 * row of its earlier attempt. The row is written before the provider is called and again after,
 * because Twilio has no idempotency key: without the "before" row a retry after a timeout would
 * text the customer twice.
 */
import type { Pool } from 'pg';

export type NotificationStatus = 'pending' | 'sending' | 'sent' | 'outbox' | 'failed' | 'uncertain';

export interface NotificationDraft {
  key: string;
  commitmentId: string;
  purpose: string;
  occurrence: string;
  channel: 'sms' | 'email';
  recipientRole: string;
  recipient: string;
  subject: string | null;
  body: string;
}

export type Claim =
  | { claimed: true; recipient: string; subject: string | null; body: string; attempts: number }
  | { claimed: false; status: NotificationStatus; providerId: string | null };

/**
 * Records the intended message (first attempt) and claims it for sending. A message already
 * sent, or one an earlier attempt was in the middle of sending when it died, is not claimed:
 * that earlier attempt may have reached the provider, so it is marked `uncertain` instead.
 */
export async function claimNotification(db: Pool, n: NotificationDraft): Promise<Claim> {
  await db.query(
    `INSERT INTO notifications (key, commitment_id, purpose, occurrence, channel, recipient_role, recipient, subject, body, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'pending') ON CONFLICT (key) DO NOTHING`,
    [n.key, n.commitmentId, n.purpose, n.occurrence, n.channel, n.recipientRole, n.recipient, n.subject, n.body],
  );
  const claimed = await db.query<{ recipient: string; subject: string | null; body: string; attempts: number }>(
    `UPDATE notifications SET status = 'sending', attempts = attempts + 1, updated_at = now()
     WHERE key = $1 AND status IN ('pending', 'failed')
     RETURNING recipient, subject, body, attempts`,
    [n.key],
  );
  const row = claimed.rows[0];
  if (row) return { claimed: true, ...row };
  const interrupted = await db.query<{ status: NotificationStatus; provider_id: string | null }>(
    `UPDATE notifications SET status = CASE WHEN status = 'sending' THEN 'uncertain' ELSE status END, updated_at = now()
     WHERE key = $1 RETURNING status, provider_id`,
    [n.key],
  );
  const current = interrupted.rows[0];
  if (!current) throw new Error(`notification ${n.key} vanished while being claimed`);
  return { claimed: false, status: current.status, providerId: current.provider_id };
}

export async function settleNotification(
  db: Pool,
  key: string,
  outcome: { status: 'sent' | 'outbox' | 'failed' | 'uncertain'; providerId?: string; error?: string },
): Promise<void> {
  await db.query(
    `UPDATE notifications SET status = $2, provider_id = COALESCE($3, provider_id), error = $4, updated_at = now() WHERE key = $1`,
    [key, outcome.status, outcome.providerId ?? null, outcome.error ?? null],
  );
}
