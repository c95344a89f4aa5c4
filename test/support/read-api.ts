/**
 * The API over its own test database, with a Temporal client but no worker: enough for the
 * queues and reports, which read only Postgres, and quick to start. Same directory and keys as the harness.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from '@temporalio/client';
import { inject } from 'vitest';
import { createApp } from '../../src/api/app';
import { policyDefaults } from '../../src/api/policy';
import { loadConfig } from '../../src/config';
import { closeServer, connectClient, listen } from '../../src/runtime';
import { createTestDatabase, type TestDatabase } from './db';
import { ADMIN_KEY, AGENT_KEY, OTHER_AGENT_KEY, seedTestDirectory, SUPERVISOR_KEY } from './directory';

export { ADMIN_KEY, AGENT_KEY, OTHER_AGENT_KEY, SUPERVISOR_KEY };

export interface ReadApi {
  db: TestDatabase;
  client: Client;
  /** GET as the supervisor unless `key` says otherwise; JSON bodies parsed, others as text. */
  get(path: string, key?: string): Promise<{ status: number; headers: Headers; body: any }>;
  close(): Promise<void>;
}

export async function startReadApi(): Promise<ReadApi> {
  const db = await createTestDatabase();
  await seedTestDirectory(db.pool);
  const client = await connectClient(inject('temporalAddress'), 'default');
  const app = createApp({
    client,
    db: db.pool,
    taskQueue: 'unused',
    publicBaseUrl: 'http://127.0.0.1',
    policyDefaults: policyDefaults(loadConfig({})),
    log: console.error,
  });
  const server: Server = await listen(app, 0, '127.0.0.1');
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    db,
    client,
    async get(path, key = SUPERVISOR_KEY) {
      const res = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${key}` } });
      const text = await res.text();
      return { status: res.status, headers: res.headers, body: /json/.test(res.headers.get('content-type') ?? '') ? JSON.parse(text) : text };
    },
    async close() {
      await closeServer(server);
      await client.connection.close();
      await db.drop();
    },
  };
}
