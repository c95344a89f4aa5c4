/**
 * The people the benchmarks and the fault suite act as, seeded into the app's staff directory
 * through the directory's own module (src/people/store), as `npm run admin` or the REST API would:
 * teams with a supervisor and an escalation policy, agents who own commitments, and their keys.
 * A commitment's owner is a staff member and its chain is the owner's team's policy, so whoever
 * must receive a lapse's alert is decided here, not in the create body.
 */
import type { Pool } from 'pg';
import { issueKey } from '../../src/people/store/keys';
import { createStaff } from '../../src/people/store/staff';
import { createTeam, updateTeam } from '../../src/people/store/teams';
import type { TeamPolicy } from '../../src/people/model';
import { runLoad } from './load';

export interface Person {
  id: string;
  name: string;
  email?: string;
  phone?: string;
}

export interface TeamSpec {
  id: string;
  name: string;
  timezone: string;
  supervisor: Person;
  agents: Person[];
  policy: TeamPolicy;
}

/** The team's supervisor alone, acknowledge within `ackWithinMs`, never asked again: one alert per lapse. */
export const supervisorOnly = (ackWithinMs: number): TeamPolicy => ({ levels: [{ target: { kind: 'supervisor' }, ackWithinMs }], repeat: 0 });

const label = 'issued by the benchmark harness';

/** An admin outside every team (sees every commitment); returns their key's secret. */
export async function seedAdmin(db: Pool, person: Person): Promise<string> {
  await createStaff(db, { ...person, role: 'admin', teamId: null, timezone: 'UTC' });
  return (await issueKey(db, { staffId: person.id, label })).secret;
}

/**
 * A team, its supervisor and its agents. The team is created without a supervisor first: a
 * supervisor must be a member of a team that exists. Returns each agent's key, in order.
 */
export async function seedTeam(db: Pool, t: TeamSpec): Promise<string[]> {
  await createTeam(db, {
    id: t.id,
    name: t.name,
    timezone: t.timezone,
    supervisorId: null,
    agentsMayCreateForTeammates: false,
    policy: t.policy,
    calendarId: null,
  });
  await createStaff(db, { ...t.supervisor, role: 'supervisor', teamId: t.id });
  for (const agent of t.agents) await createStaff(db, { ...agent, role: 'agent', teamId: t.id });
  await updateTeam(db, t.id, { supervisorId: t.supervisor.id });
  const keys: string[] = [];
  for (const agent of t.agents) keys.push((await issueKey(db, { staffId: agent.id, label })).secret);
  return keys;
}

/**
 * `n` teams of one agent each, a few at a time; returns the key of team i's agent at i. For runs
 * that must tell each lapse's alert apart by its recipient: every commitment has a supervisor of
 * its own.
 */
export async function seedSoloTeams(db: Pool, n: number, spec: (i: number) => TeamSpec): Promise<string[]> {
  const keys = new Array<string>(n);
  const load = await runLoad(n, 4, async (i) => {
    keys[i] = (await seedTeam(db, spec(i)))[0] as string;
  });
  if (load.errors) throw new Error(`${load.errors} of ${n} teams could not be seeded: ${load.errorSamples[0] ?? ''}`);
  return keys;
}
