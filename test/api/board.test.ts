/**
 * GET /v1/board over a read model written by the activities' own writer: the counts, the four
 * sections in their orders, keyset paging that neither skips nor repeats, and the refusals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOfDay } from '../../src/api/board';
import type { CommitmentState, EscalationState } from '../../src/shared/contract';
import { commitmentState, recordAll } from '../support/commitments';
import { AGENT_KEY, startReadApi, type ReadApi } from '../support/read-api';

let api: ReadApi;
const now = Date.now();
const at = (ms: number) => new Date(ms).toISOString();
const min = 60_000;
// Sam, who reads the board, works in America/Chicago (test/support/directory.ts).
const todayStart = startOfDay(new Date(now), 'America/Chicago').getTime();

const raised = (o: Partial<EscalationState> = {}): EscalationState => ({
  reason: 'manager_request',
  round: 0,
  level: 0,
  alerted: [],
  current: { id: 'sup-sam', name: 'Sam Okafor' },
  ...o,
});
const escalated = (ownerId: string, minutesAgo: number, o: Partial<EscalationState> = {}) =>
  commitmentState({
    ownerId,
    status: 'escalated',
    dueAt: at(now + 30 * min),
    escalation: raised(o),
    facts: { extensionCount: 0, reopenCount: 0, escalatedAt: at(now - minutesAgo * min), escalationReason: 'manager_request' },
  });
const open = (ownerId: string, dueInMin: number, status: CommitmentState['status'] = 'open') =>
  commitmentState({ ownerId, status, dueAt: at(now + dueInMin * min) });
const lapsed = (ownerId: string, lapsedAt: number, status: CommitmentState['status']) =>
  commitmentState({
    ownerId: 'sup-sam',
    status,
    dueAt: at(now + 90 * min),
    escalation: raised({ reason: 'lapsed', acknowledgedBy: 'sup-sam', acknowledgedAt: at(lapsedAt + min) }),
    facts: { extensionCount: 0, reopenCount: 0, lapsedAt: at(lapsedAt), lapsedOwnerId: ownerId },
  });

const S = {
  waiting: [escalated('agent-lee', 5), escalated('agent-dana', 40), escalated('agent-kim', 15)],
  acknowledgedButEscalated: escalated('agent-dana', 60, { acknowledgedBy: 'sup-sam', acknowledgedAt: at(now - min) }),
  overdue: open('agent-kim', -1),
  soon: Array.from({ length: 25 }, (_, i) => open(['agent-dana', 'agent-lee', 'agent-kim'][i % 3] as string, 2 * (i + 1))),
  later: Array.from({ length: 4 }, () => open('agent-lee', 180)),
  paused: [open('agent-dana', 10, 'paused'), open('agent-dana', 20, 'paused')],
  lapsedToday: [lapsed('agent-dana', Math.min(now, todayStart + 2_000), 'open'), lapsed('agent-lee', Math.min(now, todayStart + 1_000), 'open')],
  lapsedYesterday: lapsed('agent-kim', todayStart - 3600_000, 'confirmed'),
  closed: [open('agent-dana', -300, 'confirmed'), open('agent-lee', -300, 'cancelled')],
};

beforeAll(async () => {
  api = await startReadApi();
  await recordAll(api.db.pool, Object.values(S).flat());
});
afterAll(() => api?.close());

/** Every page of one section, following nextCursor. */
async function walk(section: string, limit: number): Promise<{ pages: any[][]; items: any[] }> {
  const pages: any[][] = [];
  let cursor: string | null = null;
  do {
    const res = await api.get(`/v1/board?section=${section}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status).toBe(200);
    pages.push(res.body.sections[section].items);
    cursor = res.body.sections[section].nextCursor;
  } while (cursor);
  return { pages, items: pages.flat() };
}

describe('the board', () => {
  it('counts at a glance what needs a supervisor, what is at risk, what lapsed today and the open work', async () => {
    const res = await api.get('/v1/board');
    expect(res.status).toBe(200);
    expect(res.body.counts).toEqual({ escalatedUnacknowledged: 3, atRisk: 26, lapsedToday: 2, open: 32, paused: 2, escalated: 4, owners: 4 });
    expect(res.body.timezone).toBe('America/Chicago');
    expect(res.body.todayStart).toBe(at(todayStart));
  });

  it('lists escalations nobody has acknowledged, longest waiting first, with how long each has waited', async () => {
    const { items } = await walk('escalated', 20);
    expect(items.map((i) => i.id)).toEqual([1, 2, 0].map((i) => S.waiting[i]?.id));
    expect(items[0].waitingSeconds).toBeGreaterThanOrEqual(40 * 60);
    expect(items[0].waitingSeconds).toBeLessThan(41 * 60 + 60);
    expect(items[0].escalation).toMatchObject({ reason: 'manager_request', level: 0, current: 'Sam Okafor' });
  });

  it('pages the at-risk section on the server, soonest first, without skipping or repeating a row', async () => {
    const { pages, items } = await walk('atRisk', 10);
    expect(pages.map((p) => p.length)).toEqual([10, 10, 6]);
    expect(items.map((i) => i.id)).toEqual([S.overdue, ...S.soon].map((s) => s.id));
  });

  it('shows what lapsed today whatever became of it, latest first, and the lapse stays its first owner’s', async () => {
    const { items } = await walk('lapsedToday', 1);
    expect(items.map((i) => i.id)).toEqual(S.lapsedToday.map((s) => s.id));
    expect(items[0]).toMatchObject({
      status: 'open',
      owner: { id: 'sup-sam' },
      lapsedOwnerId: 'agent-dana',
      lapsedOwnerName: 'Dana Reyes',
      escalation: { acknowledgedBy: 'sup-sam' },
    });
  });

  it('adds up the open work per owner, soonest next deadline first', async () => {
    const { items } = await walk('owners', 2);
    const board = (await api.get('/v1/board')).body;
    expect(items.map((o) => o.owner.id)).toEqual(['agent-kim', 'agent-dana', 'agent-lee', 'sup-sam']);
    for (const k of ['open', 'paused', 'escalated', 'atRisk'] as const) expect(items.reduce((n, o) => n + o[k], 0)).toBe(board.counts[k]);
  });

  it('is for supervisors and admins, and names each bad parameter', async () => {
    expect((await api.get('/v1/board', AGENT_KEY)).status).toBe(403);
    const first = (await api.get('/v1/board?section=atRisk&limit=1')).body.sections.atRisk.nextCursor;
    const cases: [string, string][] = [
      [`/v1/board?cursor=${first}`, '/query/section'],
      ['/v1/board?section=atRisk&cursor=not-a-cursor', '/query/cursor'],
      [`/v1/board?section=escalated&cursor=${first}`, '/query/cursor'],
      ['/v1/board?limit=0', '/query/limit'],
      ['/v1/board?section=everything', '/query/section'],
      ['/v1/board?team=billing', '/query/team'],
    ];
    for (const [path, pointer] of cases) {
      const res = await api.get(path);
      expect(res.status, path).toBe(400);
      expect(
        res.body.errors.map((e: { pointer: string }) => e.pointer),
        path,
      ).toContain(pointer);
    }
  });
});
