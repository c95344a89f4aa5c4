/**
 * Teams: a name, a clock (time zone), a supervisor and the escalation policy their commitments
 * follow. The policy names staff and rotations by id; they are checked here when it is written,
 * and resolved again when a level is reached (src/people/level-target.ts).
 */
import type { Pool } from 'pg';
import type { CustomerLocale } from '../../shared/locale';
import type { StateTextingRules } from '../../shared/policy';
import type { Team, TeamPolicy } from '../model';
import { constraintError, DirectoryReferenceError, type DirectoryFieldError } from './errors';
import { withTransaction } from '../../db/transaction';
import type { Queryable } from './sql';

export interface TeamRecord extends Team {
  createdAt: string;
  updatedAt: string;
}

/** A team as created: everything but the timestamps. */
/** A new team: English for its customers and state rules on every text unless it says otherwise. */
export type NewTeam = Omit<Team, 'customerLocale' | 'stateTextingRules'> & Partial<Pick<Team, 'customerLocale' | 'stateTextingRules'>>;

export type TeamPatch = { [K in Exclude<keyof Team, 'id'>]?: Team[K] | undefined };

interface TeamRow {
  id: string;
  name: string;
  timezone: string;
  supervisor_id: string | null;
  agents_may_create_for_teammates: boolean;
  escalation_policy: TeamPolicy;
  calendar_id: string | null;
  customer_locale: CustomerLocale | null;
  state_texting_rules: StateTextingRules;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS =
  'id, name, timezone, supervisor_id, agents_may_create_for_teammates, escalation_policy, calendar_id, customer_locale, state_texting_rules, created_at, updated_at';

const CONSTRAINTS: Record<string, DirectoryFieldError> = {
  teams_pkey: { pointer: '/id', detail: 'is already the id of a team' },
  teams_supervisor_fkey: { pointer: '/supervisor', detail: 'is not a staff member' },
  teams_calendar_id_fkey: { pointer: '/calendar', detail: 'is not a calendar' },
};

function toTeam(row: TeamRow): TeamRecord {
  return {
    id: row.id,
    name: row.name,
    timezone: row.timezone,
    supervisorId: row.supervisor_id,
    agentsMayCreateForTeammates: row.agents_may_create_for_teammates,
    policy: row.escalation_policy,
    calendarId: row.calendar_id,
    customerLocale: row.customer_locale,
    stateTextingRules: row.state_texting_rules,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The supervisor must be an active supervisor or admin; every person and rotation the policy names must exist. */
async function checkReferences(db: Queryable, team: Pick<NewTeam, 'supervisorId' | 'policy'>): Promise<void> {
  const errors: DirectoryFieldError[] = [];
  const staffIds = team.policy.levels.flatMap((l) => (l.target.kind === 'staff' ? [l.target.staffId] : []));
  const rotationIds = team.policy.levels.flatMap((l) => (l.target.kind === 'rotation' ? [l.target.rotationId] : []));
  const people = await db.query<{ id: string; role: string; active: boolean }>('SELECT id, role, active FROM staff WHERE id = ANY($1::text[])', [
    [...staffIds, team.supervisorId ?? ''],
  ]);
  const rotations = await db.query<{ id: string }>('SELECT id FROM rotations WHERE id = ANY($1::text[])', [rotationIds]);
  const person = (id: string) => people.rows.find((p) => p.id === id);
  if (team.supervisorId !== null) {
    const s = person(team.supervisorId);
    if (!s) errors.push({ pointer: '/supervisor', detail: 'is not a staff member' });
    else if (!s.active) errors.push({ pointer: '/supervisor', detail: 'is inactive' });
    else if (s.role === 'agent') errors.push({ pointer: '/supervisor', detail: 'is an agent; a supervisor or admin is needed' });
  }
  team.policy.levels.forEach((level, i) => {
    const t = level.target;
    const at = `/escalationPolicy/levels/${i}/target`;
    if (t.kind === 'staff' && !person(t.staffId)?.active)
      errors.push({ pointer: `${at}/staffId`, detail: person(t.staffId) ? 'is inactive' : 'is not a staff member' });
    if (t.kind === 'rotation' && !rotations.rows.some((r) => r.id === t.rotationId)) errors.push({ pointer: `${at}/rotationId`, detail: 'is not a rotation' });
  });
  if (errors.length) throw new DirectoryReferenceError(errors);
}

export async function createTeam(db: Pool, t: NewTeam): Promise<TeamRecord> {
  return withTransaction(db, async (client) => {
    await checkReferences(client, t);
    try {
      const { rows } = await client.query<TeamRow>(
        `INSERT INTO teams (id, name, timezone, supervisor_id, agents_may_create_for_teammates, escalation_policy, calendar_id, customer_locale, state_texting_rules)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${COLUMNS}`,
        [
          t.id,
          t.name,
          t.timezone,
          t.supervisorId,
          t.agentsMayCreateForTeammates,
          JSON.stringify(t.policy),
          t.calendarId,
          t.customerLocale ?? null,
          t.stateTextingRules ?? 'every_text',
        ],
      );
      return toTeam(rows[0] as TeamRow);
    } catch (err) {
      return constraintError(err, CONSTRAINTS);
    }
  });
}

export async function findTeam(db: Queryable, id: string): Promise<TeamRecord | undefined> {
  const { rows } = await db.query<TeamRow>(`SELECT ${COLUMNS} FROM teams WHERE id = $1`, [id]);
  return rows[0] && toTeam(rows[0]);
}

export async function listTeams(db: Queryable, filter: { id?: string | undefined } = {}): Promise<TeamRecord[]> {
  const { rows } = await db.query<TeamRow>(`SELECT ${COLUMNS} FROM teams WHERE $1::text IS NULL OR id = $1 ORDER BY id`, [filter.id ?? null]);
  return rows.map(toTeam);
}

/** Applies a patch; undefined when there is no such team. */
export async function updateTeam(db: Pool, id: string, patch: TeamPatch): Promise<TeamRecord | undefined> {
  return withTransaction(db, async (client) => {
    const found = await client.query<TeamRow>(`SELECT ${COLUMNS} FROM teams WHERE id = $1 FOR UPDATE`, [id]);
    if (!found.rows[0]) return undefined;
    const before = toTeam(found.rows[0]);
    const merged: Team = {
      id,
      name: patch.name ?? before.name,
      timezone: patch.timezone ?? before.timezone,
      supervisorId: patch.supervisorId === undefined ? before.supervisorId : patch.supervisorId,
      agentsMayCreateForTeammates: patch.agentsMayCreateForTeammates ?? before.agentsMayCreateForTeammates,
      policy: patch.policy ?? before.policy,
      calendarId: patch.calendarId === undefined ? before.calendarId : patch.calendarId,
      customerLocale: patch.customerLocale === undefined ? before.customerLocale : patch.customerLocale,
      stateTextingRules: patch.stateTextingRules ?? before.stateTextingRules,
    };
    // Only what the patch changes is checked: a policy written earlier may name someone since deactivated.
    await checkReferences(client, { supervisorId: patch.supervisorId ?? null, policy: patch.policy ?? { levels: [], repeat: 0 } });
    const { rows } = await client
      .query<TeamRow>(
        `UPDATE teams SET name = $2, timezone = $3, supervisor_id = $4, agents_may_create_for_teammates = $5, escalation_policy = $6, calendar_id = $7,
         customer_locale = $8, state_texting_rules = $9, updated_at = now()
       WHERE id = $1 RETURNING ${COLUMNS}`,
        [
          id,
          merged.name,
          merged.timezone,
          merged.supervisorId,
          merged.agentsMayCreateForTeammates,
          JSON.stringify(merged.policy),
          merged.calendarId,
          merged.customerLocale,
          merged.stateTextingRules,
        ],
      )
      .catch((err: unknown) => constraintError(err, CONSTRAINTS));
    return toTeam(rows[0] as TeamRow);
  });
}
