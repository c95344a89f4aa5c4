import { describe, expect, it } from 'vitest';
import {
  addBusinessTime,
  BeyondHorizonError,
  businessTimeBetween,
  closeOfBusiness,
  isOpenAt,
  nextBusinessDayAt,
  NoOpenTimeError,
  subtractBusinessTime,
} from '../../src/calendars/business-time';
import type { CalendarRules, TimeRange } from '../../src/calendars/model';
import { formatDuration, parseDurationMs } from '../../src/shared/duration';

const H = 3600_000;
const M = 60_000;
const t = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
const day = (start: string, end: string): TimeRange[] => [{ start, end }];

/** Open 8 to 6 on weekdays, as the team is. */
const weekdays = (timeZone: string, extra: Partial<CalendarRules> = {}): CalendarRules => ({
  timeZone,
  weekly: { mon: day('08:00', '18:00'), tue: day('08:00', '18:00'), wed: day('08:00', '18:00'), thu: day('08:00', '18:00'), fri: day('08:00', '18:00') },
  holidays: [],
  overrides: [],
  ...extra,
});
const allWeek = (timeZone: string, ranges: TimeRange[]): CalendarRules => ({
  timeZone,
  weekly: { sun: ranges, mon: ranges, tue: ranges, wed: ranges, thu: ranges, fri: ranges, sat: ranges },
  holidays: [],
  overrides: [],
});

describe('a promise made on a Friday at 5:50 PM in Chicago, 2 business hours, open 8 to 6 on weekdays', () => {
  const friday550 = t('2026-12-04T23:50:00Z'); // 17:50 CST

  it('is due Monday at 9:50 AM: ten minutes on Friday, an hour and fifty on Monday', () => {
    expect(iso(addBusinessTime(weekdays('America/Chicago'), friday550, 2 * H))).toBe('2026-12-07T15:50:00.000Z');
  });

  it('is reminded in open time: ten business minutes before is Monday 9:40 AM, two business hours before is Friday 5:50 PM', () => {
    const due = t('2026-12-07T15:50:00Z');
    expect(iso(subtractBusinessTime(weekdays('America/Chicago'), due, 10 * M))).toBe('2026-12-07T15:40:00.000Z');
    expect(iso(subtractBusinessTime(weekdays('America/Chicago'), due, 2 * H))).toBe(iso(friday550));
  });

  it('is due Tuesday at 9:50 AM when Monday is a holiday on its calendar', () => {
    const rules = weekdays('America/Chicago', { holidays: [{ name: 'Closed for the move', from: '2026-12-07' }] });
    expect(iso(addBusinessTime(rules, friday550, 2 * H))).toBe('2026-12-08T15:50:00.000Z');
  });

  it("is due at 6 PM sharp when the duration uses Friday up exactly, not at Monday's opening", () => {
    expect(iso(addBusinessTime(weekdays('America/Chicago'), friday550, 10 * M))).toBe('2026-12-05T00:00:00.000Z');
  });
});

describe('counting from closed time and with no duration', () => {
  const rules = weekdays('America/Chicago');

  it('starts counting at the next opening when made while closed (Saturday noon + 1 h is Monday 9 AM)', () => {
    expect(iso(addBusinessTime(rules, t('2026-12-05T18:00:00Z'), H))).toBe('2026-12-07T15:00:00.000Z');
  });

  it('answers the next open moment for a zero duration, and the instant itself when open', () => {
    expect(iso(addBusinessTime(rules, t('2026-12-05T18:00:00Z'), 0))).toBe('2026-12-07T14:00:00.000Z');
    expect(addBusinessTime(rules, t('2026-12-07T16:00:00Z'), 0)).toBe(t('2026-12-07T16:00:00Z'));
  });

  it('skips a lunch break: 08:00-12:00 and 13:00-17:00, 4 h from 10:00 is 15:00', () => {
    const lunch = allWeek('Europe/London', [
      { start: '08:00', end: '12:00' },
      { start: '13:00', end: '17:00' },
    ]);
    expect(iso(addBusinessTime(lunch, t('2026-06-10T09:00:00Z'), 4 * H))).toBe('2026-06-10T14:00:00.000Z');
  });
});

describe('a 24/7 calendar', () => {
  const always = allWeek('America/Chicago', day('00:00', '24:00'));

  it('counts business time as wall time, across midnights and across the spring change', () => {
    const from = t('2026-03-07T12:00:00Z');
    expect(addBusinessTime(always, from, 36 * H)).toBe(from + 36 * H);
    expect(businessTimeBetween(always, t('2026-03-08T06:00:00Z'), t('2026-03-09T05:00:00Z'))).toBe(23 * H);
  });
});

describe('daylight-saving days', () => {
  it('gives a 9-to-5 day 8 hours on the spring and autumn change days in Chicago and London', () => {
    for (const [zone, spring, autumn] of [
      ['America/Chicago', '2026-03-08', '2026-11-01'],
      ['Europe/London', '2026-03-29', '2026-10-25'],
    ] as const) {
      const rules = allWeek(zone, day('09:00', '17:00'));
      for (const date of [spring, autumn]) {
        // From 05:00 UTC on the day to 03:00 UTC the next: that day's hours only, in both zones.
        expect(businessTimeBetween(rules, t(`${date}T05:00:00Z`), t(`${date}T05:00:00Z`) + 22 * H), `${zone} ${date}`).toBe(8 * H);
      }
    }
  });

  it('loses the skipped hour in the spring: a Chicago range 01:00-04:00 on March 8 is 2 hours, one starting in the gap opens at 03:00', () => {
    const night = allWeek('America/Chicago', day('01:00', '04:00'));
    expect(businessTimeBetween(night, t('2026-03-08T06:00:00Z'), t('2026-03-08T12:00:00Z'))).toBe(2 * H);
    const inGap = allWeek('America/Chicago', day('02:30', '05:00'));
    expect(iso(addBusinessTime(inGap, t('2026-03-08T06:00:00Z'), 0))).toBe('2026-03-08T08:00:00.000Z'); // 03:00 CDT
  });

  it('gains the repeated hour in the autumn: a Chicago range 00:00-03:00 on November 1 is 4 hours', () => {
    const night = allWeek('America/Chicago', day('00:00', '03:00'));
    expect(businessTimeBetween(night, t('2026-11-01T04:00:00Z'), t('2026-11-01T12:00:00Z'))).toBe(4 * H);
  });

  it('opens at the first of two 01:30s in London in the autumn', () => {
    const rules = allWeek('Europe/London', day('01:30', '03:00'));
    expect(iso(addBusinessTime(rules, t('2026-10-25T00:00:00Z'), 0))).toBe('2026-10-25T00:30:00.000Z'); // 01:30 BST
  });
});

