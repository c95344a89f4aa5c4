/**
 * Business time: "4 business hours from now", "close of business today", "10 AM next business
 * day", and how much open time lies between two instants. Pure and sandbox-safe; every answer is
 * an instant in epoch ms (docs/business-hours.md has the model and the edge cases).
 *
 * 👉 Open time is real elapsed time inside open periods: a 9-to-5 day is 8 hours on the night
 *    the clocks change too, because the periods are instants, not wall-clock arithmetic.
 */
import type { CalendarRules } from './model';
import { DAY_MS, localDate, nextDate, openPeriods, periodsOfDate, instantOn, rangesOn } from './open-time';

/** The furthest a business deadline may lie: a year of wall time (and a bound on every scan). */
export const HORIZON_MS = 366 * DAY_MS;
/** Periods are built a month at a time: enough for most deadlines in one pass. */
const CHUNK_MS = 32 * DAY_MS;

/** Thrown when a calendar has no open time at all within a year: nothing can be counted on it. */
export class NoOpenTimeError extends RangeError {
  constructor(readonly calendar: string) {
    super(`The calendar ${calendar} has no open time in the coming year, so a business-time deadline cannot be counted on it.`);
  }
}

/** Thrown when business time would run out more than a year of wall time ahead. */
export class BeyondHorizonError extends RangeError {
  constructor() {
    super('A business-time deadline must fall within a year of wall time.');
  }
}

const hasAnyHours = (rules: CalendarRules): boolean =>
  Object.values(rules.weekly).some((r) => (r?.length ?? 0) > 0) || rules.overrides.some((o) => o.hours.length > 0);

/** Walks the open periods from `from` for at most a year; `visit` returns an answer to stop. */
function walk<T>(rules: CalendarRules, from: number, visit: (a: number, b: number) => T | undefined): { found?: T; open: number } {
  let open = 0;
  if (!hasAnyHours(rules)) return { open };
  for (let t = from; t < from + HORIZON_MS; t += CHUNK_MS) {
    for (const [a, b] of openPeriods(rules, t, Math.min(t + CHUNK_MS, from + HORIZON_MS))) {
      const found = visit(a, b);
      if (found !== undefined) return { found, open };
      open += b - a;
    }
  }
  return { open };
}

/**
 * The instant `ms` of open time after `from`. Started while closed, it counts from the next
 * opening; 0 is the next open moment (`from` itself when open). A deadline that uses up a period
 * exactly is that period's close ("by 6 PM Friday"), not the next opening.
 */
export function addBusinessTime(rules: CalendarRules, from: number, ms: number, name = 'this calendar'): number {
  let left = Math.max(0, ms);
  const { found, open } = walk(rules, from, (a, b) => {
    if (left === 0) return a;
    if (left <= b - a) return a + left;
    left -= b - a;
    return undefined;
  });
  if (found !== undefined) return found;
  throw open === 0 ? new NoOpenTimeError(name) : new BeyondHorizonError();
}

/**
 * The latest instant with `ms` of open time between it and `to`: "two business hours before the
 * deadline". When less open time than that lies in the year before `to`, the year's start. A
 * deadline that counts in business time is reminded in open time this way, not at 2 AM.
 */
export function subtractBusinessTime(rules: CalendarRules, to: number, ms: number): number {
  let left = Math.max(0, ms);
  for (let t = to; t > to - HORIZON_MS; t -= CHUNK_MS) {
    const periods = openPeriods(rules, Math.max(t - CHUNK_MS, to - HORIZON_MS), t);
    for (let i = periods.length - 1; i >= 0; i--) {
      const [a, b] = periods[i]!;
      if (left <= b - a) return b - left;
      left -= b - a;
    }
  }
  return to - HORIZON_MS;
}

/** Open time in [from, to), in ms. */
export function businessTimeBetween(rules: CalendarRules, from: number, to: number): number {
  let sum = 0;
  for (let t = from; t < to; t += CHUNK_MS) {
    for (const [a, b] of openPeriods(rules, t, Math.min(t + CHUNK_MS, to))) sum += b - a;
  }
  return sum;
}

export function isOpenAt(rules: CalendarRules, at: number): boolean {
  return openPeriods(rules, at, at + 1).length > 0;
}

/** The first open moment at or after `from`. */
export const nextOpening = (rules: CalendarRules, from: number, name?: string): number => addBusinessTime(rules, from, 0, name);

/**
 * "By close of business today": the close of the last range of the business day under way at
 * `at` (last night's shift still running counts as its own day), or, once today's hours are over
 * or today is closed, of the next business day.
 */
export function closeOfBusiness(rules: CalendarRules, at: number, name = 'this calendar'): number {
  let date = localDate(rules, at - DAY_MS);
  for (let i = 0; i < 368; i++, date = nextDate(date)) {
    const last = periodsOfDate(rules, date).at(-1);
    if (last && last[1] > at) return last[1];
  }
  throw new NoOpenTimeError(name);
}

/** "By 10 AM next business day": `time` on the first local date after today with open hours. */
export function nextBusinessDayAt(rules: CalendarRules, at: number, time: string, name = 'this calendar'): number {
  let date = nextDate(localDate(rules, at));
  for (let i = 0; i < 366; i++, date = nextDate(date)) {
    if (rangesOn(rules, date).length > 0) return instantOn(rules, date, time);
  }
  throw new NoOpenTimeError(name);
}

/**
 * The open time of a calendar from `from` up to any instant of [from, to], in ms: its open periods
 * over the span are built once with a running total, so each instant is a binary search. The same
 * sums as businessTimeBetween (meter(b) - meter(a) is the open time in [a, b)), without walking the
 * days of every wait again: that takes about 160 µs for one weekend, and a report may hold
 * thousands of waits.
 */
export function openTimeMeter(rules: CalendarRules, from: number, to: number): (at: number) => number {
  const starts: number[] = [];
  const ends: number[] = [];
  const before: number[] = [];
  let total = 0;
  for (let t = from; t < to; t += CHUNK_MS) {
    for (const [a, b] of openPeriods(rules, t, Math.min(t + CHUNK_MS, to))) {
      starts.push(a);
      ends.push(b);
      before.push(total);
      total += b - a;
    }
  }
  return (at) => {
    // How many periods start at or before `at`: the last of them is the one `at` is in or after.
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]! <= at) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? 0 : before[lo - 1]! + Math.min(at, ends[lo - 1]!) - starts[lo - 1]!;
  };
}
