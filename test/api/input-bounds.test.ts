/**
 * Bounds on what a request may carry, against the running API and a worker: characters Postgres
 * or a workflow cannot hold are refused before either sees them, durations and deadlines stay
 * within what a promise can mean, and malformed bodies and links are the client's 4xx, never our 5xx.
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { signLink } from '../../src/links';
import { customerMessageSignal, deliveryFailedSignal, smsOptOutSignal } from '../../src/shared/contract';
import { AGENT_KEY, commitmentBody, LINK_SECRET, SUPERVISOR_KEY, useHarness } from '../support/harness';

const h = useHarness();

const NUL = 'a\u0000b';
const LONE_SURROGATE = 'a\ud800b';
const BELL = 'a\u0007b';

const customer = (name = 'Maria Lopez') => ({ name, phone: '+14155550123', email: 'maria@example.com', timezone: 'America/Chicago' });
const pointersOf = (body: { errors?: { pointer: string }[] }) => (body.errors ?? []).map((e) => e.pointer).sort();

describe('text fields of a create', () => {
  const fields: [string, (v: string) => Record<string, unknown>][] = [
    ['/customer/name', (v) => commitmentBody({ customer: customer(v) })],
    ['/summary', (v) => commitmentBody({ summary: v })],
    ['/externalRef', (v) => commitmentBody({ externalRef: v })],
    ['/log/neededFix', (v) => commitmentBody({ log: { neededFix: v } })],
  ];
  it.each(fields.flatMap(([pointer, body]) => [NUL, LONE_SURROGATE, BELL].map((bad) => [pointer, JSON.stringify(bad), body(bad)] as const)))(
    'refuses %s holding %s with a 400 naming it',
    async (pointer, _bad, body) => {
      const res = await h.api('POST', '/v1/commitments', { body });
      expect(res.status).toBe(400);
      expect(pointersOf(res.body)).toEqual([pointer]);
    },
  );

  it('keeps newlines and tabs in free text and what people type (accents, RTL marks, emoji), refuses a newline in a name, and stored none of the refused', async () => {
    expect(pointersOf((await h.api('POST', '/v1/commitments', { body: commitmentBody({ customer: customer('Maria\nLopez') }) })).body)).toEqual([
      '/customer/name',
    ]);
    const ok = await h.api('POST', '/v1/commitments', {
      body: commitmentBody({ summary: 'Call back\n\tabout the charge', customer: customer('Mária \u202eLópez 🙂') }),
    });
    expect(ok.status).toBe(201);
    const stored = async () =>
      (await h.db.pool.query<{ id: string; summary: string; name: string }>("SELECT id, summary, customer ->> 'name' AS name FROM commitments")).rows;
    await expect.poll(stored, { timeout: 15_000 }).toEqual([{ id: ok.body.id, summary: 'Call back\n\tabout the charge', name: 'Mária \u202eLópez 🙂' }]);
  });

  it('refuses fields over their length', async () => {
    const res = await h.api('POST', '/v1/commitments', { body: commitmentBody({ summary: 'x'.repeat(501), customer: customer('n'.repeat(201)) }) });
    expect(pointersOf(res.body)).toEqual(['/customer/name', '/summary']);
  });
});

describe('text fields of the actions', () => {
  it('refuses a NUL or an unpaired surrogate in every action, and the commitment takes the next change at once', async () => {
    const c = (await h.api('POST', '/v1/commitments', { body: commitmentBody() })).body;
    const cases: [string, Record<string, unknown>, string][] = [
      ['notes', { text: NUL }, '/text'],
      ['extend', { dueIn: 'PT2H', reason: LONE_SURROGATE }, '/reason'],
      ['pause', { reason: BELL }, '/reason'],
      ['fulfil', { resolution: 'Refunded', pending: NUL }, '/pending'],
      ['cancel', { reason: LONE_SURROGATE }, '/reason'],
      ['reassign', { ownerId: 'agent-lee', handoffNote: NUL }, '/handoffNote'],
    ];
    for (const [path, body, pointer] of cases) {
      const res = await h.api('POST', `/v1/commitments/${c.id}/${path}`, { body });
      expect([path, res.status, pointersOf(res.body)]).toEqual([path, 400, [pointer]]);
    }
    const started = Date.now();
    expect((await h.api('POST', `/v1/commitments/${c.id}/notes`, { body: { text: 'Still fine' } })).status).toBe(200);
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});

describe('durations and deadlines', () => {
  it.each([
    ['a 400-digit duration', { dueIn: `PT${'9'.repeat(400)}H` }, '/dueIn'],
    ['a deadline in a million years', { dueIn: 'P99999999W' }, '/dueIn'],
    ['a deadline under SHORTEST_WINDOW', { dueIn: 'PT0.5S' }, '/dueIn'],
    ['a reopen window of P99999999W', { reopenWithin: 'P99999999W' }, '/reopenWithin'],
    ['a reopen window over 30 days', { reopenWithin: 'P31D' }, '/reopenWithin'],
    ['an answer window over 30 days', { confirmWithin: 'P5W' }, '/confirmWithin'],
    ['a satisfaction question under SHORTEST_WINDOW', { confirmAfter: 'PT0.1S' }, '/confirmAfter'],
    ['a reminder of zero', { remindBefore: 'PT0S' }, '/remindBefore'],
    ['a duration of 41 characters', { confirmAfter: `PT${'0'.repeat(37)}1H` }, '/confirmAfter'],
  ])('refuses %s', async (_what, fields, pointer) => {
    const res = await h.api('POST', '/v1/commitments', { body: commitmentBody(fields) });
    expect(res.status).toBe(400);
    expect(pointersOf(res.body)).toEqual([pointer]);
  });

  it('refuses an extension, an acknowledgement or a pause further than a year ahead, or a next contact under SHORTEST_WINDOW', async () => {
    const c = (await h.api('POST', '/v1/commitments', { body: commitmentBody() })).body;
    const farAway = new Date(Date.now() + 400 * 24 * 3600_000).toISOString();
    expect(pointersOf((await h.api('POST', `/v1/commitments/${c.id}/extend`, { body: { dueAt: farAway, reason: 'later' } })).body)).toEqual(['/dueAt']);
    expect(pointersOf((await h.api('POST', `/v1/commitments/${c.id}/pause`, { body: { reason: 'away', until: farAway } })).body)).toEqual(['/until']);
    expect(pointersOf((await h.api('POST', `/v1/commitments/${c.id}/acknowledge`, { key: SUPERVISOR_KEY, body: { dueIn: 'P400D' } })).body)).toEqual([
      '/dueIn',
    ]);
    const soon = new Date(Date.now() + 500).toISOString();
    expect(pointersOf((await h.api('POST', `/v1/commitments/${c.id}/fulfil`, { body: { resolution: 'Done', nextContactAt: soon } })).body)).toEqual([
      '/nextContactAt',
    ]);
  });
});

describe('bodies that cannot be read', () => {
  it.each([
    ['garbage under Content-Encoding: gzip', Buffer.from('this is not gzip'), 'gzip'],
    ['a gzip stream cut short', gzipSync(Buffer.from(JSON.stringify(commitmentBody()))).subarray(0, 20), 'gzip'],
    ['garbage under Content-Encoding: deflate', Buffer.from('nor deflate'), 'deflate'],
    ['garbage under Content-Encoding: br', Buffer.from('nor brotli'), 'br'],
  ])('answers %s with a 400 problem', async (_what, body, encoding) => {
    const res = await fetch(`${h.baseUrl}/v1/commitments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${AGENT_KEY}`, 'content-type': 'application/json', 'content-encoding': encoding },
      body,
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it('answers a correctly signed Twilio webhook with a JSON body 400', async () => {
    const res = await h.postSigned(
      '/v1/webhooks/twilio/sms',
      {},
      { raw: JSON.stringify({ From: '+14155550123', Body: 'YES' }), contentType: 'application/json' },
    );
    expect(res.status).toBe(400);
  });
});

describe('signed answer links with odd claims', () => {
  const claims = { c: 'cmt_0123456789abcdefghijklmn', a: 'yes', n: 0, exp: Math.floor(Date.now() / 1000) + 3600 };
  it.each([
    ['a commitment id of another shape', { ...claims, c: "x'; DROP TABLE link_answers; --" }],
    ['a NUL in the id', { ...claims, c: 'cmt_\u0000' }],
    ['an answer that is neither yes nor no', { ...claims, a: 'maybe' }],
    ['a cycle that is not a whole number', { ...claims, n: 1.5 }],
    ['a cycle that is a string', { ...claims, n: '0' }],
    ['no expiry', { ...claims, exp: undefined }],
    ['null', null],
    ['an array', [1, 2, 3]],
  ])('answers a link signed over %s with the 404 page, by GET and by POST', async (_what, odd) => {
    const token = signLink(LINK_SECRET, odd as never);
    for (const method of ['GET', 'POST']) {
      const res = await fetch(`${h.baseUrl}/c/${token}`, {
        method,
        ...(method === 'POST' ? { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'text=hello' } : {}),
      });
      expect([method, res.status]).toEqual([method, 404]);
      expect(await res.text()).toContain('This link is not valid');
    }
  });

  it('sends the answer page with its security headers and no caching', async () => {
    const res = await fetch(`${h.baseUrl}/c/${signLink(LINK_SECRET, claims as never)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});

describe('signals a workflow cannot read', () => {
  it('are dropped, and the commitment takes the next change at once with no workflow task failing', async () => {
    const c = (await h.api('POST', '/v1/commitments', { body: commitmentBody() })).body;
    const handle = h.client.workflow.getHandle(c.workflowId);
    await handle.signal(deliveryFailedSignal, {} as never);
    await handle.signal(customerMessageSignal, null as never);
    await handle.signal(smsOptOutSignal, 'yes' as never);
    const started = Date.now();
    expect((await h.api('POST', `/v1/commitments/${c.id}/notes`, { body: { text: 'Still answering' } })).status).toBe(200);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect((await handle.describe()).raw.pendingWorkflowTask?.attempt ?? 1).toBeLessThan(2);
  });
});
