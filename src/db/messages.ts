/**
 * Every message sent for a commitment, as the notifications ledger holds it: one row per message
 * and channel, in the order they were first recorded.
 */
import type { Pool } from 'pg';
import type { NotificationStatus } from './notifications';

export interface SentMessage {
  purpose: string;
  occurrence: string;
  audience: 'customer' | 'owner' | 'staff';
  channel: 'sms' | 'email';
  recipientId: string | null;
  recipient: string;
  subject: string | null;
  body: string;
  status: NotificationStatus;
  fallback: boolean;
  attempts: number;
  resends: number;
  error: string | null;
  createdAt: string;
  updatedAt: string;
  deliveredAt: string | null;
}

/**
 * The ledger does not mark fallbacks; they are read from it. An email is a fallback when the text
 * of the same message (purpose, occurrence, recipient) was refused or undelivered before the email
 * was first recorded. An email sent alongside the text, as customers with both addresses get, was
 * recorded while the text was still on its way, so it does not count.
 */
const FALLBACK = `n.channel = 'email' AND EXISTS (
  SELECT 1 FROM notifications t
  WHERE t.commitment_id = n.commitment_id AND t.channel = 'sms' AND t.purpose = n.purpose AND t.occurrence = n.occurrence
    AND t.recipient_role = n.recipient_role AND t.recipient_id IS NOT DISTINCT FROM n.recipient_id
    AND t.status IN ('failed', 'undelivered') AND t.updated_at <= n.created_at)`;

export async function listMessages(db: Pool, commitmentId: string): Promise<SentMessage[]> {
  const { rows } = await db.query<{
    purpose: string;
    occurrence: string;
    recipient_role: SentMessage['audience'];
    channel: SentMessage['channel'];
    recipient_id: string | null;
    recipient: string;
    subject: string | null;
    body: string;
    status: NotificationStatus;
    fallback: boolean;
    attempts: number;
    resends: number;
    error: string | null;
    created_at: Date;
    updated_at: Date;
    delivered_at: Date | null;
  }>(
    `SELECT n.purpose, n.occurrence, n.recipient_role, n.channel, n.recipient_id, n.recipient, n.subject, n.body, n.status, ${FALLBACK} AS fallback,
        n.attempts, n.resends, n.error, n.created_at, n.updated_at, n.delivered_at
     FROM notifications n WHERE n.commitment_id = $1 ORDER BY n.created_at, n.key`,
    [commitmentId],
  );
  return rows.map((r) => ({
    purpose: r.purpose,
    occurrence: r.occurrence,
    audience: r.recipient_role,
    channel: r.channel,
    recipientId: r.recipient_id,
    recipient: r.recipient,
    subject: r.subject,
    body: r.body,
    status: r.status,
    fallback: r.fallback,
    attempts: r.attempts,
    resends: r.resends,
    error: r.error,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    deliveredAt: r.delivered_at ? r.delivered_at.toISOString() : null,
  }));
}
