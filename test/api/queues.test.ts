import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordCommitment } from '../../src/db/commitments';
import { COMMITMENT_STATUSES, ROOT_CAUSES, TRIGGERS, type CommitmentState } from '../../src/shared/contract';
import { commitmentState, createdEvent, recordAll } from '../support/commitments';
import { AGENT_KEY, OTHER_AGENT_KEY, startReadApi, type ReadApi } from '../support/read-api';

const OWNERS = ['agent-dana', 'agent-lee', 'agent-kim'];
const DUE_BASE = Date.parse('2030-01-01T00:00:00Z');
const CREATED_BASE = Date.parse('2029-12-01T00:00:00Z');
const at = (ms: number) => new Date(ms).toISOString();

/** 300 commitments spread over every filter; pairs share a deadline, so the id breaks ties. */
function seedState(i: number): CommitmentState {
  const ownerId = OWNERS[i % 3] as string;
  return commitmentState({
    ownerId,
    createdBy: i % 10 === 5 ? 'agent-dana' : ownerId,
    status: COMMITMENT_STATUSES[i % COMMITMENT_STATUSES.length],
    dueAt: at(DUE_BASE + Math.floor(i / 2) * 10 * 60_000),
    createdAt: at(CREATED_BASE + ((i * 37) % 300) * 3600_000),
    customer: { name: `Customer ${i}`, phone: `+1415555${1000 + (i % 50)}`, email: `Customer${i % 40}@Example.COM`, timezone: 'America/Chicago' },
    externalRef: `TICKET-${i % 25}`,
    log: { trigger: TRIGGERS[i % TRIGGERS.length], ...(i % 11 === 0 ? {} : { rootCause: ROOT_CAUSES[i % 4] }) },
  });
}

let api: ReadApi;
const seeded: CommitmentState[] = [];

beforeAll(async () => {
  api = await startReadApi();
  const states = Array.from({ length: 300 }, (_, i) => seedState(i));
  // Written in a scrambled order, so neither insertion order nor id order matches deadline order.
  const scrambled = states
    .map((s, i) => ({ s, k: (i * 7919) % 300 }))
    .sort((a, b) => a.k - b.k)
    .map((x) => x.s);
  await recordAll(api.db.pool, scrambled);
  seeded.push(...states);
});
afterAll(async () => {
  await api?.close();
});

/** Follows nextCursor to the end; `between` runs after each page (to insert rows mid-walk). */
async function walk(query: string, key?: string, between?: (page: any[]) => Promise<void>): Promise<any[]> {
  const items: any[] = [];
  let cursor: string | null = null;
  do {
    const res = await api.get(`/v1/commitments?${query}${cursor ? `&cursor=${cursor}` : ''}`, key);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
    if (cursor && between) await between(res.body.items);
  } while (cursor);
  return items;
}

const ids = (items: { id: string }[]) => items.map((c) => c.id).sort();
const expected = (pred: (s: CommitmentState) => boolean) =>
  seeded
    .filter(pred)
    .map((s) => s.id)
    .sort();
const dueOrdered = (items: { dueAt: string }[]) => items.every((c, i) => i === 0 || Date.parse(items[i - 1]!.dueAt) <= Date.parse(c.dueAt));

