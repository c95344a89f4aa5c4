/**
 * The report series behind the console's charts, as JSON and as the CSV each chart downloads:
 * kept on time by week of the deadline (per team or owner), the satisfaction check, time to acknowledge.
 * Expected numbers are worked out by hand from the fixture.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommitmentFacts } from '../../src/shared/contract';
import { recordCommitment } from '../../src/db/commitments';
import { commitmentState, recordAll } from '../support/commitments';
import { parseCsv } from '../support/csv';
import { ADMIN_KEY, AGENT_KEY, startReadApi, type ReadApi } from '../support/read-api';

let api: ReadApi;
const RANGE = 'from=2026-03-02T00:00:00Z&to=2026-03-16T00:00:00Z';
const SUPPORT = { id: 'support', name: 'Support' };
const BILLING = { id: 'billing', name: 'Billing' };
const plus = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();

function row(createdAt: string, team: typeof SUPPORT, status: 'open' | 'confirmed' | 'unconfirmed' | 'cancelled', facts: Partial<CommitmentFacts>) {
  return commitmentState({ createdAt, team, status, facts: { extensionCount: 0, reopenCount: 0, ...facts } });
}
const kept = (at: string) => ({ firstFulfilledAt: plus(at, 30), firstFulfilledOnTime: true, fulfilledOwnerId: 'agent-dana' });
const asked = (at: string, answer?: 'yes' | 'no', rating?: number) => ({
  satisfaction: { askedAt: plus(at, 90), ...(answer ? { answer } : {}), ...(rating ? { rating } : {}) },
});
const rescued = (at: string, waitMinutes: number) => ({
  lapsedAt: plus(at, 60),
  lapsedOwnerId: 'agent-dana',
  escalatedAt: plus(at, 60),
  acknowledgedAt: plus(at, 60 + waitMinutes),
  acknowledgedBy: 'sup-sam',
});

const W1 = '2026-03-03T10:00:00Z';
const W2 = '2026-03-10T10:00:00Z';
const FIXTURE = [
  row(W1, SUPPORT, 'confirmed', { ...kept(W1), ...asked(W1, 'yes', 5) }),
  row(W1, SUPPORT, 'confirmed', { ...kept(W1), ...asked(W1, 'yes', 4), reopenCount: 1 }),
  row(W1, SUPPORT, 'open', rescued(W1, 10)),
  row(W1, SUPPORT, 'cancelled', { cancelledAt: plus(W1, 5) }),
  row(W1, BILLING, 'unconfirmed', { ...kept(W1), ...asked(W1) }),
  row(W2, SUPPORT, 'open', rescued(W2, 30)),
  // Outside the range: counted nowhere.
  row('2026-03-16T00:00:00Z', SUPPORT, 'confirmed', { ...kept('2026-03-16T00:00:00Z'), ...asked('2026-03-16T00:00:00Z', 'yes', 1) }),
];

beforeAll(async () => {
  api = await startReadApi();
  await recordAll(api.db.pool, FIXTURE);
});
afterAll(() => api?.close());

describe('the report chart series', () => {
  it('gives the kept-on-time rate per week and team, withdrawn promises left out', async () => {
    const res = await api.get(`/v1/reports/weekly?${RANGE}`, ADMIN_KEY);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ groupBy: 'team', from: '2026-03-02T00:00:00.000Z' });
    expect(res.body.rows).toEqual([
      { week: '2026-03-02', group: 'billing', promised: 1, keptOnTime: 1, missed: 0, open: 0, keptOnTimeRate: 1 },
      { week: '2026-03-02', group: 'support', promised: 3, keptOnTime: 2, missed: 1, open: 0, keptOnTimeRate: 0.6667 },
      { week: '2026-03-09', group: 'support', promised: 1, keptOnTime: 0, missed: 1, open: 0, keptOnTimeRate: 0 },
    ]);
    const byOwner = await api.get(`/v1/reports/weekly?${RANGE}&groupBy=owner`, ADMIN_KEY);
    expect(byOwner.body.rows.map((r: any) => [r.week, r.group, r.promised])).toEqual([
      ['2026-03-02', 'agent-dana', 4],
      ['2026-03-09', 'agent-dana', 1],
    ]);
  });

  it('counts decided promises in the week each was first due: missing nothing reads 100% mid-week, open ones apart', async () => {
    // Team Care in April 2026, seen on Wednesday the 15th: everything due so far was kept.
    const CARE = { id: 'care', name: 'Care' };
    type Status = 'open' | 'confirmed' | 'cancelled';
    const promise = (createdAt: string, dueAt: string, facts: Partial<CommitmentFacts> = {}, status: Status = 'open') =>
      commitmentState({ createdAt, dueAt, team: CARE, status, deadlineNo: 0, facts: { extensionCount: 0, reopenCount: 0, ...facts } });
    const keptBy = (dueAt: string) => ({ firstFulfilledAt: plus(dueAt, -30), firstFulfilledOnTime: true, fulfilledOwnerId: 'agent-dana' });
    const extended = promise('2026-04-09T15:00:00Z', '2026-04-10T15:00:00Z');
    await recordAll(api.db.pool, [
      promise('2026-04-06T09:00:00Z', '2026-04-07T09:00:00Z', keptBy('2026-04-07T09:00:00Z'), 'confirmed'),
      promise('2026-04-06T10:00:00Z', '2026-04-07T10:00:00Z', keptBy('2026-04-07T10:00:00Z'), 'confirmed'),
      // Made the week before, due this one: it counts where it was due.
      promise('2026-04-03T10:00:00Z', '2026-04-08T10:00:00Z', keptBy('2026-04-08T10:00:00Z'), 'confirmed'),
      promise('2026-04-06T11:00:00Z', '2026-04-09T11:00:00Z', { cancelledAt: '2026-04-08T11:00:00Z' }, 'cancelled'),
      extended,
      promise('2026-04-13T08:00:00Z', '2026-04-13T14:00:00Z', keptBy('2026-04-13T14:00:00Z'), 'confirmed'),
      promise('2026-04-14T08:00:00Z', '2026-04-16T08:00:00Z'),
      promise('2026-04-14T09:00:00Z', '2026-04-17T09:00:00Z'),
      promise('2026-04-14T10:00:00Z', '2026-04-21T10:00:00Z'),
    ]);
    // Extended into the next week and still open: it stays in the week it was promised for, undecided.
    const facts = { ...extended.facts, extensionCount: 1 };
    const later = { ...extended, version: 2, deadlineNo: 1, dueAt: '2026-04-14T15:00:00Z', facts };
    await recordCommitment(api.db.pool, later, []);

    const res = await api.get('/v1/reports/weekly?from=2026-04-06T00:00:00Z&to=2026-04-27T00:00:00Z', ADMIN_KEY);
    expect(res.status).toBe(200);
    expect(res.body.rows.filter((r: { group: string }) => r.group === 'care')).toEqual([
      { week: '2026-04-06', group: 'care', promised: 4, keptOnTime: 3, missed: 0, open: 1, keptOnTimeRate: 1 },
      { week: '2026-04-13', group: 'care', promised: 3, keptOnTime: 1, missed: 0, open: 2, keptOnTimeRate: 1 },
      { week: '2026-04-20', group: 'care', promised: 1, keptOnTime: 0, missed: 0, open: 1, keptOnTimeRate: null },
    ]);
  });

  it("shows a supervisor their own team's weeks only, and an admin every team's", async () => {
    const mine = await api.get(`/v1/reports/weekly?${RANGE}`);
    expect(mine.body.rows.map((r: any) => r.group)).toEqual(['support', 'support']);
  });

  it('gives the satisfaction check’s outcomes and the spread of ratings', async () => {
    const res = await api.get(`/v1/reports/satisfaction?${RANGE}`, ADMIN_KEY);
    expect(res.body).toMatchObject({ asked: 3, confirmed: 2, unconfirmed: 1, reopened: 1 });
    expect(res.body.ratings).toEqual([1, 2, 3, 4, 5].map((rating) => ({ rating, count: rating >= 4 ? 1 : 0 })));
  });

  it('gives how long escalations waited for each supervisor who took them', async () => {
    const res = await api.get(`/v1/reports/acknowledgements?${RANGE}`, ADMIN_KEY);
    // Neither team names a calendar here, so business time is wall time (test/api/reports-business-time.test.ts has calendars).
    expect(res.body.rows).toEqual([{ supervisor: 'sup-sam', acknowledged: 2, medianSeconds: 1200, p90Seconds: 1680, medianBusinessSeconds: 1200 }]);
  });

  it('downloads each as CSV with a header row', async () => {
    const weekly = await api.get(`/v1/reports/weekly?${RANGE}&format=csv`, ADMIN_KEY);
    expect(weekly.headers.get('content-type')).toContain('text/csv');
    expect(weekly.headers.get('content-disposition')).toMatch(/^attachment; filename="?kept-by-week-team-.*\.csv"?$/);
    expect(parseCsv(weekly.body)).toEqual([
      ['week', 'team', 'promised', 'keptOnTime', 'missed', 'open', 'keptOnTimeRate'],
      ['2026-03-02', 'billing', '1', '1', '0', '0', '1'],
      ['2026-03-02', 'support', '3', '2', '1', '0', '0.6667'],
      ['2026-03-09', 'support', '1', '0', '1', '0', '0'],
    ]);
    const satisfaction = parseCsv((await api.get(`/v1/reports/satisfaction?${RANGE}&format=csv`, ADMIN_KEY)).body);
    expect(satisfaction.slice(0, 5)).toEqual([
      ['measure', 'count'],
      ['asked', '3'],
      ['confirmed', '2'],
      ['unconfirmed', '1'],
      ['reopened', '1'],
    ]);
    expect(satisfaction[9]).toEqual(['rating 5', '1']);
    expect(parseCsv((await api.get(`/v1/reports/acknowledgements?${RANGE}&format=csv`, ADMIN_KEY)).body)).toEqual([
      ['supervisor', 'acknowledged', 'medianSeconds', 'p90Seconds', 'medianBusinessSeconds'],
      ['sup-sam', '2', '1200', '1680', '1200'],
    ]);
  });

  it('is for supervisors, and names each bad parameter as the summary does', async () => {
    for (const path of ['weekly', 'satisfaction', 'acknowledgements']) expect((await api.get(`/v1/reports/${path}?${RANGE}`, AGENT_KEY)).status).toBe(403);
    const cases: [string, string[]][] = [
      ['/v1/reports/weekly?to=2026-03-16T00:00:00Z', ['/query/from']],
      [`/v1/reports/weekly?${RANGE}&groupBy=trigger`, ['/query/groupBy']],
      ['/v1/reports/satisfaction?from=2026-03-16T00:00:00Z&to=2026-03-02T00:00:00Z', ['/query/to']],
      [`/v1/reports/acknowledgements?${RANGE}&format=xlsx&extra=1`, ['/query/format', '/query/extra']],
    ];
    for (const [path, pointers] of cases) {
      const res = await api.get(path);
      expect(res.status, path).toBe(400);
      expect(res.body.errors.map((e: { pointer: string }) => e.pointer).sort(), path).toEqual(pointers.sort());
    }
  });
});
