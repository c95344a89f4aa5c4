/**
 * Texting hours by place (src/shared/texting-hours.ts, docs/texting.md): each state's hours at the
 * edges, Texas's Sundays, quiet hours on top, the team's choice of how far state rules reach, a
 * state's limit on texts about one subject, and daylight-saving days.
 */
import { describe, expect, it } from 'vitest';
import {
  FEDERAL_RULE,
  holdText,
  hoursText,
  NoTextingTimeError,
  perSubjectDelayMs,
  perSubjectLimit,
  rulesFor,
  STATE_RULES,
  textingDelay,
} from '../../src/shared/texting-hours';
import { isKnownRegion } from '../../src/places/region';

const H = 3600_000;
const M = 60_000;
const NY = 'America/New_York';
const CHI = 'America/Chicago';
const LA = 'America/Los_Angeles';

/** How long a text due at `iso` waits, in hours, and what held it. */
function wait(iso: string, zone: string, region: string | undefined, opts = {}) {
  const r = textingDelay(new Date(iso), zone, region, opts);
  return { hours: r.delayMs / H, held: r.rule?.kind, region: r.rule?.region };
}

describe('the rule table', () => {
  it('names a known region, a name and a citation for every rule, and never widens the federal floor', () => {
    for (const rule of Object.values(STATE_RULES)) {
      expect(isKnownRegion(rule.region)).toBe(true);
      expect(rule.name).toMatch(/telephone solicitation hours$/);
      expect(rule.citation).not.toBe('');
      const held = rulesFor(rule.region);
      for (const day of Object.keys(held.hours) as (keyof typeof held.hours)[]) {
        for (const w of held.hours[day]) {
          expect(w.start >= '08:00').toBe(true);
          expect(w.end <= '21:00').toBe(true);
        }
      }
    }
  });

  it('falls back to the federal floor for no region, a state without a rule, and a region it does not know', () => {
    expect(rulesFor(undefined)).toBe(FEDERAL_RULE);
    expect(rulesFor('US-NY')).toBe(FEDERAL_RULE);
    expect(rulesFor('US-ZZ')).toBe(FEDERAL_RULE);
  });

  it("says each rule's hours in words", () => {
    expect(hoursText(FEDERAL_RULE.hours)).toBe('8 AM to 9 PM');
    expect(hoursText(rulesFor('US-FL').hours)).toBe('8 AM to 8 PM');
    expect(hoursText(rulesFor('US-TX').hours)).toBe('9 AM to 9 PM Monday to Saturday, noon to 9 PM Sunday');
  });

  it('limits texts about one subject to 3 a day in Florida, Oklahoma and Maryland only', () => {
    expect(perSubjectLimit('US-FL')).toBe(3);
    expect(perSubjectLimit('US-OK')).toBe(3);
    expect(perSubjectLimit('US-MD')).toBe(3);
    expect(perSubjectLimit('US-WA')).toBeUndefined();
    expect(perSubjectLimit('US-TX')).toBeUndefined();
    expect(perSubjectLimit('US-NY')).toBeUndefined();
    expect(perSubjectLimit(undefined)).toBeUndefined();
    expect(perSubjectLimit('US-FL', { stateRules: 'promotional_only' })).toBeUndefined();
    expect(perSubjectLimit('US-FL', { stateRules: 'promotional_only', promotional: true })).toBe(3);
  });
});

