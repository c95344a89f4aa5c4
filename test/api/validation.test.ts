import { describe, expect, it } from 'vitest';
import { commitmentBody, OTHER_AGENT_KEY, useHarness, SUPERVISOR_KEY } from '../support/harness';

const h = useHarness();

const inOneHour = () => new Date(Date.now() + 3600_000).toISOString();

interface Case {
  name: string;
  body: () => unknown;
  pointers: string[];
}

const cases: Case[] = [
  { name: 'a field of the wrong type', body: () => commitmentBody({ summary: 42 }), pointers: ['/summary'] },
  { name: 'an unknown top-level field', body: () => commitmentBody({ priority: 'high' }), pointers: ['/priority'] },
  {
    name: 'an unknown nested field',
    body: () => commitmentBody({ customer: { ...commitmentBody().customer, vip: true } }),
    pointers: ['/customer/vip'],
  },
  {
    name: 'an unknown time zone',
    body: () => commitmentBody({ customer: { ...commitmentBody().customer, timezone: 'Mars/Olympus_Mons' } }),
    pointers: ['/customer/timezone'],
  },
  {
    name: 'a phone number that is not E.164',
    body: () => commitmentBody({ customer: { ...commitmentBody().customer, phone: '415-555-0123' } }),
    pointers: ['/customer/phone'],
  },
  {
    name: 'an E.164-shaped number that cannot exist',
    body: () => commitmentBody({ customer: { ...commitmentBody().customer, phone: '+10000000000' } }),
    pointers: ['/customer/phone'],
  },
  {
    name: 'a customer with neither phone nor email',
    body: () => commitmentBody({ customer: { name: 'Maria Lopez', timezone: 'Asia/Kolkata' } }),
    pointers: ['/customer'],
  },
  // Contacts and the chain come from the directory: a request that types them in is refused.
  {
    name: 'a supervisor or an escalation chain typed into the request',
    body: () => commitmentBody({ supervisor: { id: 'sup-1', name: 'Sam', phone: '+14155550100' }, escalation: { levels: [], repeat: 0 } }),
    pointers: ['/supervisor', '/escalation'],
  },
  { name: 'an owner id that is not a staff id', body: () => commitmentBody({ ownerId: 'Dana Reyes' }), pointers: ['/ownerId'] },
  { name: 'a dueAt in the past', body: () => commitmentBody({ dueIn: undefined, dueAt: '2020-01-01T10:00:00Z' }), pointers: ['/dueAt'] },
  {
    name: 'a dueAt more than a year ahead',
    body: () => commitmentBody({ dueIn: undefined, dueAt: new Date(Date.now() + 400 * 24 * 3600_000).toISOString() }),
    pointers: ['/dueAt'],
  },
  { name: 'a dueAt without an offset', body: () => commitmentBody({ dueIn: undefined, dueAt: '2030-01-01T10:00:00' }), pointers: ['/dueAt'] },
  { name: 'a dueIn that is not a duration', body: () => commitmentBody({ dueIn: '15 minutes' }), pointers: ['/dueIn'] },
  { name: 'both dueAt and dueIn', body: () => commitmentBody({ dueAt: inOneHour() }), pointers: ['/dueIn'] },
  { name: 'neither dueAt nor dueIn', body: () => commitmentBody({ dueIn: undefined }), pointers: [''] },
  { name: 'a trigger outside the vocabulary', body: () => commitmentBody({ log: { trigger: 'bad_vibes' } }), pointers: ['/log/trigger'] },
  {
    name: 'several bad fields at once',
    body: () => commitmentBody({ summary: '', customer: { name: 'Maria', email: 'not-an-email', timezone: 'UTC' }, externalRef: 7 }),
    pointers: ['/customer/email', '/summary', '/externalRef'],
  },
  { name: 'a missing required field', body: () => ({ ...commitmentBody(), summary: undefined }), pointers: ['/summary'] },
  { name: 'a JSON array instead of an object', body: () => [commitmentBody()], pointers: [''] },
];

async function commitmentsStored(): Promise<number> {
  const { rows } = await h.db.pool.query<{ n: string }>('SELECT count(*) AS n FROM commitments');
  return Number(rows[0]?.n);
}

