/**
 * What each benchmark child process runs: the worker and the API composed as worker.ts and api.ts
 * compose them, the baselines' worker, and the message sink. child.ts picks one by `role`.
 */
import { readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createChannels } from '../../src/channels';
import { composeApi } from '../../src/compose/api';
import { composeWorker } from '../../src/compose/worker';
import { loadConfig } from '../../src/config';
import { closeServer, listen } from '../../src/runtime';
import { dataConverterFor } from '../../src/temporal/codec';
import { startSmtpServer } from '../testkit/smtp-server';
import { startTwilioServer } from '../testkit/twilio-server';
import { createBaselineActivities } from './baseline-activities';
import type { ChildConfig, SinkRecord } from './children';

export type Handlers = Record<string, (arg: unknown) => unknown>;

/**
 * Errors are printed, but only the first few: a systematic failure under load (every request
 * failing the same way) would otherwise bury the progress lines; the parent reports the count.
 */
function limitedLog(role: string, max = 5): (line: string) => void {
  let printed = 0;
  return (line) => {
    printed += 1;
    if (printed <= max) console.error(`[${role}] ${line}`);
    else if (printed === max + 1) console.error(`[${role}] (further log lines suppressed)`);
  };
}

export interface Started {
  info: Record<string, string>;
  handlers: Handlers;
  stop: () => Promise<void>;
}

/**
 * The worker, composed as worker.ts composes it (src/compose/worker.ts: config from the
 * environment, the real channels), minus the namespace set-up: the retention schedule runs daily,
 * never during a run, and the benchmark's stack registers the search attributes itself.
 */
async function startWorker(c: Extract<ChildConfig, { role: 'worker' }>, onFatal: (error: string) => void): Promise<Started> {
  const composed = await composeWorker(loadConfig(c.env), {
    workflowBundle: { code: await readFile(c.bundlePath, 'utf8') },
    log: limitedLog('worker'),
    // As worker.ts runs it, unless the benchmark's profile says otherwise.
    ...(c.tuning ? { tuning: c.tuning } : {}),
    ...(c.insecureReceivers ? { insecureReceivers: true } : {}),
    setUpNamespace: false,
  });
  const { worker } = composed;
  return runWorker(
    worker,
    () => ({ ...worker.getStatus(), maxCachedWorkflows: worker.options.maxCachedWorkflows }),
    () => composed.close(),
    onFatal,
  );
}

/** Runs a worker as a child's service: `status` for the parent, `stop` drains it, then releases what it used. */
function runWorker(worker: Worker, status: () => object, release: () => Promise<void>, onFatal?: (error: string) => void): Started {
  const running = worker.run();
  running.catch((err: unknown) => {
    onFatal?.(`worker stopped: ${err instanceof Error ? err.message : String(err)}`);
  });
  return {
    info: {},
    handlers: { status },
    stop: async () => {
      worker.shutdown();
      await running.catch(() => {});
      await release();
    },
  };
}

/** The baselines' worker: the empty workflow and the lapse-storm floors, on a task queue of their own. */
async function startBaselineWorker(c: Extract<ChildConfig, { role: 'baseline-worker' }>): Promise<Started> {
  const config = loadConfig(c.env);
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS as string });
  const dataConverter = dataConverterFor(config.PAYLOAD_KEYS);
  const worker = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: c.taskQueue,
    workflowBundle: { code: await readFile(c.bundlePath, 'utf8') },
    activities: createBaselineActivities(createChannels(config, (line) => console.error(`[baseline] ${line}`))),
    // The baselines are started by the same client as the commitments, which encrypts as production does.
    ...(dataConverter ? { dataConverter } : {}),
  });
  return runWorker(
    worker,
    () => worker.getStatus(),
    () => connection.close(),
  );
}

/** The API, composed as api.ts composes it (src/compose/api.ts), on a port of its own choosing. */
async function startApi(c: Extract<ChildConfig, { role: 'api' }>): Promise<Started> {
  const api = composeApi(loadConfig(c.env), { log: limitedLog('api'), ...(c.insecureReceivers ? { insecureReceivers: true } : {}) });
  const server: Server = await listen(api.app, Number(c.port), '127.0.0.1');
  return {
    info: { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` },
    handlers: {},
    stop: async () => {
      await closeServer(server);
      await api.close();
    },
  };
}

async function startSink(c: Extract<ChildConfig, { role: 'sink' }>): Promise<Started> {
  const [smtp, twilio] = await Promise.all([startSmtpServer(), startTwilioServer({ accountSid: c.accountSid, authToken: c.authToken })]);
  // The benchmarks were measured without Twilio's status callbacks hitting the API; keep them comparable.
  twilio.setCallbacks(false);
  let taken = 0;
  return {
    info: { smtpUrl: smtp.url, twilioUrl: twilio.url },
    handlers: {
      count: () => taken + smtp.mails.length + twilio.messages.length,
      /** Everything accepted since the last take, slimmed to what the benchmark needs; the rest is dropped. */
      take: (): SinkRecord[] => {
        const mails = smtp.mails.splice(0).flatMap((m) => m.to.map((to) => ({ channel: 'email' as const, to, at: m.receivedAt ?? 0 })));
        const texts = twilio.messages.splice(0).map((m) => ({ channel: 'sms' as const, to: m.to, at: m.receivedAt ?? 0 }));
        twilio.requests.length = 0;
        taken += mails.length + texts.length;
        return [...mails, ...texts];
      },
    },
    stop: async () => {
      await Promise.all([smtp.close(), twilio.close()]);
    },
  };
}

export function startRole(config: ChildConfig, onFatal: (error: string) => void): Promise<Started> {
  switch (config.role) {
    case 'worker':
      return startWorker(config, onFatal);
    case 'baseline-worker':
      return startBaselineWorker(config);
    case 'api':
      return startApi(config);
    case 'sink':
      return startSink(config);
  }
}
