/**
 * Everything one test file needs, real and on loopback: its own database, an SMTP server, a
 * Twilio-compatible server and the API on a random port, shared by the file's tests; and for each
 * test a fresh worker on a task queue of its own, with the API pointed at it. Worker and API are
 * built by the product's composition roots (src/compose/) from configuration, as in production.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type express from 'express';
import twilioSdk from 'twilio';
import { afterAll, beforeAll, beforeEach, inject } from 'vitest';
import { composeApi, createApiPool } from '../../src/compose/api';
import { loadConfig, type Config } from '../../src/config';
import { closeServer } from '../../src/runtime';
import { connectClient } from '../../src/temporal/connection';
import { TEST_ENV, testDataConverter } from './config';
import { createTestDatabase, type TestDatabase } from './db';
import { startSmtpServer, type SmtpTestServer } from '../../tools/testkit/smtp-server';
import { startTwilioServer, type TwilioServer } from '../../tools/testkit/twilio-server';
import {
  ADMIN_KEY,
  AGENT_KEY,
  HEAD_KEY,
  LEAD_KEY,
  OTHER_AGENT_KEY,
  OTHER_TEAM_KEY,
  OUTSIDER_KEY,
  resetTeamPolicy,
  seedTestDirectory,
  SUPERVISOR_KEY,
} from './directory';
import { TestWorkers, workflowBundle } from './test-workers';

// The directory the API authenticates against (test/support/directory.ts) and the keys of its people.
export { ADMIN_KEY, AGENT_KEY, HEAD_KEY, LEAD_KEY, OTHER_AGENT_KEY, OTHER_TEAM_KEY, OUTSIDER_KEY, SUPERVISOR_KEY };
export { addTestStaff, letAgentsActForTeamMates, setTeamPolicy } from './directory';
export const TWILIO_FROM = '+15005550006';
export const LINK_SECRET = 'test-link-secret-0123456789abcdef0123456789';

export { workflowBundle } from './test-workers';

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface Harness {
  db: TestDatabase;
  smtp: SmtpTestServer;
  twilio: TwilioServer;
  client: Client;
  /** This test's task queue: its worker polls it and the API starts commitments on it. */
  taskQueue: string;
  baseUrl: string;
  /** The Twilio auth token the API verifies webhook signatures with. */
  twilioAuthToken: string;
  /** JSON request to the API as the agent unless `key` says otherwise (null: no Authorization). */
  api<T = any>(
    method: string,
    path: string,
    opts?: { body?: unknown; raw?: string; key?: string | null; headers?: Record<string, string> },
  ): Promise<ApiResponse<T>>;
  /** A text from `from` to our Twilio number, signed as Twilio signs it; returns the TwiML reply. */
  sms(from: string, body: string, opts?: { forge?: boolean; sid?: string }): Promise<{ status: number; reply: string }>;
  /** A Twilio delivery report for a message SID. */
  smsStatus(sid: string, status: string, errorCode?: string): Promise<number>;
  /** Any signed form (or, with `raw`, any body) to a webhook path, as Twilio would sign it. */
  postSigned(urlPath: string, params: Record<string, string>, opts?: { raw?: string; contentType?: string }): Promise<{ status: number; reply: string }>;
  /** Stops this test's worker (the API stays up); `startWorker` brings one back on the same queue. */
  stopWorker(): Promise<void>;
  startWorker(): Promise<void>;
  /** A fresh worker on a new task queue, the API pointed at it (useHarness does this before each test). */
  renew(): Promise<void>;
  /** Starts building the worker the next `renew` takes, while the current test runs. */
  warmNext(): void;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Configuration as the environment would set it (e.g. DEFAULT_ACK_WITHIN, QUIET_HOURS). */
  env?: Record<string, string>;
  /** The database URL the API and worker use instead of the test database's (a proxy to it, say). */
  databaseUrl?: (url: string) => string;
  /** The API's clock ("now" for creates and calendar previews); the worker keeps real time. */
  clock?: () => Date;
}

