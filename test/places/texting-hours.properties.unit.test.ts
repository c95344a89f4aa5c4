/**
 * Texting hours over random instants, zones (daylight-saving ones, half-hour ones) and quiet hours
 * (fast-check), checked against the statutes' hours written out again here and a clock read
 * straight from Intl: a text is never let go inside a forbidden window, the wait always lands on
 * an allowed moment, and no allowed moment is skipped on the way.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { perSubjectDelayMs, textingDelay } from '../../src/shared/texting-hours';

const MIN = 60;
const DAY_MS = 24 * 3600_000;

/** Allowed local minutes, by region, as the statutes say (docs/texting.md); Sunday is day 0. */
function lawAllows(region: string | undefined, weekday: number, minute: number): boolean {
  switch (region) {
    case 'US-FL':
    case 'US-OK':
    case 'US-MD':
    case 'US-WA':
      return minute >= 8 * MIN && minute < 20 * MIN;
    case 'US-TX':
      return minute >= (weekday === 0 ? 12 : 9) * MIN && minute < 21 * MIN;
    default:
      return minute >= 8 * MIN && minute < 21 * MIN;
  }
}

type Quiet = { start: string; end: string } | null;

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * MIN + Number(hhmm.slice(3, 5));

function quietAllows(quiet: Quiet, minute: number): boolean {
  if (!quiet) return true;
  const s = minutesOf(quiet.start);
  const e = minutesOf(quiet.end);
  if (s === e) return true;
  const inside = s < e ? minute >= s && minute < e : minute >= s || minute < e;
  return !inside;
}

const WEEKDAY = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 } as Record<string, number>;

/** The local weekday and fractional minute of the day of an instant, read with a formatter of the test's own. */
function local(t: number, zone: string): { weekday: number; minute: number } {
  const p: Record<string, string> = {};
  const f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', weekday: 'short', hour: 'numeric', minute: 'numeric', second: 'numeric' });
  for (const part of f.formatToParts(new Date(t))) p[part.type] = part.value;
  const ms = ((t % 1000) + 1000) % 1000;
  return { weekday: WEEKDAY[p.weekday!]!, minute: Number(p.hour) * MIN + Number(p.minute) + (Number(p.second) + ms / 1000) / 60 };
}

function allowed(t: number, zone: string, region: string | undefined, quiet: Quiet): boolean {
  const { weekday, minute } = local(t, zone);
  return lawAllows(region, weekday, minute) && quietAllows(quiet, minute);
}

const ZONES = [
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Phoenix',
  'America/Los_Angeles',
  'America/Anchorage',
  'Pacific/Honolulu',
  'America/Puerto_Rico',
  'America/St_Johns',
  'Europe/London',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
];
const REGIONS = [undefined, 'US-NY', 'US-FL', 'US-OK', 'US-MD', 'US-WA', 'US-TX', 'US-ZZ'];

/** Daylight-saving changes in the zones above (UTC, roughly): instants are drawn near them half the time. */
const CHANGES = [
  '2026-03-08T08:00:00Z',
  '2026-11-01T06:00:00Z',
  '2027-03-14T08:00:00Z',
  '2027-11-07T06:00:00Z',
  '2026-03-29T01:00:00Z',
  '2026-10-25T01:00:00Z',
  '2026-04-04T15:00:00Z',
  '2026-10-03T15:30:00Z',
  '2026-04-04T14:00:00Z',
  '2026-09-26T14:00:00Z',
].map((iso) => Date.parse(iso));

const instant = fc.oneof(
  fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2027-12-31T00:00:00Z') }),
  fc.tuple(fc.constantFrom(...CHANGES), fc.integer({ min: -40 * 3600_000, max: 40 * 3600_000 })).map(([c, d]) => c + d),
);

const hhmm = (q: number) => `${String(Math.floor(q / 4)).padStart(2, '0')}:${String((q % 4) * 15).padStart(2, '0')}`;

/** Quiet hours that leave some of every legal day open: a night (possibly past midnight) or a midday hour or two. */
const quiet: fc.Arbitrary<Quiet> = fc.oneof(
  fc.constant(null),
  fc.record({ start: fc.integer({ min: 17 * 4, max: 95 }).map(hhmm), end: fc.integer({ min: 0, max: 11 * 4 }).map(hhmm) }),
  fc.tuple(fc.integer({ min: 10 * 4, max: 14 * 4 }), fc.integer({ min: 1, max: 8 })).map(([s, len]) => ({ start: hhmm(s), end: hhmm(s + len) })),
);

const runs = Number(process.env.PROPERTY_RUNS ?? 300);

describe('texting hours in any zone, at any instant', () => {
  it('lets a text go only when allowed, and otherwise waits exactly until the first allowed moment', () => {
    fc.assert(
      fc.property(
        instant,
        fc.constantFrom(...ZONES),
        fc.constantFrom(...REGIONS),
        quiet,
        fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 3, maxLength: 3 }),
        (at, zone, region, quietHours, fractions) => {
          const { delayMs, rule } = textingDelay(new Date(at), zone, region, { quietHours });
          expect(delayMs).toBeGreaterThanOrEqual(0);
          expect(delayMs).toBeLessThan(3 * DAY_MS);
          // Never inside a forbidden window: 0 exactly when every rule allows now.
          expect(delayMs === 0).toBe(allowed(at, zone, region, quietHours));
          expect(rule === undefined).toBe(delayMs === 0);
          // The wait lands on an allowed moment...
          expect(allowed(at + delayMs, zone, region, quietHours)).toBe(true);
          // ...and the first one: the moment before it and moments on the way are forbidden.
          if (delayMs > 0) {
            expect(allowed(at + delayMs - 1, zone, region, quietHours)).toBe(false);
            for (const f of fractions) expect(allowed(at + Math.floor(f * delayMs), zone, region, quietHours)).toBe(false);
          }
        },
      ),
      { numRuns: runs },
    );
  });

  it('lets another text about a subject go only when fewer than the limit went in the 24 hours before', () => {
    const sends = fc.array(fc.integer({ min: -3 * DAY_MS, max: 0 }), { maxLength: 8 });
    fc.assert(
      fc.property(instant, sends, fc.integer({ min: 1, max: 4 }), (at, offsets, limit) => {
        const sent = offsets.map((o) => at + o);
        const inWindow = (t: number) => sent.filter((s) => s > t - DAY_MS && s <= t).length;
        const delay = perSubjectDelayMs(new Date(at), sent, limit);
        expect(inWindow(at + delay)).toBeLessThan(limit);
        if (delay > 0) expect(inWindow(at + delay - 1)).toBeGreaterThanOrEqual(limit);
      }),
      { numRuns: runs },
    );
  });
});
