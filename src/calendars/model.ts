/**
 * A business-hours calendar as the clock reads it (docs/business-hours.md). Types only, so the
 * workflow sandbox can hold a snapshot of one.
 */

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/**
 * Local "HH:MM" times. `end` may be "24:00"; an end at or before the start passes midnight, and
 * the range belongs to the day it starts (a 22:00-02:00 shift on Friday is Friday's).
 */
export interface TimeRange {
  start: string;
  end: string;
}

/** A closed local date, or closed dates from `from` to `to` inclusive. */
export interface Holiday {
  name: string;
  from: string;
  to?: string;
}

/** Other hours on one local date; no hours is closed that day. Wins over the weekday and holidays. */
export interface DateOverride {
  date: string;
  hours: TimeRange[];
  note?: string;
}

/** What the clock needs: the zone, the week, and the dates that differ from it. */
export interface CalendarRules {
  timeZone: string;
  weekly: Partial<Record<Weekday, TimeRange[]>>;
  holidays: Holiday[];
  overrides: DateOverride[];
}

/** A stored calendar: its rules, and the version a commitment pins. */
export interface Calendar extends CalendarRules {
  id: string;
  name: string;
  version: number;
}

/** Which clock a deadline counts on. */
export const DEADLINE_CLOCKS = ['wall', 'business'] as const;
export type DeadlineClock = (typeof DEADLINE_CLOCKS)[number];

/** The deadlines agents say by name: "by close of business today", "by 10 AM next business day". */
export const NAMED_DEADLINES = ['close_of_business', 'next_business_day_10am'] as const;
export type NamedDeadline = (typeof NAMED_DEADLINES)[number];

/** The calendar a business deadline was counted on, pinned with the commitment: which one, and which version of it. */
export interface CalendarPin {
  id: string;
  name: string;
  version: number;
}

/**
 * How a deadline was counted when not on the wall clock: what was asked (open time as an ISO
 * duration such as "PT2H", or a named deadline) and on which calendar. No calendar: the team has
 * none, so it is open all the time and business time is wall time.
 */
export interface BusinessCount {
  asked: string;
  calendar?: CalendarPin;
  /** When the owner is reminded: the reminder's lead counted back in open time from the deadline. */
  remindAt?: string;
  /** When the customer hears how it is going: the midpoint in open time, for promises longer than the check-in threshold. */
  checkInAt?: string;
}
