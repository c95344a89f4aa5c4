import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toCsv } from '../../src/api/reports';
import type { CommitmentFacts, CommitmentState, CommitmentStatus, RootCause, Trigger } from '../../src/shared/contract';
import { commitmentState, recordAll } from '../support/commitments';
import { parseCsv } from '../support/csv';
import { AGENT_KEY, startReadApi, type ReadApi } from '../support/read-api';

/**
 * The fixture: the week of 2026-03-01 and the week before it. Every expected number below was
 * worked out by hand from this table, not by running SQL.
 */
const FROM = '2026-03-01T00:00:00.000Z';
const TO = '2026-03-08T00:00:00.000Z';
/** A staff id with a comma and quotes, so the CSV must quote it. */
const KIM = 'kim, "the closer"';

interface Row {
  owner: string;
  trigger?: Trigger;
  rootCause?: RootCause;
  created: string;
  status: CommitmentStatus;
  /** Seconds from creation to the first fulfilment, and whether that was on time. */
  fulfilled?: [number, boolean];
  lapsed?: boolean;
  acknowledged?: boolean;
  cancelled?: boolean;
  extensions?: number;
  reopens?: number;
  satisfaction?: { answer?: 'yes' | 'no'; rating?: number };
  neededFix?: string;
}

const FIXTURE: Record<string, Row> = {
  // This period.
  c1: {
    owner: 'agent-dana',
    trigger: 'billing_error',
    rootCause: 'bad_automation',
    created: '2026-03-01T09:00:00Z',
    status: 'confirmed',
    fulfilled: [600, true],
    satisfaction: { answer: 'yes', rating: 5 },
  },
  c2: {
    owner: 'agent-dana',
    trigger: 'billing_error',
    rootCause: 'bad_automation',
    created: '2026-03-02T09:00:00Z',
    status: 'confirmed',
    fulfilled: [1200, true],
    extensions: 1,
    satisfaction: { answer: 'yes', rating: 4 },
    neededFix: 'Dedupe card retries',
  },
  c3: {
    owner: 'agent-dana',
    trigger: 'billing_error',
    rootCause: 'bad_automation',
    created: '2026-03-02T10:00:00Z',
    status: 'unconfirmed',
    fulfilled: [7200, false],
    lapsed: true,
    satisfaction: {},
  },
  c4: { owner: 'agent-dana', trigger: 'delay', rootCause: 'staffing_gap', created: '2026-03-03T09:00:00Z', status: 'cancelled', cancelled: true },
  c5: {
    owner: 'agent-lee',
    trigger: 'delay',
    rootCause: 'staffing_gap',
    created: '2026-03-03T10:00:00Z',
    status: 'fulfilled',
    fulfilled: [1800, true],
    extensions: 2,
    reopens: 1,
    satisfaction: { answer: 'no', rating: 2 },
  },
  c6: { owner: 'agent-lee', trigger: 'delay', rootCause: 'staffing_gap', created: '2026-03-04T10:00:00Z', status: 'open' },
  c7: {
    owner: 'agent-lee',
    trigger: 'missed_expectation',
    rootCause: 'unclear_policy',
    created: '2026-03-05T10:00:00Z',
    status: 'open',
    lapsed: true,
    acknowledged: true,
    extensions: 1,
  },
  c8: { owner: 'agent-lee', created: '2026-03-05T12:00:00Z', status: 'fulfilled', fulfilled: [3600, true] },
  c9: {
    owner: KIM,
    trigger: 'billing_error',
    created: '2026-03-06T08:00:00Z',
    status: 'confirmed',
    fulfilled: [5400, false],
    lapsed: true,
    satisfaction: { answer: 'yes', rating: 3 },
  },
  c10: { owner: KIM, trigger: 'handoff_failure', rootCause: 'poor_account_notes', created: '2026-03-07T23:59:59Z', status: 'cancelled', cancelled: true },
  c12: { owner: KIM, trigger: 'billing_error', rootCause: 'bad_automation', created: '2026-03-01T00:00:00Z', status: 'open' },
  // On the boundaries: `to` is excluded from this period, the day before the previous one from it.
  c11: { owner: 'agent-lee', trigger: 'billing_error', rootCause: 'bad_automation', created: '2026-03-08T00:00:00Z', status: 'open' },
  p0: { owner: 'agent-lee', trigger: 'billing_error', rootCause: 'bad_automation', created: '2026-02-21T23:59:59Z', status: 'open' },
  // The previous period, [2026-02-22, 2026-03-01).
  p1: {
    owner: 'agent-dana',
    trigger: 'billing_error',
    rootCause: 'bad_automation',
    created: '2026-02-25T10:00:00Z',
    status: 'confirmed',
    fulfilled: [900, true],
  },
  p2: { owner: 'agent-dana', trigger: 'delay', rootCause: 'staffing_gap', created: '2026-02-26T10:00:00Z', status: 'open' },
  p3: { owner: 'agent-lee', trigger: 'delay', rootCause: 'staffing_gap', created: '2026-02-27T10:00:00Z', status: 'open' },
  p4: { owner: 'agent-lee', trigger: 'delay', rootCause: 'staffing_gap', created: '2026-02-28T23:00:00Z', status: 'open' },
  p5: { owner: KIM, trigger: 'handoff_failure', rootCause: 'other', created: '2026-02-22T00:00:00Z', status: 'open' },
};

