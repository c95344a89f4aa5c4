/**
 * The worker's health endpoint (src/worker-health.ts) on the production entry, `src/bin/worker.ts`, run as
 * an operator runs it: a process of its own on the real Temporal dev server and Postgres, with
 * WORKER_HEALTH_PORT set as deploy/kubernetes sets it. /livez keeps the process (alive while it
 * waits for Postgres, and while Postgres is down); /healthz says whether it does its work.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { freePort } from '../../src/net';
import { connectClient } from '../../src/temporal/connection';
import { serveWorkerHealth, WORKER_HEALTH_PATH, WORKER_LIVENESS_PATH } from '../../src/worker-health';
import { TEST_ENV, testDataConverter } from '../support/config';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { bundleEntry, startEntry, type BundledEntry, type EntryProcess } from '../support/entry-process';
import { eventually } from '../support/harness';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';

let entry: BundledEntry;
let db: TestDatabase;
const running: EntryProcess[] = [];
const proxies: TcpProxy[] = [];

beforeAll(async () => {
  [entry, db] = await Promise.all([bundleEntry('src/bin/worker.ts', { workflows: true }), createTestDatabase()]);
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((w) => w.stop()));
  await Promise.all(proxies.splice(0).map((p) => p.close()));
});

afterAll(async () => {
  await db?.drop();
  await entry?.remove();
});

interface Worker {
  process: EntryProcess;
  taskQueue: string;
  get(path: string): Promise<{ status: number; body: any }>;
}

/** The worker entry on a task queue of its own, with its health on a free port. */
async function startWorker(databaseUrl: string): Promise<Worker> {
  const port = await freePort();
  const taskQueue = `health-${randomUUID()}`;
  const env = { ...TEST_ENV, ALLOW_INSECURE: 'true', HOST: '127.0.0.1', WORKER_HEALTH_PORT: String(port), TEMPORAL_TASK_QUEUE: taskQueue };
  const process = startEntry(entry.file, { ...env, TEMPORAL_ADDRESS: inject('temporalAddress'), DATABASE_URL: databaseUrl });
  running.push(process);
  await process.printed(/^worker: health at /);
  return {
    process,
    taskQueue,
    async get(path) {
      const res = await fetch(`http://127.0.0.1:${port}${path}`);
      return { status: res.status, body: await res.json() };
    },
  };
}

/** Postgres behind a proxy the test can take down, and the URL through it. */
async function postgresBehindProxy(): Promise<{ proxy: TcpProxy; url: string }> {
  const target = new URL(db.url);
  const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port) });
  proxies.push(proxy);
  target.port = String(proxy.port);
  return { proxy, url: target.toString() };
}

const healthy = (w: Worker) =>
  eventually(
    async () => {
      const res = await w.get(WORKER_HEALTH_PATH);
      return res.status === 200 ? res.body : undefined;
    },
    20_000,
    `${WORKER_HEALTH_PATH} to answer 200`,
  );

describe('the worker’s health endpoint', () => {
  it('is live but not ready while the worker waits for Postgres at start-up, and ready once it polls', async () => {
    const { proxy, url } = await postgresBehindProxy();
    await proxy.stop();
    const worker = await startWorker(url);
    await worker.process.printed(/^worker: waiting for Postgres at /);

    expect(await worker.get(WORKER_LIVENESS_PATH)).toEqual({ status: 200, body: { status: 'live', worker: 'starting' } });
    const starting = await worker.get(WORKER_HEALTH_PATH);
    expect(starting.status).toBe(503);
    expect(starting.body).toMatchObject({ status: 'unavailable', worker: 'starting', postgres: 'unknown', lastTaskAt: null });
    expect(starting.body.detail.worker).toContain('once Postgres answers');

    await proxy.start();
    await worker.process.printed(/^worker: polling task queue /);
    const ready = await healthy(worker);
    // In flight: whatever it holds, such as the event pump it started on its queue.
    const count = expect.any(Number);
    expect(ready).toMatchObject({ status: 'ok', worker: 'running', postgres: 'ok', inFlight: { workflowActivations: count, activities: count } });
  });

  it('says when the worker last finished a task, and moves it on when the worker runs a workflow', async () => {
    const worker = await startWorker(db.url);
    await worker.process.printed(/^worker: polling task queue /);
    // Its first task is the event pump's (src/events/pump-start.ts): done once the pump's activity runs.
    const pumping = await eventually(
      async () => {
        const body = (await healthy(worker)) as { lastTaskAt: string | null; inFlight: { activities: number } };
        return body.inFlight.activities > 0 && body.lastTaskAt ? body.lastTaskAt : undefined;
      },
      20_000,
      'the event pump to be running on the worker',
    );

    const servers = { TEMPORAL_ADDRESS: inject('temporalAddress'), TEMPORAL_NAMESPACE: 'default' };
    const client = await connectClient(servers, undefined, testDataConverter());
    const before = Date.now();
    try {
      // The retention workflow: one workflow task and one activity, on this worker's queue.
      const workflowId = `health-${randomUUID()}`;
      await client.workflow.execute('retentionWorkflow', { taskQueue: worker.taskQueue, workflowId, args: [{ retentionDays: 365 }] });
    } finally {
      await client.connection.close();
    }
    const after = await healthy(worker);
    expect(Date.parse(after.lastTaskAt)).toBeGreaterThan(Date.parse(pumping));
    expect(Date.parse(after.lastTaskAt)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(after.lastTaskAt)).toBeLessThanOrEqual(Date.now());
  });

  it('stays live but not ready while Postgres is down, naming Postgres, and is ready again once it is back', async () => {
    const { proxy, url } = await postgresBehindProxy();
    const worker = await startWorker(url);
    await healthy(worker);

    await proxy.stop();
    const down = await worker.get(WORKER_HEALTH_PATH);
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ status: 'unavailable', worker: 'running', postgres: 'down' });
    expect(down.body.detail.postgres).toBeTruthy();
    expect(await worker.get(WORKER_LIVENESS_PATH)).toEqual({ status: 200, body: { status: 'live', worker: 'running' } });

    await proxy.start();
    expect(await healthy(worker)).toMatchObject({ status: 'ok', postgres: 'ok' });
  });

  it('is off unless WORKER_HEALTH_PORT is set', async () => {
    const config = loadConfig({});
    expect(config.WORKER_HEALTH_PORT).toBeUndefined();
    expect(await serveWorkerHealth(config)).toBeUndefined();
  });
});
