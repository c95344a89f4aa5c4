/**
 * Business time over random calendars and instants (fast-check): the deadline is never inside
 * closed time, more duration never gives an earlier deadline, the open time up to a deadline is
 * exactly the duration asked for, and every calendar answers (or refuses) without hanging.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addBusinessTime, BeyondHorizonError, businessTimeBetween, isOpenAt, NoOpenTimeError, subtractBusinessTime } from '../../src/calendars/business-time';
import { WEEKDAYS, type CalendarRules, type TimeRange } from '../../src/calendars/model';

const H = 3600_000;
const ZONES = ['America/Chicago', 'Europe/London', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Chatham', 'America/St_Johns', 'UTC'];
const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** Up to three ranges a day that do not overlap; the last may pass midnight into the next day. */
const dayRanges: fc.Arbitrary<TimeRange[]> = fc
  .tuple(fc.uniqueArray(fc.integer({ min: 0, max: 96 }), { maxLength: 6 }), fc.option(fc.integer({ min: 1, max: 95 }), { nil: undefined }))
  .map(([points, spill]) => {
    const sorted = [...points].sort((a, b) => a - b).map((q) => q * 15);
    const ranges: TimeRange[] = [];
    for (let i = 0; i + 1 < sorted.length; i += 2) ranges.push({ start: hhmm(sorted[i]!), end: hhmm(sorted[i + 1]!) });
    const last = ranges.at(-1);
    // A night shift: the last range ends after midnight, at a time before its own start.
    if (spill !== undefined && last && spill * 15 < Number(last.start.slice(0, 2)) * 60 + Number(last.start.slice(3))) {
      ranges[ranges.length - 1] = { start: last.start, end: hhmm(spill * 15) };
    }
    return ranges;
  });

const date = fc.integer({ min: Date.parse('2026-01-01'), max: Date.parse('2027-12-31') }).map((ms) => new Date(ms).toISOString().slice(0, 10));

const calendar: fc.Arbitrary<CalendarRules> = fc.record({
  timeZone: fc.constantFrom(...ZONES),
  weekly: fc.tuple(...WEEKDAYS.map(() => dayRanges)).map((days) => Object.fromEntries(WEEKDAYS.map((d, i) => [d, days[i]!]))),
  holidays: fc.array(fc.record({ name: fc.constant('Holiday'), from: date }), { maxLength: 20 }),
  overrides: fc.uniqueArray(fc.record({ date, hours: fc.oneof(fc.constant([] as TimeRange[]), dayRanges) }), { maxLength: 10, selector: (o) => o.date }),
});

const instant = fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2027-12-31T00:00:00Z') });
const duration = fc.integer({ min: 0, max: 120 * 4 }).map((q) => q * 15 * 60_000);

/** The deadline, or undefined when the calendar rightly refused. */
function deadline(rules: CalendarRules, from: number, ms: number): number | undefined {
  try {
    return addBusinessTime(rules, from, ms);
  } catch (err) {
    if (err instanceof NoOpenTimeError || err instanceof BeyondHorizonError) return undefined;
    throw err;
  }
}

const runs = Number(process.env.PROPERTY_RUNS ?? 100);

describe('business time on any calendar', () => {
  it('never puts a deadline inside closed time, and counts exactly the open time asked for', () => {
    fc.assert(
      fc.property(calendar, instant, duration, (rules, from, ms) => {
        const due = deadline(rules, from, ms);
        if (due === undefined) return;
        expect(due).toBeGreaterThanOrEqual(from);
        expect(isOpenAt(rules, ms === 0 ? due : due - 1)).toBe(true);
        expect(businessTimeBetween(rules, from, due)).toBe(ms);
      }),
      { numRuns: runs },
    );
  });

  it('never gives an earlier deadline for more duration', () => {
    fc.assert(
      fc.property(calendar, instant, duration, duration, (rules, from, a, b) => {
        const [less, more] = a <= b ? [a, b] : [b, a];
        const first = deadline(rules, from, less);
        const second = deadline(rules, from, more);
        if (first === undefined || second === undefined) return;
        expect(second).toBeGreaterThanOrEqual(first);
        if (more > less) expect(second).toBeGreaterThan(first);
      }),
      { numRuns: runs },
    );
  });

  it('counts back exactly the open time asked for, to an instant that is open or a period end (a reminder in open time)', () => {
    fc.assert(
      fc.property(calendar, instant, duration, (rules, to, ms) => {
        const back = subtractBusinessTime(rules, to, ms);
        expect(back).toBeLessThanOrEqual(to);
        // Less open time than that in the year before: the year's start, and all of it counted.
        if (back === to - 366 * 24 * H) {
          expect(businessTimeBetween(rules, back, to)).toBeLessThanOrEqual(ms);
          return;
        }
        expect(businessTimeBetween(rules, back, to)).toBe(ms);
        if (ms > 0) expect(isOpenAt(rules, back)).toBe(true);
      }),
      { numRuns: runs },
    );
  });

  it('answers or refuses on every calendar, however little open time it has', () => {
    fc.assert(
      fc.property(calendar, instant, (rules, from) => {
        const due = deadline(rules, from, 8 * H);
        if (due === undefined) expect(() => addBusinessTime(rules, from, 8 * H)).toThrow(RangeError);
      }),
      { numRuns: Math.ceil(runs / 2) },
    );
  });
});