describe('GET /v1/commitments for a supervisor', () => {
  it('lists every commitment, soonest deadline first, in pages of the requested size, each exactly once', async () => {
    const first = await api.get('/v1/commitments?limit=40');
    expect(first.body.items).toHaveLength(40);
    const all = await walk('limit=40');
    expect(all).toHaveLength(300);
    expect(new Set(ids(all)).size).toBe(300);
    expect(dueOrdered(all)).toBe(true);
  });

  it('pages by 50 unless told otherwise, and shows each item as GET /v1/commitments/:id does, without the timeline', async () => {
    const page = await api.get('/v1/commitments');
    expect(page.body.items).toHaveLength(50);
    const item = page.body.items[0];
    const single = await api.get(`/v1/commitments/${item.id}`);
    const { timeline: _timeline, ...withoutTimeline } = single.body;
    expect(item).toEqual(withoutTimeline);
  });

  it('filters by owner, trigger, root cause and external reference', async () => {
    expect(ids(await walk('owner=agent-lee'))).toEqual(expected((s) => s.owner.id === 'agent-lee'));
    expect(ids(await walk('trigger=delay'))).toEqual(expected((s) => s.log?.trigger === 'delay'));
    expect(ids(await walk('rootCause=staffing_gap'))).toEqual(expected((s) => s.log?.rootCause === 'staffing_gap'));
    expect(ids(await walk('externalRef=TICKET-7'))).toEqual(expected((s) => s.externalRef === 'TICKET-7'));
  });

  it('filters by one status or several, repeated or comma-separated', async () => {
    expect(ids(await walk('status=paused'))).toEqual(expected((s) => s.status === 'paused'));
    const several = expected((s) => s.status === 'open' || s.status === 'escalated');
    expect(ids(await walk('status=open&status=escalated'))).toEqual(several);
    expect(ids(await walk('status=open,escalated'))).toEqual(several);
  });

  it('filters by deadline and creation windows, from inclusive to exclusive', async () => {
    const from = at(DUE_BASE + 20 * 10 * 60_000);
    const to = at(DUE_BASE + 30 * 10 * 60_000);
    const due = await walk(`dueAfter=${from}&dueBefore=${to}`);
    expect(ids(due)).toEqual(expected((s) => s.dueAt >= from && s.dueAt < to));
    expect(due).toHaveLength(20);
    const cFrom = at(CREATED_BASE + 100 * 3600_000);
    const cTo = at(CREATED_BASE + 110 * 3600_000);
    expect(ids(await walk(`createdAfter=${cFrom}&createdBefore=${cTo}`))).toEqual(expected((s) => s.createdAt >= cFrom && s.createdAt < cTo));
  });

  it('finds a customer by phone, and by email whatever its case', async () => {
    expect(ids(await walk('customerPhone=%2B14155551007'))).toEqual(expected((s) => s.customer.phone === '+14155551007'));
    const byEmail = await walk('customerEmail=customer3@example.com');
    expect(ids(byEmail)).toEqual(expected((s) => s.customer.email === 'Customer3@Example.COM'));
    expect(byEmail.length).toBeGreaterThan(0);
  });

  it('combines filters', async () => {
    const got = await walk('owner=agent-dana&status=open,paused,escalated&trigger=billing_error&limit=3');
    expect(ids(got)).toEqual(
      expected((s) => s.owner.id === 'agent-dana' && ['open', 'paused', 'escalated'].includes(s.status) && s.log?.trigger === 'billing_error'),
    );
  });

  it('sorts newest first with sort=-createdAt, and refuses a cursor from another sort order', async () => {
    const newest = await walk('sort=-createdAt&limit=64');
    expect(newest).toHaveLength(300);
    expect(newest.every((c, i) => i === 0 || Date.parse(newest[i - 1].createdAt) >= Date.parse(c.createdAt))).toBe(true);
    const dueCursor = (await api.get('/v1/commitments?limit=5')).body.nextCursor;
    const mixed = await api.get(`/v1/commitments?sort=-createdAt&cursor=${dueCursor}`);
    expect(mixed.status).toBe(400);
    expect(mixed.body.errors).toEqual([{ pointer: '/query/cursor', detail: 'was returned for sort=dueAt; pass the same sort' }]);
  });

  it('walks all rows exactly once in deadline order even when rows are inserted between pages', async () => {
    const before = seeded.map((s) => s.id);
    const behind: string[] = [];
    const ahead: string[] = [];
    const got = await walk('limit=25', undefined, async (page) => {
      const lastDue = Date.parse(page[page.length - 1].dueAt);
      // One row lands behind the cursor (never shown: the walk is past it), one ahead (shown once).
      const early = commitmentState({ dueAt: at(lastDue - 60_000), createdAt: at(CREATED_BASE) });
      const late = commitmentState({ dueAt: at(lastDue + 60_000), createdAt: at(CREATED_BASE) });
      await Promise.all([early, late].map((s) => recordCommitment(api.db.pool, s, [createdEvent(s)])));
      seeded.push(early, late);
      behind.push(early.id);
      ahead.push(late.id);
    });
    expect(behind.length).toBeGreaterThan(5);
    expect(new Set(ids(got)).size).toBe(got.length);
    expect(dueOrdered(got)).toBe(true);
    expect(ids(got)).toEqual([...before, ...ahead].sort());
  });
});

