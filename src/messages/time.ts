/**
 * Clock times the way a customer reads them: in their own zone, with the zone's abbreviation,
 * and with the day spelled out unless it is today. Never "soon" or "this morning"
 * (docs/domain.md#a-promise: customers read a window as its earliest edge).
 */
import { dateTimeFormat } from '../shared/date-format';

function parts(date: Date, timeZone: string, options: Intl.DateTimeFormatOptions): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of dateTimeFormat('en-US', { timeZone, ...options }).formatToParts(date)) out[p.type] = p.value;
  return out;
}

/** Calendar date (YYYY-MM-DD) of an instant in a zone. */
export function localDate(date: Date, timeZone: string): string {
  const p = parts(date, timeZone, { year: 'numeric', month: '2-digit', day: '2-digit' });
  return `${p.year}-${p.month}-${p.day}`;
}

/** "3:15 PM CST" */
export function clockTime(date: Date, timeZone: string): string {
  const p = parts(date, timeZone, { hour: 'numeric', minute: '2-digit', hour12: true, timeZoneName: 'short' });
  return `${p.hour}:${p.minute} ${p.dayPeriod} ${p.timeZoneName}`;
}

/** "3:15 PM", for sentences that name the zone in their own words. */
export function hourMinute(date: Date, timeZone: string): string {
  const p = parts(date, timeZone, { hour: 'numeric', minute: '2-digit', hour12: true });
  return `${p.hour}:${p.minute} ${p.dayPeriod}`;
}

/**
 * "3:15 PM CST today", "9:00 AM CET tomorrow (Tuesday, Nov 24)" or "4:00 PM EST on Friday, Nov 27".
 * `now` decides what "today" means, in the customer's zone.
 */
export function whenText(at: Date, timeZone: string, now: Date): string {
  return `${clockTime(at, timeZone)} ${dayText(at, timeZone, now)}`;
}

/** "today", "tomorrow (Tuesday, Nov 24)" or "on Friday, Nov 27": the day of `at` in the zone, seen from `now`. */
export function dayText(at: Date, timeZone: string, now: Date): string {
  const day = localDate(at, timeZone);
  const today = localDate(now, timeZone);
  const tomorrow = localDate(new Date(now.getTime() + 24 * 3600_000), timeZone);
  const p = parts(at, timeZone, { weekday: 'long', month: 'short', day: 'numeric', year: 'numeric' });
  const long = `${p.weekday}, ${p.month} ${p.day}${p.year === parts(now, timeZone, { year: 'numeric' }).year ? '' : `, ${p.year}`}`;
  if (day === today) return 'today';
  if (day === tomorrow) return `tomorrow (${long})`;
  return `on ${long}`;
}

export function isValidTimeZone(zone: string): boolean {
  try {
    dateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
