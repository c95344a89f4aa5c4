/**
 * A deadline as a request asked for it, counted: a wall-clock one is the instant already; a
 * business-time one ("PT2H" of open time, "close of business today", "10 AM next business day")
 * is counted here, in the API, on the owner's team's calendar as it stands now, and the workflow
 * gets the instant and sleeps a durable timer to it (docs/business-hours.md). The calendar's id,
 * name and version go with the deadline, so the answer and the timeline say what it was counted on.
 */
import type { DeadlineAsk, Lead } from '../api/schemas';
import { problems } from '../api/problems';
import type { Queryable } from '../people/store/sql';
import { checkInAfter, reminderLead } from '../core/deadline';
import type { CommitmentView, CountedDue } from '../shared/contract';
import type { CommitmentPolicy } from '../shared/policy';
import {
  addBusinessTime,
  BeyondHorizonError,
  businessTimeBetween,
  closeOfBusiness,
  nextBusinessDayAt,
  NoOpenTimeError,
  subtractBusinessTime,
} from './business-time';
import type { BusinessCount, CalendarRules } from './model';
import { teamCalendar, type CalendarRecord } from './store';

export interface CountedDeadline {
  /** ISO 8601 UTC. */
  dueAt: string;
  lead: Lead;
  business?: BusinessCount;
}

/** Open all the time: how a team without a calendar counts business time (as wall time). */
const ALWAYS_OPEN: CalendarRules = {
  timeZone: 'UTC',
  weekly: Object.fromEntries(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((d) => [d, [{ start: '00:00', end: '24:00' }]])),
  holidays: [],
  overrides: [],
};

type Reminding = Pick<CommitmentPolicy, 'remindBeforeMs' | 'checkInAfterMs'>;
type Business = Exclude<DeadlineAsk, { clock: 'wall' }>;

/**
 * Counts `ask` from `now` on the calendar of `teamId` (none, or no team: open all the time). A
 * named deadline needs real business hours, so a team without a calendar is told to name one.
 */
export async function countDeadline(db: Queryable, teamId: string | undefined, ask: DeadlineAsk, now: number, policy: Reminding): Promise<CountedDeadline> {
  if (ask.clock === 'wall') return { dueAt: ask.dueAt, lead: ask.lead };
  const calendar = teamId === undefined ? undefined : await teamCalendar(db, teamId);
  if (!calendar && ask.pointer === '/dueBy') {
    const team = teamId ? `Team ${teamId} has` : 'This commitment has no team, so it has';
    const detail = `${team} no business-hours calendar, so "${ask.by}" means nothing yet: an admin names one (PATCH /v1/teams/${teamId ?? '{id}'} with "calendar"), or give dueAt or dueIn.`;
    throw problems.unprocessable([{ pointer: ask.pointer, detail: 'needs a team calendar' }], detail);
  }
  return countOn(calendar, ask, now, policy);
}

/**
 * A business deadline when its clock starts again (a pause ends): the open time it had left at
 * `stoppedAt`, counted from `restartAt` on the team's calendar as it is now, with what was asked
 * kept. Undefined for a deadline on the wall clock, which the workflow moves by the pause itself.
 */
export async function countRestOf(
  db: Queryable,
  c: Pick<CommitmentView, 'team' | 'business' | 'dueAt' | 'policy'>,
  stoppedAt: number,
  restartAt: number,
): Promise<CountedDue | undefined> {
  if (!c.business) return undefined;
  const calendar = c.team ? await teamCalendar(db, c.team.id) : undefined;
  const left = businessTimeBetween(calendar ?? ALWAYS_OPEN, stoppedAt, Date.parse(c.dueAt));
  const { dueAt, business } = countOn(calendar, { clock: 'business', pointer: '/dueIn', ms: left, asked: c.business.asked }, restartAt, c.policy);
  return { dueAt, business: business! };
}

/** The counting itself, on a calendar already loaded (none: open all the time). */
export function countOn(calendar: CalendarRecord | undefined, ask: Business, now: number, policy: Reminding): CountedDeadline {
  const rules = calendar ?? ALWAYS_OPEN;
  const name = calendar ? `"${calendar.name}" (${calendar.id})` : 'open all the time';
  const field = { pointer: ask.pointer, detail: '' };
  let at: number;
  try {
    if (ask.pointer === '/dueIn') at = addBusinessTime(rules, now, ask.ms, name);
    else if (ask.by === 'close_of_business') at = closeOfBusiness(rules, now, name);
    else at = nextBusinessDayAt(rules, now, '10:00', name);
  } catch (err) {
    if (err instanceof NoOpenTimeError) throw problems.unprocessable([{ ...field, detail: `the calendar ${name} has no open time` }], err.message);
    if (err instanceof BeyondHorizonError) throw problems.invalid([{ ...field, detail: 'must fall within a year of wall time' }], err.message);
    throw err;
  }
  // The owner's reminder and the customer's check-in fall in open time too, counted in business time.
  const open = ask.pointer === '/dueIn' ? ask.ms : businessTimeBetween(rules, now, at);
  const remindAt = Math.max(now, subtractBusinessTime(rules, at, reminderLead(open, policy.remindBeforeMs)));
  const checkInAt = open > checkInAfter(policy) ? addBusinessTime(rules, now, open / 2, name) : undefined;
  const iso = (t: number) => new Date(t).toISOString();
  const business: BusinessCount = {
    asked: ask.asked,
    ...(calendar ? { calendar: { id: calendar.id, name: calendar.name, version: calendar.version } } : {}),
    remindAt: iso(remindAt),
    ...(checkInAt !== undefined ? { checkInAt: iso(checkInAt) } : {}),
  };
  return { dueAt: iso(at), lead: { pointer: ask.pointer, ms: at - now }, business };
}