describe('GET /v1/commitments for an agent', () => {
  it('shows an agent only the commitments they own or registered', async () => {
    const mine = await walk('limit=100', AGENT_KEY);
    expect(ids(mine)).toEqual(expected((s) => s.owner.id === 'agent-dana' || s.createdBy === 'agent-dana'));
    expect(mine.some((c) => c.owner.id !== 'agent-dana')).toBe(true); // registered for a colleague
    expect(ids(await walk('status=open', OTHER_AGENT_KEY))).toEqual(
      expected((s) => s.status === 'open' && (s.owner.id === 'agent-lee' || s.createdBy === 'agent-lee')),
    );
  });

  it("refuses an agent another agent's queue or commitment (403)", async () => {
    const list = await api.get('/v1/commitments?owner=agent-lee', AGENT_KEY);
    expect(list.status).toBe(403);
    expect(list.body.detail).toContain('only their own');
    expect((await api.get('/v1/commitments?owner=agent-dana', AGENT_KEY)).status).toBe(200);
    const lees = seeded.find((s) => s.owner.id === 'agent-lee' && s.createdBy === 'agent-lee') as CommitmentState;
    expect((await api.get(`/v1/commitments/${lees.id}`, AGENT_KEY)).status).toBe(403);
  });
});

describe('GET /v1/commitments with a bad query string', () => {
  it('answers 400 with a /query/<name> pointer for each unknown or malformed parameter', async () => {
    const res = await api.get('/v1/commitments?colour=red&limit=0&status=open,lost&dueBefore=tomorrow&customerPhone=555&trigger=angry');
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const pointers = (res.body.errors as { pointer: string }[]).map((e) => e.pointer).sort();
    expect(pointers).toEqual(['/query/colour', '/query/customerPhone', '/query/dueBefore', '/query/limit', '/query/status/1', '/query/trigger']);
    expect(res.body.errors).toContainEqual({ pointer: '/query/colour', detail: 'is not a known parameter' });
  });

  it('refuses a page larger than 200, a single-valued parameter given twice, and a cursor it never issued', async () => {
    expect((await api.get('/v1/commitments?limit=201')).body.errors).toEqual([{ pointer: '/query/limit', detail: 'must be at most 200' }]);
    expect((await api.get('/v1/commitments?owner=a&owner=b')).body.errors).toEqual([{ pointer: '/query/owner', detail: 'must be given once' }]);
    const forged = await api.get('/v1/commitments?cursor=bm90LWEtY3Vyc29y');
    expect(forged.status).toBe(400);
    expect(forged.body.errors[0].pointer).toBe('/query/cursor');
  });
});

