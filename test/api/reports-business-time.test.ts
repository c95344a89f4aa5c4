/**
 * The reports in business time (issue 21): time to acknowledge in wall time and in the open time of
 * the commitment's team's calendar, and kept-on-time of a business-time deadline measured against
 * the instant counted on the calendar. Rows are seeded straight into the read model; team Support
 * is on an 08:00–18:00 weekday calendar in Chicago, team Retail has none. Every expected number is
 * worked out by hand from the fixture. January 2026: Chicago is on CST (UTC−6) all month.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { businessTimeBetween } from '../../src/calendars/business-time';
import type { CalendarRules } from '../../src/calendars/model';
import { createCalendar, updateCalendar } from '../../src/calendars/store';
import { openTimeMeter } from '../../src/calendars/business-time';
import { percentileCont } from '../../src/db/reports';
import type { CommitmentFacts, CommitmentState, CommitmentStatus } from '../../src/shared/contract';
import { commitmentState, recordAll } from '../support/commitments';
import { parseCsv } from '../support/csv';
import { ADMIN_KEY, startReadApi, type ReadApi } from '../support/read-api';

const RANGE = 'from=2026-01-05T00:00:00Z&to=2026-01-19T00:00:00Z';
const SUPPORT = { id: 'support', name: 'Support' };
const RETAIL = { id: 'retail', name: 'Retail' };
const HOURS = [{ start: '08:00', end: '18:00' }];
const WEEKDAYS = { mon: HOURS, tue: HOURS, wed: HOURS, thu: HOURS, fri: HOURS };
const CALENDAR = { id: 'support-hours', name: 'Support hours', timeZone: 'America/Chicago', weekly: WEEKDAYS, holidays: [], overrides: [] };

/** Friday Jan 9, 5 PM CST, to Monday Jan 12, 9 AM CST: 64 hours on the wall, 2 open hours (Friday 5–6 PM, Monday 8–9 AM). */
const FRIDAY_5PM = '2026-01-09T23:00:00.000Z';
const MONDAY_9AM = '2026-01-12T15:00:00.000Z';
const H = 3600;

const minus = (iso: string, minutes: number) => new Date(Date.parse(iso) - minutes * 60_000).toISOString();

/** Lapsed (and escalated) at `escalatedAt`; acknowledged by `by` at `acknowledgedAt`, if given. */
function waited(team: typeof SUPPORT, owner: string, escalatedAt: string, acknowledged?: [string, string]): CommitmentState {
  const facts: CommitmentFacts = { extensionCount: 0, reopenCount: 0, lapsedAt: escalatedAt, lapsedOwnerId: owner, escalatedAt };
  if (acknowledged) [facts.acknowledgedBy, facts.acknowledgedAt] = acknowledged;
  return commitmentState({ ownerId: owner, team, status: acknowledged ? 'open' : 'escalated', createdAt: minus(escalatedAt, 120), dueAt: escalatedAt, facts });
}

/**
 * Promised on Friday at 5:50 PM CST for "2 business hours": due Monday at 9:50 AM CST, the instant
 * the API counted on the calendar, pinned with what was asked. Reported done at `doneAt`.
 */
function businessPromise(doneAt: string, onTime: boolean, status: CommitmentStatus = 'fulfilled'): CommitmentState {
  const dueAt = '2026-01-12T15:50:00.000Z';
  return commitmentState({
    ownerId: 'agent-dana',
    team: SUPPORT,
    status,
    createdAt: '2026-01-09T23:50:00.000Z',
    dueAt,
    // The first write of an unmoved deadline: promised_due_at is this instant.
    deadlineNo: 0,
    business: { asked: 'PT2H', calendar: { id: CALENDAR.id, name: CALENDAR.name, version: 1 }, remindAt: '2026-01-12T15:40:00.000Z' },
    facts: { extensionCount: 0, reopenCount: 0, firstFulfilledAt: doneAt, firstFulfilledOnTime: onTime, fulfilledOwnerId: 'agent-dana' },
  });
}