// Thursday Jan 15, 2026 (no daylight saving): local times in each zone.
describe.each([
  // region, zone, local time, waits (hours), held by
  ['US-NY', NY, '2026-01-15T07:59:00-05:00', 1 / 60, 'US'],
  ['US-NY', NY, '2026-01-15T08:00:00-05:00', 0, undefined],
  ['US-NY', NY, '2026-01-15T20:30:00-05:00', 0, undefined],
  ['US-NY', NY, '2026-01-15T21:00:00-05:00', 11, 'US'],
  [undefined, NY, '2026-01-15T22:00:00-05:00', 10, 'US'],
  ['US-FL', NY, '2026-01-15T07:30:00-05:00', 0.5, 'US-FL'],
  ['US-FL', NY, '2026-01-15T19:59:00-05:00', 0, undefined],
  ['US-FL', NY, '2026-01-15T20:00:00-05:00', 12, 'US-FL'],
  ['US-FL', NY, '2026-01-15T20:30:00-05:00', 11.5, 'US-FL'],
  ['US-FL', CHI, '2026-01-15T20:30:00-06:00', 11.5, 'US-FL'],
  ['US-OK', CHI, '2026-01-15T20:15:00-06:00', 11.75, 'US-OK'],
  ['US-OK', CHI, '2026-01-15T12:00:00-06:00', 0, undefined],
  ['US-MD', NY, '2026-01-15T20:00:00-05:00', 12, 'US-MD'],
  ['US-MD', NY, '2026-01-15T08:00:00-05:00', 0, undefined],
  ['US-WA', LA, '2026-01-15T20:45:00-08:00', 11.25, 'US-WA'],
  ['US-WA', LA, '2026-01-15T07:00:00-08:00', 1, 'US-WA'],
  ['US-TX', CHI, '2026-01-15T08:30:00-06:00', 0.5, 'US-TX'],
  ['US-TX', CHI, '2026-01-15T20:59:00-06:00', 0, undefined],
  ['US-TX', CHI, '2026-01-15T21:00:00-06:00', 12, 'US-TX'],
  // Saturday Jan 17 and Sunday Jan 18 in Texas.
  ['US-TX', CHI, '2026-01-17T09:00:00-06:00', 0, undefined],
  ['US-TX', CHI, '2026-01-17T21:30:00-06:00', 14.5, 'US-TX'],
  ['US-TX', CHI, '2026-01-18T08:00:00-06:00', 4, 'US-TX'],
  ['US-TX', CHI, '2026-01-18T10:00:00-06:00', 2, 'US-TX'],
  ['US-TX', CHI, '2026-01-18T12:00:00-06:00', 0, undefined],
  ['US-TX', 'America/Denver', '2026-01-18T11:59:00-07:00', 1 / 60, 'US-TX'],
  ['US-TX', CHI, '2026-01-18T21:00:00-06:00', 12, 'US-TX'],
  // New York on a Sunday morning: only the floor.
  ['US-NY', NY, '2026-01-18T10:00:00-05:00', 0, undefined],
])('%s in %s at %s', (region, zone, iso, hours, heldBy) => {
  it(`waits ${hours} h${heldBy ? `, held by ${heldBy}` : ''}`, () => {
    const r = wait(iso, zone, region);
    expect(r.hours).toBeCloseTo(hours, 9);
    expect(r.region).toBe(heldBy);
  });
});

describe("the team's quiet hours on top", () => {
  const quietHours = { start: '21:00', end: '09:00' };

  it('holds a text the law allows', () => {
    // Florida 08:30: Florida's hours are open, the team's quiet hours are not until 9.
    expect(wait('2026-01-15T08:30:00-05:00', NY, 'US-FL', { quietHours })).toEqual({ hours: 0.5, held: 'quiet_hours', region: 'policy' });
  });

  it('names the law when the law opens last, and quiet hours when they end last', () => {
    expect(wait('2026-01-15T20:30:00-05:00', NY, 'US-FL', { quietHours: { start: '21:00', end: '08:00' } })).toEqual({
      hours: 11.5,
      held: 'law',
      region: 'US-FL',
    });
    expect(wait('2026-01-15T20:30:00-05:00', NY, 'US-FL', { quietHours })).toEqual({ hours: 12.5, held: 'quiet_hours', region: 'policy' });
    // Texas Sunday 10:00, quiet until 11: Texas opens at noon, after the quiet hours.
    expect(wait('2026-01-18T10:00:00-06:00', CHI, 'US-TX', { quietHours: { start: '22:00', end: '11:00' } })).toEqual({
      hours: 2,
      held: 'law',
      region: 'US-TX',
    });
  });

  it('holds a midday quiet window that does not span midnight', () => {
    expect(wait('2026-01-15T12:10:00-05:00', NY, 'US-NY', { quietHours: { start: '12:00', end: '13:00' } })).toMatchObject({
      hours: 50 / 60,
      held: 'quiet_hours',
    });
    expect(wait('2026-01-15T13:00:00-05:00', NY, 'US-NY', { quietHours: { start: '12:00', end: '13:00' } }).hours).toBe(0);
  });

  it('ignores null quiet hours and quiet hours that start when they end', () => {
    expect(wait('2026-01-15T20:30:00-05:00', NY, 'US-NY', { quietHours: null }).hours).toBe(0);
    expect(wait('2026-01-15T20:30:00-05:00', NY, 'US-NY', { quietHours: { start: '21:00', end: '21:00' } }).hours).toBe(0);
  });

  it('refuses quiet hours that leave no time the law allows', () => {
    expect(() => textingDelay(new Date('2026-01-15T12:00:00-05:00'), NY, 'US-FL', { quietHours: { start: '07:00', end: '22:00' } })).toThrow(
      NoTextingTimeError,
    );
  });
});

