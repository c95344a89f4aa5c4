/**
 * The notifications ledger: one row per message and channel, keyed so every attempt of a retried
 * activity finds the row of the first. The row is claimed before the provider is called and settled
 * after, so an attempt that finds the row still `sending` (its predecessor died mid-call) or
 * `ambiguous` (its predecessor lost the provider's answer) knows it must find out what happened
 * before sending again. Twilio's status callbacks, which move accepted texts on to delivered or
 * undelivered, are ./status-callbacks.ts.
 */
import type { Pool } from 'pg';
import type { LedgerEntry, NotificationDraft } from '../shared/messages';

export type { NotificationDraft };

/** `folded`: a repeat-contact alert not sent because the supervisor already had one about the customer (./repeat-contact.ts). */
export const NOTIFICATION_STATUSES = [
  'pending',
  'sending',
  'retrying',
  'ambiguous',
  'accepted',
  'sent',
  'delivered',
  'failed',
  'undelivered',
  'unresolved',
  'outbox',
  'folded',
] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/** Statuses in which an earlier attempt may have reached the provider. */
const MAYBE_SENT: readonly NotificationStatus[] = ['sending', 'ambiguous', 'unresolved'];
/** Statuses a new attempt may claim: nothing is known to have gone out. */
const CLAIMABLE: readonly NotificationStatus[] = ['pending', 'retrying', ...MAYBE_SENT];

export type Claim =
  | { kind: 'send'; recipient: string; subject: string | null; body: string; firstAttemptAt: Date; maybeSent: boolean }
  | { kind: 'done'; status: NotificationStatus; providerId: string | null; error: string | null };

/**
 * Records the intended message (first attempt) and claims it for this attempt. The stored body is
 * what is sent on every attempt, so a retry sends the same words (and can recognise them at Twilio).
 */
export async function claimNotification(db: Pool, n: NotificationDraft): Promise<Claim> {
  // A message seen for the first time is claimed in one statement: most are.
  const fresh = await db.query<{ created_at: Date }>(
    `INSERT INTO notifications (key, commitment_id, purpose, occurrence, channel, recipient_role, recipient_id, recipient, subject, body, status, attempts, attempt_started_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'sending', 1, now()) ON CONFLICT (key) DO NOTHING
     RETURNING created_at`,
    [n.key, n.commitmentId, n.purpose, n.occurrence, n.channel, n.recipientRole, n.recipientId, n.recipient, n.subject, n.body],
  );
  if (fresh.rows[0])
    return { kind: 'send', recipient: n.recipient, subject: n.subject, body: n.body, firstAttemptAt: fresh.rows[0].created_at, maybeSent: false };
  const { rows } = await db.query<{ previous: NotificationStatus; recipient: string; subject: string | null; body: string; created_at: Date }>(
    `UPDATE notifications n SET status = 'sending', attempts = n.attempts + 1, attempt_started_at = now(), updated_at = now()
     FROM (SELECT key, status FROM notifications WHERE key = $1 FOR UPDATE) p
     WHERE n.key = p.key AND p.status = ANY($2::text[])
     RETURNING p.status AS previous, n.recipient, n.subject, n.body, n.created_at`,
    [n.key, CLAIMABLE],
  );
  const row = rows[0];
  if (row)
    return {
      kind: 'send',
      recipient: row.recipient,
      subject: row.subject,
      body: row.body,
      firstAttemptAt: row.created_at,
      maybeSent: MAYBE_SENT.includes(row.previous),
    };
  const current = await db.query<{ status: NotificationStatus; provider_id: string | null; error: string | null }>(
    'SELECT status, provider_id, error FROM notifications WHERE key = $1',
    [n.key],
  );
  const done = current.rows[0];
  if (!done) throw new Error(`notification ${n.key} vanished while being claimed`);
  return { kind: 'done', status: done.status, providerId: done.provider_id, error: done.error };
}

export interface Settlement {
  status: Extract<NotificationStatus, 'accepted' | 'outbox' | 'failed' | 'retrying' | 'ambiguous'>;
  providerId?: string;
  error?: string;
  /** This attempt sent it again after an attempt whose outcome was lost: a possible duplicate. */
  resent?: boolean;
}

export async function settleNotification(db: Pool, key: string, s: Settlement): Promise<void> {
  await db.query(
    `UPDATE notifications SET status = $2, provider_id = COALESCE($3, provider_id), error = $4,
       resends = resends + CASE WHEN $5 THEN 1 ELSE 0 END, updated_at = now()
     WHERE key = $1`,
    [key, s.status, s.providerId ?? null, s.error ?? null, s.resent === true],
  );
}

/** SIDs already recorded for texts to this number: an ambiguous send must not claim one of them. */
export async function knownProviderIds(db: Pool, recipient: string): Promise<Set<string>> {
  const { rows } = await db.query<{ provider_id: string }>(
    `SELECT provider_id FROM notifications WHERE recipient = $1 AND channel = 'sms' AND provider_id IS NOT NULL`,
    [recipient],
  );
  return new Set(rows.map((r) => r.provider_id));
}

/** The workflow gave up on these messages without learning their fate. */
export async function markUnresolved(db: Pool, keys: readonly string[]): Promise<void> {
  await db.query(`UPDATE notifications SET status = 'unresolved', updated_at = now() WHERE key = ANY($1::text[]) AND status = ANY($2::text[])`, [
    keys,
    CLAIMABLE,
  ]);
}

/**
 * Writes the rows of staff alerts that went out while Postgres was out of reach, once it is back
 * (the workflow hands them over). Idempotent by key, and never moves a row backwards: a row that
 * an attempt or a status callback already took past the claimable states keeps what it says.
 */
export async function recordLate(db: Pool, entries: readonly LedgerEntry[]): Promise<void> {
  for (const e of entries) {
    await db.query(
      `INSERT INTO notifications (key, commitment_id, purpose, occurrence, channel, recipient_role, recipient_id, recipient, subject, body,
         status, provider_id, error, attempts, resends, attempt_started_at, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, NULL, $16, now())
       ON CONFLICT (key) DO UPDATE SET status = EXCLUDED.status, provider_id = COALESCE(EXCLUDED.provider_id, notifications.provider_id),
         error = EXCLUDED.error, attempts = GREATEST(notifications.attempts, EXCLUDED.attempts),
         resends = notifications.resends + EXCLUDED.resends, updated_at = now()
       WHERE notifications.status = ANY($17::text[])`,
      [
        e.key,
        e.commitmentId,
        e.purpose,
        e.occurrence,
        e.channel,
        e.recipientRole,
        e.recipientId,
        e.recipient,
        e.subject,
        e.body,
        e.status,
        e.providerId ?? null,
        e.error ?? null,
        e.attempts,
        e.resent ? 1 : 0,
        e.firstAttemptAt,
        CLAIMABLE,
      ],
    );
  }
}

/** A number we have never texted gets the opt-out line (A2P 10DLC). */
export async function isFirstText(db: Pool, phone: string): Promise<boolean> {
  const { rowCount } = await db.query('SELECT 1 FROM sms_contacts WHERE phone = $1', [phone]);
  return (rowCount ?? 0) === 0;
}

export async function rememberTexted(db: Pool, phone: string): Promise<void> {
  await db.query('INSERT INTO sms_contacts (phone) VALUES ($1) ON CONFLICT DO NOTHING', [phone]);
}
