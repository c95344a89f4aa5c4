/**
 * Business-time deadlines end to end: the API counts them on the owner's team's calendar, the
 * commitment pins what was asked and the calendar's version, the workflow keeps the instant and
 * the customer's recap names it. The API's clock stands on a Friday at 5:50 PM in Chicago a week
 * or more ahead (the worker keeps real time, so nothing it owes falls due during the test).
 */
import { describe, expect, it } from 'vitest';
import { findCommitment } from '../../src/db/commitments';
import { ADMIN_KEY, commitmentBody, eventually, OTHER_TEAM_KEY, useHarness } from '../support/harness';

const ZONE = 'America/Chicago';
const fmt = (iso: string, options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('en-US', { timeZone: ZONE, ...options }).format(new Date(iso));
/** "Monday 9:50 AM" in Chicago. */
const local = (iso: string) => `${fmt(iso, { weekday: 'long' })} ${fmt(iso, { hour: 'numeric', minute: '2-digit' })}`;
const dateOf = (iso: string) => fmt(iso, { year: 'numeric', month: '2-digit', day: '2-digit' }).replace(/(\d+)\/(\d+)\/(\d+)/, '$3-$1-$2');

/** The instant a Chicago wall time names (the offset found by asking Intl, so DST is right). */
function chicago(date: string, time: string): Date {
  const guess = Date.parse(`${date}T${time}:00Z`);
  const offsetOf = (t: number) => {
    const p = Object.fromEntries(
      new Intl.DateTimeFormat('en-US', {
        timeZone: ZONE,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
      })
        .formatToParts(new Date(t))
        .map((x) => [x.type, x.value]),
    );
    return Date.parse(`${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:00Z`) - t;
  };
  return new Date(guess - offsetOf(guess - offsetOf(guess)));
}

/** A Friday at least a week ahead, as YYYY-MM-DD in Chicago. */
function fridayAhead(): string {
  const d = new Date(Date.now() + 8 * 24 * 3600_000);
  while (d.getUTCDay() !== 5) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T12:00:00Z`) + n * 24 * 3600_000).toISOString().slice(0, 10);

const FRIDAY = fridayAhead();
const MONDAY = addDays(FRIDAY, 3);
/** The API's clock; undefined: real time, as the worker's. */
let now: Date | undefined = chicago(FRIDAY, '17:50');
const h = useHarness({ clock: () => now ?? new Date() });

const weekdays = [{ start: '08:00', end: '18:00' }];
const HOURS = { mon: weekdays, tue: weekdays, wed: weekdays, thu: weekdays, fri: weekdays };

async function useCalendar(id: string, extra: Record<string, unknown> = {}): Promise<void> {
  const made = await h.api('POST', '/v1/calendars', { key: ADMIN_KEY, body: { id, name: 'Support hours', timeZone: ZONE, weekly: HOURS, ...extra } });
  expect(made.status).toBe(201);
  expect((await h.api('PATCH', '/v1/teams/support', { key: ADMIN_KEY, body: { calendar: id } })).status).toBe(200);
}

let n = 0;
async function create(overrides: Record<string, unknown>) {
  n += 1;
  const customer = { name: `Avery ${n} Stone`, phone: `+1415555${String(4100 + n)}`, timezone: ZONE };
  const { dueIn: _dueIn, ...base } = commitmentBody({ customer });
  return h.api('POST', '/v1/commitments', { body: { ...base, ...overrides } });
}

describe('business-time deadlines', () => {
  it('counts "PT2H business" made on a Friday at 5:50 PM as Monday 9:50 AM, pins the calendar, and tells the customer Monday 9:50', async () => {
    now = chicago(FRIDAY, '17:50');
    await useCalendar('support-hours');
    const res = await create({ dueIn: 'PT2H', clock: 'business' });
    expect(res.status).toBe(201);
    expect(res.body.dueAt).toBe(chicago(MONDAY, '09:50').toISOString());
    expect(local(res.body.dueAt)).toBe('Monday 9:50 AM');
    expect(res.body.business).toMatchObject({ asked: 'PT2H', calendar: { id: 'support-hours', name: 'Support hours', version: 1 } });
    // The owner's reminder is ten minutes of open time before it, on Monday morning, not on Friday night.
    expect(res.body.business.remindAt).toBe(chicago(MONDAY, '09:40').toISOString());
    // Two business hours is no long promise: no check-in over the weekend.
    expect(res.body.business.checkInAt).toBeUndefined();
    const sms = await h.twilio.waitForMessage((m) => m.to === res.body.customer.phone, 15_000);
    expect(sms.body).toMatch(/9:50 AM C[SD]T on Monday/);
    const read = await h.api('GET', `/v1/commitments/${res.body.id}`);
    expect(read.body.business).toEqual(res.body.business);
  });

  it('skips a Monday holiday on the calendar: due Tuesday 9:50 AM, counted on the calendar version that has it', async () => {
    now = chicago(FRIDAY, '17:50');
    const patched = await h.api('PATCH', '/v1/calendars/support-hours', {
      key: ADMIN_KEY,
      body: { holidays: [{ name: 'Closed for inventory', from: MONDAY }] },
    });
    expect(patched.status).toBe(200);
    const res = await create({ dueIn: 'PT2H', clock: 'business' });
    expect(res.status).toBe(201);
    expect(local(res.body.dueAt)).toBe('Tuesday 9:50 AM');
    expect(dateOf(res.body.dueAt)).toBe(addDays(MONDAY, 1));
    expect(res.body.business.calendar.version).toBe(patched.body.version);
  });

  it('names the two deadlines agents say: close of business today, and 10 AM next business day', async () => {
    now = chicago(FRIDAY, '11:00');
    const cob = await create({ dueBy: 'close_of_business' });
    expect(cob.status).toBe(201);
    expect(cob.body.dueAt).toBe(chicago(FRIDAY, '18:00').toISOString());
    expect(cob.body.business.asked).toBe('close_of_business');
    const tomorrow = await create({ dueBy: 'next_business_day_10am' });
    expect(tomorrow.status).toBe(201);
    // Monday is the holiday the previous test added: the next business day is Tuesday.
    expect(tomorrow.body.dueAt).toBe(chicago(addDays(MONDAY, 1), '10:00').toISOString());
  });

  it('extends in business time from now, and tells the customer the new time', async () => {
    now = chicago(FRIDAY, '11:00');
    const made = await create({ dueIn: 'PT1H', clock: 'business' });
    expect(made.status).toBe(201);
    expect(local(made.body.dueAt)).toBe('Friday 12:00 PM');
    const res = await h.api('POST', `/v1/commitments/${made.body.id}/extend`, {
      body: { dueIn: 'PT10H', clock: 'business', reason: 'the bank answers on weekdays' },
    });
    expect(res.status).toBe(200);
    // Ten business hours from now (the API's Friday, 11:00 AM): Friday's last 7, then 3 on Tuesday after the Monday holiday.
    expect(res.body.dueAt).toBe(chicago(addDays(MONDAY, 1), '11:00').toISOString());
    expect(res.body.business).toMatchObject({ asked: 'PT10H', calendar: { id: 'support-hours' } });
    const sms = await h.twilio.waitForMessage((m) => m.to === made.body.customer.phone && m.body.includes('bank answers on weekdays'), 15_000);
    expect(sms.body).toMatch(/11:00 AM C[SD]T on Tuesday/);
  });

  it('moves open deadlines when their calendar changes: the open time used stays used, the rest is counted on the new hours, and the customer hears', async () => {
    now = chicago(FRIDAY, '17:50');
    const made = await create({ dueIn: 'PT2H', clock: 'business' });
    expect(local(made.body.dueAt)).toBe('Tuesday 9:50 AM');
    const pinned = made.body.business.calendar.version;
    // The edit counts again what the read model holds (src/calendars/recount.ts): the API recorded
    // the commitment before its create answered.
    expect(await findCommitment(h.db.pool, made.body.id)).toMatchObject({ dueAt: made.body.dueAt });
    // Monday is open again: ten minutes used on Friday, the hour and fifty left now falls on Monday.
    const patched = await h.api('PATCH', '/v1/calendars/support-hours', { key: ADMIN_KEY, body: { holidays: [] } });
    expect(patched.status).toBe(200);
    expect(patched.body.version).toBe(pinned + 1);
    expect(patched.body.commitments.notReached).toEqual([]);
    expect(patched.body.commitments.moved).toBeGreaterThanOrEqual(2);
    // The first test's promise was counted before the holiday: Monday 9:50 AM stays Monday 9:50 AM.
    expect(patched.body.commitments.unchanged).toBeGreaterThanOrEqual(1);
    // The workflow has it (the PATCH answered once each was told); the read model a moment later.
    const read = await eventually(async () => {
      const r = await h.api('GET', `/v1/commitments/${made.body.id}`);
      return local(r.body.dueAt) === 'Monday 9:50 AM' ? r : undefined;
    });
    expect(read.body.business).toMatchObject({ asked: 'PT2H', calendar: { id: 'support-hours', version: pinned + 1 } });
    const notes = read.body.timeline.map((e: { detail: string }) => e.detail);
    expect(notes).toContainEqual(expect.stringMatching(/^Support hours changed \(version \d+\): the open time already used stays used/));
    const sms = await h.twilio.waitForMessage((m) => m.to === made.body.customer.phone && m.body.includes('opening hours changed'), 15_000);
    expect(sms.body).toMatch(/by 9:50 AM C[SD]T on Monday.*\(not 9:50 AM C[SD]T on Tuesday/);
    // Saving it again changes nobody's deadline: each is counted on this version already.
    const again = await h.api('PATCH', '/v1/calendars/support-hours', { key: ADMIN_KEY, body: { holidays: [] } });
    expect(again.body.commitments).toMatchObject({ moved: 0, notReached: [] });
    // Put the Monday holiday back for the tests after this one.
    expect(
      (await h.api('PATCH', '/v1/calendars/support-hours', { key: ADMIN_KEY, body: { holidays: [{ name: 'Closed for inventory', from: MONDAY }] } })).status,
    ).toBe(200);
  });

  it('refuses what it cannot count: a named deadline on a team with no calendar (422), a clock with dueAt, two deadlines, more than a year', async () => {
    now = chicago(FRIDAY, '11:00');
    const noCalendar = await h.api('POST', '/v1/commitments', {
      key: OTHER_TEAM_KEY,
      body: { ...commitmentBody(), dueIn: undefined, dueBy: 'close_of_business' },
    });
    expect(noCalendar.status).toBe(422);
    expect(noCalendar.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/dueBy']);
    expect(noCalendar.body.detail).toContain('no business-hours calendar');
    const clockWithInstant = await create({ dueAt: new Date(Date.now() + 3600_000).toISOString(), clock: 'business' });
    expect(clockWithInstant.status).toBe(400);
    expect(clockWithInstant.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/clock']);
    const two = await create({ dueIn: 'PT2H', dueBy: 'close_of_business' });
    expect(two.status).toBe(400);
    expect(two.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/dueBy']);
    // 110 days of open time on a 50-hour week is more than a year of weeks.
    const far = await create({ dueIn: 'P110D', clock: 'business' });
    expect(far.status).toBe(400);
    expect(far.body.errors).toEqual([{ pointer: '/dueIn', detail: 'must fall within a year of wall time' }]);
  });

  it('counts business time as wall time for a team without a calendar (open all the time)', async () => {
    now = chicago(FRIDAY, '17:50');
    const res = await h.api('POST', '/v1/commitments', { key: OTHER_TEAM_KEY, body: { ...commitmentBody(), dueIn: 'PT2H', clock: 'business' } });
    expect(res.status).toBe(201);
    expect(Date.parse(res.body.dueAt) - now.getTime()).toBe(2 * 3600_000);
    expect(res.body.business).toEqual({ asked: 'PT2H', remindAt: new Date(now.getTime() + 110 * 60_000).toISOString() });
  });
});

describe('pausing a business-time deadline (API and worker on real time)', () => {
  /** A calendar closed now that opens on two dates ten and twelve days ahead, 8 to 6 Chicago time. */
  const OPENS = addDays(dateOf(new Date().toISOString()), 10);
  const LATER = addDays(OPENS, 2);

  it('moves it not at all over a pause in closed time, and resumes a timed pause with the open time it had left', async () => {
    now = undefined;
    const overrides = [OPENS, LATER].map((date) => ({ date, hours: weekdays }));
    expect(
      (await h.api('POST', '/v1/calendars', { key: ADMIN_KEY, body: { id: 'rarely-open', name: 'Rarely open', timeZone: ZONE, weekly: {}, overrides } }))
        .status,
    ).toBe(201);
    expect((await h.api('PATCH', '/v1/teams/support', { key: ADMIN_KEY, body: { calendar: 'rarely-open' } })).status).toBe(200);
    const made = await create({ dueIn: 'PT2H', clock: 'business' });
    expect(made.status).toBe(201);
    const due = chicago(OPENS, '10:00').toISOString();
    expect(made.body.dueAt).toBe(due);
    const path = `/v1/commitments/${made.body.id}`;
    expect((await h.api('POST', `${path}/pause`, { body: { reason: 'Waiting for the bank statement' } })).status).toBe(200);
    const resumed = await h.api('POST', `${path}/resume`, { body: {} });
    expect(resumed.status).toBe(200);
    // A wall deadline would have moved by the milliseconds paused; no open time passed, so this one stays.
    expect(resumed.body).toMatchObject({ status: 'open', dueAt: due, deadlineNo: 1, business: { asked: 'PT2H', calendar: { id: 'rarely-open' } } });
    const until = new Date(Date.now() + 3600_000).toISOString();
    const timed = await h.api('POST', `${path}/pause`, { body: { reason: 'Waiting for the courier', until } });
    expect(timed.status).toBe(200);
    expect(timed.body.paused.resumeWith).toMatchObject({ dueAt: due, business: { asked: 'PT2H', remindAt: chicago(OPENS, '09:50').toISOString() } });
  });
});