describe("the team's choice of how far state rules reach", () => {
  it('applies state rules to every text by default', () => {
    expect(wait('2026-01-15T20:30:00-05:00', NY, 'US-FL').hours).toBe(11.5);
    expect(wait('2026-01-15T20:30:00-05:00', NY, 'US-FL', { stateRules: 'every_text' }).hours).toBe(11.5);
  });

  it('with promotional_only, holds our texts to the federal floor only, and promotional ones to the state', () => {
    expect(wait('2026-01-15T20:30:00-05:00', NY, 'US-FL', { stateRules: 'promotional_only' }).hours).toBe(0);
    expect(wait('2026-01-15T21:30:00-05:00', NY, 'US-FL', { stateRules: 'promotional_only' })).toEqual({ hours: 10.5, held: 'law', region: 'US' });
    expect(wait('2026-01-18T10:00:00-06:00', CHI, 'US-TX', { stateRules: 'promotional_only' }).hours).toBe(0);
    expect(wait('2026-01-15T20:30:00-05:00', NY, 'US-FL', { stateRules: 'promotional_only', promotional: true })).toMatchObject({
      hours: 11.5,
      region: 'US-FL',
    });
  });
});

describe('daylight-saving days', () => {
  it('Texas Saturday 21:30 on the night clocks spring forward waits until Sunday noon, 13.5 real hours', () => {
    // Sat Mar 7, 2026 21:30 CST; clocks go 2:00 → 3:00 on Sunday; noon CDT is 17:00 UTC.
    const at = new Date('2026-03-07T21:30:00-06:00');
    const r = textingDelay(at, CHI, 'US-TX');
    expect(new Date(at.getTime() + r.delayMs).toISOString()).toBe('2026-03-08T17:00:00.000Z');
    expect(r.delayMs).toBe(13.5 * H);
  });

  it('Florida 20:30 the evening before clocks fall back waits until 8:00 EST, 12.5 real hours', () => {
    const at = new Date('2026-10-31T20:30:00-04:00');
    const r = textingDelay(at, NY, 'US-FL');
    expect(new Date(at.getTime() + r.delayMs).toISOString()).toBe('2026-11-01T13:00:00.000Z');
    expect(r.delayMs).toBe(12.5 * H);
  });

  it('the hour the autumn change repeats is quiet both times it passes', () => {
    // 01:30 EDT and 01:30 EST (an hour later) are both before 8 AM.
    expect(wait('2026-11-01T01:30:00-04:00', NY, 'US-NY').hours).toBe(7.5);
    expect(wait('2026-11-01T01:30:00-05:00', NY, 'US-NY').hours).toBe(6.5);
  });
});

