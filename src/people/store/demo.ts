/**
 * The demo directory `npm start` seeds into an empty database, so the README's requests work on
 * a first run: team Billing (America/Chicago) with agent Dana Reyes, supervisor Sam Okafor, an
 * admin, a two-person on-call rotation, a policy of the supervisor, then whoever is on call, and
 * business hours (calendar billing-hours: 8 AM to 6 PM on weekdays, Chicago time) for
 * business-time deadlines.
 */
import type { Pool } from 'pg';
import type { StaffRole } from '../model';
import { localDate } from '../../messages/time';
import { issueKey } from './keys';
import { withTransaction } from '../../db/transaction';
import { createStaff, type NewStaff } from './staff';
import { createCalendar } from '../../calendars/store';

export interface DemoKey {
  staffId: string;
  name: string;
  role: StaffRole;
  secret: string;
}

const TEAM = { id: 'billing', name: 'Billing', timezone: 'America/Chicago' };
const PEOPLE: NewStaff[] = [
  { id: 'dana', name: 'Dana Reyes', role: 'agent', teamId: TEAM.id, email: 'dana@example.com', phone: '+14155550150', timezone: TEAM.timezone },
  { id: 'sam', name: 'Sam Okafor', role: 'supervisor', teamId: TEAM.id, email: 'sam@example.com', phone: '+14155550199', timezone: TEAM.timezone },
  { id: 'priya', name: 'Priya Natarajan', role: 'supervisor', teamId: TEAM.id, email: 'priya@example.com', phone: '+14155550177', timezone: TEAM.timezone },
  { id: 'admin', name: 'Demo Admin', role: 'admin', teamId: null, email: 'admin@example.com', timezone: TEAM.timezone },
];
/** Whose keys are printed: one of each role, the ones the README uses. */
const KEYED = ['dana', 'sam', 'admin'];
const HALF_HOUR_MS = 30 * 60_000;

/** Seeds the demo when the directory has nobody in it; returns the new keys' secrets, or undefined. */
export async function seedDemoDirectory(db: Pool, now: Date = new Date()): Promise<DemoKey[] | undefined> {
  return withTransaction(db, async (client) => {
    // Two processes starting on one empty database must not both seed it.
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('followthrough:demo-seed'))`);
    const { rows } = await client.query('SELECT 1 FROM staff UNION ALL SELECT 1 FROM teams UNION ALL SELECT 1 FROM calendars LIMIT 1');
    if (rows.length) return undefined;
    const day = [{ start: '08:00', end: '18:00' }];
    await createCalendar(client, {
      id: 'billing-hours',
      name: 'Billing hours',
      timeZone: TEAM.timezone,
      weekly: { mon: day, tue: day, wed: day, thu: day, fri: day },
      holidays: [],
      overrides: [],
    });
    // The team first without a supervisor: the supervisor must be a staff member of a team that exists.
    await client.query(`INSERT INTO teams (id, name, timezone, escalation_policy, calendar_id) VALUES ($1, $2, $3, $4, 'billing-hours')`, [
      TEAM.id,
      TEAM.name,
      TEAM.timezone,
      JSON.stringify({ levels: [{ target: { kind: 'supervisor' }, ackWithinMs: HALF_HOUR_MS }], repeat: 1 }),
    ]);
    for (const person of PEOPLE) await createStaff(client, person);
    await client.query(
      `INSERT INTO rotations (id, team_id, name, members, shift_hours, handoff_time, starts_on) VALUES ('billing-on-call', $1, 'Billing on-call', $2, 24, '09:00', $3)`,
      [TEAM.id, ['sam', 'priya'], localDate(now, TEAM.timezone)],
    );
    const policy = {
      levels: [
        { target: { kind: 'supervisor' }, ackWithinMs: HALF_HOUR_MS },
        { target: { kind: 'rotation', rotationId: 'billing-on-call' }, ackWithinMs: HALF_HOUR_MS },
      ],
      repeat: 1,
    };
    await client.query(`UPDATE teams SET supervisor_id = 'sam', escalation_policy = $1 WHERE id = $2`, [JSON.stringify(policy), TEAM.id]);
    const keys: DemoKey[] = [];
    for (const id of KEYED) {
      const person = PEOPLE.find((p) => p.id === id) as NewStaff;
      const { secret } = await issueKey(client, { staffId: id, label: 'demo key printed by npm start' });
      keys.push({ staffId: id, name: person.name, role: person.role, secret });
    }
    return keys;
  });
}
