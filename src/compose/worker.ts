/**
 * The worker's composition root: config → Postgres pool, message channels, activities, worker
 * options, search attributes and the retention schedule. worker.ts, `npm start`, the test harness
 * and the benchmarks all build their worker here; overrides are what a caller injects instead of
 * what the config would build (a test's shared pool, its own bundle and clock).
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { Pool } from 'pg';
import { createActivities } from '../activities';
import { createChannels, type MailSender, type SmsSender } from '../channels';
import { mailDomain } from '../channels/mail-from';
import type { Config } from '../config';
import { messageBoundsOf } from '../config-protection';
import { ensureRetentionSchedule, type RetentionScheduleOutcome } from '../retention-schedule';
import { createPool, workflowCode, type WorkerTuning } from '../runtime';
import { dataConverterFor } from '../temporal/codec';
import { temporalConnectionOptions, type TemporalConnectionOptions } from '../temporal/connection';
import { ensureSearchAttributes } from '../temporal/search-attributes';
import { ensureEventPump, receiverPolicyOf } from '../events/pump-start';

export interface WorkerOverrides {
  /** A pool the caller owns (and ends); otherwise one is made from DATABASE_URL and ended on close. */
  db?: Pool;
  /** A connection the caller owns; otherwise one to TEMPORAL_ADDRESS (with its TLS or API key), closed on close. */
  connection?: NativeConnection;
  sms?: SmsSender;
  mail?: MailSender;
  /** Pre-built bundle (tests build one per file); otherwise the build's, or bundled at start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** PUBLIC_BASE_URL and LINK_SECRET, when the caller knows better (npm start generates the secret). */
  links?: { baseUrl: string; secret: string };
  /** Print the bodies of outbox messages (npm start only: a developer reads them there; elsewhere logs carry ids). */
  printOutbox?: boolean;
  clock?: () => Date;
  log?: (line: string) => void;
  tuning?: WorkerTuning;
  /** Event receivers on http and local addresses allowed (npm start), besides ALLOW_INSECURE. */
  insecureReceivers?: boolean;
  /** Register search attributes and the retention schedule (default: yes); tests and benchmarks skip it. */
  setUpNamespace?: boolean;
}

export interface ComposedWorker {
  worker: Worker;
  db: Pool;
  /** What the activities send through (live providers or the outbox). */
  channels: { sms: SmsSender; mail: MailSender };
  /** What the namespace set-up did, when it ran. */
  setUp?: { searchAttributesAdded: string[]; retentionSchedule: RetentionScheduleOutcome; eventPump: 'started' | 'running' };
  /** Starts polling; resolves when the worker has stopped (after close, or a fatal error). */
  run(): Promise<void>;
  /** Stops polling, waits for the worker to drain, then releases what this composition made. */
  close(): Promise<void>;
}

export async function composeWorker(config: Config, o: WorkerOverrides = {}): Promise<ComposedWorker> {
  if (!config.TEMPORAL_ADDRESS || (!o.db && !config.DATABASE_URL)) throw new Error('The worker needs TEMPORAL_ADDRESS and DATABASE_URL.');
  const temporal = temporalConnectionOptions(config);
  const log = o.log ?? console.log;
  const db = o.db ?? createPool(config.DATABASE_URL as string);
  const built = createChannels(config, log, { printBodies: o.printOutbox === true });
  const channels = { sms: o.sms ?? built.sms, mail: o.mail ?? built.mail };
  const connection = o.connection ?? (await NativeConnection.connect(temporal));
  // Before any workflow runs: workflows index themselves by owner, status and deadline, and the
  // retention schedule starts a workflow this worker hosts.
  const setUp = o.setUpNamespace === false ? undefined : await setUpNamespace(config, temporal, log);
  // Customer details in payloads are encrypted before Temporal stores them (src/temporal/codec.ts).
  const dataConverter = dataConverterFor(config.PAYLOAD_KEYS);
  const links = o.links ?? (config.LINK_SECRET ? { baseUrl: config.PUBLIC_BASE_URL, secret: config.LINK_SECRET } : undefined);
  // Our emails' Message-IDs name the sender's own domain.
  const messageIdDomain = mailDomain(config.MAIL_FROM);
  const worker = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    activities: createActivities({
      db,
      ...channels,
      brand: config.BRAND_NAME,
      messageBounds: messageBoundsOf(config),
      ...(messageIdDomain ? { messageIdDomain } : {}),
      log,
      ...(links ? { links } : {}),
      ...(o.clock ? { clock: o.clock } : {}),
      receivers: receiverPolicyOf(config, o.insecureReceivers),
    }),
    maxCachedWorkflows: config.WORKER_CACHED_WORKFLOWS,
    ...(dataConverter ? { dataConverter } : {}),
    ...o.tuning,
    ...workflowCode(o.workflowBundle),
  });
  let running: Promise<void> | undefined;
  return {
    worker,
    db,
    channels,
    ...(setUp ? { setUp } : {}),
    run: () => (running ??= worker.run()),
    async close() {
      // A worker that never ran still holds its connection; the SDK releases it only by running down.
      if (worker.getState() === 'INITIALIZED') running = worker.run();
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running?.catch(() => undefined);
      if (!o.connection) await connection.close();
      if (!o.db) await db.end();
    },
  };
}

async function setUpNamespace(config: Config, temporal: TemporalConnectionOptions, log: (line: string) => void): Promise<NonNullable<ComposedWorker['setUp']>> {
  const dataConverter = dataConverterFor(config.PAYLOAD_KEYS);
  const client = new Client({
    connection: await Connection.connect(temporal),
    namespace: config.TEMPORAL_NAMESPACE,
    ...(dataConverter ? { dataConverter } : {}),
  });
  try {
    const searchAttributesAdded = await ensureSearchAttributes(client, config.TEMPORAL_NAMESPACE, log);
    const retentionSchedule = await ensureRetentionSchedule(client, { taskQueue: config.TEMPORAL_TASK_QUEUE, retentionDays: config.RETENTION_DAYS });
    // The event delivery pump runs whenever a worker has: it costs a query every few seconds when idle.
    const eventPump = await ensureEventPump(client, config.TEMPORAL_TASK_QUEUE);
    return { searchAttributesAdded, retentionSchedule, eventPump };
  } finally {
    await client.connection.close();
  }
}
