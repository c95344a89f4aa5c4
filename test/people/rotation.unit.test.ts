import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Rotation, RotationOverride } from '../../src/people/model';
import { onCallAt, onCallDetail, shiftAt } from '../../src/people/rotation';
import { instantOf, wallClock, wallOf } from '../../src/shared/zoned-time';

const HOUR = 3600_000;
const at = (iso: string) => new Date(iso);
const before = (iso: string) => new Date(Date.parse(iso) - 1000);

function rotation(overrides: Partial<Rotation> = {}): Rotation {
  return {
    id: 'billing-oncall',
    teamId: 'billing',
    name: 'Billing on-call',
    members: ['ana', 'ben', 'cy'],
    shiftHours: 24,
    handoffTime: '09:00',
    startsOn: '2026-03-02',
    timezone: 'America/Chicago',
    ...overrides,
  };
}

const override = (id: number, staffId: string, from: string, to: string): RotationOverride => ({ id, rotationId: 'billing-oncall', staffId, from, to });

describe('a daily rotation handed over at 09:00 in Chicago', () => {
  const r = rotation();

  it('puts the first member on call from the first handoff (09:00 CST is 15:00 UTC)', () => {
    expect(onCallAt(r, [], at('2026-03-02T15:00:00Z'))).toBe('ana');
    expect(onCallAt(r, [], at('2026-03-03T14:00:00Z'))).toBe('ana');
  });

  it('hands over at the handoff second: one second before is the old member, the handoff itself the next', () => {
    expect(onCallAt(r, [], before('2026-03-03T15:00:00Z'))).toBe('ana');
    expect(onCallAt(r, [], at('2026-03-03T15:00:00Z'))).toBe('ben');
    expect(onCallAt(r, [], before('2026-03-04T15:00:00Z'))).toBe('ben');
    expect(onCallAt(r, [], at('2026-03-04T15:00:00Z'))).toBe('cy');
    expect(onCallAt(r, [], at('2026-03-05T15:00:00Z'))).toBe('ana');
  });

  it('runs the schedule backwards before its first shift, so somebody is always on call', () => {
    expect(onCallAt(r, [], before('2026-03-02T15:00:00Z'))).toBe('cy');
    expect(onCallAt(r, [], at('2026-02-28T16:00:00Z'))).toBe('ben');
  });

  it('makes the shift across the spring change 23 hours long, and hands over at 09:00 CDT (14:00 UTC)', () => {
    const shift = shiftAt(r, at('2026-03-07T20:00:00Z'));
    expect(shift.from.toISOString()).toBe('2026-03-07T15:00:00.000Z');
    expect(shift.to.toISOString()).toBe('2026-03-08T14:00:00.000Z');
    expect(onCallAt(r, [], before('2026-03-08T14:00:00Z'))).toBe('cy');
    expect(onCallAt(r, [], at('2026-03-08T14:00:00Z'))).toBe('ana');
  });

  it('makes the shift across the autumn change 25 hours long, and hands over at 09:00 CST (15:00 UTC)', () => {
    const shift = shiftAt(r, at('2026-11-01T03:00:00Z'));
    expect(shift.from.toISOString()).toBe('2026-10-31T14:00:00.000Z');
    expect(shift.to.toISOString()).toBe('2026-11-01T15:00:00.000Z');
    const who = onCallAt(r, [], before('2026-11-01T15:00:00Z'));
    expect(onCallAt(r, [], at('2026-11-01T14:30:00Z'))).toBe(who); // 08:30 CST: still the same shift
    expect(onCallAt(r, [], at('2026-11-01T15:00:00Z'))).not.toBe(who);
  });
});