const FIXTURE = [
  // a: Support, over the weekend: 64 wall hours, 2 business hours, taken by Sam.
  waited(SUPPORT, 'agent-dana', FRIDAY_5PM, ['sup-sam', MONDAY_9AM]),
  // b: Retail has no calendar, so open all the time: 64 hours either way.
  waited(RETAIL, 'agent-olga', FRIDAY_5PM, ['sup-olga', MONDAY_9AM]),
  // c: Support, Tuesday 10:00–10:30 AM CST, inside open hours: 30 minutes either way.
  waited(SUPPORT, 'agent-lee', '2026-01-13T16:00:00.000Z', ['lead-ana', '2026-01-13T16:30:00.000Z']),
  // d: Support, escalated Wednesday and not acknowledged yet: in neither median.
  waited(SUPPORT, 'agent-lee', '2026-01-14T16:00:00.000Z'),
  // e, f: a business-time deadline, kept five minutes before it, and missed by twenty.
  businessPromise('2026-01-12T15:45:00.000Z', true),
  businessPromise('2026-01-12T16:10:00.000Z', false),
];

let api: ReadApi;
beforeAll(async () => {
  api = await startReadApi();
  await createCalendar(api.db.pool, CALENDAR);
  await api.db.pool.query('UPDATE teams SET calendar_id = $2 WHERE id = $1', [SUPPORT.id, CALENDAR.id]);
  await recordAll(api.db.pool, FIXTURE);
});
afterAll(() => api?.close());

const pick = (rows: Record<string, unknown>[], keys: string[]) => rows.map((r) => Object.fromEntries(keys.map((k) => [k, r[k]])));
const ACK = ['group', 'acknowledged', 'medianTimeToAcknowledgeSeconds', 'medianTimeToAcknowledgeBusinessSeconds'];

