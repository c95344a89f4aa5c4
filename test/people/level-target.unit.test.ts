import { describe, expect, it } from 'vitest';
import type { Rotation, RotationOverride, StaffMember, Team } from '../../src/people/model';
import { resolveLevelTarget, type DirectoryLookups } from '../../src/people/level-target';

const person = (id: string, name: string, extra: Partial<StaffMember> = {}): StaffMember => ({
  id,
  name,
  role: 'agent',
  teamId: 'billing',
  email: `${id}@support.example`,
  timezone: 'America/Chicago',
  active: true,
  ...extra,
});

const team: Team = {
  id: 'billing',
  name: 'Billing',
  timezone: 'America/Chicago',
  supervisorId: 'sam',
  customerLocale: null,
  stateTextingRules: 'every_text',
  agentsMayCreateForTeammates: false,
  policy: { levels: [{ target: { kind: 'supervisor' }, ackWithinMs: 1_800_000 }], repeat: 1 },
  calendarId: null,
};

const rotation: Rotation = {
  id: 'billing-oncall',
  teamId: 'billing',
  name: 'Billing on-call',
  members: ['ana', 'ben'],
  shiftHours: 24,
  handoffTime: '09:00',
  startsOn: '2026-03-02',
  timezone: 'America/Chicago',
};

function lookups(people: StaffMember[], overrides: RotationOverride[] = []): DirectoryLookups {
  return {
    staff: (id) => people.find((p) => p.id === id),
    rotation: (id) => (id === rotation.id ? { rotation, overrides } : undefined),
  };
}

const everyone = [person('sam', 'Sam Okafor', { role: 'supervisor' }), person('ana', 'Ana Ruiz'), person('ben', 'Ben Cho'), person('lee', 'Lee Chan')];
const at = new Date('2026-03-02T20:00:00Z'); // Ana's first shift

describe('resolving the person an escalation level points at', () => {
  it('alerts a named, active staff member', () => {
    expect(resolveLevelTarget(team, { kind: 'staff', staffId: 'lee' }, at, lookups(everyone))).toMatchObject({ staff: { id: 'lee' }, via: 'staff' });
  });

  it("alerts the team's supervisor as the directory has them when the level is reached", () => {
    expect(resolveLevelTarget(team, { kind: 'supervisor' }, at, lookups(everyone))).toMatchObject({ staff: { id: 'sam' }, via: 'supervisor' });
    const promoted = resolveLevelTarget({ ...team, supervisorId: 'lee' }, { kind: 'supervisor' }, at, lookups(everyone));
    expect(promoted).toMatchObject({ staff: { id: 'lee' }, via: 'supervisor' });
  });

  it('alerts whoever is on call in the rotation, on either side of a handoff', () => {
    const resolve = (iso: string) => resolveLevelTarget(team, { kind: 'rotation', rotationId: rotation.id }, new Date(iso), lookups(everyone));
    expect(resolve('2026-03-03T14:59:59Z')).toMatchObject({ staff: { id: 'ana' }, via: 'rotation' });
    expect(resolve('2026-03-03T15:00:00Z')).toMatchObject({ staff: { id: 'ben' }, via: 'rotation' });
    expect(resolve('2026-03-03T15:00:00Z').detail).toBe('Ben Cho is on call in Billing on-call by the schedule until 2026-03-04T15:00:00.000Z.');
  });

  it('alerts the person an override put on call, and says so', () => {
    const o: RotationOverride[] = [{ id: 7, rotationId: rotation.id, staffId: 'lee', from: '2026-03-02T18:00:00Z', to: '2026-03-02T23:00:00Z' }];
    const found = resolveLevelTarget(team, { kind: 'rotation', rotationId: rotation.id }, at, lookups(everyone, o));
    expect(found).toMatchObject({ staff: { id: 'lee' }, via: 'override' });
    expect(found.detail).toContain('by an override');
  });

  it("skips an inactive named person in favour of the team's supervisor, and says why", () => {
    const found = resolveLevelTarget(team, { kind: 'staff', staffId: 'lee' }, at, lookups(everyone.map((p) => (p.id === 'lee' ? { ...p, active: false } : p))));
    expect(found).toMatchObject({ staff: { id: 'sam' }, via: 'supervisor', standIn: { reason: 'inactive', staffId: 'lee' } });
    expect(found.detail).toBe('Lee Chan is inactive, so Sam Okafor, the supervisor of Billing, stands in.');
  });

  it("skips an inactive on-call member in favour of the team's supervisor, naming the rotation", () => {
    const found = resolveLevelTarget(
      team,
      { kind: 'rotation', rotationId: rotation.id },
      at,
      lookups(everyone.map((p) => (p.id === 'ana' ? { ...p, active: false } : p))),
    );
    expect(found).toMatchObject({ staff: { id: 'sam' }, standIn: { reason: 'inactive', staffId: 'ana', rotationId: rotation.id } });
    expect(found.detail).toBe('Ana Ruiz, on call in Billing on-call, is inactive, so Sam Okafor, the supervisor of Billing, stands in.');
  });

  it("falls back to the team's supervisor for a person or rotation no longer in the directory", () => {
    expect(resolveLevelTarget(team, { kind: 'staff', staffId: 'ghost' }, at, lookups(everyone))).toMatchObject({
      staff: { id: 'sam' },
      standIn: { reason: 'unknown-staff' },
    });
    expect(resolveLevelTarget(team, { kind: 'rotation', rotationId: 'gone' }, at, lookups(everyone))).toMatchObject({
      staff: { id: 'sam' },
      standIn: { reason: 'unknown-rotation' },
    });
  });

  it('names nobody, with the reason, when the supervisor who would stand in is inactive or missing', () => {
    const noSam = everyone.map((p) => (p.id === 'sam' ? { ...p, active: false } : p));
    const inactive = resolveLevelTarget(team, { kind: 'supervisor' }, at, lookups(noSam));
    expect(inactive).toEqual({ staff: null, detail: 'Nobody can be alerted: Sam Okafor, the supervisor of Billing, is inactive.' });
    const none = resolveLevelTarget({ ...team, supervisorId: null }, { kind: 'staff', staffId: 'ghost' }, at, lookups(everyone));
    expect(none).toEqual({
      staff: null,
      detail: 'Staff member ghost is not in the directory, so nobody can be alerted: team Billing has no supervisor in the directory.',
    });
  });
});
