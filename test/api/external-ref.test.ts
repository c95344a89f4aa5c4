import { describe, expect, it } from 'vitest';
import { commitmentBody, OTHER_AGENT_KEY, OTHER_TEAM_KEY, SUPERVISOR_KEY, useHarness } from '../support/harness';

const h = useHarness();

const WAIT = { timeout: 20_000, interval: 100 };
let n = 0;
/** A reference of the test's own, so no other test's commitment holds it. */
const newRef = () => `CRM-${Date.now()}-${++n}`;

async function create(externalRef: string, opts: { key?: string; idempotencyKey?: string; body?: Record<string, unknown> } = {}) {
  return h.api('POST', '/v1/commitments', {
    ...(opts.key ? { key: opts.key } : {}),
    ...(opts.idempotencyKey ? { headers: { 'idempotency-key': opts.idempotencyKey } } : {}),
    body: commitmentBody({ externalRef, dueIn: 'PT2H', ...opts.body }),
  });
}

/** The check reads the read model: wait until the commitment is there, in this status. */
const inReadModel = (id: string, status: string) =>
  expect.poll(async () => (await h.db.pool.query<{ status: string }>('SELECT status FROM commitments WHERE id = $1', [id])).rows[0]?.status, WAIT).toBe(status);

/** Ids of the commitments listed for the reference, as the supervisor sees them (the whole team). */
async function listed(externalRef: string, key = SUPERVISOR_KEY): Promise<string[]> {
  const res = await h.api('GET', `/v1/commitments?externalRef=${encodeURIComponent(externalRef)}`, { key });
  expect(res.status).toBe(200);
  return (res.body.items as { id: string }[]).map((c) => c.id).sort();
}

function expectDuplicateOf(res: Awaited<ReturnType<typeof create>>, existingId: string) {
  expect(res.status).toBe(409);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(res.headers.get('location')).toBe(`/v1/commitments/${existingId}`);
  expect(res.body).toMatchObject({
    type: '/problems/duplicate-external-ref',
    status: 409,
    existingId,
    errors: [{ pointer: '/externalRef', detail: expect.stringContaining(existingId) }],
  });
  expect(res.body.detail).toContain('allowDuplicateRef');
}

describe('a create with an externalRef still open in the team', () => {
  it('is 409 naming the open commitment, with Location, and creates nothing, whether it is open, paused or escalated', async () => {
    const ref = newRef();
    const first = await create(ref);
    expect(first.status).toBe(201);
    await inReadModel(first.body.id, 'open');

    expectDuplicateOf(await create(ref), first.body.id);
    // Another agent of the team, and its supervisor, get the same answer: the ticket is the team's.
    expectDuplicateOf(await create(ref, { key: OTHER_AGENT_KEY }), first.body.id);
    expectDuplicateOf(await create(ref, { key: SUPERVISOR_KEY }), first.body.id);

    expect((await h.api('POST', `/v1/commitments/${first.body.id}/pause`, { body: { reason: 'Waiting for the bank statement' } })).status).toBe(200);
    await inReadModel(first.body.id, 'paused');
    expectDuplicateOf(await create(ref), first.body.id);

    const escalate = { reason: 'manager_request', note: 'Customer asked for a manager about the refund.' };
    expect((await h.api('POST', `/v1/commitments/${first.body.id}/escalate`, { body: escalate })).status).toBe(200);
    await inReadModel(first.body.id, 'escalated');
    expectDuplicateOf(await create(ref), first.body.id);

    expect(await listed(ref)).toEqual([first.body.id]);
  });

  it('is created with allowDuplicateRef: true; a later one without it is 409 naming the first', async () => {
    const ref = newRef();
    const first = await create(ref);
    expect(first.status).toBe(201);
    await inReadModel(first.body.id, 'open');

    const second = await create(ref, { body: { allowDuplicateRef: true } });
    expect(second.status).toBe(201);
    expect(second.headers.get('location')).toBe(`/v1/commitments/${second.body.id}`);
    expect(second.body.externalRef).toBe(ref);
    await inReadModel(second.body.id, 'open');

    expectDuplicateOf(await create(ref, { body: { allowDuplicateRef: false } }), first.body.id);
    expect(await listed(ref)).toEqual([first.body.id, second.body.id].sort());
  });

  it('is created when the open one is of another team', async () => {
    const ref = newRef();
    const first = await create(ref);
    expect(first.status).toBe(201);
    await inReadModel(first.body.id, 'open');

    // Olga supervises team Retail: its own commitment for the same reference.
    const retail = await create(ref, { key: OTHER_TEAM_KEY });
    expect(retail.status).toBe(201);
    expect(retail.body.team).toMatchObject({ id: 'retail' });
    await inReadModel(retail.body.id, 'open');
    // Each team still sees only its own.
    expect(await listed(ref)).toEqual([first.body.id]);
    expect(await listed(ref, OTHER_TEAM_KEY)).toEqual([retail.body.id]);
  });

  it('is created once the earlier one is cancelled, or fulfilled', async () => {
    const ref = newRef();
    const first = await create(ref);
    expect(first.status).toBe(201);
    await inReadModel(first.body.id, 'open');
    const cancel = await h.api('POST', `/v1/commitments/${first.body.id}/cancel`, { body: { reason: 'Opened on the wrong ticket', notifyCustomer: false } });
    expect(cancel.status).toBe(200);
    await inReadModel(first.body.id, 'cancelled');

    const second = await create(ref);
    expect(second.status).toBe(201);
    await inReadModel(second.body.id, 'open');
    expect((await h.api('POST', `/v1/commitments/${second.body.id}/fulfil`, { body: { resolution: 'Refunded the duplicate charge' } })).status).toBe(200);
    await inReadModel(second.body.id, 'fulfilled');

    const third = await create(ref);
    expect(third.status).toBe(201);
    await inReadModel(third.body.id, 'open');
    expect(await listed(ref)).toEqual([first.body.id, second.body.id, third.body.id].sort());
  });
});

