/**
 * Followthrough on one backend, the way production runs it: Temporal, the app's Postgres, the
 * worker and the API as separate processes, and a message sink (the test suite's SMTP server and
 * Twilio-compatible server) that the real nodemailer and Twilio SDK channels deliver to.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { issueKey } from '../../src/people/store/keys';
import { migrate } from '../../src/db/migrate';
import { freePort } from '../../src/net';
import { dataConverterFor } from '../../src/temporal/codec';
import { startAppPostgres, startDevBackend, NAMESPACE, type AppPostgres, type Backend, type BackendName } from './backends';
import { startPostgresBackend } from './postgres-backend';
import { OWNERS } from './body';
import { startChild, type Child, type SinkRecord } from './children';
import { seedTeam, supervisorOnly } from './directory';
import { httpClient, type HttpClient } from './load';
import type { WorkerProfile } from './profile';
import { statusKb } from './proc';

export const TASK_QUEUE = 'followthrough-bench';
export const BASELINE_TASK_QUEUE = 'bench-baseline';
const TWILIO_FROM = '+15005550006';

export interface Bundles {
  /** The product's workflows (src/workflows), bundled once per run. */
  workflows: string;
  /** tools/bench/workflows.ts: the baselines' workflows. */
  baseline: string;
}

/**
 * The team the load acts as, in the staff directory: ten agents who own what they create (agent-0
 * … agent-9, so lists can filter by owner) and the supervisor who reads lists, reports and the
 * board. Its chain is the supervisor alone; the storm's commitments get teams of their own.
 */
