/**
 * Deadlines as the console's forms ask for them (create, acknowledge, extend): a duration on the
 * wall clock or in business hours, or a deadline by name, always in business hours
 * (docs/business-hours.md); and how a deadline counted in business time is said beside it. No
 * DOM here: the action specs, and their unit tests, use it too.
 */
import type { Commitment } from '../../api/resource';
import { NAMED_DEADLINES, type NamedDeadline } from '../../calendars/model';
import { parseDurationMs } from '../../shared/duration';
import { counted } from './words';

/** The named deadlines, offered after the durations; always counted on the team's calendar. */
export const NAMED: [NamedDeadline, string][] = [
  ['close_of_business', 'by close of business today'],
  ['next_business_day_10am', 'by 10 AM next business day'],
];

/** What a duration counts: every hour, or only the hours the team is open. */
export const CLOCKS: [string, string][] = [
  ['wall', 'Wall clock'],
  ['business', 'Business hours'],
];

export const CLOCK_LABEL = 'Clock';
export const CLOCK_HINT =
  "Business hours count only while the team's calendar is open (a day is 24 open hours); a team without a calendar is open all the time.";

/** A deadline by name was chosen. */
export const isNamed = (choice: string): choice is NamedDeadline => (NAMED_DEADLINES as readonly string[]).includes(choice);

/** A duration was chosen (not a deadline by name, nor a time): the clock applies to it. */
export const isDuration = (choice: string): boolean => parseDurationMs(choice) !== undefined;

/**
 * A request's deadline fields for what was chosen: a named deadline as `dueBy`, a duration as
 * `dueIn`, with `clock` only when it counts business hours (the API's default is the wall clock).
 */
export function deadlineFields(choice: string, clock?: string): { dueBy: NamedDeadline } | { dueIn: string; clock?: 'business' } {
  if (isNamed(choice)) return { dueBy: choice };
  return clock === 'business' ? { dueIn: choice, clock: 'business' } : { dueIn: choice };
}

const ASKED: Record<NamedDeadline, string> = { close_of_business: 'close of business', next_business_day_10am: '10 AM next business day' };

/** "2 business hours", "45 business minutes", "1 h 30 min of business time", "close of business". */
export function askedText(asked: string): string {
  if (isNamed(asked)) return ASKED[asked];
  const ms = parseDurationMs(asked);
  if (ms === undefined) return asked;
  const minutes = Math.round(ms / 60_000);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (!minutes) return counted(Math.round(ms / 1000), 'business second');
  if (!m) return counted(h, 'business hour');
  if (!h) return counted(m, 'business minute');
  return `${h} h ${m} min of business time`;
}

/**
 * How a deadline counted in business time was counted: "2 business hours on Billing hours, v3",
 * "close of business on Billing hours, v3"; without a calendar, business time was wall time.
 */
export function businessText(business: NonNullable<Commitment['business']>): string {
  const cal = business.calendar;
  const on = cal ? ` on ${cal.name}, v${cal.version}` : '; the team has no calendar, so open all the time';
  return `${askedText(business.asked)}${on}`;
}
