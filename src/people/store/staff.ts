/**
 * Staff: who is who. Rows are never deleted, only deactivated, so a person named by an old
 * commitment, a rotation or a key is always still there to be named.
 */
import type { Pool } from 'pg';
import type { StaffMember, StaffRole } from '../model';
import { endAllAccess } from './access-ends';
import { constraintError, LastAdminError, type DirectoryFieldError } from './errors';
import { withTransaction } from '../../db/transaction';
import type { Queryable } from './sql';

export interface StaffRecord extends StaffMember {
  createdAt: string;
  updatedAt: string;
}

export interface NewStaff {
  id: string;
  name: string;
  role: StaffRole;
  teamId: string | null;
  email?: string | undefined;
  phone?: string | undefined;
  /** Default: the team's zone, else UTC. */
  timezone?: string | undefined;
}

/** Fields left out stay as they are; null clears email, phone or team. */
export interface StaffPatch {
  name?: string | undefined;
  role?: StaffRole | undefined;
  teamId?: string | null | undefined;
  email?: string | null | undefined;
  phone?: string | null | undefined;
  timezone?: string | undefined;
  active?: boolean | undefined;
}

interface StaffRow {
  id: string;
  name: string;
  role: StaffRole;
  team_id: string | null;
  email: string | null;
  phone: string | null;
  timezone: string;
  active: boolean;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, name, role, team_id, email, phone, timezone, active, created_at, updated_at';

const CONSTRAINTS: Record<string, DirectoryFieldError> = {
  staff_pkey: { pointer: '/id', detail: 'is already the id of a staff member' },
  staff_email_key: { pointer: '/email', detail: 'belongs to another staff member' },
  staff_active_phone_key: { pointer: '/phone', detail: 'belongs to another active staff member (an ACK text is matched by phone)' },
  staff_team_id_fkey: { pointer: '/team', detail: 'is not a team' },
  staff_team_required: { pointer: '/team', detail: 'is required for agents and supervisors' },
  staff_reachable: { pointer: '/email', detail: 'or a phone is required: a person must be reachable' },
};

export function toStaff(row: StaffRow): StaffRecord {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    teamId: row.team_id,
    ...(row.email ? { email: row.email } : {}),
    ...(row.phone ? { phone: row.phone } : {}),
    timezone: row.timezone,
    active: row.active,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export async function createStaff(db: Queryable, s: NewStaff): Promise<StaffRecord> {
  try {
    const { rows } = await db.query<StaffRow>(
      `INSERT INTO staff (id, name, role, team_id, email, phone, timezone)
       VALUES ($1, $2, $3, $4, $5, $6, coalesce($7, (SELECT timezone FROM teams WHERE id = $4), 'UTC')) RETURNING ${COLUMNS}`,
      [s.id, s.name, s.role, s.teamId, s.email ?? null, s.phone ?? null, s.timezone ?? null],
    );
    return toStaff(rows[0] as StaffRow);
  } catch (err) {
    return constraintError(err, CONSTRAINTS);
  }
}

export async function findStaff(db: Queryable, id: string): Promise<StaffRecord | undefined> {
  const { rows } = await db.query<StaffRow>(`SELECT ${COLUMNS} FROM staff WHERE id = $1`, [id]);
  return rows[0] && toStaff(rows[0]);
}

/** The active person with this phone (at most one: the phone is unique among active staff), for an inbound text. */
export async function findActiveStaffByPhone(db: Queryable, phone: string): Promise<StaffRecord | undefined> {
  const { rows } = await db.query<StaffRow>(`SELECT ${COLUMNS} FROM staff WHERE phone = $1 AND active`, [phone]);
  return rows[0] && toStaff(rows[0]);
}

export async function findStaffByIds(db: Queryable, ids: readonly string[]): Promise<StaffRecord[]> {
  const { rows } = await db.query<StaffRow>(`SELECT ${COLUMNS} FROM staff WHERE id = ANY($1::text[])`, [ids]);
  return rows.map(toStaff);
}

export async function listStaff(db: Queryable, filter: { teamId?: string | undefined } = {}): Promise<StaffRecord[]> {
  const { rows } = await db.query<StaffRow>(`SELECT ${COLUMNS} FROM staff WHERE $1::text IS NULL OR team_id = $1 ORDER BY id`, [filter.teamId ?? null]);
  return rows.map(toStaff);
}

/** Any active admin at all: an empty directory needs `npm run admin -- create-admin` first. */
export async function hasActiveAdmin(db: Queryable): Promise<boolean> {
  const { rows } = await db.query(`SELECT 1 FROM staff WHERE role = 'admin' AND active LIMIT 1`);
  return rows.length > 0;
}

/**
 * Applies a patch; undefined when there is no such person. Deactivating revokes the person's
 * keys, ends their console sessions and voids their sign-in links in the same transaction
 * (./access-ends.ts). Demoting or deactivating the last
 * active admin is refused (LastAdminError): nobody could then issue a key or undo the change.
 */
export async function updateStaff(db: Pool, id: string, patch: StaffPatch): Promise<{ before: StaffRecord; after: StaffRecord } | undefined> {
  return withTransaction(db, async (client) => {
    // Serialises admin changes, so two admins demoting each other cannot both see the other remain.
    if (patch.role !== undefined || patch.active !== undefined) await client.query(`SELECT pg_advisory_xact_lock(hashtext('followthrough:admins'))`);
    const found = await client.query<StaffRow>(`SELECT ${COLUMNS} FROM staff WHERE id = $1 FOR UPDATE`, [id]);
    if (!found.rows[0]) return undefined;
    const before = toStaff(found.rows[0]);
    const pick = <K extends keyof StaffPatch>(k: K, current: StaffPatch[K]) => (patch[k] === undefined ? current : patch[k]);
    const teamId = pick('teamId', before.teamId) ?? null;
    let row: StaffRow;
    try {
      const { rows } = await client.query<StaffRow>(
        `UPDATE staff SET name = $2, role = $3, team_id = $4, email = $5, phone = $6, timezone = $7, active = $8, updated_at = now()
         WHERE id = $1 RETURNING ${COLUMNS}`,
        [
          id,
          pick('name', before.name),
          pick('role', before.role),
          teamId,
          pick('email', before.email) ?? null,
          pick('phone', before.phone) ?? null,
          pick('timezone', before.timezone),
          pick('active', before.active),
        ],
      );
      row = rows[0] as StaffRow;
    } catch (err) {
      return constraintError(err, CONSTRAINTS);
    }
    const after = toStaff(row);
    // A person who leaves takes no working key, session or sign-in link with them; one who returns starts clean.
    if (before.active && !after.active) await endAllAccess(client, id);
    if (before.role === 'admin' && before.active && !(after.role === 'admin' && after.active) && !(await hasActiveAdmin(client))) {
      throw new LastAdminError(`${id} is the last active admin; make someone else an admin first.`);
    }
    return { before, after };
  });
}
