/**
 * The demo directory `npm start` seeds into an empty database, and resolving its policy's levels
 * against the stored rows, as an activity will when a level is reached.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoDirectory } from '../../../src/people/store/demo';
import { findKeyHolder, hashSecret } from '../../../src/people/store/keys';
import { resolveLevelFromDirectory } from '../../../src/people/levels';
import { findRotation } from '../../../src/people/store/rotations';
import { findActiveStaffByPhone } from '../../../src/people/store/staff';
import { findTeam } from '../../../src/people/store/teams';
import { teamCalendar } from '../../../src/calendars/store';
import { createTestDatabase, type TestDatabase } from '../../support/db';

let db: TestDatabase;
const NOW = new Date('2026-11-30T18:00:00Z'); // noon in Chicago

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db?.drop();
});

describe('the demo directory', () => {
  it('seeds Billing once: Dana, Sam, an admin, a two-person rotation, a two-level policy and business hours, with a working key each', async () => {
    const keys = await seedDemoDirectory(db.pool, NOW);
    expect(keys?.map((k) => [k.staffId, k.name, k.role])).toEqual([
      ['dana', 'Dana Reyes', 'agent'],
      ['sam', 'Sam Okafor', 'supervisor'],
      ['admin', 'Demo Admin', 'admin'],
    ]);
    for (const key of keys ?? []) expect((await findKeyHolder(db.pool, hashSecret(key.secret)))?.staff.id).toBe(key.staffId);
    expect(await findTeam(db.pool, 'billing')).toMatchObject({
      name: 'Billing',
      timezone: 'America/Chicago',
      supervisorId: 'sam',
      calendarId: 'billing-hours',
      policy: { levels: [{ target: { kind: 'supervisor' } }, { target: { kind: 'rotation', rotationId: 'billing-on-call' } }], repeat: 1 },
    });
    expect(await findRotation(db.pool, 'billing-on-call')).toMatchObject({
      members: ['sam', 'priya'],
      shiftHours: 24,
      handoffTime: '09:00',
      startsOn: '2026-11-30',
    });
    expect(await teamCalendar(db.pool, 'billing')).toMatchObject({
      timeZone: 'America/Chicago',
      weekly: { mon: [{ start: '08:00', end: '18:00' }] },
      version: 1,
    });
    expect(await seedDemoDirectory(db.pool, NOW)).toBeUndefined();
  });

  it("resolves each level from the stored rows: the team's supervisor, then whoever is on call, across the 09:00 handoff", async () => {
    expect(await resolveLevelFromDirectory(db.pool, 'billing', { kind: 'supervisor' }, NOW)).toMatchObject({ staff: { id: 'sam' }, via: 'supervisor' });
    const rotation = { kind: 'rotation', rotationId: 'billing-on-call' } as const;
    expect(await resolveLevelFromDirectory(db.pool, 'billing', rotation, new Date('2026-12-01T14:59:59Z'))).toMatchObject({
      staff: { id: 'sam' },
      via: 'rotation',
    });
    expect(await resolveLevelFromDirectory(db.pool, 'billing', rotation, new Date('2026-12-01T15:00:00Z'))).toMatchObject({
      staff: { id: 'priya' },
      via: 'rotation',
    });
    expect(await resolveLevelFromDirectory(db.pool, 'nowhere', rotation, NOW)).toBeUndefined();
  });

  it('finds the active person a phone belongs to, as an inbound ACK text will be matched', async () => {
    expect((await findActiveStaffByPhone(db.pool, '+14155550199'))?.id).toBe('sam');
    expect(await findActiveStaffByPhone(db.pool, '+14155550100')).toBeUndefined();
  });
});
