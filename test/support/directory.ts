/**
 * The staff directory every API test starts with, and the keys the tests act with. Keys are issued
 * through the directory's own module (hashed, bound to a person), with secrets fixed at import so
 * test files can name them as constants.
 */
import type { Pool } from 'pg';
import { issueKey, generateSecret } from '../../src/db/directory/keys';
import { createStaff, type NewStaff } from '../../src/db/directory/staff';
import { createTeam, updateTeam } from '../../src/db/directory/teams';

/** Dana, an agent: the default caller, and the owner of the default commitment body. */
export const AGENT_KEY = generateSecret();
/** Lee, another agent of the same team: owns nothing the default body creates. */
export const OTHER_AGENT_KEY = generateSecret();
/** Sam, the team's supervisor. */
export const SUPERVISOR_KEY = generateSecret();
/** Alex, an admin outside every team. */
export const ADMIN_KEY = generateSecret();

export const TEST_TEAM = { id: 'support', name: 'Support', timezone: 'America/Chicago' };

export const TEST_STAFF: (NewStaff & { key: string })[] = [
  { id: 'agent-dana', name: 'Dana Reyes', role: 'agent', teamId: TEST_TEAM.id, email: 'dana@support.example', phone: '+14155550150', timezone: TEST_TEAM.timezone, key: AGENT_KEY },
  { id: 'agent-lee', name: 'Lee Chan', role: 'agent', teamId: TEST_TEAM.id, email: 'lee@support.example', phone: '+14155550151', timezone: TEST_TEAM.timezone, key: OTHER_AGENT_KEY },
  { id: 'sup-sam', name: 'Sam Okafor', role: 'supervisor', teamId: TEST_TEAM.id, email: 'sam@support.example', phone: '+14155550199', timezone: TEST_TEAM.timezone, key: SUPERVISOR_KEY },
  { id: 'admin-alex', name: 'Alex Moreau', role: 'admin', teamId: null, email: 'alex@support.example', timezone: 'UTC', key: ADMIN_KEY },
];

export async function seedTestDirectory(db: Pool): Promise<void> {
  await createTeam(db, { ...TEST_TEAM, supervisorId: null, agentsMayCreateForTeammates: false, policy: { levels: [{ target: { kind: 'supervisor' }, ackWithinMs: 30 * 60_000 }], repeat: 1 } });
  for (const { key, ...person } of TEST_STAFF) {
    await createStaff(db, person);
    await issueKey(db, { staffId: person.id, label: 'test' }, key);
  }
  await updateTeam(db, TEST_TEAM.id, { supervisorId: 'sup-sam' });
}
