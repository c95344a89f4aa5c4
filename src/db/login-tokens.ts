/**
 * One-time sign-in links. The token is random and only its SHA-256 is stored; it works once,
 * within LOGIN_TOKEN_TTL_MS, and only for a person who is still active when it is redeemed.
 * Deactivating the person voids their unused links for good (./directory/access-ends.ts), so a
 * link mailed before cannot be used after they are reactivated.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../people/store/sql';

/** Long enough to switch to the mail app and back, short enough that an old email is useless. */
export const LOGIN_TOKEN_TTL_MS = 15 * 60_000;
/**
 * Live links a person may have at once. Asking again is normal (the first mail was slow); a form
 * submitted in a loop must not flood their inbox, so past this many no new mail is sent.
 */
export const MAX_LIVE_TOKENS = 3;

const digest = (token: string) => createHash('sha256').update(token, 'utf8').digest();

export interface LoginRecipient {
  staffId: string;
  name: string;
  email: string;
}

/** The active person with this email (matched case-insensitively, as the directory stores it unique). */
export async function findSignInRecipient(db: Queryable, email: string): Promise<LoginRecipient | undefined> {
  const { rows } = await db.query<{ id: string; name: string; email: string }>('SELECT id, name, email FROM staff WHERE lower(email) = lower($1) AND active', [
    email,
  ]);
  const row = rows[0];
  return row && { staffId: row.id, name: row.name, email: row.email };
}

/** A link that can still be redeemed: not used, not voided, not expired. */
const LIVE = 'used_at IS NULL AND voided_at IS NULL AND expires_at > now()';

/**
 * A new link token for an active person, or undefined when they already have MAX_LIVE_TOKENS live
 * ones (or are no longer active). `nextPath` is where the link leads after sign-in; it is stored,
 * not carried in the link, so nobody can edit where a link sends its reader. The person is read
 * FOR SHARE, so a deactivation committing now either comes first (no link) or voids this one.
 */
export async function issueLoginToken(db: Queryable, staffId: string, nextPath: string): Promise<string | undefined> {
  const token = randomBytes(32).toString('base64url');
  const { rowCount } = await db.query(
    `INSERT INTO console_login_tokens (token_hash, staff_id, next_path, expires_at)
     SELECT $1, s.id, $3, now() + $4 * interval '1 millisecond'
     FROM staff s
     WHERE s.id = $2 AND s.active AND (SELECT count(*) FROM console_login_tokens WHERE staff_id = $2 AND ${LIVE}) < $5
     FOR SHARE OF s`,
    [digest(token), staffId, nextPath, LOGIN_TOKEN_TTL_MS, MAX_LIVE_TOKENS],
  );
  return rowCount ? token : undefined;
}

/**
 * Redeems a token: marks it used in the same statement that checks it, so two clicks racing each
 * other cannot both sign in. Undefined when it is unknown, used, voided, expired or its person
 * inactive.
 */
export async function redeemLoginToken(db: Queryable, token: string): Promise<{ staffId: string; nextPath: string } | undefined> {
  const { rows } = await db.query<{ staff_id: string; next_path: string }>(
    `UPDATE console_login_tokens t SET used_at = now()
     FROM staff s
     WHERE t.token_hash = $1 AND t.used_at IS NULL AND t.voided_at IS NULL AND t.expires_at > now() AND s.id = t.staff_id AND s.active
     RETURNING t.staff_id, t.next_path`,
    [digest(token)],
  );
  const row = rows[0];
  return row && { staffId: row.staff_id, nextPath: row.next_path };
}
