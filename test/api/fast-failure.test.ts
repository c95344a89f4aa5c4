import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { composeApi, type ComposedApi } from '../../src/compose/api';
import { loadConfig } from '../../src/config';
import { freePort } from '../../src/net';
import { closeServer, listen } from '../../src/runtime';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { seedTestDirectory } from '../support/directory';
import { AGENT_KEY, commitmentBody, SUPERVISOR_KEY } from '../support/harness';

/** An API built by the product's composition root, from configuration, on a port of its own. */
async function startApi(env: Record<string, string>): Promise<{ url: string; api: ComposedApi; server: Server }> {
  const api = composeApi(loadConfig(env), { log: () => undefined });
  const server = await listen(api.app, 0, '127.0.0.1');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, api, server };
}

async function call(url: string, method: string, body?: unknown, headers: Record<string, string> = {}) {
  const started = Date.now();
  const res = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${AGENT_KEY}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return {
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    type: res.headers.get('content-type'),
    body: (await res.json()) as any,
    ms: Date.now() - started,
  };
}

describe('with the API’s Postgres unreachable', () => {
  let app: Awaited<ReturnType<typeof startApi>>;
  beforeAll(async () => {
    app = await startApi({ TEMPORAL_ADDRESS: inject('temporalAddress'), DATABASE_URL: `postgres://postgres@127.0.0.1:${await freePort()}/nothing` });
  });
  afterAll(async () => {
    await closeServer(app.server);
    await app.api.close();
  });

  it('answers a create 503 problem+json with Retry-After within seconds, naming Postgres', async () => {
    const res = await call(`${app.url}/v1/commitments`, 'POST', commitmentBody(), { 'idempotency-key': 'outage-1' });
    expect(res.status).toBe(503);
    expect(res.type).toContain('application/problem+json');
    expect(res.retryAfter).toBe('5');
    expect(res.body).toMatchObject({ status: 503, dependency: 'postgres' });
    expect(res.body.detail).toContain('Postgres');
    expect(res.ms).toBeLessThan(10_000);
  });

  it('answers a read 503 naming Postgres', async () => {
    const res = await call(`${app.url}/v1/commitments/cmt_000000000000000000000000`, 'GET');
    expect(res).toMatchObject({ status: 503, retryAfter: '5', body: { dependency: 'postgres' } });
  });

  it('reports Postgres down and Temporal up on /healthz, with 503', async () => {
    const res = await call(`${app.url}/healthz`, 'GET');
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ status: 'degraded', postgres: 'down', temporal: 'ok' });
    expect(res.body.detail.postgres).toBeTruthy();
  });
});

describe('with Temporal unreachable', () => {
  let db: TestDatabase;
  let app: Awaited<ReturnType<typeof startApi>>;
  beforeAll(async () => {
    db = await createTestDatabase();
    await seedTestDirectory(db.pool);
    app = await startApi({ TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}`, DATABASE_URL: db.url });
  });
  afterAll(async () => {
    await closeServer(app.server);
    await app.api.close();
    await db.drop();
  });

  it('answers a create 503 with Retry-After within about 10 s, naming Temporal, keeping the key claimed for the retry', async () => {
    const res = await call(`${app.url}/v1/commitments`, 'POST', commitmentBody(), { 'idempotency-key': 'during-outage' });
    expect(res.status).toBe(503);
    expect(res.retryAfter).toBe('5');
    expect(res.body).toMatchObject({ status: 503, dependency: 'temporal' });
    expect(res.ms).toBeLessThan(10_000);
    expect((await db.pool.query('SELECT count(*)::int AS n FROM commitments')).rows[0].n).toBe(0);
    // The retry once Temporal is back starts the workflow under the same commitment id.
    const claimed = await db.pool.query('SELECT commitment_id, started_at FROM idempotency_keys WHERE idempotency_key = $1', ['during-outage']);
    expect(claimed.rows).toEqual([{ commitment_id: expect.stringMatching(/^cmt_/), started_at: null }]);
  });

  it('reports Temporal down and Postgres up on /healthz, with 503, and the worker unknown, within the probe’s 3 s', async () => {
    const res = await call(`${app.url}/healthz`, 'GET');
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ status: 'degraded', postgres: 'ok', temporal: 'down', worker: 'unknown' });
    expect(res.body.pollers).toBeUndefined();
    expect(res.ms).toBeLessThan(5_000);
  });

  it('still answers the board from Postgres, the worker unknown, within the probe’s 3 s', async () => {
    const res = await call(`${app.url}/v1/board`, 'GET', undefined, { authorization: `Bearer ${SUPERVISOR_KEY}` });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ worker: 'unknown', counts: { open: 0 } });
    expect(res.ms).toBeLessThan(5_000);
  });
});
