/**
 * API keys bound to staff. Only a SHA-256 of each secret is stored: the secret is shown once, at
 * issue, and a stolen database yields no usable key. Secrets look like `ft_live_` + 32 base62
 * characters (about 190 random bits), a shape secret scanners can be taught to recognise.
 */
import { createHash, randomBytes } from 'node:crypto';
import { DirectoryReferenceError } from './errors';
import { isoOrUndefined, type Queryable } from './sql';
import { findStaff, type StaffRecord } from './staff';

export const SECRET_PREFIX = 'ft_live_';
export const SECRET_FORMAT = /^ft_live_[0-9A-Za-z]{32}$/;
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `length` base62 characters; bytes of 248 and above are dropped so every character is equally likely. */
function base62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) if (byte < 248 && out.length < length) out += BASE62[byte % 62];
  }
  return out;
}

export const generateSecret = (): string => `${SECRET_PREFIX}${base62(32)}`;
export const hashSecret = (secret: string): Buffer => createHash('sha256').update(secret, 'utf8').digest();

export interface ApiKeyRecord {
  id: string;
  staffId: string;
  label: string;
  createdAt: string;
  revokedAt?: string;
  lastUsedAt?: string;
}

interface KeyRow {
  id: string;
  staff_id: string;
  label: string;
  created_at: Date;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

const COLUMNS = 'id, staff_id, label, created_at, revoked_at, last_used_at';

function toKey(row: KeyRow): ApiKeyRecord {
  const revokedAt = isoOrUndefined(row.revoked_at);
  const lastUsedAt = isoOrUndefined(row.last_used_at);
  return {
    id: row.id,
    staffId: row.staff_id,
    label: row.label,
    createdAt: row.created_at.toISOString(),
    ...(revokedAt ? { revokedAt } : {}),
    ...(lastUsedAt ? { lastUsedAt } : {}),
  };
}

/**
 * A new key for an active staff member. The secret is returned here and nowhere else. Tests and
 * the demo seed pass a secret they generated earlier; it must have the scanner-visible shape.
 */
export async function issueKey(
  db: Queryable,
  req: { staffId: string; label?: string | undefined },
  secret: string = generateSecret(),
): Promise<{ key: ApiKeyRecord; secret: string }> {
  if (!SECRET_FORMAT.test(secret)) throw new RangeError('an API key secret must be ft_live_ and 32 base62 characters');
  const { rows } = await db.query<KeyRow>(
    `INSERT INTO api_keys (id, staff_id, label, secret_hash)
     SELECT $1, s.id, $3, $4 FROM staff s WHERE s.id = $2 AND s.active
     RETURNING ${COLUMNS}`,
    [`key_${base62(20)}`, req.staffId, req.label ?? '', hashSecret(secret)],
  );
  if (!rows[0]) throw new DirectoryReferenceError([{ pointer: '/staffId', detail: 'is not an active staff member' }]);
  return { key: toKey(rows[0]), secret };
}

export async function listKeys(db: Queryable, filter: { staffId?: string | undefined } = {}): Promise<ApiKeyRecord[]> {
  const { rows } = await db.query<KeyRow>(`SELECT ${COLUMNS} FROM api_keys WHERE $1::text IS NULL OR staff_id = $1 ORDER BY created_at, id`, [
    filter.staffId ?? null,
  ]);
  return rows.map(toKey);
}

export async function findKey(db: Queryable, id: string): Promise<ApiKeyRecord | undefined> {
  const { rows } = await db.query<KeyRow>(`SELECT ${COLUMNS} FROM api_keys WHERE id = $1`, [id]);
  return rows[0] && toKey(rows[0]);
}

/**
 * Revokes a key (a second revocation keeps the first time) and, in the same statement, ends every
 * console session signed in with it, whoever revokes (the API, the admin CLI); undefined when
 * there is no such key.
 */
export async function revokeKey(db: Queryable, id: string): Promise<ApiKeyRecord | undefined> {
  const { rows } = await db.query<KeyRow>(
    `WITH revoked AS (UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING ${COLUMNS}),
          sessions AS (UPDATE console_sessions SET ended_at = now() WHERE key_id = $1 AND ended_at IS NULL)
     SELECT * FROM revoked`,
    [id],
  );
  return rows[0] && toKey(rows[0]);
}

export interface KeyHolder {
  key: ApiKeyRecord;
  secretHash: Buffer;
  staff: StaffRecord;
}

/** The key with this secret hash and the person it belongs to, revoked or not; authentication decides. */
export async function findKeyHolder(db: Queryable, secretHash: Buffer): Promise<KeyHolder | undefined> {
  const { rows } = await db.query<KeyRow & { secret_hash: Buffer }>(`SELECT ${COLUMNS}, secret_hash FROM api_keys WHERE secret_hash = $1`, [secretHash]);
  const row = rows[0];
  const staff = row && (await findStaff(db, row.staff_id));
  return row && staff ? { key: toKey(row), secretHash: row.secret_hash, staff } : undefined;
}

/** Records a use; the WHERE keeps it to one write a minute per key, whatever the callers do. */
export async function touchKey(db: Queryable, id: string): Promise<void> {
  await db.query(`UPDATE api_keys SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`, [id]);
}

/**
 * Digests of the working keys (unrevoked, their person active) used within `withinMs` by any
 * process, most recent first, at most `limit`: the keys an address's lockout lets through
 * (src/api/recent-keys.ts).
 */
export async function recentlyUsedKeyDigests(db: Queryable, withinMs: number, limit: number): Promise<Buffer[]> {
  const { rows } = await db.query<{ secret_hash: Buffer }>(
    `SELECT k.secret_hash FROM api_keys k JOIN staff s ON s.id = k.staff_id
     WHERE k.revoked_at IS NULL AND s.active AND k.last_used_at > now() - $1 * interval '1 millisecond'
     ORDER BY k.last_used_at DESC LIMIT $2`,
    [withinMs, limit],
  );
  return rows.map((r) => r.secret_hash);
}
