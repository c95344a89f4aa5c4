/**
 * Repeat-contact alerts folded: a supervisor hears once a day that a customer keeps coming back,
 * not once per create (40 creates for one number paged a supervisor 60 times). The first alert
 * about a customer (by phone or email) to a supervisor in a rolling 24 hours goes; later ones are
 * folded into it: recorded in the ledger as `folded`, naming the alert the supervisor already has,
 * and not sent. Decided in Postgres under a lock per customer (claim_repeat_contact_alert in
 * migrations/1765200000000_message-bounds.sql), when the alert is delivered, so concurrent creates
 * cannot both be first. Only this alert folds: an escalation alert is never folded or dropped.
 */
import type { Pool } from 'pg';
import type { NotificationDraft } from './notifications';

/**
 * A day: long enough that a burst of creates, or a customer calling all afternoon, is one page to
 * the supervisor, who then sees each commitment on the board; short enough that the same customer
 * back tomorrow is news again.
 */
export const REPEAT_CONTACT_FOLD_MS = 24 * 3600_000;

export interface EarlierAlert {
  commitmentId: string;
  at: Date;
}

/** The alert this one folds into, or undefined when this one is the first in the window (and now recorded as it). */
export async function claimRepeatContactAlert(
  db: Pool,
  a: { supervisorId: string; customer: { phone?: string | undefined; email?: string | undefined }; commitmentId: string },
): Promise<EarlierAlert | undefined> {
  const { rows } = await db.query<{ earlier_id: string; earlier_at: Date }>(
    'SELECT earlier_id, earlier_at FROM claim_repeat_contact_alert($1, $2::text[], $3, $4)',
    [a.supervisorId, [a.customer.phone ?? null, a.customer.email ?? null], a.commitmentId, REPEAT_CONTACT_FOLD_MS],
  );
  const row = rows[0];
  return row ? { commitmentId: row.earlier_id, at: row.earlier_at } : undefined;
}

/** Records a folded alert's row (no attempt); false when the row existed already (a retried attempt). */
export async function recordFolded(db: Pool, n: NotificationDraft, reason: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO notifications
       (key, commitment_id, purpose, occurrence, channel, recipient_role, recipient_id, recipient, subject, body, status, error)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'folded', $11) ON CONFLICT (key) DO NOTHING`,
    [n.key, n.commitmentId, n.purpose, n.occurrence, n.channel, n.recipientRole, n.recipientId, n.recipient, n.subject, n.body, reason],
  );
  return (rowCount ?? 0) > 0;
}