const plus = (iso: string, s: number) => new Date(Date.parse(iso) + s * 1000).toISOString();

function toState(r: Row): CommitmentState {
  const created = new Date(r.created).toISOString();
  const due = plus(created, 3600);
  const facts: CommitmentFacts = { extensionCount: r.extensions ?? 0, reopenCount: r.reopens ?? 0 };
  if (r.fulfilled) [facts.firstFulfilledAt, facts.firstFulfilledOnTime] = [plus(created, r.fulfilled[0]), r.fulfilled[1]];
  if (r.lapsed) facts.lapsedAt = facts.escalatedAt = due;
  if (r.acknowledged) facts.acknowledgedAt = plus(due, 300);
  if (r.cancelled) facts.cancelledAt = facts.closedAt = plus(created, 60);
  if (r.satisfaction)
    facts.satisfaction = { askedAt: plus(created, 9000), ...r.satisfaction, ...(r.satisfaction.answer ? { answeredAt: plus(created, 9600) } : {}) };
  return commitmentState({
    ownerId: r.owner,
    status: r.status,
    createdAt: created,
    dueAt: due,
    log: {
      ...(r.trigger ? { trigger: r.trigger } : {}),
      ...(r.rootCause ? { rootCause: r.rootCause } : {}),
      ...(r.neededFix ? { neededFix: r.neededFix } : {}),
    },
    facts,
  });
}

let api: ReadApi;
beforeAll(async () => {
  api = await startReadApi();
  await recordAll(api.db.pool, Object.values(FIXTURE).map(toState));
});
afterAll(async () => {
  await api?.close();
});

const summary = (query: string) => api.get(`/v1/reports/summary?from=${FROM}&to=${TO}${query}`);