describe('time to acknowledge in business time', () => {
  it("counts a weekend wait as the open time of the team's calendar: 64 wall hours, 2 business hours", async () => {
    const res = await api.get(`/v1/reports/summary?${RANGE}&groupBy=owner`, ADMIN_KEY);
    expect(res.status).toBe(200);
    expect(pick(res.body.rows, ACK)).toEqual([
      { group: 'agent-dana', acknowledged: 1, medianTimeToAcknowledgeSeconds: 64 * H, medianTimeToAcknowledgeBusinessSeconds: 2 * H },
      { group: 'agent-lee', acknowledged: 1, medianTimeToAcknowledgeSeconds: 1800, medianTimeToAcknowledgeBusinessSeconds: 1800 },
      // Retail names no calendar: open all the time, so business time is wall time.
      { group: 'agent-olga', acknowledged: 1, medianTimeToAcknowledgeSeconds: 64 * H, medianTimeToAcknowledgeBusinessSeconds: 64 * H },
    ]);
  });

  it('takes each median over its own values, per team and overall, as percentile_cont does', async () => {
    const byTeam = await api.get(`/v1/reports/summary?${RANGE}&groupBy=team`, ADMIN_KEY);
    expect(pick(byTeam.body.rows, ACK)).toEqual([
      { group: 'retail', acknowledged: 1, medianTimeToAcknowledgeSeconds: 64 * H, medianTimeToAcknowledgeBusinessSeconds: 64 * H },
      // Wall: (64 h + 30 min) / 2. Business: (2 h + 30 min) / 2, not the wall median scaled.
      { group: 'support', acknowledged: 2, medianTimeToAcknowledgeSeconds: 116_100, medianTimeToAcknowledgeBusinessSeconds: 4500 },
    ]);
    const overall = await api.get(`/v1/reports/summary?${RANGE}`, ADMIN_KEY);
    // Wall: 30 min, 64 h, 64 h. Business: 30 min, 2 h, 64 h.
    expect(pick(overall.body.rows, ACK)).toEqual([
      { group: null, acknowledged: 3, medianTimeToAcknowledgeSeconds: 64 * H, medianTimeToAcknowledgeBusinessSeconds: 2 * H },
    ]);
    // Sam, Support's supervisor, sees Support's (and team-less) commitments only.
    const mine = await api.get(`/v1/reports/summary?${RANGE}`);
    expect(pick(mine.body.rows, ACK)).toEqual([
      { group: null, acknowledged: 2, medianTimeToAcknowledgeSeconds: 116_100, medianTimeToAcknowledgeBusinessSeconds: 4500 },
    ]);
  });

  it('gives both medians per supervisor who took the escalations, as JSON and CSV', async () => {
    const res = await api.get(`/v1/reports/acknowledgements?${RANGE}`, ADMIN_KEY);
    expect(res.body.rows).toEqual([
      { supervisor: 'lead-ana', acknowledged: 1, medianSeconds: 1800, p90Seconds: 1800, medianBusinessSeconds: 1800 },
      { supervisor: 'sup-olga', acknowledged: 1, medianSeconds: 64 * H, p90Seconds: 64 * H, medianBusinessSeconds: 64 * H },
      { supervisor: 'sup-sam', acknowledged: 1, medianSeconds: 64 * H, p90Seconds: 64 * H, medianBusinessSeconds: 2 * H },
    ]);
    const csv = await api.get(`/v1/reports/acknowledgements?${RANGE}&format=csv`, ADMIN_KEY);
    expect(parseCsv(csv.body)).toEqual([
      ['supervisor', 'acknowledged', 'medianSeconds', 'p90Seconds', 'medianBusinessSeconds'],
      ['lead-ana', '1', '1800', '1800', '1800'],
      ['sup-olga', '1', '230400', '230400', '230400'],
      ['sup-sam', '1', '230400', '230400', '7200'],
    ]);
  });

  it('puts the business median in the summary CSV beside the wall one', async () => {
    const [json, csv] = await Promise.all([
      api.get(`/v1/reports/summary?${RANGE}&groupBy=team`, ADMIN_KEY),
      api.get(`/v1/reports/summary?${RANGE}&groupBy=team&format=csv`, ADMIN_KEY),
    ]);
    const [header, ...records] = parseCsv(csv.body);
    expect(header).toEqual(Object.keys(json.body.rows[0]));
    const wall = header!.indexOf('medianTimeToAcknowledgeSeconds');
    expect(header?.slice(wall, wall + 2)).toEqual(['medianTimeToAcknowledgeSeconds', 'medianTimeToAcknowledgeBusinessSeconds']);
    expect(records.map((r) => r.slice(wall, wall + 2))).toEqual([
      ['230400', '230400'],
      ['116100', '4500'],
    ]);
  });

  it('documents both medians in the OpenAPI schema', async () => {
    const doc = (await api.call('GET', '/openapi.json', null)).body;
    const summaryRow = doc.components.schemas.SummaryReport.properties.rows.items;
    const ackRow = doc.paths['/v1/reports/acknowledgements'].get.responses['200'].content['application/json'].schema.properties.rows.items;
    expect(summaryRow.required).toEqual(expect.arrayContaining(['medianTimeToAcknowledgeSeconds', 'medianTimeToAcknowledgeBusinessSeconds']));
    expect(summaryRow.properties.medianTimeToAcknowledgeBusinessSeconds).toMatchObject({
      type: ['number', 'null'],
      description: expect.stringContaining('business time'),
    });
    expect(ackRow.required).toEqual(expect.arrayContaining(['medianSeconds', 'medianBusinessSeconds']));
    expect(ackRow.properties.medianBusinessSeconds).toMatchObject({ type: ['number', 'null'], description: expect.stringContaining('business time') });
  });
});

