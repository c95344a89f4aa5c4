/**
 * The cap on messages to a customer per commitment per hour (CUSTOMER_MESSAGES_PER_HOUR). An agent
 * who pauses and resumes in a loop, or a client that retries progress updates, must not flood a
 * customer's phone. Staff alerts are never capped: the chain's own bounds (levels, windows,
 * repeats) already limit them, and a dropped alert is the failure this product exists to prevent.
 *
 * A capped message is recorded in the ledger as `failed`, with its reason and no attempt, so the
 * timeline and the console say honestly that it was not sent and why.
 */
import type { Pool } from 'pg';
import type { NotificationDraft } from './notifications';
import { withTransaction } from './transaction';

/** How a capped message's reason starts, in the ledger and the timeline. */
export const CAPPED = 'Not sent:';

/** The same message on its other channel (a text and its email) is one message, counted once. */
const SENT_THIS_HOUR = `
  SELECT count(DISTINCT (purpose, occurrence))::int AS sent,
         bool_or(purpose = $2 AND occurrence = $3) AS this_message
  FROM notifications
  WHERE commitment_id = $1 AND recipient_role = 'customer' AND created_at > now() - interval '1 hour'
    AND NOT (status = 'failed' AND attempts = 0)`;

/**
 * Records a new customer message's row, or, past the cap, its refusal. Returns the reason when it
 * is capped. A row that exists already (a retried attempt) was counted when it was first recorded.
 * Messages of one commitment are counted one at a time (an advisory lock on its id), so two
 * messages finishing together cannot both take the last place.
 */
export async function recordWithinCap(db: Pool, n: NotificationDraft, perHour: number): Promise<string | undefined> {
  return withTransaction(db, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 12))', [n.commitmentId]);
    const existing = await client.query('SELECT 1 FROM notifications WHERE key = $1', [n.key]);
    let reason: string | undefined;
    if (existing.rowCount === 0) {
      const { rows } = await client.query<{ sent: number; this_message: boolean | null }>(SENT_THIS_HOUR, [n.commitmentId, n.purpose, n.occurrence]);
      const { sent = 0, this_message: counted = false } = rows[0] ?? {};
      if (!counted && sent >= perHour) {
        reason = `${CAPPED} the customer already had ${sent} messages about this commitment in the last hour, the most allowed (CUSTOMER_MESSAGES_PER_HOUR).`;
      }
      await client.query(
        `INSERT INTO notifications (key, commitment_id, purpose, occurrence, channel, recipient_role, recipient_id, recipient, subject, body, status, error)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [n.key, n.commitmentId, n.purpose, n.occurrence, n.channel, n.recipientRole, n.recipientId, n.recipient, n.subject, n.body, reason ? 'failed' : 'pending', reason ?? null],
      );
    }
    return reason;
  });
}
