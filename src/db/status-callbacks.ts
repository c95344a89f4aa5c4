/**
 * Twilio's status callbacks on the notifications ledger (./notifications.ts): they move an accepted
 * text on to sent, delivered or undelivered, never back, and tell which workflow must hear of a failure.
 */
import type { Pool } from 'pg';
import type { NotificationStatus } from './notifications';

/** Twilio's callback statuses, by how far along they are; a late callback never moves a row back. */
const CALLBACK_RANK: Record<string, number> = { accepted: 1, queued: 1, sending: 1, sent: 2, delivered: 3, undelivered: 3, failed: 3 };

export interface CallbackEffect {
  workflowId: string;
  purpose: string;
  occurrence: string;
  recipientRole: string;
  recipientId: string | null;
  /** The text had been accepted and is now known not to have arrived. */
  failed: boolean;
}

/**
 * Applies a status callback to the text with this SID. Returns what the workflow must hear (for a
 * failure), or undefined when the SID is unknown, the status is not newer, or nothing follows.
 */
export async function recordStatusCallback(db: Pool, sid: string, twilioStatus: string, error?: string): Promise<CallbackEffect | null | undefined> {
  const rank = CALLBACK_RANK[twilioStatus];
  if (rank === undefined) return undefined;
  const status: NotificationStatus =
    twilioStatus === 'failed'
      ? 'failed'
      : twilioStatus === 'undelivered'
        ? 'undelivered'
        : twilioStatus === 'delivered'
          ? 'delivered'
          : twilioStatus === 'sent'
            ? 'sent'
            : 'accepted';
  const known = await db.query('SELECT 1 FROM notifications WHERE provider_id = $1', [sid]);
  if (known.rowCount === 0) return null;
  const { rows } = await db.query<{ workflow_id: string; purpose: string; occurrence: string; recipient_role: string; recipient_id: string | null }>(
    `UPDATE notifications n SET status = $2, error = COALESCE($3, n.error), updated_at = now(),
       delivered_at = CASE WHEN $2 = 'delivered' THEN now() ELSE n.delivered_at END
     FROM commitments c
     WHERE n.provider_id = $1 AND n.channel = 'sms' AND c.id = n.commitment_id
       AND (CASE n.status WHEN 'accepted' THEN 1 WHEN 'sent' THEN 2 WHEN 'delivered' THEN 3 WHEN 'undelivered' THEN 3 WHEN 'failed' THEN 3 ELSE 0 END) < $4
     RETURNING c.workflow_id, n.purpose, n.occurrence, n.recipient_role, n.recipient_id`,
    [sid, status, error ?? null, rank],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    workflowId: row.workflow_id,
    purpose: row.purpose,
    occurrence: row.occurrence,
    recipientRole: row.recipient_role,
    recipientId: row.recipient_id,
    failed: status === 'failed' || status === 'undelivered',
  };
}