describe('an idempotent retry of a create with an externalRef', () => {
  it('answers as the first time: the commitment it made, never a 409 about itself', async () => {
    const ref = newRef();
    const first = await create(ref, { idempotencyKey: `first-${ref}` });
    expect(first.status).toBe(201);
    await inReadModel(first.body.id, 'open');

    const retry = await create(ref, { idempotencyKey: `first-${ref}` });
    expect(retry.status).toBe(201);
    expect(retry.headers.get('location')).toBe(`/v1/commitments/${first.body.id}`);
    expect(retry.body).toMatchObject({ id: first.body.id, dueAt: first.body.dueAt, externalRef: ref });
  });

  it('of a refused create is refused again; the key, given back, then takes allowDuplicateRef', async () => {
    const ref = newRef();
    const first = await create(ref);
    expect(first.status).toBe(201);
    await inReadModel(first.body.id, 'open');

    const key = `second-${ref}`;
    expectDuplicateOf(await create(ref, { idempotencyKey: key }), first.body.id);
    expectDuplicateOf(await create(ref, { idempotencyKey: key }), first.body.id);
    // Nothing was claimed for it, so the same key may carry the changed body (no 422).
    const claims = await h.db.pool.query('SELECT 1 FROM idempotency_keys WHERE idempotency_key = $1', [key]);
    expect(claims.rowCount).toBe(0);
    const meant = await create(ref, { idempotencyKey: key, body: { allowDuplicateRef: true } });
    expect(meant.status).toBe(201);
    expect(meant.body.id).not.toBe(first.body.id);
    await inReadModel(meant.body.id, 'open');
    // And that one's retry is its own answer again, though the first still holds the reference.
    const again = await create(ref, { idempotencyKey: key, body: { allowDuplicateRef: true } });
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(meant.body.id);
    expect(await listed(ref)).toEqual([first.body.id, meant.body.id].sort());
  });
});

describe('GET /v1/commitments?externalRef=', () => {
  it('finds the commitments of a reference, whatever their status, and only those', async () => {
    const ref = newRef();
    const first = await create(ref);
    expect(first.status).toBe(201);
    await inReadModel(first.body.id, 'open');
    const other = await create(newRef());
    expect(other.status).toBe(201);
    await inReadModel(other.body.id, 'open');

    expect(await listed(ref)).toEqual([first.body.id]);
    // The agent who made it finds it in their own list too.
    const byAgent = await h.api('GET', `/v1/commitments?externalRef=${encodeURIComponent(ref)}`);
    expect(byAgent.body.items.map((c: { id: string; externalRef: string }) => [c.id, c.externalRef])).toEqual([[first.body.id, ref]]);
    expect(await listed(`${ref}-not-used`)).toEqual([]);
  });

  it('is documented, with the create body’s allowDuplicateRef and its 409', async () => {
    const doc = (await h.api('GET', '/openapi.json', { key: null })).body;
    const list = doc.paths['/v1/commitments'].get.parameters.find((p: { name: string }) => p.name === 'externalRef');
    expect(list).toMatchObject({ in: 'query', required: false, description: expect.stringContaining('matched exactly') });
    const body = doc.components.schemas.CreateCommitment;
    expect(body.properties.allowDuplicateRef).toMatchObject({ type: 'boolean', default: false, description: expect.stringContaining('409') });
    expect(body.required).not.toContain('allowDuplicateRef');
    expect(body.properties.externalRef.description).toContain('409');
    const conflict = doc.paths['/v1/commitments'].post.responses['409'];
    expect(conflict.headers.Location).toBeDefined();
    expect(conflict.content['application/problem+json'].schema.$ref).toBe('#/components/schemas/DuplicateRefProblem');
    expect(doc.components.schemas.DuplicateRefProblem.required).toContain('existingId');
  });
});
