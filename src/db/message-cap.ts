/**
 * The bounds on messages to customers (docs/security.md, "Bounds on messages per recipient and per
 * key"): per commitment an hour (CUSTOMER_MESSAGES_PER_HOUR: an agent who pauses and resumes in a
 * loop, or a client that retries progress updates, must not flood a phone), per address (one
 * number for texts, one email address for emails) across every commitment over a rolling hour and
 * day, and per creating key (or console session) over a rolling hour and day: 40 creates for one
 * typed-in number must not become 40 texts to it. Staff alerts are never bounded: the chain's own
 * bounds (levels, windows, repeats) limit them, and a dropped alert is the failure this product
 * exists to prevent.
 *
 * A refused message is recorded in the ledger as `failed`, with its reason and no attempt, so the
 * timeline and the console say honestly that it was not sent and why. The counting is SQL
 * (migrations/1765200000000_message-bounds.sql), under advisory locks per commitment, per address
 * and per key, so two messages finishing together cannot both take the last place.
 */
import type { Pool } from 'pg';
import type { NotificationDraft } from './notifications';

/** How a refused message's reason starts, in the ledger and the timeline. */
export const CAPPED = 'Not sent:';

/** The bounds, each a count of messages; an unset one is not applied. */
export interface MessageBounds {
  /** CUSTOMER_MESSAGES_PER_HOUR: about one commitment (a text and its email are one). */
  perCommitmentPerHour?: number;
  /** CUSTOMER_MESSAGES_PER_RECIPIENT_PER_HOUR / _PER_DAY: to one number (texts) or one email address (emails). */
  perRecipientPerHour?: number;
  perRecipientPerDay?: number;
  /** CUSTOMER_MESSAGES_PER_KEY_PER_HOUR / _PER_DAY: caused by commitments created with one key or console session. */
  perKeyPerHour?: number;
  perKeyPerDay?: number;
}

/** Which bound a reason names: the setting in it (`boundOf`), for the create's warning code. */
export const BOUND_SETTINGS = {
  recipient_hour: 'CUSTOMER_MESSAGES_PER_RECIPIENT_PER_HOUR',
  recipient_day: 'CUSTOMER_MESSAGES_PER_RECIPIENT_PER_DAY',
  key_hour: 'CUSTOMER_MESSAGES_PER_KEY_PER_HOUR',
  key_day: 'CUSTOMER_MESSAGES_PER_KEY_PER_DAY',
  commitment_hour: 'CUSTOMER_MESSAGES_PER_HOUR',
} as const;
export type BoundName = keyof typeof BOUND_SETTINGS;
export const BOUND_NAMES = Object.keys(BOUND_SETTINGS) as BoundName[];

export function boundOf(reason: string): BoundName {
  return BOUND_NAMES.find((b) => reason.includes(`(${BOUND_SETTINGS[b]})`)) ?? 'commitment_hour';
}

const limits = (b: MessageBounds) =>
  [b.perCommitmentPerHour, b.perRecipientPerHour, b.perRecipientPerDay, b.perKeyPerHour, b.perKeyPerDay].map((n) => n ?? null);

/**
 * Records a new customer message's row, or, past a bound, its refusal. Returns the reason when it
 * is refused. A row that exists already (a retried attempt) was counted when it was first recorded;
 * a message whose place its create reserved takes that decision. One call of a SQL function: the
 * locks, the counts and the row in one round trip.
 */
export async function recordWithinBounds(db: Pool, n: NotificationDraft, creatorKey: string | undefined, bounds: MessageBounds): Promise<string | undefined> {
  const message = [n.key, n.commitmentId, n.purpose, n.occurrence, n.channel, n.recipientRole, n.recipientId, n.recipient, n.subject];
  const { rows } = await db.query<{ reason: string | null }>(
    `SELECT record_customer_message_within_bounds($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11,
       $12, $13, $14, $15, $16, $17) AS reason`,
    [...message, n.body, creatorKey ?? null, ...limits(bounds), CAPPED],
  );
  return rows[0]?.reason ?? undefined;
}

export interface Reservation {
  key: string;
  commitmentId: string;
  purpose: string;
  occurrence: string;
  channel: 'sms' | 'email';
  recipient: string;
  creatorKey: string;
}

/**
 * Takes a message's place before its workflow has sent it (a create's recap): the same locks and
 * counts as `recordWithinBounds`, and the decision that the message takes when it is recorded.
 * Returns the reason it will be refused. Asked again for the same key, answers the same.
 */
export async function reserveWithinBounds(db: Pool, r: Reservation, bounds: MessageBounds): Promise<string | undefined> {
  const { rows } = await db.query<{ reason: string | null }>(
    `SELECT reserve_customer_message($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) AS reason`,
    [r.key, r.commitmentId, r.purpose, r.occurrence, r.channel, r.recipient, r.creatorKey, ...limits(bounds), CAPPED],
  );
  return rows[0]?.reason ?? undefined;
}

/** Gives reserved places back: the create that took them did not start its workflow. */
export async function releaseReservations(db: Pool, keys: string[]): Promise<void> {
  await db.query('DELETE FROM customer_message_reservations WHERE key = ANY($1::text[])', [keys]);
}
