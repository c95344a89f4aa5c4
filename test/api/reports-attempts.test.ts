/**
 * Callback attempts (issue 24) in the summary report and on the board: attempts per kept promise,
 * the unreachable rate (decided promises tried and never reached), and each board item's count and
 * latest attempt. Rows are seeded straight into the read model through the activities' own writer,
 * which also writes the attempt fact columns; every expected number is worked out by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttemptOutcome, CallbackAttempt, CommitmentFacts, CommitmentState, CommitmentStatus } from '../../src/shared/contract';
import { commitmentState, recordAll } from '../support/commitments';
import { parseCsv } from '../support/csv';
import { startReadApi, type ReadApi } from '../support/read-api';

/** A week in June 2025, far from the board's "now". */
const FROM = '2025-06-02T00:00:00.000Z';
const TO = '2025-06-09T00:00:00.000Z';
const RANGE = `from=${FROM}&to=${TO}`;

const plus = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();
/** Attempts logged 10 minutes apart after `start`, the first with a note. */
const tries = (start: string, ...outcomes: AttemptOutcome[]): CallbackAttempt[] =>
  outcomes.map((outcome, i) => ({ at: plus(start, 10 * (i + 1)), outcome, by: 'agent-dana', ...(i === 0 ? { note: 'Rang out' } : {}) }));

interface Row {
  owner: string;
  created: string;
  status: CommitmentStatus;
  /** Done this many minutes after creation, on time or not. */
  kept?: [number, boolean];
  lapsed?: boolean;
  cancelled?: boolean;
  attempts: AttemptOutcome[];
  /** Times the customer moved it on their page. */
  moves?: number;
}

const REPORTED = {
  // Dana: two kept on time, one after two calls (the second got through), one with no call at all.
  k1: { owner: 'agent-dana', created: '2025-06-02T09:00:00Z', status: 'confirmed', kept: [40, true], attempts: ['no_answer', 'reached'] },
  k2: { owner: 'agent-dana', created: '2025-06-03T09:00:00Z', status: 'confirmed', kept: [20, true], attempts: [], moves: 2 },
  // Lee: lapsed after two calls that did not get through: unreachable. Still open, and cancelled,
  // after failed calls: neither is decided, so neither counts.
  l1: { owner: 'agent-lee', created: '2025-06-03T10:00:00Z', status: 'escalated', lapsed: true, attempts: ['no_answer', 'voicemail'] },
  l2: { owner: 'agent-lee', created: '2025-06-04T10:00:00Z', status: 'open', attempts: ['busy'] },
  l3: { owner: 'agent-lee', created: '2025-06-04T11:00:00Z', status: 'cancelled', cancelled: true, attempts: ['no_answer'] },
  // Kim: kept late after a lapse with only failed calls (done by email, say): kept, and unreachable.
  // Lapsed after reaching the customer once: tried, but reached.
  m1: { owner: 'agent-kim', created: '2025-06-05T10:00:00Z', status: 'fulfilled', kept: [120, false], lapsed: true, attempts: ['busy', 'wrong_number'] },
  m2: { owner: 'agent-kim', created: '2025-06-05T12:00:00Z', status: 'escalated', lapsed: true, attempts: ['reached', 'no_answer'], moves: 1 },
  // Outside the range: `to` is excluded.
  out: { owner: 'agent-dana', created: TO, status: 'confirmed', kept: [30, true], attempts: ['no_answer', 'no_answer', 'no_answer'] },
} satisfies Record<string, Row>;

function toState(r: Row): CommitmentState {
  const created = new Date(r.created).toISOString();
  const due = plus(created, 60);
  const facts: CommitmentFacts = { extensionCount: 0, reopenCount: 0 };
  if (r.kept) [facts.firstFulfilledAt, facts.firstFulfilledOnTime, facts.fulfilledOwnerId] = [plus(created, r.kept[0]), r.kept[1], r.owner];
  if (r.lapsed) [facts.lapsedAt, facts.escalatedAt, facts.lapsedOwnerId] = [due, due, r.owner];
  if (r.cancelled) facts.cancelledAt = facts.closedAt = plus(created, 90);
  if (r.moves) facts.customerMoves = r.moves;
  return commitmentState({
    ownerId: r.owner,
    status: r.status,
    createdAt: created,
    dueAt: due,
    facts,
    ...(r.attempts.length ? { attempts: tries(created, ...r.attempts) } : {}),
  });
}

const STATES = Object.fromEntries(Object.entries(REPORTED).map(([k, r]) => [k, toState(r)])) as Record<keyof typeof REPORTED, CommitmentState>;

const now = Date.now();
const at = (ms: number) => new Date(ms).toISOString();
const MIN = 60_000;
/** On the board now: at risk, one after two failed calls and one never called. */
const BOARD = {
  tried: commitmentState({
    ownerId: 'agent-lee',
    createdAt: at(now - 60 * MIN),
    dueAt: at(now + 20 * MIN),
    attempts: [
      { at: at(now - 30 * MIN), outcome: 'no_answer', by: 'agent-lee', note: 'Rang out, no voicemail box' },
      { at: at(now - 5 * MIN), outcome: 'voicemail', by: 'agent-lee' },
    ],
  }),
  untried: commitmentState({ ownerId: 'agent-lee', createdAt: at(now - 60 * MIN), dueAt: at(now + 25 * MIN) }),
};

