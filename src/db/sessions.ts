/**
 * Console sessions. The cookie carries a random id; only its SHA-256 is stored, so the table opens
 * nothing. A session ends after SESSION_IDLE_MS without use, SESSION_MAX_MS after sign-in, at
 * sign-out, when the API key it was signed in with is revoked, or when its person is deactivated;
 * the last two end it for good, in the transaction that revokes or deactivates
 * (./directory/keys.ts, ./directory/access-ends.ts), so reactivating the person opens nothing.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../people/store/sql';
import { toStaff } from '../people/store/staff';
import type { StaffRecord } from '../people/store/staff';

/** A working day and then some: a supervisor's board stays signed in across a shift. */
export const SESSION_IDLE_MS = 12 * 3600_000;
/** A week: a stolen cookie stops working within this long, whatever its thief does. */
export const SESSION_MAX_MS = 7 * 24 * 3600_000;
/** last_seen_at is written at most this often, so reading the board is not a write every 5 s. */
const TOUCH_EVERY = '1 minute';

export type SignInMethod = 'email' | 'key';

/** How a session was opened: by an emailed link, or with an API key (whose revocation ends it). */
export type SessionOrigin = { method: 'email' } | { method: 'key'; keyId: string };

/** The cookie value (shown nowhere else) and the session's CSRF token. */
export interface OpenedSession {
  id: string;
  csrfToken: string;
}

export interface Session {
  staff: StaffRecord;
  csrfToken: string;
  method: SignInMethod;
  /** The key it was signed in with, for a key session. */
  keyId?: string;
  createdAt: string;
}

const digest = (id: string) => createHash('sha256').update(id, 'utf8').digest();
const random = () => randomBytes(32).toString('base64url');

/**
 * Opens a session for an active person (with an unrevoked key of theirs, for a key session);
 * returns the cookie value, shown nowhere else, or undefined when the person or key no longer
 * qualifies. The rows are read FOR SHARE: a deactivation or revocation committing at this moment
 * either makes this find nothing, or comes after it and ends the session it opened.
 */
export async function openSession(db: Queryable, staffId: string, origin: SessionOrigin): Promise<OpenedSession | undefined> {
  const id = random();
  const csrfToken = random();
  const keyId = origin.method === 'key' ? origin.keyId : null;
  const { rowCount } = await db.query(
    `INSERT INTO console_sessions (id_hash, staff_id, csrf_token, method, key_id, expires_at)
     SELECT $1, s.id, $3, $4, $5, now() + $6 * interval '1 millisecond'
     FROM staff s
     WHERE s.id = $2 AND s.active
       AND ($5::text IS NULL OR EXISTS (SELECT 1 FROM api_keys k WHERE k.id = $5 AND k.staff_id = s.id AND k.revoked_at IS NULL FOR SHARE))
     FOR SHARE OF s`,
    [digest(id), staffId, csrfToken, origin.method, keyId, SESSION_MAX_MS],
  );
  return rowCount ? { id, csrfToken } : undefined;
}

type SessionRow = Parameters<typeof toStaff>[0] & {
  csrf_token: string;
  method: SignInMethod;
  key_id: string | null;
  session_created_at: Date;
  stale: boolean;
};

/**
 * The live session with this cookie value and its person, or undefined: unknown, ended, idle too
 * long, past its absolute expiry, its person deactivated, or its key revoked (revoking ends the
 * session too; this holds even for a session opened while the revocation was committing). A use
 * moves the idle clock on.
 */
export async function findSession(db: Queryable, id: string): Promise<Session | undefined> {
  const { rows } = await db.query<SessionRow>(
    `SELECT s.*, c.csrf_token, c.method, c.key_id, c.created_at AS session_created_at,
            c.last_seen_at < now() - interval '${TOUCH_EVERY}' AS stale
     FROM console_sessions c JOIN staff s ON s.id = c.staff_id LEFT JOIN api_keys k ON k.id = c.key_id
     WHERE c.id_hash = $1 AND c.ended_at IS NULL AND c.expires_at > now()
       AND c.last_seen_at > now() - $2 * interval '1 millisecond' AND s.active
       AND (c.method <> 'key' OR (k.revoked_at IS NULL AND k.staff_id = c.staff_id))`,
    [digest(id), SESSION_IDLE_MS],
  );
  const row = rows[0];
  if (!row) return undefined;
  if (row.stale) await db.query('UPDATE console_sessions SET last_seen_at = now() WHERE id_hash = $1', [digest(id)]);
  const keyId = row.key_id ? { keyId: row.key_id } : {};
  return { staff: toStaff(row), csrfToken: row.csrf_token, method: row.method, ...keyId, createdAt: row.session_created_at.toISOString() };
}

/** Sign-out: the cookie value stops working at once, here and in every other API process. */
export async function endSession(db: Queryable, id: string): Promise<void> {
  await db.query('UPDATE console_sessions SET ended_at = coalesce(ended_at, now()) WHERE id_hash = $1', [digest(id)]);
}