describe('GET /v1/escalations', () => {
  let esc: ReadApi;
  const now = Date.now();
  const sam = { id: 'sup-sam', name: 'Sam Okafor', email: 'sam@support.example' };
  const escalated = (agoS: number, acknowledged: boolean, withChain = true): CommitmentState =>
    commitmentState({
      status: 'escalated',
      createdAt: at(now - agoS * 1000 - 3600_000),
      dueAt: at(now - agoS * 1000),
      facts: { extensionCount: 0, reopenCount: 0, lapsedAt: at(now - agoS * 1000), escalatedAt: at(now - agoS * 1000) },
      ...(withChain
        ? {
            escalation: {
              reason: 'lapsed' as const,
              round: 1,
              level: 1,
              alertedAt: at(now - agoS * 1000),
              alerted: [sam],
              ...(acknowledged ? { acknowledgedAt: at(now - 60_000), acknowledgedBy: 'sup-sam' } : {}),
            },
          }
        : {}),
    });
  const waitedHour = escalated(3600, false);
  const waitedTenMinutes = escalated(600, false);
  const acknowledgedLongAgo = escalated(7200, true);
  const legacyWithoutChain = escalated(1800, false, false);

  // Escalated five hours ago, acknowledged, then escalated again twenty minutes ago: it has waited 20 minutes.
  const escalatedAgain = escalated(5 * 3600, false);

  beforeAll(async () => {
    esc = await startReadApi();
    const again = (agoS: number, seq: number, type: 'escalated' | 'acknowledged') => ({ seq, at: at(now - agoS * 1000), type, detail: `${type} ${agoS}s ago` });
    await recordCommitment(esc.db.pool, escalatedAgain, [
      createdEvent(escalatedAgain),
      again(5 * 3600, 1, 'escalated'),
      again(4 * 3600, 2, 'acknowledged'),
      again(1200, 3, 'escalated'),
    ]);
    const backToOpen = commitmentState({
      status: 'open',
      facts: { extensionCount: 0, reopenCount: 0, escalatedAt: at(now - 9000_000), acknowledgedAt: at(now - 8000_000) },
    });
    const fulfilled = commitmentState({ status: 'fulfilled', facts: { extensionCount: 0, reopenCount: 0, escalatedAt: at(now - 9000_000) } });
    await recordAll(esc.db.pool, [waitedTenMinutes, acknowledgedLongAgo, backToOpen, waitedHour, fulfilled, legacyWithoutChain]);
  });
  afterAll(async () => {
    await esc?.close();
  });

  it('lists open escalations, unacknowledged first and longest waiting first, with how long each has waited', async () => {
    const res = await esc.get('/v1/escalations');
    expect(res.status).toBe(200);
    const items = res.body.items as any[];
    expect(items.map((e) => e.commitment.id)).toEqual([waitedHour.id, legacyWithoutChain.id, escalatedAgain.id, waitedTenMinutes.id, acknowledgedLongAgo.id]);
    expect(items.map((e) => e.acknowledged)).toEqual([false, false, false, false, true]);
    const waited = [3600, 1800, 1200, 600, 7200];
    items.forEach((e, i) => expect(Math.abs(e.waitingSeconds - (waited[i] as number))).toBeLessThan(30));
    expect(items[0].escalation).toEqual({ level: 1, round: 1, alertedAt: waitedHour.escalation?.alertedAt });
    expect(items[1].escalation).toBeNull();
    expect(items[4].escalation).toMatchObject({ acknowledgedBy: 'sup-sam' });
    expect(items[2].commitment.facts.escalatedAt).toBe(at(now - 5 * 3600_000));
    expect(items[0].commitment.status).toBe('escalated');
  });

  it('is for supervisors only', async () => {
    const res = await esc.get('/v1/escalations', AGENT_KEY);
    expect(res.status).toBe(403);
    expect(res.body.detail).toContain('supervisors');
  });
});

describe('the OpenAPI document', () => {
  it('describes the queues and reports next to the commitment endpoints, parameters included', async () => {
    const doc = (await api.get('/openapi.json')).body;
    expect(Object.keys(doc.paths['/v1/commitments']).sort()).toEqual(['get', 'post']);
    for (const path of ['/v1/escalations', '/v1/reports/summary', '/v1/reports/patterns']) expect(doc.paths[path].get).toBeDefined();
    const params = Object.fromEntries((doc.paths['/v1/commitments'].get.parameters as any[]).map((p) => [p.name, p]));
    expect(params.status).toMatchObject({
      in: 'query',
      required: false,
      explode: true,
      schema: { type: 'array', items: { enum: expect.arrayContaining(['open', 'escalated']) } },
    });
    expect(params.limit.schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 200 });
    const summaryParams = (doc.paths['/v1/reports/summary'].get.parameters as any[]).filter((p) => p.required).map((p) => p.name);
    expect(summaryParams.sort()).toEqual(['from', 'to']);
    expect(doc.components.schemas.CommitmentPage.properties.items.type).toBe('array');
  });
});
