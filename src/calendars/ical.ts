/**
 * Holidays from an iCalendar file or feed (RFC 5545), read with the maintained `ical.js`: each
 * event closes every local date it covers (an all-day event's end date is exclusive, as the RFC
 * says; a timed event blocks the dates it touches). Recurring events are expanded within the
 * years asked for. Bounded: at most MAX_ICAL_EVENTS events, however the file repeats them.
 */
import ICAL from 'ical.js';
import type { Holiday } from './model';

export const MAX_ICAL_BYTES = 1024 * 1024;
export const MAX_ICAL_EVENTS = 2_000;
const DAY_MS = 86_400_000;
/** Occurrences looked at while expanding repeats (a daily event since 1900 is 45,000 before 2026). */
const MAX_STEPS = 100_000;

/** Thrown when the file is not iCalendar we can read, or holds more than we take. */
export class ICalendarError extends Error {}

const dateOf = (t: ICAL.Time) => `${String(t.year).padStart(4, '0')}-${String(t.month).padStart(2, '0')}-${String(t.day).padStart(2, '0')}`;

/** The local dates [start, end) covers, as one holiday. */
function covering(name: string, start: ICAL.Time, end: ICAL.Time | null): Holiday {
  const from = dateOf(start);
  let last = end ? dateOf(end) : from;
  // An all-day end, or a timed end at midnight, is the first day not covered.
  if (end && (end.isDate || (end.hour === 0 && end.minute === 0 && end.second === 0)) && last > from) {
    last = new Date(Date.parse(`${last}T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10);
  }
  return { name, from, ...(last > from ? { to: last } : {}) };
}

/** Holidays from the text of an .ics file, for events within [fromYear, toYear]. */
export function holidaysFromICal(text: string, fromYear: number, toYear: number): Holiday[] {
  if (Buffer.byteLength(text, 'utf8') > MAX_ICAL_BYTES) throw new ICalendarError('is over 1 MB');
  let root: ICAL.Component;
  try {
    root = new ICAL.Component(ICAL.parse(text) as unknown[]);
  } catch (err) {
    throw new ICalendarError(`is not an iCalendar file: ${err instanceof Error ? err.message : String(err)}`);
  }
  const events = root.getAllSubcomponents('vevent');
  if (events.length > MAX_ICAL_EVENTS) throw new ICalendarError(`has ${events.length} events; at most ${MAX_ICAL_EVENTS} are read`);
  const out: Holiday[] = [];
  const within = (t: ICAL.Time) => t.year >= fromYear && t.year <= toYear;
  let steps = 0;
  for (const component of events) {
    const event = new ICAL.Event(component);
    const name = (event.summary || 'Closed').trim().slice(0, 200) || 'Closed';
    if (!event.startDate) continue;
    if (!event.isRecurring()) {
      if (within(event.startDate)) out.push(covering(name, event.startDate, event.endDate));
    } else {
      const it = event.iterator();
      for (let next = it.next(); next && next.year <= toYear; next = it.next()) {
        if (out.length > MAX_ICAL_EVENTS) break;
        if (++steps > MAX_STEPS) throw new ICalendarError(`repeats its events too often to expand (over ${MAX_STEPS} occurrences)`);
        if (next.year < fromYear) continue;
        const details = event.getOccurrenceDetails(next);
        out.push(covering(name, details.startDate, details.endDate));
      }
    }
    if (out.length > MAX_ICAL_EVENTS) throw new ICalendarError(`holds more than ${MAX_ICAL_EVENTS} events in those years`);
  }
  return out;
}
