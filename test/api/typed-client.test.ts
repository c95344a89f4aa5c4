import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { createFollowthroughClient, type Schema } from '../../src/client';
import { CLIENT_SCHEMA, writeClientSchema } from '../../tools/openapi/openapi';
import { AGENT_KEY, useHarness } from '../support/harness';

const REPO = path.resolve(__dirname, '../..');

describe('the typed client', () => {
  it('is generated from the document as it is now: `npm run client` would change nothing', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'typed-client-'));
    try {
      const fresh = path.join(dir, 'schema.d.ts');
      await writeClientSchema(REPO, fresh);
      const [now, checkedIn] = await Promise.all([readFile(fresh, 'utf8'), readFile(path.join(REPO, CLIENT_SCHEMA), 'utf8')]);
      // A plain boolean, so a failure is one line and not a diff of a 10,000-line file.
      expect(now === checkedIn, `${CLIENT_SCHEMA} is stale: run \`npm run client\` and commit it`).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the typed client against the API', () => {
  const h = useHarness();

  it('creates a commitment, reads it back and lists it by externalRef, with the types of the document', async () => {
    const api = createFollowthroughClient(h.baseUrl, AGENT_KEY);
    const externalRef = `CLIENT-${Date.now()}`;
    const body: Schema<'CreateCommitment'> = {
      customer: { name: 'Maria Lopez', phone: '+14155550123', timezone: 'America/Chicago' },
      summary: 'Call you back about the duplicate charge',
      dueIn: 'PT2H',
      externalRef,
    };

    const created = await api.POST('/v1/commitments', { body, headers: { 'Idempotency-Key': `typed-client-${externalRef}` } });
    expect(created.error).toBeUndefined();
    expect(created.response.status).toBe(201);
    expectTypeOf(created.data).toEqualTypeOf<Schema<'CreatedCommitment'> | undefined>();
    const id = created.data!.id;
    expect(created.response.headers.get('location')).toBe(`/v1/commitments/${id}`);
    expect(created.data).toMatchObject({ status: 'open', externalRef, owner: { id: 'agent-dana' }, customer: { name: 'Maria Lopez' } });

    const read = await api.GET('/v1/commitments/{id}', { params: { path: { id } } });
    expect(read.response.status).toBe(200);
    expectTypeOf(read.data).toEqualTypeOf<Schema<'Commitment'> | undefined>();
    expect(read.data).toMatchObject({ id, summary: body.summary, externalRef, dueAt: created.data!.dueAt });

    // The list reads the read model, which the commitment reaches a moment after its create answered.
    const listed = async () => {
      const page = await api.GET('/v1/commitments', { params: { query: { externalRef, status: ['open'], limit: 10 } } });
      expectTypeOf(page.data).toEqualTypeOf<Schema<'CommitmentPage'> | undefined>();
      return page.data?.items.map((c) => ({ id: c.id, externalRef: c.externalRef }));
    };
    await expect.poll(listed, { timeout: 20_000, interval: 100 }).toEqual([{ id, externalRef }]);

    // An error answer is the document's problem details, typed as such.
    const missing = await api.GET('/v1/commitments/{id}', { params: { path: { id: 'no-such-commitment' } } });
    expect(missing.data).toBeUndefined();
    expect(missing.error).toMatchObject({ status: 404 });
    expectTypeOf(missing.error).toEqualTypeOf<Schema<'Problem'> | undefined>();

    // tsc (`npm run typecheck`) refuses what the document does not allow; never called.
    const _refused = () => [
      // @ts-expect-error: a create needs a summary
      api.POST('/v1/commitments', { body: { customer: body.customer, dueIn: 'PT2H' } }),
      // @ts-expect-error: no such path
      api.GET('/v1/commitment/{id}', { params: { path: { id } } }),
      // @ts-expect-error: no such status
      api.GET('/v1/commitments', { params: { query: { status: ['lost'] } } }),
    ];
  });
});