let api: ReadApi;
beforeAll(async () => {
  api = await startReadApi();
  await recordAll(api.db.pool, [...Object.values(STATES), ...Object.values(BOARD)]);
});
afterAll(() => api?.close());

const FIGURES = ['group', 'keptOnTime', 'keptLate', 'lapsed', 'attemptsPerKeptPromise', 'unreachableRate', 'customerMoves'] as const;
const pick = (rows: Record<string, unknown>[]) => rows.map((r) => Object.fromEntries(FIGURES.map((k) => [k, r[k]])));

describe('callback attempts in the summary report', () => {
  it('gives attempts per kept promise and the share of decided promises tried and never reached', async () => {
    const res = await api.get(`/v1/reports/summary?${RANGE}`);
    expect(res.status).toBe(200);
    expect(pick(res.body.rows)).toEqual([
      // Kept: k1 (2 calls), k2 (none), m1 (2 calls): 4 / 3. Decided: k1, k2, l1, m1, m2; never reached: l1, m1.
      // Customers moved the time 3 times (k2 twice, m2 once): counted apart, not as extensions.
      { group: null, keptOnTime: 2, keptLate: 1, lapsed: 3, attemptsPerKeptPromise: 1.33, unreachableRate: 0.4, customerMoves: 3 },
    ]);
  });

  it('counts them per owner: a kept promise with two calls and one with none make 1 a kept promise', async () => {
    const res = await api.get(`/v1/reports/summary?${RANGE}&groupBy=owner`);
    expect(pick(res.body.rows)).toEqual([
      { group: 'agent-dana', keptOnTime: 2, keptLate: 0, lapsed: 0, attemptsPerKeptPromise: 1, unreachableRate: 0, customerMoves: 2 },
      { group: 'agent-kim', keptOnTime: 0, keptLate: 1, lapsed: 2, attemptsPerKeptPromise: 2, unreachableRate: 0.5, customerMoves: 1 },
      // Nothing kept: no figure rather than 0. The open and the cancelled one, tried, are not decided.
      { group: 'agent-lee', keptOnTime: 0, keptLate: 0, lapsed: 1, attemptsPerKeptPromise: null, unreachableRate: 1, customerMoves: 0 },
    ]);
  });

  it('puts the figures in the CSV, after the columns it had before', async () => {
    const [json, csv] = await Promise.all([
      api.get(`/v1/reports/summary?${RANGE}&groupBy=owner`),
      api.get(`/v1/reports/summary?${RANGE}&groupBy=owner&format=csv`),
    ]);
    const [header, ...records] = parseCsv(csv.body);
    expect(header).toEqual(Object.keys(json.body.rows[0]));
    expect(header?.slice(-4)).toEqual(['medianTimeToAcknowledgeBusinessSeconds', 'attemptsPerKeptPromise', 'unreachableRate', 'customerMoves']);
    expect(records.map((r) => [r[0], ...r.slice(-3)])).toEqual([
      ['agent-dana', '1', '0', '2'],
      ['agent-kim', '2', '0.5', '1'],
      ['agent-lee', '', '1', '0'],
    ]);
  });

  it('documents both figures in the OpenAPI schema', async () => {
    const doc = (await api.call('GET', '/openapi.json', null)).body;
    const row = doc.components.schemas.SummaryReport.properties.rows.items;
    expect(row.required).toEqual(expect.arrayContaining(['attemptsPerKeptPromise', 'unreachableRate']));
    expect(row.properties.unreachableRate).toMatchObject({ type: ['number', 'null'], description: expect.stringContaining('never reached') });
  });
});

describe('callback attempts on the board', () => {
  it("shows each item's count and its latest attempt, without the notes", async () => {
    const res = await api.get('/v1/board?section=atRisk&limit=100');
    expect(res.status).toBe(200);
    const items = res.body.sections.atRisk.items as Record<string, unknown>[];
    const [tried, untried] = [BOARD.tried, BOARD.untried].map((s) => items.find((i) => i.id === s.id));
    expect(tried).toMatchObject({ attemptCount: 2, lastAttempt: { at: at(now - 5 * MIN), outcome: 'voicemail' } });
    expect(tried?.lastAttempt).toEqual({ at: at(now - 5 * MIN), outcome: 'voicemail' });
    expect(JSON.stringify(res.body)).not.toContain('Rang out');
    expect(untried).toMatchObject({ attemptCount: 0, lastAttempt: null });
  });

  it('shows them in the escalated section too', async () => {
    const res = await api.get('/v1/board?section=escalated&limit=100');
    const items = res.body.sections.escalated.items as Record<string, unknown>[];
    // Both escalated and not acknowledged: l1 (no answer, then voicemail), m2 (reached, then no answer).
    expect(items.find((i) => i.id === STATES.l1.id)).toMatchObject({
      attemptCount: 2,
      lastAttempt: { at: plus(STATES.l1.createdAt, 20), outcome: 'voicemail' },
    });
    expect(items.find((i) => i.id === STATES.m2.id)).toMatchObject({ attemptCount: 2, lastAttempt: { outcome: 'no_answer' } });
  });
});
