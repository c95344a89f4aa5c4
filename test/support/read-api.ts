/**
 * The API over its own test database, with a Temporal client but no worker: enough for the
 * queues and reports, which read only Postgres, and quick to start. Same keys as the harness.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from '@temporalio/client';
import { inject } from 'vitest';
import { composeApi } from '../../src/compose/api';
import { loadConfig, type ApiKey } from '../../src/config';
import { closeServer, connectClient, listen } from '../../src/runtime';
import { createTestDatabase, type TestDatabase } from './db';

export const AGENT_KEY = 'test-agent-key-0123456789';
export const OTHER_AGENT_KEY = 'test-other-agent-key-0123456789';
export const SUPERVISOR_KEY = 'test-supervisor-key-0123456789';
/** An agent key that names no staff member: it may register commitments but read none. */
export const ANONYMOUS_AGENT_KEY = 'test-anonymous-agent-key-0123456789';
const API_KEYS: ApiKey[] = [
  { role: 'agent', staffId: 'agent-dana', key: AGENT_KEY },
  { role: 'agent', staffId: 'agent-lee', key: OTHER_AGENT_KEY },
  { role: 'supervisor', key: SUPERVISOR_KEY },
  { role: 'agent', key: ANONYMOUS_AGENT_KEY },
];

export interface ReadApi {
  db: TestDatabase;
  client: Client;
  /** GET as the supervisor unless `key` says otherwise; JSON bodies parsed, others as text. */
  get(path: string, key?: string): Promise<{ status: number; headers: Headers; body: any }>;
  close(): Promise<void>;
}

export async function startReadApi(): Promise<ReadApi> {
  const db = await createTestDatabase();
  const client = await connectClient(inject('temporalAddress'), 'default');
  const config = loadConfig({ TEMPORAL_ADDRESS: inject('temporalAddress'), DATABASE_URL: db.url, TEMPORAL_TASK_QUEUE: 'unused', PUBLIC_BASE_URL: 'http://127.0.0.1' });
  const { app } = composeApi(config, { db: db.pool, client, apiKeys: API_KEYS, log: console.error });
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