describe('GET /v1/reports/summary', () => {
  it('counts outcomes, rates and times over the whole period when not grouped', async () => {
    const res = await summary('');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ from: FROM, to: TO, groupBy: null });
    expect(res.body.rows).toEqual([
      {
        group: null,
        created: 11,
        keptOnTime: 4,
        keptLate: 2,
        lapsed: 3,
        escalated: 3,
        cancelled: 2,
        reopened: 1,
        keptOnTimeRate: 0.5714, // 4 / 7 decided: 6 fulfilled and 3 lapsed, 2 of them fulfilled late; the 2 open and the 2 cancelled are no miss
        medianTimeToFulfilSeconds: 2700, // 600, 1200, 1800 | 3600, 5400, 7200
        p90TimeToFulfilSeconds: 6300, // 5400 + 0.5 × 1800
        extensionsPerCommitment: 0.36, // 4 / 11
        satisfactionAsked: 5,
        satisfactionAnswered: 4,
        satisfactionResponseRate: 0.8,
        averageRating: 3.5,
        acknowledged: 1,
        managerRequests: 0,
        medianTimeToAcknowledgeSeconds: 300, // c7, acknowledged 5 minutes after the lapse
        medianTimeToAcknowledgeBusinessSeconds: 300, // c7 has no team, so no calendar: open all the time
        attemptsPerKeptPromise: 0, // no callback attempt logged on the 6 kept (test/api/reports-attempts.test.ts has some)
        unreachableRate: 0, // 0 of the 7 decided tried and never reached
        customerMoves: 0, // no customer moved a time on their page
      },
    ]);
  });

  it('groups by owner', async () => {
    const res = await summary('&groupBy=owner');
    expect(res.body.rows).toEqual([
      {
        group: 'agent-dana',
        created: 4,
        keptOnTime: 2,
        keptLate: 1,
        lapsed: 1,
        escalated: 1,
        cancelled: 1,
        reopened: 0,
        keptOnTimeRate: 0.6667,
        medianTimeToFulfilSeconds: 1200,
        p90TimeToFulfilSeconds: 6000,
        extensionsPerCommitment: 0.25,
        satisfactionAsked: 3,
        satisfactionAnswered: 2,
        satisfactionResponseRate: 0.6667,
        averageRating: 4.5,
        acknowledged: 0,
        managerRequests: 0,
        medianTimeToAcknowledgeSeconds: null,
        medianTimeToAcknowledgeBusinessSeconds: null,
        attemptsPerKeptPromise: 0,
        unreachableRate: 0,
        customerMoves: 0,
      },
      {
        group: 'agent-lee',
        created: 4,
        keptOnTime: 2,
        keptLate: 0,
        lapsed: 1,
        escalated: 1,
        cancelled: 0,
        reopened: 1,
        keptOnTimeRate: 0.6667, // 2 / 3: one is still open
        medianTimeToFulfilSeconds: 2700,
        p90TimeToFulfilSeconds: 3420,
        extensionsPerCommitment: 0.75,
        satisfactionAsked: 1,
        satisfactionAnswered: 1,
        satisfactionResponseRate: 1,
        averageRating: 2,
        acknowledged: 1,
        managerRequests: 0,
        medianTimeToAcknowledgeSeconds: 300,
        medianTimeToAcknowledgeBusinessSeconds: 300,
        attemptsPerKeptPromise: 0,
        unreachableRate: 0,
        customerMoves: 0,
      },
      {
        group: KIM,
        created: 3,
        keptOnTime: 0,
        keptLate: 1,
        lapsed: 1,
        escalated: 1,
        cancelled: 1,
        reopened: 0,
        keptOnTimeRate: 0,
        medianTimeToFulfilSeconds: 5400,
        p90TimeToFulfilSeconds: 5400,
        extensionsPerCommitment: 0,
        satisfactionAsked: 1,
        satisfactionAnswered: 1,
        satisfactionResponseRate: 1,
        averageRating: 3,
        acknowledged: 0,
        managerRequests: 0,
        medianTimeToAcknowledgeSeconds: null,
        medianTimeToAcknowledgeBusinessSeconds: null,
        attemptsPerKeptPromise: 0,
        unreachableRate: 0,
        customerMoves: 0,
      },
    ]);
  });

  it("groups by trigger, an unlogged trigger as 'unrecorded', and has no rate where nothing counts", async () => {
    const res = await summary('&groupBy=trigger');
    const byGroup = Object.fromEntries((res.body.rows as any[]).map((r) => [r.group, r]));
    expect(Object.keys(byGroup)).toEqual(['billing_error', 'delay', 'handoff_failure', 'missed_expectation', 'unrecorded']);
    expect(byGroup.billing_error).toMatchObject({
      created: 5,
      keptOnTime: 2,
      keptLate: 2,
      lapsed: 2,
      keptOnTimeRate: 0.5, // 2 / 4 decided: 2 of its 4 fulfilled lapsed first
      medianTimeToFulfilSeconds: 3300,
      p90TimeToFulfilSeconds: 6660,
      extensionsPerCommitment: 0.2,
      satisfactionAsked: 4,
      satisfactionAnswered: 3,
      satisfactionResponseRate: 0.75,
      averageRating: 4,
    });
    expect(byGroup.delay).toMatchObject({
      created: 3,
      keptOnTime: 1,
      cancelled: 1,
      reopened: 1,
      keptOnTimeRate: 1, // 1 / 1 decided: one is open, one cancelled
      medianTimeToFulfilSeconds: 1800,
      extensionsPerCommitment: 0.67,
      averageRating: 2,
    });
    expect(byGroup.handoff_failure).toMatchObject({
      created: 1,
      cancelled: 1,
      keptOnTimeRate: null,
      medianTimeToFulfilSeconds: null,
      satisfactionResponseRate: null,
      averageRating: null,
    });
    expect(byGroup.missed_expectation).toMatchObject({ created: 1, lapsed: 1, escalated: 1, keptOnTimeRate: 0, extensionsPerCommitment: 1 });
    expect(byGroup.unrecorded).toMatchObject({ created: 1, keptOnTime: 1, keptOnTimeRate: 1, medianTimeToFulfilSeconds: 3600 });
  });

  it('returns the same numbers as CSV with a header row, quoting what needs it', async () => {
    const [json, csv] = await Promise.all([summary('&groupBy=owner'), summary('&groupBy=owner&format=csv')]);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(csv.body).toContain(`"kim, ""the closer"""`);
    const [header, ...records] = parseCsv(csv.body);
    expect(header).toEqual(Object.keys(json.body.rows[0]));
    expect(records).toEqual(
      (json.body.rows as Record<string, string | number | null>[]).map((r) => Object.values(r).map((v) => (v === null ? '' : String(v)))),
    );
  });

  it('refuses an agent, and a period without from, or ending before it starts', async () => {
    expect((await api.get(`/v1/reports/summary?from=${FROM}&to=${TO}`, AGENT_KEY)).status).toBe(403);
    const missing = await api.get(`/v1/reports/summary?to=${TO}&groupBy=planet`);
    expect(missing.status).toBe(400);
    expect((missing.body.errors as any[]).map((e) => e.pointer).sort()).toEqual(['/query/from', '/query/groupBy']);
    const backwards = await api.get(`/v1/reports/summary?from=${TO}&to=${FROM}`);
    expect(backwards.body.errors).toEqual([{ pointer: '/query/to', detail: 'must be after from' }]);
  });
});

