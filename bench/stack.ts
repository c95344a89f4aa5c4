/**
 * Followthrough on one backend, the way production runs it: Temporal, the app's Postgres, the
 * worker and the API as separate processes, and a message sink (the test suite's SMTP server and
 * Twilio-compatible server) that the real nodemailer and Twilio SDK channels deliver to.
 */
import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { seedDemoDirectory } from '../src/db/directory/demo';
import { issueKey } from '../src/db/directory/keys';
import { migrate } from '../src/db/migrate';
import { freePort } from '../src/net';
import { startAppPostgres, startDevBackend, NAMESPACE, type AppPostgres, type Backend, type BackendName } from './backends';
import { startPostgresBackend } from './postgres-backend';
import { startChild, type Child, type SinkRecord } from './children';
import { httpClient, type HttpClient } from './load';
import type { WorkerProfile } from './profile';
import { statusKb } from './proc';

export const TASK_QUEUE = 'followthrough-bench';
export const BASELINE_TASK_QUEUE = 'bench-baseline';
const TWILIO_FROM = '+15005550006';

export interface Bundles {
  /** The product's workflows (src/workflows), bundled once per run. */
  workflows: string;
  /** bench/workflows.ts: the baselines' workflows. */
  baseline: string;
}

/** Keys live in the staff directory: the demo team's agent and supervisor act for the benchmark. */
async function directoryKeys(databaseUrl: string): Promise<{ agentKey: string; supervisorKey: string }> {
  const db = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  try {
    await seedDemoDirectory(db);
    const agent = await issueKey(db, { staffId: 'dana', label: 'benchmark' });
    const supervisor = await issueKey(db, { staffId: 'sam', label: 'benchmark' });
    return { agentKey: agent.secret, supervisorKey: supervisor.secret };
  } finally {
    await db.end();
  }
}

export interface Stack {
  backend: Backend;
  appPg: AppPostgres;
  worker: Child;
  api: Child;
  sink: Child;
  /** The benchmark's own Temporal client: the baseline's bare starts and visibility counts. */
  client: Client;
  http: HttpClient;
  db: pg.Pool;
  agentKey: string;
  supervisorKey: string;
  profile: WorkerProfile;
  /** The worker's RSS a moment after it started, before any workflow: what a worker costs empty. */
  workerIdleRssMb: number;
  /** Stops the worker (tasks queue up on the server) and starts it again with the same profile. */
  pauseWorker(): Promise<void>;
  resumeWorker(): Promise<void>;
  /** Swaps the worker for one with other options; open workflows move over to it. */
  restartWorker(profile: WorkerProfile): Promise<void>;
  /** The worker of the baselines (empty workflow, lapse floor) on EMPTY_TASK_QUEUE. */
  startBaselineWorker(): Promise<Child>;
  /** Sink records accepted since the last call. */
  take(): Promise<SinkRecord[]>;
  workerStatus(): Promise<WorkerStatusLite>;
  stop(): Promise<void>;
}

export interface WorkerStatusLite {
  numInFlightWorkflowActivations: number;
  numInFlightActivities: number;
  numCachedWorkflows: number;
  /** The cache size in effect (the SDK derives its default from the heap limit). */
  maxCachedWorkflows: number;
}

export interface StackOptions {
  backend: BackendName;
  workDir: string;
  bundles: Bundles;
  historyShards: number;
  concurrency: number;
  profile: WorkerProfile;
  log: (line: string) => void;
}

const secret = () => randomBytes(16).toString('hex');

export async function startStack(opts: StackOptions): Promise<Stack> {
  const { log } = opts;
  log(`starting Temporal (${opts.backend}) and the app's Postgres…`);
  const [backend, appPg] = await Promise.all([
    opts.backend === 'dev' ? startDevBackend(opts.workDir, log) : startPostgresBackend(opts.workDir, log, { historyShards: opts.historyShards }),
    startAppPostgres(opts.workDir, log),
  ]);
  await migrate(appPg.url);
  const { agentKey, supervisorKey } = await directoryKeys(appPg.url);

  const accountSid = `AC${secret()}`;
  const authToken = secret();

  log('starting the message sink, the API and the worker…');
  const sink = await startChild({ role: 'sink', accountSid, authToken }, log);
  const apiPort = await freePort();
  // What worker.ts and api.ts would read from the environment in production (src/config.ts).
  const env: Record<string, string> = {
    TEMPORAL_ADDRESS: backend.address,
    TEMPORAL_NAMESPACE: NAMESPACE,
    TEMPORAL_TASK_QUEUE: TASK_QUEUE,
    DATABASE_URL: appPg.url,
    PUBLIC_BASE_URL: `http://127.0.0.1:${apiPort}`,
    SMTP_URL: sink.info.smtpUrl as string,
    MAIL_FROM: 'Followthrough <followthrough@bench.local>',
    TWILIO_ACCOUNT_SID: accountSid,
    TWILIO_AUTH_TOKEN: authToken,
    TWILIO_FROM,
    TWILIO_API_URL: sink.info.twilioUrl as string,
    LINK_SECRET: secret() + secret(),
    // Customer texts are never held for the night: the numbers must not depend on the hour the benchmark runs.
    QUIET_HOURS: 'off',
    // The load comes from one key and one address, far faster than any person: the limits would measure themselves.
    RATE_LIMIT_PER_KEY: '10000000',
    RATE_LIMIT_PER_ADDRESS: '10000000',
    // Storms are timed to seconds.
    SHORTEST_WINDOW: 'PT1S',
  };
  const api = await startChild({ role: 'api', env, port: apiPort }, log);
  const startWorker = (profile: WorkerProfile) =>
    startChild({ role: 'worker', env, bundlePath: opts.bundles.workflows, ...(profile.options ? { tuning: profile.options } : {}) }, log, profile);
  let worker = await startWorker(opts.profile);
  const idleRss = async (pid: number) => {
    await new Promise((r) => setTimeout(r, 1_000));
    return Math.round((statusKb(pid, 'VmRSS') ?? 0) / 1024);
  };
  const workerIdleRssMb = await idleRss(worker.pid);
  const connection = await Connection.connect({ address: backend.address });
  const client = new Client({ connection, namespace: NAMESPACE });
  const http = httpClient(api.info.url as string, opts.concurrency);
  const db = new pg.Pool({ connectionString: appPg.url, max: 2 });

  const stack: Stack = {
    backend,
    appPg,
    get worker() {
      return worker;
    },
    api,
    sink,
    client,
    http,
    db,
    agentKey,
    supervisorKey,
    profile: opts.profile,
    workerIdleRssMb,
    async pauseWorker() {
      await worker.stop();
    },
    async resumeWorker() {
      worker = await startWorker(stack.profile);
    },
    async restartWorker(profile) {
      await worker.stop();
      worker = await startWorker(profile);
      stack.profile = profile;
      stack.workerIdleRssMb = await idleRss(worker.pid);
    },
    startBaselineWorker: () => startChild({ role: 'baseline-worker', env, taskQueue: BASELINE_TASK_QUEUE, bundlePath: opts.bundles.baseline }, log),
    take: () => sink.call<SinkRecord[]>('take'),
    workerStatus: () => worker.call<WorkerStatusLite>('status'),
    async stop() {
      http.close();
      await db.end().catch(() => {});
      await connection.close().catch(() => {});
      await api.stop();
      await worker.stop();
      await sink.stop();
      await backend.stop();
      await appPg.stop();
    },
  };
  return stack;
}