describe('creating a commitment with bad input', () => {
  it.each(cases)('answers 400 naming each bad field for $name', async ({ body, pointers }) => {
    const res = await h.api('POST', '/v1/commitments', { body: body() });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body).toMatchObject({ type: '/problems/invalid-request', title: 'Invalid request', status: 400 });
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual([...pointers].sort());
    for (const e of res.body.errors as { detail: string }[]) expect(e.detail.length).toBeGreaterThan(3);
  });

  it('answers 400 for malformed JSON', async () => {
    const res = await h.api('POST', '/v1/commitments', { raw: '{"customer": {' });
    expect(res.status).toBe(400);
    expect(res.body.detail).toContain('not valid JSON');
  });

  it('answers 413 for a body over 64 KB', async () => {
    const res = await h.api('POST', '/v1/commitments', { body: commitmentBody({ summary: 'x'.repeat(70_000) }) });
    expect(res.status).toBe(413);
    expect(res.body.type).toBe('/problems/body-too-large');
  });

  it('answers 415 for a body that is not JSON', async () => {
    const res = await h.api('POST', '/v1/commitments', { raw: 'summary=hello', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.status).toBe(415);
  });

  it('answers 400 for an Idempotency-Key with control characters or over 255 characters', async () => {
    const res = await h.api('POST', '/v1/commitments', { body: commitmentBody(), headers: { 'idempotency-key': 'k'.repeat(256) } });
    expect(res.status).toBe(400);
    expect(res.body.detail).toContain('Idempotency-Key');
  });

  it('starts no workflow and stores nothing for any of them', async () => {
    expect(await commitmentsStored()).toBe(0);
    // Visibility is eventually consistent. A workflow started after all the refused requests is
    // listed no sooner than one of theirs would have been: once it shows, it must be alone.
    const after = await h.api('POST', '/v1/commitments', { body: commitmentBody() });
    expect(after.status).toBe(201);
    const listed = async () => {
      const ids: string[] = [];
      for await (const wf of h.client.workflow.list({ query: `TaskQueue = "${h.taskQueue}"` })) ids.push(wf.workflowId);
      return ids;
    };
    await expect.poll(listed, { timeout: 20_000, interval: 100 }).toContain(after.body.workflowId);
    expect(await listed()).toEqual([after.body.workflowId]);
  });
});

describe('authentication', () => {
  it('answers 401 without a key, with a WWW-Authenticate header', async () => {
    const res = await h.api('POST', '/v1/commitments', { body: commitmentBody(), key: null });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('Bearer');
    expect(res.body.type).toBe('/problems/unauthorized');
  });

  it('answers 401 for an unknown key, before reading the body', async () => {
    const res = await h.api('POST', '/v1/commitments', { raw: 'not json', key: 'not-a-real-key-0000000000' });
    expect(res.status).toBe(401);
  });

  it('answers 401 when reading a commitment without a key', async () => {
    const res = await h.api('GET', '/v1/commitments/cmt_000000000000000000000000', { key: null });
    expect(res.status).toBe(401);
  });
});

describe('authorization', () => {
  it('lets an agent read their own commitment, a supervisor any, and refuses another agent with 403', async () => {
    const created = await h.api('POST', '/v1/commitments', { body: commitmentBody() });
    expect(created.status).toBe(201);
    expect(created.body.createdBy).toBe('agent-dana');
    expect((await h.api('GET', `/v1/commitments/${created.body.id}`)).status).toBe(200);
    expect((await h.api('GET', `/v1/commitments/${created.body.id}`, { key: SUPERVISOR_KEY })).status).toBe(200);
    const other = await h.api('GET', `/v1/commitments/${created.body.id}`, { key: OTHER_AGENT_KEY });
    expect(other.status).toBe(403);
    expect(other.body.detail).toContain("This commitment is Dana Reyes's.");
    const fulfil = await h.api('POST', `/v1/commitments/${created.body.id}/fulfil`, { key: OTHER_AGENT_KEY, body: { resolution: 'Not mine' } });
    expect(fulfil.status).toBe(403);
    expect((await h.api('GET', `/v1/commitments/${created.body.id}`)).body.status).toBe('open');
  });
});

describe('fulfilling with bad input', () => {
  it('answers 400 with pointers and leaves the commitment open', async () => {
    const created = await h.api('POST', '/v1/commitments', { body: commitmentBody() });
    expect(created.status).toBe(201);
    const res = await h.api('POST', `/v1/commitments/${created.body.id}/fulfil`, { body: { resolution: '', nextContactAt: 'tomorrow', extra: 1 } });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/extra', '/nextContactAt', '/resolution']);
    const view = await h.api('GET', `/v1/commitments/${created.body.id}`);
    expect(view.body.status).toBe('open');
  });

  it('answers 404 for an unknown commitment', async () => {
    const res = await h.api('POST', '/v1/commitments/cmt_000000000000000000000001/fulfil', { body: { resolution: 'Done' } });
    expect(res.status).toBe(404);
  });
});

describe('service documents', () => {
  it('serves an OpenAPI 3.1 document generated from the request schemas', async () => {
    const res = await h.api('GET', '/openapi.json', { key: null });
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    const create = res.body.components.schemas.CreateCommitment;
    expect(create.required).toEqual(['customer', 'summary']);
    expect(create.properties).toHaveProperty('ownerId');
    expect(create.properties).not.toHaveProperty('escalation');
    expect(create.additionalProperties).toBe(false);
    expect(create.properties.log.properties.trigger.enum).toContain('billing_error');
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/v1/commitments', '/v1/commitments/{id}', '/v1/commitments/{id}/fulfil']));
  });

  it('reports health of Postgres and Temporal (and of the worker: test/api/worker-presence.test.ts)', async () => {
    const res = await h.api('GET', '/healthz', { key: null });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ postgres: 'ok', temporal: 'ok' });
  });

  it('answers unknown paths with a 404 problem', async () => {
    const res = await h.api('GET', '/v2/nothing', { key: null });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });
});