describe('GET /v1/reports/patterns', () => {
  const EXPECTED = [
    { trigger: 'billing_error', rootCause: 'bad_automation', count: 4, lapsed: 1, neededFixes: 1, previousCount: 1, delta: 3 },
    { trigger: 'delay', rootCause: 'staffing_gap', count: 3, lapsed: 0, neededFixes: 0, previousCount: 3, delta: 0 },
    { trigger: 'billing_error', rootCause: 'unrecorded', count: 1, lapsed: 1, neededFixes: 0, previousCount: 0, delta: 1 },
    { trigger: 'handoff_failure', rootCause: 'poor_account_notes', count: 1, lapsed: 0, neededFixes: 0, previousCount: 0, delta: 1 },
    { trigger: 'missed_expectation', rootCause: 'unclear_policy', count: 1, lapsed: 1, neededFixes: 0, previousCount: 0, delta: 1 },
    { trigger: 'unrecorded', rootCause: 'unrecorded', count: 1, lapsed: 0, neededFixes: 0, previousCount: 0, delta: 1 },
    { trigger: 'handoff_failure', rootCause: 'other', count: 0, lapsed: 0, neededFixes: 0, previousCount: 1, delta: -1 },
  ];

  it('counts trigger × root cause, largest first, against the previous period of the same length', async () => {
    const res = await api.get(`/v1/reports/patterns?from=${FROM}&to=${TO}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ from: FROM, to: TO, previousFrom: '2026-02-22T00:00:00.000Z', rows: EXPECTED });
  });

  it('returns the same rows as CSV, parsed back', async () => {
    const res = await api.get(`/v1/reports/patterns?from=${FROM}&to=${TO}&format=csv`);
    expect(res.headers.get('content-disposition')).toContain('attachment');
    expect(parseCsv(res.body)).toEqual([
      ['trigger', 'rootCause', 'count', 'lapsed', 'neededFixes', 'previousCount', 'delta'],
      ...EXPECTED.map((r) => [r.trigger, r.rootCause, String(r.count), String(r.lapsed), String(r.neededFixes), String(r.previousCount), String(r.delta)]),
    ]);
  });
});

describe('CSV encoding', () => {
  it('round-trips commas, quotes, line breaks and empty cells through an RFC 4180 reader', () => {
    const rows = [['plain', 'a,b', 'say "hi"', 'two\r\nlines', null, 42, -1.5]];
    const text = toCsv(['a', 'b', 'c', 'd', 'e', 'f', 'g'], rows);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(parseCsv(text)).toEqual([
      ['a', 'b', 'c', 'd', 'e', 'f', 'g'],
      ['plain', 'a,b', 'say "hi"', 'two\r\nlines', '', '42', '-1.5'],
    ]);
  });

  it('defuses text a spreadsheet would run as a formula, and leaves negative numbers alone', () => {
    const text = toCsv(
      ['owner', 'n'],
      [
        ['=HYPERLINK("http://evil","x")', -3],
        ['+1-555', 1],
        ['@sum', 2],
      ],
    );
    expect(parseCsv(text).slice(1)).toEqual([
      ['\'=HYPERLINK("http://evil","x")', '-3'],
      ["'+1-555", '1'],
      ["'@sum", '2'],
    ]);
  });

  it.each([
    ['x;=1+2', "x;'=1+2", 'where Excel splits cells on ;'],
    ['x\t=1+2', "x\t'=1+2", 'where cells split on tabs'],
    ['x|@SUM(A1)', "x|'@SUM(A1)", 'where cells split on |'],
    ["=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0", 'as a DDE command'],
    ['  -2+3', "  '-2+3", 'after leading spaces'],
    ['\uff1d1+2', "'\uff1d1+2", 'as a full-width ='],
    ['\tleading tab', "'\tleading tab", 'as a leading tab'],
    ['a, =1+2', "a, '=1+2", 'after a comma inside the cell'],
  ])('defuses %j %s: the formula start gets a quote mark and the cell stays one cell', (owner, defused) => {
    const text = toCsv(['owner', 'n'], [[owner, 1]]);
    expect(parseCsv(text).slice(1)).toEqual([[defused, '1']]);
    // Quoted whenever a separator of any locale is inside, so no reader splits it.
    if (/[;\t|,]/.test(owner)) expect(text).toContain(`"${defused}"`);
  });

  it('leaves ordinary text alone: hyphens and at-signs inside words, addresses, dates', () => {
    const cells = ['sup-sam', 'dana@example.com', '2026-11-22', 'Call back - refund'];
    expect(parseCsv(toCsv(cells, [cells]))).toEqual([cells, cells]);
  });
});