describe('kept on time, for a deadline counted in business time', () => {
  it('is measured against the instant counted on the calendar, in the week that instant falls in', async () => {
    // Promised on Friday the 9th for 2 business hours: due Monday the 12th at 9:50 AM CST, so both
    // count in the week of the 12th (a wall-clock 2 hours would have been due that Friday night).
    const weekly = await api.get(`/v1/reports/weekly?${RANGE}`, ADMIN_KEY);
    expect(weekly.body.rows.filter((r: { group: string }) => r.group === 'support')).toEqual([
      // a: due Friday at 5 PM, lapsed.
      { week: '2026-01-05', group: 'support', promised: 1, keptOnTime: 0, missed: 1, open: 0, keptOnTimeRate: 0 },
      // e kept; f done after 9:50 AM; c and d lapsed.
      { week: '2026-01-12', group: 'support', promised: 4, keptOnTime: 1, missed: 3, open: 0, keptOnTimeRate: 0.25 },
    ]);
    const summary = await api.get(`/v1/reports/summary?${RANGE}&groupBy=team`, ADMIN_KEY);
    expect(summary.body.rows.find((r: { group: string }) => r.group === 'support')).toMatchObject({
      created: 5,
      keptOnTime: 1,
      keptLate: 1,
      lapsed: 3,
      keptOnTimeRate: 0.2,
    });
  });
});

describe("each team's calendar as it is now", () => {
  it('re-reads past waits on the hours the calendar has today, and on none once the team has no calendar', async () => {
    // Support now closes at 5 PM on Fridays: Sam's weekend wait is Monday 8–9 AM only.
    await updateCalendar(api.db.pool, CALENDAR.id, { weekly: { ...WEEKDAYS, fri: [{ start: '08:00', end: '17:00' }] } });
    const sam = async () =>
      (await api.get(`/v1/reports/acknowledgements?${RANGE}`, ADMIN_KEY)).body.rows.find((r: { supervisor: string }) => r.supervisor === 'sup-sam');
    expect(await sam()).toMatchObject({ medianSeconds: 64 * H, medianBusinessSeconds: H });
    await api.db.pool.query('UPDATE teams SET calendar_id = NULL WHERE id = $1', [SUPPORT.id]);
    expect(await sam()).toMatchObject({ medianSeconds: 64 * H, medianBusinessSeconds: 64 * H });
  });
});

describe('the open-time meter behind it', () => {
  /** A night shift across midnight, a holiday and an override, in a zone with DST (the US changes on March 8, 2026). */
  const RULES: CalendarRules = {
    timeZone: 'America/Chicago',
    weekly: { ...WEEKDAYS, sat: [{ start: '22:00', end: '02:00' }] },
    holidays: [{ name: 'Closed', from: '2026-03-02' }],
    overrides: [{ date: '2026-03-10', hours: [{ start: '12:00', end: '13:30' }] }],
  };

  it('measures the same open time as businessTimeBetween between any two instants of its span', () => {
    const from = Date.parse('2026-02-25T00:00:00Z');
    const to = Date.parse('2026-03-20T00:00:00Z');
    const meter = openTimeMeter(RULES, from, to);
    let seed = 7;
    const next = () => (seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647;
    for (let i = 0; i < 200; i++) {
      const a = from + Math.floor(next() * (to - from));
      const b = a + Math.floor(next() * Math.min(to - a, 6 * 86_400_000));
      expect(meter(b) - meter(a), `${new Date(a).toISOString()} → ${new Date(b).toISOString()}`).toBe(businessTimeBetween(RULES, a, b));
    }
    expect(meter(from)).toBe(0);
    expect(meter(to)).toBe(businessTimeBetween(RULES, from, to));
  });

  it('interpolates the median as Postgres does, and has none of nothing', () => {
    expect(percentileCont([], 0.5)).toBeNull();
    expect(percentileCont([5], 0.5)).toBe(5);
    expect(percentileCont([1, 2, 10, 40], 0.5)).toBe(6);
    expect(percentileCont([0, 10], 0.9)).toBe(9);
  });
});
