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

/** How a capped message's reason starts, in the ledger and the timeline. */
export const CAPPED = 'Not sent:';

/**
 * Records a new customer message's row, or, past the cap, its refusal. Returns the reason when it
 * is capped. A row that exists already (a retried attempt) was counted when it was first recorded.
 * Messages of one commitment are counted one at a time (an advisory lock on its id), so two
 * messages finishing together cannot both take the last place; a text and its email are one
 * message. One call of a function (migrations/1765000000000_message-cap-function.sql): the lock,
 * the count and the row in one round trip.
 */
export async function recordWithinCap(db: Pool, n: NotificationDraft, perHour: number): Promise<string | undefined> {
  const { rows } = await db.query<{ reason: string | null }>(
    'SELECT record_customer_message_within_cap($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) AS reason',
    [n.key, n.commitmentId, n.purpose, n.occurrence, n.channel, n.recipientRole, n.recipientId, n.recipient, n.subject, n.body, perHour, CAPPED],
  );
  return rows[0]?.reason ?? undefined;
}