describe("a state's limit on texts about one subject", () => {
  const sent = ['2026-01-15T09:00:00-05:00', '2026-01-15T10:00:00-05:00'];

  it("lets Florida's third text in 24 hours go and holds the fourth until the first leaves the window", () => {
    const third = new Date('2026-01-15T11:00:00-05:00');
    expect(perSubjectDelayMs(third, sent, 3)).toBe(0);
    expect(textingDelay(third, NY, 'US-FL', { sentAboutSubject: sent }).delayMs).toBe(0);

    const fourth = new Date('2026-01-15T12:00:00-05:00');
    const before = [...sent, third.toISOString()];
    expect(perSubjectDelayMs(fourth, before, 3)).toBe(21 * H);
    const r = textingDelay(fourth, NY, 'US-FL', { sentAboutSubject: before });
    expect(r.delayMs).toBe(21 * H);
    expect(r.rule).toMatchObject({ kind: 'per_subject_limit', region: 'US-FL' });
    expect(holdText(r.rule!)).toBe("waits for Florida's limit on texts about one subject (at most 3 in 24 hours) to allow another");
  });

  it('counts only the 24 hours before, and only sends up to now', () => {
    const at = new Date('2026-01-16T09:00:00-05:00');
    expect(perSubjectDelayMs(at, ['2026-01-15T09:00:00-05:00', '2026-01-15T10:00:00-05:00', '2026-01-15T11:00:00-05:00'], 3)).toBe(0);
    expect(perSubjectDelayMs(at, ['2026-01-16T10:00:00-05:00', '2026-01-16T11:00:00-05:00', '2026-01-16T12:00:00-05:00'], 3)).toBe(0);
    expect(perSubjectDelayMs(at, ['2026-01-15T09:00:01-05:00', '2026-01-15T10:00:00-05:00', '2026-01-15T11:00:00-05:00'], 3)).toBe(1000);
    expect(perSubjectDelayMs(at, sent, undefined)).toBe(0);
  });

  it('waits for the hours too when the limit lifts at night', () => {
    const evening = ['2026-01-15T19:30:00-05:00', '2026-01-15T19:40:00-05:00', '2026-01-15T19:50:00-05:00'];
    // The limit lifts at 19:30 the next day, inside Florida's hours, but the team's quiet hours start at 19:00.
    const r = textingDelay(new Date('2026-01-15T19:55:00-05:00'), NY, 'US-FL', { sentAboutSubject: evening, quietHours: { start: '19:00', end: '08:00' } });
    expect(r.delayMs).toBe(36 * H + 5 * M);
    expect(r.rule?.kind).toBe('quiet_hours');
  });

  it('applies no limit where the state has none, or where state rules do not reach the text', () => {
    const three = [...sent, '2026-01-15T11:00:00-05:00'];
    expect(textingDelay(new Date('2026-01-15T12:00:00-05:00'), NY, 'US-NY', { sentAboutSubject: three }).delayMs).toBe(0);
    expect(textingDelay(new Date('2026-01-15T12:00:00-05:00'), NY, 'US-FL', { sentAboutSubject: three, stateRules: 'promotional_only' }).delayMs).toBe(0);
  });
});

describe('what the timeline says', () => {
  it('names the rule and its hours', () => {
    const florida = textingDelay(new Date('2026-01-15T20:30:00-05:00'), NY, 'US-FL').rule!;
    expect(holdText(florida)).toBe("waits for Florida's telephone solicitation hours (8 AM to 8 PM) to open");
    expect(florida.citation).toBe(STATE_RULES['US-FL']!.citation);
    const quiet = textingDelay(new Date('2026-01-15T08:30:00-05:00'), NY, 'US-FL', { quietHours: { start: '21:00', end: '09:00' } }).rule!;
    expect(holdText(quiet)).toBe("waits for the team's quiet hours (9 PM to 9 AM) to end");
    const floor = textingDelay(new Date('2026-01-15T22:00:00-05:00'), NY, undefined).rule!;
    expect(holdText(floor)).toBe('waits for the federal telephone solicitation hours (8 AM to 9 PM) to open');
  });
});
