/**
 * When a calendar is open, as instants: the open periods between two instants, built from the
 * local dates they cover. Pure and sandbox-safe (Intl only): the API, an activity or a workflow
 * can count on a calendar snapshot (docs/business-hours.md).
 *
 * 👉 A range belongs to the local date it starts on: a holiday or an override closes the ranges
 *    that start that day, not the tail of last night's shift that runs into it.
 */
import { firstInstantAtOrAfter, wallClock, wallOf } from '../shared/zoned-time';
import { WEEKDAYS, type CalendarRules, type TimeRange } from './model';

export const DAY_MS = 24 * 3600_000;

/** [from, to) in epoch ms. */
export type Period = readonly [number, number];

/** "YYYY-MM-DD" of a wall value (local time written as UTC ms). */
const dateOf = (wall: number): string => new Date(Math.floor(wall / DAY_MS) * DAY_MS).toISOString().slice(0, 10);

/** Minutes since midnight of "HH:MM" (24:00 is 1440). */
export function minutesOf(time: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(time);
  if (!m) throw new RangeError(`"${time}" is not an HH:MM time`);
  return Number(m[1]) * 60 + Number(m[2]);
}

function holidayOn(rules: CalendarRules, date: string): boolean {
  return rules.holidays.some((h) => h.from <= date && date <= (h.to ?? h.from));
}

/** The ranges that start on a local date: its override, else none on a holiday, else its weekday's. */
export function rangesOn(rules: CalendarRules, date: string): readonly TimeRange[] {
  const override = rules.overrides.find((o) => o.date === date);
  if (override) return override.hours;
  if (holidayOn(rules, date)) return [];
  const weekday = WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()] ?? 'sun';
  return rules.weekly[weekday] ?? [];
}

/** The instants a range of a local date covers. */
function periodOf(rules: CalendarRules, date: string, range: TimeRange): Period {
  const midnight = wallOf(date, '00:00');
  const start = minutesOf(range.start);
  let end = minutesOf(range.end);
  if (end <= start) end += 24 * 60;
  const at = (minutes: number) => firstInstantAtOrAfter(midnight + minutes * 60_000, rules.timeZone);
  return [at(start), at(end)];
}

/** Sorted, with overlapping and touching periods joined (Monday 08:00-24:00 and Tuesday 00:00-06:00 are one). */
function joined(periods: Period[]): Period[] {
  const sorted = periods.filter(([a, b]) => b > a).sort((p, q) => p[0] - q[0]);
  const out: [number, number][] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/**
 * The open periods overlapping [from, to), clipped to it. Local dates from the day before `from`
 * (last night's shift may still run) to the day after `to` are read.
 */
export function openPeriods(rules: CalendarRules, from: number, to: number): Period[] {
  if (to <= from) return [];
  const first = Math.floor(wallClock(from, rules.timeZone) / DAY_MS) - 1;
  const last = Math.floor(wallClock(to, rules.timeZone) / DAY_MS) + 1;
  const periods: Period[] = [];
  for (let day = first; day <= last; day++) {
    const date = dateOf(day * DAY_MS);
    for (const range of rangesOn(rules, date)) periods.push(periodOf(rules, date, range));
  }
  return joined(periods).flatMap(([a, b]) => (b <= from || a >= to ? [] : [[Math.max(a, from), Math.min(b, to)] as Period]));
}

/** The local date of an instant in the calendar's zone. */
export function localDate(rules: CalendarRules, at: number): string {
  return dateOf(wallClock(at, rules.timeZone));
}

/** The periods of ranges that start on a local date (not clipped, not joined with other dates'). */
export function periodsOfDate(rules: CalendarRules, date: string): Period[] {
  return joined(rangesOn(rules, date).map((r) => periodOf(rules, date, r)));
}

/** The local date after `date`. */
export const nextDate = (date: string): string => dateOf(wallOf(date, '00:00') + DAY_MS);

/** An instant on a local date at a local time, as the calendar's clock reads it. */
export const instantOn = (rules: CalendarRules, date: string, time: string): number => firstInstantAtOrAfter(wallOf(date, time), rules.timeZone);
