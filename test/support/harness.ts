/**
 * Everything one test file needs, real and on loopback: its own database, an SMTP server, a
 * Twilio-compatible server, a worker on its own task queue against the shared Temporal dev
 * server, and the API app on a random port.
 */
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, Runtime, type WorkflowBundle } from '@temporalio/worker';
import twilioSdk from 'twilio';
import { afterAll, beforeAll, inject } from 'vitest';
import { createApp } from '../../src/api/app';
import { createSmtpMail } from '../../src/channels/smtp-mail';
import { createTwilioSms } from '../../src/channels/twilio-sms';
import { loadConfig } from '../../src/config';
import { policyDefaults } from '../../src/api/policy';
import { closeServer, connectClient, createWorker, listen } from '../../src/runtime';
import { createTestDatabase, type TestDatabase } from './db';
import { ADMIN_KEY, AGENT_KEY, OTHER_AGENT_KEY, seedTestDirectory, SUPERVISOR_KEY } from './directory';
import { startSmtpServer, type SmtpTestServer } from './smtp-server';
import { startTwilioServer, type TwilioServer } from './twilio-server';

// The directory the API authenticates against (test/support/directory.ts) and the keys of its people.
export { ADMIN_KEY, AGENT_KEY, OTHER_AGENT_KEY, SUPERVISOR_KEY };
export const TWILIO_FROM = '+15005550006';
export const LINK_SECRET = 'test-link-secret-0123456789abcdef0123456789';

// Worker state changes at INFO would bury test output; warnings and errors still show.
try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  // Already installed in this process by an earlier test file.
}

let bundle: Promise<WorkflowBundle> | undefined;
/** One workflow bundle per test file: bundling costs seconds, a worker costs milliseconds. */
export function workflowBundle(): Promise<WorkflowBundle> {
  bundle ??= bundleWorkflowCode({
    workflowsPath: path.resolve(__dirname, '../../src/workflows/index.ts'),
    logger: { trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error, log() {} },
  });
  return bundle;
}

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
  taskQueue: string;
  baseUrl: string;
  /** The Twilio auth token the API verifies webhook signatures with. */
  twilioAuthToken: string;
  /** JSON request to the API as the agent unless `key` says otherwise (null: no Authorization). */
  api<T = any>(method: string, path: string, opts?: { body?: unknown; raw?: string; key?: string | null; headers?: Record<string, string> }): Promise<ApiResponse<T>>;
  /** A text from `from` to our Twilio number, signed as Twilio signs it; returns the TwiML reply. */
  sms(from: string, body: string, opts?: { forge?: boolean }): Promise<{ status: number; reply: string }>;
  /** A Twilio delivery report for a message SID. */
  smsStatus(sid: string, status: string, errorCode?: string): Promise<number>;
  close(): Promise<void>;
}

/** `env` sets configuration as the environment would (e.g. DEFAULT_ACK_WITHIN, QUIET_HOURS). */
export async function startHarness(opts: { env?: Record<string, string> } = {}): Promise<Harness> {
  const config = loadConfig({ QUIET_HOURS: 'off', LINK_SECRET: LINK_SECRET, ...opts.env });
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
  const taskQueue = `test-${randomUUID()}`;
  const client = await connectClient(address, 'default');
  const mail = createSmtpMail({ url: smtp.url, from: 'Followthrough <followthrough@test.local>' });
  const app = createApp({ client, db: db.pool, taskQueue, publicBaseUrl: 'http://127.0.0.1', policyDefaults: policyDefaults(config), linkSecret: LINK_SECRET, twilioAuthToken: authToken, log: console.error, mail });
  const server: Server = await listen(app, 0, '127.0.0.1');
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const worker = await createWorker({
    address,
    namespace: 'default',
    taskQueue,
    workflowBundle: workflowCode,
    db: db.pool,
    sms: createTwilioSms({ accountSid, authToken, from: TWILIO_FROM, apiUrl: twilio.url }),
    mail,
    links: { baseUrl, secret: LINK_SECRET },
  });
  const running = worker.run();

  // Twilio signs the public URL (PUBLIC_BASE_URL + path), which is what the API checks against.
  async function postSigned(urlPath: string, params: Record<string, string>, forge = false) {
    const signature = twilioSdk.getExpectedTwilioSignature(forge ? 'not-the-token' : authToken, `http://127.0.0.1${urlPath}`, params);
    const res = await fetch(`${baseUrl}${urlPath}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
      body: new URLSearchParams(params).toString(),
    });
    return { status: res.status, reply: await res.text() };
  }

  return {
    db,
    smtp,
    twilio,
    client,
    taskQueue,
    baseUrl,
    twilioAuthToken: authToken,
    async api(method, urlPath, opts = {}) {
      const key = opts.key === undefined ? AGENT_KEY : opts.key;
      const headers: Record<string, string> = { ...(key ? { authorization: `Bearer ${key}` } : {}), ...opts.headers };
      let body: string | undefined = opts.raw;
      if (opts.body !== undefined) body = JSON.stringify(opts.body);
      if (body !== undefined) headers['content-type'] ??= 'application/json';
      const res = await fetch(`${baseUrl}${urlPath}`, { method, headers, ...(body !== undefined ? { body } : {}) });
      const text = await res.text();
      return { status: res.status, headers: res.headers, body: text && /json/.test(res.headers.get('content-type') ?? '') ? JSON.parse(text) : text };
    },
    async sms(from, body, opts = {}) {
      return postSigned('/v1/webhooks/twilio/sms', { From: from, To: TWILIO_FROM, Body: body, MessageSid: `SM${randomUUID().replace(/-/g, '')}`, AccountSid: accountSid }, opts.forge);
    },
    async smsStatus(sid, status, errorCode) {
      return (await postSigned('/v1/webhooks/twilio/status', { MessageSid: sid, MessageStatus: status, AccountSid: accountSid, ...(errorCode ? { ErrorCode: errorCode } : {}) })).status;
    },
    async close() {
      await closeServer(server);
      worker.shutdown();
      await running;
      await client.connection.close();
      await Promise.all([smtp.close(), twilio.close()]);
      await db.drop();
    },
  };
}

/**
 * One harness for the test file it is called in: started before its tests, closed after them.
 * The returned object forwards to the running harness.
 */
export function useHarness(opts: { env?: Record<string, string> } = {}): Harness {
  let current: Harness | undefined;
  beforeAll(async () => {
    current = await startHarness(opts);
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

/** A valid create body; tests override what they are about. */
export function commitmentBody(overrides: Record<string, unknown> = {}): Record<string, any> {
  return {
    customer: { name: 'Maria Lopez', phone: '+14155550123', email: 'maria@example.com', timezone: 'Asia/Kolkata' },
    owner: { id: 'agent-dana', name: 'Dana Reyes', email: 'dana@support.example', phone: '+14155550150' },
    supervisor: { id: 'sup-sam', name: 'Sam Okafor', email: 'sam@support.example', phone: '+14155550199' },
    summary: 'Call you back about the duplicate charge',
    dueIn: 'PT1H',
    log: { trigger: 'billing_error', customerState: 'frustrated', customerWants: 'refund', rootCause: 'bad_automation', neededFix: 'Dedupe card retries' },
    externalRef: 'TICKET-4411',
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