describe('shifts past midnight and holidays', () => {
  // A night desk, 22:00-02:00 Monday to Friday; Friday 25 December 2026 is a holiday.
  const nights = (): CalendarRules => ({
    timeZone: 'America/New_York',
    weekly: { mon: day('22:00', '02:00'), tue: day('22:00', '02:00'), wed: day('22:00', '02:00'), thu: day('22:00', '02:00'), fri: day('22:00', '02:00') },
    holidays: [{ name: 'Christmas Day', from: '2026-12-25' }],
    overrides: [],
  });

  it("keeps the holiday eve's shift open into the holiday (the range belongs to the day it starts)", () => {
    // Thursday 24 December, 23:00 EST + 2 h → Friday 01:00 EST.
    expect(iso(addBusinessTime(nights(), t('2026-12-25T04:00:00Z'), 2 * H))).toBe('2026-12-25T06:00:00.000Z');
  });

  it("skips the holiday's own shift: 4 h from Thursday 23:00 runs out on Monday at 23:00", () => {
    expect(iso(addBusinessTime(nights(), t('2026-12-25T04:00:00Z'), 4 * H))).toBe('2026-12-29T04:00:00.000Z');
  });

  it('lets an override open a holiday, or close a working day', () => {
    const rules = weekdays('America/Chicago', {
      holidays: [{ name: 'Winter break', from: '2026-12-24', to: '2026-12-31' }],
      overrides: [{ date: '2026-12-28', hours: day('10:00', '12:00') }],
    });
    // Closed from Thursday 24th (break) and Saturday/Sunday; Monday 28th opens 10-12 only; then Friday 1 January.
    expect(iso(addBusinessTime(rules, t('2026-12-24T12:00:00Z'), 3 * H))).toBe('2027-01-01T15:00:00.000Z');
    expect(isOpenAt(rules, t('2026-12-28T17:00:00Z'))).toBe(true);
    expect(isOpenAt(rules, t('2026-12-28T19:00:00Z'))).toBe(false);
  });
});

describe('named deadlines', () => {
  const rules = weekdays('America/Chicago', { holidays: [{ name: 'Closed', from: '2026-12-07' }] });

  it('closes the business day under way: Friday at 10 AM is due Friday at 6 PM', () => {
    expect(iso(closeOfBusiness(rules, t('2026-12-04T16:00:00Z')))).toBe('2026-12-05T00:00:00.000Z');
  });

  it('moves close of business to the next business day once today is over: Friday 7 PM is Tuesday 6 PM past a Monday holiday', () => {
    expect(iso(closeOfBusiness(rules, t('2026-12-05T01:00:00Z')))).toBe('2026-12-09T00:00:00.000Z');
  });

  it('puts "10 AM next business day" on the first open date after today', () => {
    expect(iso(nextBusinessDayAt(rules, t('2026-12-04T16:00:00Z'), '10:00'))).toBe('2026-12-08T16:00:00.000Z');
  });
});

describe('calendars that cannot hold a deadline', () => {
  it('refuses a calendar with no open time at all, naming it, without scanning for ever', () => {
    const closed: CalendarRules = { timeZone: 'UTC', weekly: {}, holidays: [], overrides: [] };
    expect(() => addBusinessTime(closed, t('2026-12-07T00:00:00Z'), H, 'billing-hours')).toThrow(NoOpenTimeError);
    expect(() => addBusinessTime(closed, t('2026-12-07T00:00:00Z'), H, 'billing-hours')).toThrow(/billing-hours/);
    const allHolidays = weekdays('UTC', { holidays: [{ name: 'Shut', from: '2026-01-01', to: '2028-12-31' }] });
    expect(() => addBusinessTime(allHolidays, t('2026-12-07T00:00:00Z'), H)).toThrow(NoOpenTimeError);
  });

  it('refuses a deadline that would fall more than a year of wall time ahead', () => {
    const hourAWeek: CalendarRules = { timeZone: 'UTC', weekly: { mon: day('09:00', '10:00') }, holidays: [], overrides: [] };
    expect(() => addBusinessTime(hourAWeek, t('2026-12-07T00:00:00Z'), 60 * H)).toThrow(BeyondHorizonError);
    expect(isOpenAt(hourAWeek, t('2026-12-07T09:30:00Z'))).toBe(true);
  });
});

describe('durations as the answer names them', () => {
  it('writes what was asked back in ISO 8601, days and hours as agents type them', () => {
    for (const text of ['PT2H', 'PT15M', 'P1DT4H', 'PT1H30M', 'PT45S', 'P3D']) expect(formatDuration(parseDurationMs(text)!)).toBe(text);
    expect(formatDuration(0)).toBe('PT0S');
  });
});