describe('a rotation in Berlin', () => {
  const r = rotation({ timezone: 'Europe/Berlin', startsOn: '2026-03-23' });

  it('keeps the 09:00 handoff across the spring change (a 23-hour shift)', () => {
    const shift = shiftAt(r, at('2026-03-28T20:00:00Z'));
    expect(shift.from.toISOString()).toBe('2026-03-28T08:00:00.000Z'); // 09:00 CET
    expect(shift.to.toISOString()).toBe('2026-03-29T07:00:00.000Z'); // 09:00 CEST
    expect(onCallAt(r, [], before('2026-03-29T07:00:00Z'))).not.toBe(onCallAt(r, [], at('2026-03-29T07:00:00Z')));
  });

  it('keeps the 09:00 handoff across the autumn change (a 25-hour shift)', () => {
    const shift = shiftAt(r, at('2026-10-25T03:00:00Z'));
    expect(shift.from.toISOString()).toBe('2026-10-24T07:00:00.000Z');
    expect(shift.to.toISOString()).toBe('2026-10-25T08:00:00.000Z');
  });

  it('hands over a 02:30 shift an hour late on the night 02:30 does not exist, and at the first 02:30 on the night it occurs twice', () => {
    const night = rotation({ timezone: 'Europe/Berlin', startsOn: '2026-03-23', handoffTime: '02:30' });
    expect(shiftAt(night, at('2026-03-29T12:00:00Z')).from.toISOString()).toBe('2026-03-29T01:30:00.000Z'); // 03:30 CEST
    expect(shiftAt(night, at('2026-10-25T12:00:00Z')).from.toISOString()).toBe('2026-10-25T00:30:00.000Z'); // the first 02:30 (CEST)
  });

  it('hands 12-hour shifts over at 08:00 and 20:00 local on both sides of a change', () => {
    const halves = rotation({ timezone: 'Europe/Berlin', startsOn: '2026-03-23', handoffTime: '08:00', shiftHours: 12 });
    expect(shiftAt(halves, at('2026-03-28T12:00:00Z')).to.toISOString()).toBe('2026-03-28T19:00:00.000Z'); // 20:00 CET
    expect(shiftAt(halves, at('2026-03-29T03:00:00Z')).to.toISOString()).toBe('2026-03-29T06:00:00.000Z'); // 08:00 CEST: an 11-hour night
  });

  it('starts weekly shifts on the same weekday and hour, whatever the clocks did that week', () => {
    const weekly = rotation({ timezone: 'Europe/Berlin', startsOn: '2026-03-23', shiftHours: 168 });
    const shift = shiftAt(weekly, at('2026-03-29T12:00:00Z'));
    expect(shift.from.toISOString()).toBe('2026-03-23T08:00:00.000Z'); // Monday 09:00 CET
    expect(shift.to.toISOString()).toBe('2026-03-30T07:00:00.000Z'); // Monday 09:00 CEST: 167 hours
    expect(onCallAt(weekly, [], at('2026-03-30T07:00:00Z'))).toBe('ben');
  });
});

describe('overrides', () => {
  const r = rotation();

  it('put the override on call for [from, to) and the schedule back at `to`', () => {
    const o = [override(1, 'dee', '2026-03-03T18:00:00Z', '2026-03-03T22:00:00Z')];
    expect(onCallAt(r, o, before('2026-03-03T18:00:00Z'))).toBe('ben');
    expect(onCallDetail(r, o, at('2026-03-03T18:00:00Z'))).toMatchObject({ staffId: 'dee', source: 'override', overrideId: 1 });
    expect(onCallAt(r, o, before('2026-03-03T22:00:00Z'))).toBe('dee');
    expect(onCallDetail(r, o, at('2026-03-03T22:00:00Z'))).toMatchObject({ staffId: 'ben', source: 'schedule' });
  });

  it('let the latest override win where two overlap', () => {
    const o = [override(2, 'eve', '2026-03-03T20:00:00Z', '2026-03-04T02:00:00Z'), override(1, 'dee', '2026-03-03T18:00:00Z', '2026-03-03T22:00:00Z')];
    expect(onCallAt(r, o, at('2026-03-03T19:00:00Z'))).toBe('dee');
    expect(onCallAt(r, o, at('2026-03-03T21:00:00Z'))).toBe('eve');
  });
});

describe('the schedule, for any instant, zone and shift length', () => {
  const zones = ['America/Chicago', 'Europe/Berlin', 'Australia/Lord_Howe', 'Asia/Kolkata', 'UTC'];

  it('finds a shift that contains the instant, starts at the handoff time where that time exists, and is followed by the next member', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: 1, max: 336 }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: Date.parse('2025-01-01T00:00:00Z'), max: Date.parse('2028-01-01T00:00:00Z') }),
        (timezone, shiftHours, hour, t) => {
          const r = rotation({ timezone, shiftHours, handoffTime: `${String(hour).padStart(2, '0')}:00`, startsOn: '2026-01-05' });
          const shift = shiftAt(r, new Date(t));
          expect(shift.from.getTime()).toBeLessThanOrEqual(t);
          expect(shift.to.getTime()).toBeGreaterThan(t);
          expect(shiftAt(r, shift.to).index).toBe(shift.index + 1);
          const wall = wallOf('2026-01-05', r.handoffTime) + shift.index * shiftHours * HOUR;
          if (wallClock(instantOf(wall, timezone), timezone) === wall) expect(wallClock(shift.from.getTime(), timezone)).toBe(wall);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('the edges of the calendar', () => {
  it('reads dates before the year 100 as themselves, not as 19xx', () => {
    expect(new Date(wallOf('0050-06-01', '09:00')).getUTCFullYear()).toBe(50);
    expect(new Date(wallClock(Date.parse('0050-06-01T12:00:00Z'), 'UTC')).toISOString()).toBe('0050-06-01T12:00:00.000Z');
  });

  it('follows a zone that skipped a whole day (Samoa, 30 December 2011) with hourly shifts', () => {
    const r = rotation({ timezone: 'Pacific/Apia', startsOn: '2011-12-28', shiftHours: 1, handoffTime: '00:00' });
    const shift = shiftAt(r, at('2011-12-30T12:00:00Z'));
    expect(shift.from.getTime()).toBeLessThanOrEqual(Date.parse('2011-12-30T12:00:00Z'));
    expect(shift.to.getTime() - shift.from.getTime()).toBe(HOUR);
  });
});
