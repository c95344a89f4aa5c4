/**
 * Console sessions. The cookie carries a random id; only its SHA-256 is stored, so the table opens
 * nothing. A session ends after SESSION_IDLE_MS without use, SESSION_MAX_MS after sign-in, at
 * sign-out, or as soon as its person is deactivated (the principal is read from the directory on
 * every request, as for keys).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from './directory/sql';
import { toStaff } from './directory/staff';
import type { StaffRecord } from './directory/staff';

/** A working day and then some: a supervisor's board stays signed in across a shift. */
export const SESSION_IDLE_MS = 12 * 3600_000;
/** A week: a stolen cookie stops working within this long, whatever its thief does. */
export const SESSION_MAX_MS = 7 * 24 * 3600_000;
/** last_seen_at is written at most this often, so reading the board is not a write every 5 s. */
const TOUCH_EVERY = '1 minute';

export type SignInMethod = 'email' | 'key';

export interface Session {
  staff: StaffRecord;
  csrfToken: string;
  method: SignInMethod;
  createdAt: string;
}

const digest = (id: string) => createHash('sha256').update(id, 'utf8').digest();
const random = () => randomBytes(32).toString('base64url');

/** Opens a session for an active person; returns the cookie value, shown nowhere else. */
export async function openSession(db: Queryable, staffId: string, method: SignInMethod): Promise<{ id: string; csrfToken: string }> {
  const id = random();
  const csrfToken = random();
  await db.query(
    `INSERT INTO console_sessions (id_hash, staff_id, csrf_token, method, expires_at)
     VALUES ($1, $2, $3, $4, now() + $5 * interval '1 millisecond')`,
    [digest(id), staffId, csrfToken, method, SESSION_MAX_MS],
  );
  return { id, csrfToken };
}

/**
 * The live session with this cookie value and its person, or undefined: unknown, ended, idle too
 * long, past its absolute expiry, or its person deactivated. A use moves the idle clock on.
 */
export async function findSession(db: Queryable, id: string): Promise<Session | undefined> {
  const { rows } = await db.query<Parameters<typeof toStaff>[0] & { csrf_token: string; method: SignInMethod; session_created_at: Date; stale: boolean }>(
    `SELECT s.*, c.csrf_token, c.method, c.created_at AS session_created_at, c.last_seen_at < now() - interval '${TOUCH_EVERY}' AS stale
     FROM console_sessions c JOIN staff s ON s.id = c.staff_id
     WHERE c.id_hash = $1 AND c.ended_at IS NULL AND c.expires_at > now()
       AND c.last_seen_at > now() - $2 * interval '1 millisecond' AND s.active`,
    [digest(id), SESSION_IDLE_MS],
  );
  const row = rows[0];
  if (!row) return undefined;
  if (row.stale) await db.query('UPDATE console_sessions SET last_seen_at = now() WHERE id_hash = $1', [digest(id)]);
  return { staff: toStaff(row), csrfToken: row.csrf_token, method: row.method, createdAt: row.session_created_at.toISOString() };
}

/** Sign-out: the cookie value stops working at once, here and in every other API process. */
export async function endSession(db: Queryable, id: string): Promise<void> {
  await db.query('UPDATE console_sessions SET ended_at = coalesce(ended_at, now()) WHERE id_hash = $1', [digest(id)]);
}