/** `env` sets configuration as the environment would (e.g. DEFAULT_ACK_WITHIN, QUIET_HOURS). */
export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const address = inject('temporalAddress');
  const accountSid = `AC${randomUUID().replace(/-/g, '')}`;
  const authToken = randomUUID().replace(/-/g, '');
  const [db, smtp, twilio, workflowCode] = await Promise.all([
    createTestDatabase(),
    startSmtpServer(),
    startTwilioServer({ accountSid, authToken }),
    workflowBundle(),
  ]);
  await seedTestDirectory(db.pool);
  const databaseUrl = opts.databaseUrl?.(db.url) ?? db.url;
  // Twilio signs the public URL (PUBLIC_BASE_URL + path), which is what the API checks against.
  const config: Config = loadConfig({
    QUIET_HOURS: 'off',
    TEXTING_HOURS: 'off',
    LINK_SECRET,
    PUBLIC_BASE_URL: 'http://127.0.0.1',
    TEMPORAL_ADDRESS: address,
    DATABASE_URL: databaseUrl,
    TWILIO_ACCOUNT_SID: accountSid,
    TWILIO_AUTH_TOKEN: authToken,
    TWILIO_FROM,
    TWILIO_API_URL: twilio.url,
    SMTP_URL: smtp.url,
    MAIL_FROM: 'Followthrough <followthrough@test.local>',
    ...TEST_ENV,
    ...opts.env,
  });
  const [client, connection] = await Promise.all([
    connectClient({ TEMPORAL_ADDRESS: address, TEMPORAL_NAMESPACE: 'default' }, undefined, testDataConverter()),
    NativeConnection.connect({ address }),
  ]);
  const apiPool = createApiPool(databaseUrl);
  const workerPool = databaseUrl === db.url ? db.pool : createApiPool(databaseUrl);
  let app: express.Express | undefined;
  // One server for the file; each test's app is swapped in behind it, so baseUrl never changes.
  const server: Server = createServer((req, res) => (app ? app(req, res) : res.writeHead(503).end()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const workers = new TestWorkers(config, {
    db: workerPool,
    connection,
    workflowBundle: workflowCode,
    links: { baseUrl, secret: LINK_SECRET },
    log: () => undefined,
  });
  async function renew(): Promise<void> {
    const queue = await workers.renew();
    app = composeApi({ ...config, TEMPORAL_TASK_QUEUE: queue }, { db: apiPool, client, log: console.error, ...(opts.clock ? { clock: opts.clock } : {}) }).app;
  }
  await renew();

  async function postSigned(urlPath: string, params: Record<string, string>, o: { forge?: boolean; raw?: string; contentType?: string } = {}) {
    const signature = twilioSdk.getExpectedTwilioSignature(o.forge ? 'not-the-token' : authToken, `http://127.0.0.1${urlPath}`, params);
    const res = await fetch(`${baseUrl}${urlPath}`, {
      method: 'POST',
      headers: { 'content-type': o.contentType ?? 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
      body: o.raw ?? new URLSearchParams(params).toString(),
    });
    return { status: res.status, reply: await res.text() };
  }

  return {
    db,
    smtp,
    twilio,
    client,
    get taskQueue() {
      return workers.queue;
    },
    baseUrl,
    twilioAuthToken: authToken,
    async api(method, urlPath, o = {}) {
      const key = o.key === undefined ? AGENT_KEY : o.key;
      const headers: Record<string, string> = { ...(key ? { authorization: `Bearer ${key}` } : {}), ...o.headers };
      let body: string | undefined = o.raw;
      if (o.body !== undefined) body = JSON.stringify(o.body);
      if (body !== undefined) headers['content-type'] ??= 'application/json';
      const res = await fetch(`${baseUrl}${urlPath}`, { method, headers, ...(body !== undefined ? { body } : {}) });
      const text = await res.text();
      return { status: res.status, headers: res.headers, body: text && /json/.test(res.headers.get('content-type') ?? '') ? JSON.parse(text) : text };
    },
    async sms(from, body, o = {}) {
      const sid = o.sid ?? `SM${randomUUID().replace(/-/g, '')}`;
      return postSigned(
        '/v1/webhooks/twilio/sms',
        { From: from, To: TWILIO_FROM, Body: body, MessageSid: sid, AccountSid: accountSid },
        { forge: o.forge === true },
      );
    },
    async smsStatus(sid, status, errorCode) {
      return (
        await postSigned('/v1/webhooks/twilio/status', {
          MessageSid: sid,
          MessageStatus: status,
          AccountSid: accountSid,
          ...(errorCode ? { ErrorCode: errorCode } : {}),
        })
      ).status;
    },
    postSigned: (urlPath, params, o) => postSigned(urlPath, params, o),
    stopWorker: () => workers.stop(),
    startWorker: () => workers.start(),
    renew,
    warmNext: () => workers.warmNext(),
    async close() {
      await closeServer(server);
      await workers.close();
      await Promise.all([client.connection.close(), connection.close(), apiPool.end(), workerPool === db.pool ? undefined : workerPool.end()]);
      await Promise.all([smtp.close(), twilio.close()]);
      await db.drop();
    },
  };
}

/**
 * One harness for the test file it is called in: started before its tests, closed after them,
 * with a fresh worker on a new task queue for every test after the first. The returned object
 * forwards to the running harness.
 */
export function useHarness(opts: HarnessOptions = {}): Harness {
  let current: Harness | undefined;
  let tests = 0;
  beforeAll(async () => {
    current = await startHarness(opts);
  });
  beforeEach(async () => {
    // The first test gets the worker startHarness made.
    if (tests++ > 0) await current?.renew();
    current?.warmNext();
    // Every test starts from the team's default chain; a test that needs another sets it.
    if (current) await resetTeamPolicy(current.db.pool);
  });
  afterAll(async () => {
    await current?.close();
  });
  return new Proxy({} as Harness, {
    get(_target, prop) {
      if (!current) throw new Error('the harness is used before beforeAll started it');
      const value: unknown = Reflect.get(current, prop);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(current) : value;
    },
  });
}

/** Numbers each default body's reference, so a file's commitments are not duplicates of one ticket. */
let refs = 0;

/**
 * A valid create body; tests override what they are about. The owner is the caller (Dana, for the
 * default key); the chain is team Support's policy (`setTeamPolicy`). Each call has its own
 * `externalRef` (TICKET-4411-1, -2…): a reference still open in the team is a 409.
 */
export function commitmentBody(overrides: Record<string, unknown> = {}): Record<string, any> {
  return {
    customer: { name: 'Maria Lopez', phone: '+14155550123', email: 'maria@example.com', timezone: 'Asia/Kolkata' },
    summary: 'Call you back about the duplicate charge',
    dueIn: 'PT1H',
    log: { trigger: 'billing_error', customerState: 'frustrated', customerWants: 'refund', rootCause: 'bad_automation', neededFix: 'Dedupe card retries' },
    externalRef: `TICKET-4411-${++refs}`,
    ...overrides,
  };
}

/** Polls until `check` returns a value (not undefined) or the time runs out. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
