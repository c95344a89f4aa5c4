/**
 * The people of a lapse measurement: each commitment's owner in a team of their own, whose
 * supervisor (the team policy's only level) has a phone number and an email address nobody else
 * has. A lapse's alert is then traced to its commitment by where it went, never by its words.
 *
 * Numbers are +1 212 555 xxxx, allocated in order across the run (a directory refuses two active
 * staff with one phone), so at most 10,000 such commitments per run.
 */
import { numberIn } from '../body';
import { seedSoloTeams, supervisorOnly } from '../directory';
import type { Stack } from '../stack';
import type { Recipients } from './alerts';

const SLOTS = 10_000;
/** Long enough that nobody is alerted twice while a benchmark runs. */
const ACK_WITHIN_MS = 24 * 3600_000;

let used = 0;

export interface LapseCohort extends Recipients {
  /** The owner's key of commitment i: create i with it. */
  keys: string[];
}

export async function seedLapseCohort(stack: Stack, n: number): Promise<LapseCohort> {
  if (used + n > SLOTS) throw new Error(`lapse cohorts of this run need more than ${SLOTS} supervisor numbers`);
  const base = used;
  used += n;
  const person = (i: number) => `${base + i}`;
  const email = (i: number) => `sup-${person(i)}@lapse.bench.example`;
  const keys = await seedSoloTeams(stack.db, n, (i) => ({
    id: `lapse-${person(i)}`,
    name: `Lapse ${person(i)}`,
    timezone: 'America/Chicago',
    supervisor: { id: `sup-${person(i)}`, name: `Supervisor ${person(i)}`, email: email(i), phone: numberIn('212', base + i) },
    agents: [{ id: `owner-${person(i)}`, name: `Owner ${person(i)}`, email: `owner-${person(i)}@lapse.bench.example` }],
    policy: supervisorOnly(ACK_WITHIN_MS),
  }));
  const index = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    index.set(email(i), i);
    index.set(numberIn('212', base + i), i);
  }
  return { keys, started: n, indexOf: (to) => index.get(to) };
}
