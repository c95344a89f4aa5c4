/**
 * On-call rotations and their overrides. A rotation's clock is its team's time zone, joined in
 * on every read, so moving a team to another zone moves its handoffs with it.
 */
import type { Pool } from 'pg';
import type { Rotation, RotationOverride } from '../model';
import { constraintError, DirectoryReferenceError, type DirectoryFieldError } from './errors';
import { withTransaction } from '../../db/transaction';
import type { Queryable } from './sql';

export interface RotationRecord extends Rotation {
  createdAt: string;
  updatedAt: string;
}

export type NewRotation = Omit<Rotation, 'timezone'>;
export type RotationPatch = { [K in 'name' | 'members' | 'shiftHours' | 'handoffTime' | 'startsOn']?: Rotation[K] | undefined };

interface RotationRow {
  id: string;
  team_id: string;
  name: string;
  members: string[];
  shift_hours: number;
  handoff_time: string;
  starts_on: string;
  timezone: string;
  created_at: Date;
  updated_at: Date;
}

// starts_on as text: a calendar date, not an instant, must not pass through a JS Date.
const SELECT = `SELECT r.id, r.team_id, r.name, r.members, r.shift_hours, r.handoff_time, r.starts_on::text AS starts_on,
  t.timezone, r.created_at, r.updated_at FROM rotations r JOIN teams t ON t.id = r.team_id`;

const CONSTRAINTS: Record<string, DirectoryFieldError> = {
  rotations_pkey: { pointer: '/id', detail: 'is already the id of a rotation' },
  rotations_team_id_fkey: { pointer: '/team', detail: 'is not a team' },
};

function toRotation(row: RotationRow): RotationRecord {
  return {
    id: row.id,
    teamId: row.team_id,
    name: row.name,
    members: row.members,
    shiftHours: row.shift_hours,
    handoffTime: row.handoff_time,
    startsOn: row.starts_on,
    timezone: row.timezone,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** Every member must be an active staff member (a rotation of absent people pages nobody). */
async function checkMembers(db: Queryable, members: readonly string[], pointerOf = (i: number) => `/members/${i}`): Promise<void> {
  const { rows } = await db.query<{ id: string; active: boolean }>('SELECT id, active FROM staff WHERE id = ANY($1::text[])', [members]);
  const errors = members.flatMap((id, i) => {
    const found = rows.find((r) => r.id === id);
    return found?.active ? [] : [{ pointer: pointerOf(i), detail: found ? 'is inactive' : 'is not a staff member' }];
  });
  if (errors.length) throw new DirectoryReferenceError(errors);
}

export async function createRotation(db: Pool, r: NewRotation): Promise<RotationRecord> {
  return withTransaction(db, async (client) => {
    await checkMembers(client, r.members);
    try {
      await client.query(`INSERT INTO rotations (id, team_id, name, members, shift_hours, handoff_time, starts_on) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
        r.id,
        r.teamId,
        r.name,
        r.members,
        r.shiftHours,
        r.handoffTime,
        r.startsOn,
      ]);
    } catch (err) {
      return constraintError(err, CONSTRAINTS);
    }
    return (await findRotation(client, r.id)) as RotationRecord;
  });
}

export async function findRotation(db: Queryable, id: string): Promise<RotationRecord | undefined> {
  const { rows } = await db.query<RotationRow>(`${SELECT} WHERE r.id = $1`, [id]);
  return rows[0] && toRotation(rows[0]);
}

export async function listRotations(db: Queryable, filter: { teamId?: string | undefined } = {}): Promise<RotationRecord[]> {
  const { rows } = await db.query<RotationRow>(`${SELECT} WHERE $1::text IS NULL OR r.team_id = $1 ORDER BY r.id`, [filter.teamId ?? null]);
  return rows.map(toRotation);
}

/** Applies a patch; undefined when there is no such rotation. */
export async function updateRotation(db: Pool, id: string, patch: RotationPatch): Promise<RotationRecord | undefined> {
  return withTransaction(db, async (client) => {
    const before = await findRotation(client, id);
    if (!before) return undefined;
    if (patch.members) await checkMembers(client, patch.members);
    await client.query(`UPDATE rotations SET name = $2, members = $3, shift_hours = $4, handoff_time = $5, starts_on = $6, updated_at = now() WHERE id = $1`, [
      id,
      patch.name ?? before.name,
      patch.members ?? before.members,
      patch.shiftHours ?? before.shiftHours,
      patch.handoffTime ?? before.handoffTime,
      patch.startsOn ?? before.startsOn,
    ]);
    return findRotation(client, id);
  });
}

interface OverrideRow {
  id: string;
  rotation_id: string;
  staff_id: string;
  starts_at: Date;
  ends_at: Date;
}

const toOverride = (row: OverrideRow): RotationOverride => ({
  // bigserial arrives as a string; a rotation will not see 2^53 overrides.
  id: Number(row.id),
  rotationId: row.rotation_id,
  staffId: row.staff_id,
  from: row.starts_at.toISOString(),
  to: row.ends_at.toISOString(),
});

export async function addOverride(db: Pool, o: Omit<RotationOverride, 'id'>): Promise<RotationOverride> {
  return withTransaction(db, async (client) => {
    await checkMembers(client, [o.staffId], () => '/staffId');
    const { rows } = await client.query<OverrideRow>(
      `INSERT INTO rotation_overrides (rotation_id, staff_id, starts_at, ends_at) VALUES ($1, $2, $3, $4) RETURNING id, rotation_id, staff_id, starts_at, ends_at`,
      [o.rotationId, o.staffId, o.from, o.to],
    );
    return toOverride(rows[0] as OverrideRow);
  });
}

/** Overrides still in force or to come at `after`; past ones no longer decide anything. */
export async function listOverrides(db: Queryable, rotationId: string, after: Date): Promise<RotationOverride[]> {
  const { rows } = await db.query<OverrideRow>(
    'SELECT id, rotation_id, staff_id, starts_at, ends_at FROM rotation_overrides WHERE rotation_id = $1 AND ends_at > $2 ORDER BY starts_at, id',
    [rotationId, after],
  );
  return rows.map(toOverride);
}
