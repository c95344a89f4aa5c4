/**
 * Followthrough as production runs it, with every part stoppable: the Temporal dev server (its
 * SQLite file kept, so a restart keeps the workflows), the app's embedded Postgres (restarted on
 * the same data and port), the sink with the provider fakes, and `node dist/src/bin/worker.js` and
 * `node dist/src/bin/api.js` configured only by their environment.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { ensureEventPump } from '../../src/events/pump-start';
import { freePort } from '../../src/net';
import { NAMESPACE, startAppPostgres, startDevBackend, type AppPostgres, type Backend } from '../bench/backends';
import { seedAdmin } from '../bench/directory';
import { httpClient, type HttpClient } from '../bench/load';
import { sinkClient, type SinkClient } from './control';
import { Service } from './service';

export const TASK_QUEUE = 'followthrough-faults';
export const TWILIO_FROM = '+15005550006';

export interface FaultStack {
  apiUrl: string;
  /** An admin's key (from the staff directory): reads every commitment. Owners' keys come with each scenario's people. */
  adminKey: string;
  accountSid: string;
  authToken: string;
  http: HttpClient;
  /** The app's Postgres, for reading what the product recorded (notifications, opt-outs). */
  db: pg.Pool;
  /** For describing workflows: is any work still pending? */
  temporal: Client;
  sink: SinkClient;
  worker: Service;
  api: Service;
  /** Exits of the worker and the API that nobody asked for, so far, by process. */
  exits(): Record<string, number>;
  /** Stops the Temporal server (SIGTERM), waits, starts it again on the same file and port; returns the downtime. */
  restartTemporal(downMs: number): Promise<number>;
  stopPostgres(): Promise<void>;
  startPostgres(): Promise<void>;
  stop(): Promise<void>;
}

const secret = () => randomBytes(16).toString('hex');

export async function startFaultStack(opts: {
  repo: string;
  workDir: string;
  logDir: string;
  log: (line: string) => void;
  /** The event pump's retry schedule, when not the real one: the pump is started with it before the worker, which then finds it running. */
  eventRetryScheduleMs?: number[];
}): Promise<FaultStack> {
  const { log, workDir } = opts;
  const [temporalPort, pgPort, apiPort] = [await freePort(), await freePort(), await freePort()];
  // The servers' errors are what the faults provoke: they go to their logs, not between the progress lines.
  const fileLog = (name: string) => {
    const stream = createWriteStream(path.join(opts.logDir, `${name}.log`), { flags: 'a' });
    return (line: string) => void stream.write(`${line}\n`);
  };
  const [temporalLog, postgresLog] = [fileLog('temporal'), fileLog('postgres')];
  log("starting Temporal (dev server, SQLite file) and the app's Postgres…");
  let backend: Backend;
  let appPg: AppPostgres;
  [backend, appPg] = await Promise.all([startDevBackend(workDir, temporalLog, temporalPort), startAppPostgres(workDir, postgresLog, pgPort)]);

  const accountSid = `AC${secret()}`;
  const authToken = secret();
  const service = (name: string, script: string, env: Record<string, string>, ready: RegExp, supervised = true) =>
    new Service({ name, script, env, ready, log, supervised, logFile: path.join(opts.logDir, `${name}.log`) });

  log('starting the sink, the worker (dist/src/bin/worker.js) and the API (dist/src/bin/api.js)…');
  const sinkService = service('sink', path.join(__dirname, 'sink.js'), { SINK_ACCOUNT_SID: accountSid, SINK_AUTH_TOKEN: authToken }, /^(\{"ready".*)$/, false);
  const ready = JSON.parse((await sinkService.start())[1] ?? '{}') as { ready: { control: string; twilioUrl: string; smtpUrl: string } };
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  // Everything worker.ts and api.ts read (src/config.ts), as a deployment would set it.
  const env: Record<string, string> = {
    PORT: String(apiPort),
    PUBLIC_BASE_URL: apiUrl,
    TEMPORAL_ADDRESS: backend.address,
    TEMPORAL_NAMESPACE: NAMESPACE,
    TEMPORAL_TASK_QUEUE: TASK_QUEUE,
    DATABASE_URL: appPg.url,
    SMTP_URL: ready.ready.smtpUrl,
    MAIL_FROM: 'Followthrough <followthrough@faults.local>',
    TWILIO_ACCOUNT_SID: accountSid,
    TWILIO_AUTH_TOKEN: authToken,
    TWILIO_FROM,
    TWILIO_API_URL: ready.ready.twilioUrl,
    LINK_SECRET: secret() + secret(),
    // The results must not depend on the hour the suite runs.
    QUIET_HOURS: 'off',
    TEXTING_HOURS: 'off',
    // The production entries on one machine: http, windows of seconds, one key creating a cohort at once.
    ALLOW_INSECURE: 'true',
    SHORTEST_WINDOW: 'PT1S',
    RATE_LIMIT_PER_KEY: '10000000',
    RATE_LIMIT_PER_ADDRESS: '10000000',
  };
  const worker = service('worker', path.join(opts.repo, 'dist', 'src', 'bin', 'worker.js'), env, /worker: polling task queue/);
  const api = service('api', path.join(opts.repo, 'dist', 'src', 'bin', 'api.js'), env, /api: listening on/);
  const connection = await Connection.connect({ address: backend.address });
  const temporal = new Client({ connection, namespace: NAMESPACE });
  // The worker ensures the pump at its start with the default input; one already running is kept
  // (src/events/pump-start.ts), and continues as new with this input ever after.
  if (opts.eventRetryScheduleMs) await ensureEventPump(temporal, TASK_QUEUE, { retryScheduleMs: opts.eventRetryScheduleMs });
  await Promise.all([worker.start(), api.start()]);

  // Its connections die with every Postgres outage the suite causes; the next query reconnects.
  const db = new pg.Pool({ connectionString: appPg.url, max: 4 });
  db.on('error', () => {});
  // Keys live in the staff directory, which the worker and the API have migrated by now.
  const adminKey = await seedAdmin(db, { id: 'faults-admin', name: 'Faults Admin', email: 'admin@faults.local' });
  const http = httpClient(apiUrl, 32);

  return {
    apiUrl,
    adminKey,
    accountSid,
    authToken,
    http,
    db,
    temporal,
    sink: sinkClient(ready.ready.control),
    worker,
    api,
    exits: () => ({ worker: worker.unexpectedExits, api: api.unexpectedExits }),
    async restartTemporal(downMs) {
      const t0 = Date.now();
      await backend.stop();
      await new Promise((r) => setTimeout(r, Math.max(0, downMs - (Date.now() - t0))));
      backend = await startDevBackend(workDir, temporalLog, temporalPort);
      return Date.now() - t0;
    },
    async stopPostgres() {
      await appPg.stop();
    },
    async startPostgres() {
      appPg = await startAppPostgres(workDir, postgresLog, pgPort);
    },
    async stop() {
      http.close();
      await db.end().catch(() => {});
      await connection.close().catch(() => {});
      await api.stop();
      await worker.stop();
      await sinkService.stop();
      await backend.stop();
      await appPg.stop();
    },
  };
}
