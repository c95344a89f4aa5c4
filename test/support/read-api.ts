/**
 * The API over its own test database, with a Temporal client but no worker: enough for the
 * queues and reports, which read only Postgres, and quick to start. Same directory and keys as the harness.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from '@temporalio/client';
import { inject } from 'vitest';
import { composeApi } from '../../src/compose/api';
import { loadConfig } from '../../src/config';
import { closeServer, listen } from '../../src/runtime';
import { connectClient } from '../../src/temporal/connection';
import { TEST_ENV, testDataConverter } from './config';
import { createTestDatabase, type TestDatabase } from './db';
import { ADMIN_KEY, AGENT_KEY, OTHER_AGENT_KEY, seedTestDirectory, SUPERVISOR_KEY } from './directory';

export { ADMIN_KEY, AGENT_KEY, OTHER_AGENT_KEY, SUPERVISOR_KEY };

export interface ReadApi {
  db: TestDatabase;
  client: Client;
  /** GET as the supervisor unless `key` says otherwise; JSON bodies parsed, others as text. */
  get(path: string, key?: string): Promise<ApiAnswer>;
  /** Any method with an optional JSON body; `key` null sends no Authorization header. */
  call(method: string, path: string, key: string | null, body?: unknown): Promise<ApiAnswer>;
  close(): Promise<void>;
}

export interface ApiAnswer {
  status: number;
  headers: Headers;
  body: any;
}

/** `onDeactivated` is the directory's hand-over seam (src/people/routes/index.ts). */
/** `env`: configuration on top of the test defaults, as the environment would set it. */
export async function startReadApi(opts: { onDeactivated?: (staffId: string) => Promise<void>; env?: Record<string, string> } = {}): Promise<ReadApi> {
  const db = await createTestDatabase();
  await seedTestDirectory(db.pool);
  const client = await connectClient({ TEMPORAL_ADDRESS: inject('temporalAddress'), TEMPORAL_NAMESPACE: 'default' }, undefined, testDataConverter());
  const config = loadConfig({
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    DATABASE_URL: db.url,
    TEMPORAL_TASK_QUEUE: 'unused',
    PUBLIC_BASE_URL: 'http://127.0.0.1',
    ...TEST_ENV,
    ...opts.env,
  });
  const { app } = composeApi(config, { db: db.pool, client, log: console.error, ...(opts.onDeactivated ? { onDeactivated: opts.onDeactivated } : {}) });
  const server: Server = await listen(app, 0, '127.0.0.1');
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  async function call(method: string, path: string, key: string | null, body?: unknown): Promise<ApiAnswer> {
    const headers: Record<string, string> = key ? { authorization: `Bearer ${key}` } : {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${baseUrl}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text && /json/.test(res.headers.get('content-type') ?? '') ? JSON.parse(text) : text };
  }
  return {
    db,
    client,
    get: (path, key = SUPERVISOR_KEY) => call('GET', path, key),
    call,
    async close() {
      await closeServer(server);
      await client.connection.close();
      await db.drop();
    },
  };
}
