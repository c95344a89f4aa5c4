/**
 * The staff directory every API test starts with, and the keys the tests act with. Keys are issued
 * through the directory's own module (hashed, bound to a person), with secrets fixed at import so
 * test files can name them as constants.
 */
import type { Pool } from 'pg';
import { issueKey, generateSecret } from '../../src/people/store/keys';
import { createStaff, type NewStaff } from '../../src/people/store/staff';
import { createTeam, updateTeam } from '../../src/people/store/teams';
import type { TeamPolicy } from '../../src/people/model';

/** Dana, an agent: the default caller, and the owner of the default commitment body. */
export const AGENT_KEY = generateSecret();
/** Lee, another agent of the same team: owns nothing the default body creates. */
export const OTHER_AGENT_KEY = generateSecret();
/** Sam, the team's supervisor. */
export const SUPERVISOR_KEY = generateSecret();
/** Alex, an admin outside every team. */
export const ADMIN_KEY = generateSecret();
/** Ana and Raj: supervisors of the team a test's escalation policy can name as levels. */
export const LEAD_KEY = generateSecret();
export const HEAD_KEY = generateSecret();
/** Zoe, a supervisor of the team who is in no chain unless a test puts her there. */
export const OUTSIDER_KEY = generateSecret();
/** Olga, the supervisor of another team. */
export const OTHER_TEAM_KEY = generateSecret();

export const TEST_TEAM = { id: 'support', name: 'Support', timezone: 'America/Chicago' };
export const OTHER_TEAM = { id: 'retail', name: 'Retail', timezone: 'Europe/London' };

export const TEST_STAFF: (NewStaff & { key: string })[] = [
  {
    id: 'agent-dana',
    name: 'Dana Reyes',
    role: 'agent',
    teamId: TEST_TEAM.id,
    email: 'dana@support.example',
    phone: '+14155550150',
    timezone: TEST_TEAM.timezone,
    key: AGENT_KEY,
  },
  {
    id: 'agent-lee',
    name: 'Lee Chan',
    role: 'agent',
    teamId: TEST_TEAM.id,
    email: 'lee@support.example',
    phone: '+14155550151',
    timezone: TEST_TEAM.timezone,
    key: OTHER_AGENT_KEY,
  },
  {
    id: 'sup-sam',
    name: 'Sam Okafor',
    role: 'supervisor',
    teamId: TEST_TEAM.id,
    email: 'sam@support.example',
    phone: '+14155550199',
    timezone: TEST_TEAM.timezone,
    key: SUPERVISOR_KEY,
  },
  { id: 'admin-alex', name: 'Alex Moreau', role: 'admin', teamId: null, email: 'alex@support.example', timezone: 'UTC', key: ADMIN_KEY },
  {
    id: 'lead-ana',
    name: 'Ana Costa',
    role: 'supervisor',
    teamId: TEST_TEAM.id,
    email: 'ana@support.example',
    phone: '+14155550161',
    timezone: TEST_TEAM.timezone,
    key: LEAD_KEY,
  },
  {
    id: 'head-raj',
    name: 'Raj Patel',
    role: 'supervisor',
    teamId: TEST_TEAM.id,
    email: 'raj@support.example',
    phone: '+14155550162',
    timezone: TEST_TEAM.timezone,
    key: HEAD_KEY,
  },
  { id: 'sup-zoe', name: 'Zoe Lind', role: 'supervisor', teamId: TEST_TEAM.id, email: 'zoe@support.example', timezone: TEST_TEAM.timezone, key: OUTSIDER_KEY },
  {
    id: 'sup-olga',
    name: 'Olga Berg',
    role: 'supervisor',
    teamId: OTHER_TEAM.id,
    email: 'olga@other.example',
    timezone: OTHER_TEAM.timezone,
    key: OTHER_TEAM_KEY,
  },
];

/** The team's supervisor, 30 minutes, once more if nobody answers: the chain every test starts with. */
export const DEFAULT_TEST_POLICY: TeamPolicy = { levels: [{ target: { kind: 'supervisor' }, ackWithinMs: 30 * 60_000 }], repeat: 1 };

export async function seedTestDirectory(db: Pool): Promise<void> {
  await createTeam(db, { ...TEST_TEAM, supervisorId: null, agentsMayCreateForTeammates: false, policy: DEFAULT_TEST_POLICY, calendarId: null });
  await createTeam(db, { ...OTHER_TEAM, supervisorId: null, agentsMayCreateForTeammates: false, policy: DEFAULT_TEST_POLICY, calendarId: null });
  for (const { key, ...person } of TEST_STAFF) {
    await createStaff(db, person);
    await issueKey(db, { staffId: person.id, label: 'test' }, key);
  }
  await updateTeam(db, TEST_TEAM.id, { supervisorId: 'sup-sam' });
  await updateTeam(db, OTHER_TEAM.id, { supervisorId: 'sup-olga' });
}

/** A level of a test policy: a staff id, the team's supervisor, or a rotation; windows in ms; alerted in business hours only, if so. */
export type TestLevel = ({ staff: string; within: number } | { supervisor: true; within: number } | { rotation: string; within: number }) & {
  businessHoursOnly?: true;
  ackClock?: 'business';
};

/**
 * Sets team Support's escalation policy, straight in the directory: tests use windows of seconds,
 * which the API (a minute at least) refuses. A commitment pins the policy when it is created.
 */
export async function setTeamPolicy(db: Pool, levels: TestLevel[], repeat = 0): Promise<void> {
  const target = (l: TestLevel): TeamPolicy['levels'][number]['target'] =>
    'staff' in l ? { kind: 'staff', staffId: l.staff } : 'rotation' in l ? { kind: 'rotation', rotationId: l.rotation } : { kind: 'supervisor' };
  await db.query('UPDATE teams SET escalation_policy = $2 WHERE id = $1', [
    TEST_TEAM.id,
    JSON.stringify({
      levels: levels.map((l) => ({
        target: target(l),
        ackWithinMs: l.within,
        ...(l.businessHoursOnly ? { businessHoursOnly: true } : {}),
        ...(l.ackClock ? { ackClock: l.ackClock } : {}),
      })),
      repeat,
    }),
  ]);
}

/** Every test starts from team Support's default chain, with agents acting for themselves only. */
export async function resetTeamPolicy(db: Pool): Promise<void> {
  await db.query('UPDATE teams SET escalation_policy = $2, agents_may_create_for_teammates = false WHERE id = $1', [
    TEST_TEAM.id,
    JSON.stringify(DEFAULT_TEST_POLICY),
  ]);
}

/** Team Support lets its agents register commitments for, and hand them to, team mates (until the next test). */
export async function letAgentsActForTeamMates(db: Pool): Promise<void> {
  await db.query('UPDATE teams SET agents_may_create_for_teammates = true WHERE id = $1', [TEST_TEAM.id]);
}

/** A member of staff of team Support added by a test (a phone-only supervisor, say), with a key. */
export async function addTestStaff(db: Pool, person: Partial<NewStaff> & Pick<NewStaff, 'id' | 'name'>): Promise<string> {
  const key = generateSecret();
  await createStaff(db, { role: 'agent', teamId: TEST_TEAM.id, timezone: TEST_TEAM.timezone, ...person });
  await issueKey(db, { staffId: person.id, label: 'test' }, key);
  return key;
}