async function seedBenchTeam(databaseUrl: string): Promise<{ ownerKeys: string[]; supervisorKey: string }> {
  const db = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  try {
    const supervisor = { id: 'sup-sam', name: 'Sam Okafor', email: 'sam@support.example', phone: '+13325550100' };
    const agents = Array.from({ length: OWNERS }, (_, k) => ({ id: `agent-${k}`, name: `Agent ${k}`, email: `agent-${k}@support.example` }));
    const ownerKeys = await seedTeam(db, { id: 'bench', name: 'Bench', timezone: 'America/Chicago', supervisor, agents, policy: supervisorOnly(30 * 60_000) });
    const supervisorKey = (await issueKey(db, { staffId: supervisor.id, label: 'benchmark' })).secret;
    return { ownerKeys, supervisorKey };
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
  /** Keys of the bench team's agents: create i is sent with ownerKeys[i % OWNERS]. */
  ownerKeys: string[];
  supervisorKey: string;
  profile: WorkerProfile;
  /** The worker's RSS a moment after it started, before any workflow: what a worker costs empty. */
  workerIdleRssMb: number;
  /** Stops the worker (tasks queue up on the server) and starts it again with the same profile. */
  pauseWorker(): Promise<void>;
  resumeWorker(): Promise<void>;
  /** Swaps the worker for one with other options; open workflows move over to it. */
  restartWorker(profile: WorkerProfile): Promise<void>;
  /** The worker of the baselines (empty workflow, lapse floors) on BASELINE_TASK_QUEUE. */
  startBaselineWorker(): Promise<Child>;
  /** A second worker process on the same task queue, run as the first one is (two workers, one server). */
  startExtraWorker(): Promise<Child>;
  /** A second API process on the same Temporal server and database, on a port of its own. */
  startExtraApi(): Promise<Child>;
  /** Sink records accepted since the last call. */
  take(): Promise<SinkRecord[]>;
  workerStatus(): Promise<WorkerStatusLite>;
  /** The SDK's cache-thrash warnings (tools/bench/child.ts) of every worker this stack ran, so far. */
  sdkWarnings(): Promise<SdkWarnings>;
  stop(): Promise<void>;
}

export type SdkWarnings = { onlyEviction: number; untrackedLocalActivity: number };

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
  /** Run the worker and the API with `node --cpu-prof`, their profiles into <dir>/worker and <dir>/api. */
  cpuProfDir?: string;
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
  const { ownerKeys, supervisorKey } = await seedBenchTeam(appPg.url);

  const accountSid = `AC${secret()}`;
  const payloadKey = randomBytes(32);
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
    TEXTING_HOURS: 'off',
    // The load comes from one key and one address, far faster than any person: the limits would measure themselves.
    RATE_LIMIT_PER_KEY: '10000000',
    RATE_LIMIT_PER_ADDRESS: '10000000',
    // Key lookups at once from one address are capped at this (src/api/limits.ts); the load sends
    // 32 at a time from one address with a thousand keys nobody has used yet, and 2 of each round
    // were refused with 429 at the default of 30.
    RATE_LIMIT_BAD_KEYS: '10000000',
    // The load creates for its customers far faster than any contact centre, a scenario after another:
    // the bounds on customer messages (per number, per address, per key) would measure themselves.
    CUSTOMER_MESSAGES_PER_RECIPIENT_PER_HOUR: '10000000',
    CUSTOMER_MESSAGES_PER_RECIPIENT_PER_DAY: '10000000',
    CUSTOMER_MESSAGES_PER_KEY_PER_HOUR: '10000000',
    CUSTOMER_MESSAGES_PER_KEY_PER_DAY: '10000000',
    // Storms are timed to seconds.
    SHORTEST_WINDOW: 'PT1S',
    // As production runs: customer details encrypted before Temporal stores them (src/temporal/codec.ts).
    PAYLOAD_KEYS: `bench:${payloadKey.toString('base64')}`,
  };
  // Profiles are written when the process exits, which the stack's stop() waits for.
  const profiled = (name: string) => (opts.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${path.join(opts.cpuProfDir, name)}`] : []);
  // The events phase's receivers listen on the benchmark's loopback over http (scenarios/events.ts):
  // allowed for the API (at subscription) and the worker (at delivery), as under npm start.
  const api = await startChild({ role: 'api', env, port: apiPort, insecureReceivers: true }, log, { execArgv: profiled('api') });
  const startWorker = (profile: WorkerProfile, label?: string) =>
    startChild(
      { role: 'worker', env, bundlePath: opts.bundles.workflows, insecureReceivers: true, ...(profile.options ? { tuning: profile.options } : {}) },
      log,
      { ...profile, execArgv: [...(profile.execArgv ?? []), ...profiled('worker')] },
      label,
    );
  let worker = await startWorker(opts.profile);
  // Counts of workers already stopped; the current one's are asked for when needed.
  const retired: SdkWarnings = { onlyEviction: 0, untrackedLocalActivity: 0 };
  const addWarnings = (into: SdkWarnings, w: SdkWarnings) => {
    into.onlyEviction += w.onlyEviction;
    into.untrackedLocalActivity += w.untrackedLocalActivity;
    return into;
  };
  const retire = async () => {
    addWarnings(retired, await worker.call<SdkWarnings>('sdkWarnings').catch(() => ({ onlyEviction: 0, untrackedLocalActivity: 0 })));
    await worker.stop();
  };
  const idleRss = async (pid: number) => {
    await new Promise((r) => setTimeout(r, 1_000));
    return Math.round((statusKb(pid, 'VmRSS') ?? 0) / 1024);
  };
  const workerIdleRssMb = await idleRss(worker.pid);
  const connection = await Connection.connect({ address: backend.address });
  const client = new Client({ connection, namespace: NAMESPACE, dataConverter: dataConverterFor([{ id: 'bench', key: payloadKey }]) });
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
    ownerKeys,
    supervisorKey,
    profile: opts.profile,
    workerIdleRssMb,
    async pauseWorker() {
      await retire();
    },
    async resumeWorker() {
      worker = await startWorker(stack.profile);
    },
    async restartWorker(profile) {
      await retire();
      worker = await startWorker(profile);
      stack.profile = profile;
      stack.workerIdleRssMb = await idleRss(worker.pid);
    },
    startBaselineWorker: () => startChild({ role: 'baseline-worker', env, taskQueue: BASELINE_TASK_QUEUE, bundlePath: opts.bundles.baseline }, log),
    startExtraWorker: () => startWorker(stack.profile, 'worker B'),
    startExtraApi: async () => startChild({ role: 'api', env, port: await freePort(), insecureReceivers: true }, log, {}, 'API B'),
    take: () => sink.call<SinkRecord[]>('take'),
    workerStatus: () => worker.call<WorkerStatusLite>('status'),
    sdkWarnings: async () => addWarnings({ ...retired }, await worker.call<SdkWarnings>('sdkWarnings')),
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
