/**
 * The worker's health over HTTP, for an orchestrator's probes (deploy/kubernetes/): served on
 * WORKER_HEALTH_PORT when it is set, and nowhere otherwise. A worker takes no requests, so its two
 * answers are about the process and its work, never about traffic:
 *
 * - GET /livez: is this process worth keeping? 200 from the moment it starts, while it waits for
 *   Postgres at start-up (by design: src/wait-for-postgres.ts) and while it drains; 503 once its
 *   Worker has failed or stopped. Nothing outside the process counts: restarting every worker
 *   because Postgres or Temporal is down would add cold starts to the outage and fix nothing.
 * - GET /healthz: is it doing its work now? 200 when the Worker runs (polls the task queue) and
 *   Postgres answers; 503 while it starts, after a stop signal while it drains, and while Postgres
 *   does not answer. The body says which, and when it last finished a workflow or activity task.
 *
 * Why each probe uses which, and with what thresholds: deploy/kubernetes/README.md.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { State, Worker } from '@temporalio/worker';
import type { Pool } from 'pg';
import { probe } from './api/health';
import type { Config } from './config';
import { pingDatabase } from './db/health';
import { listenHost } from './guards';
import { closeServer } from './runtime';

export const WORKER_LIVENESS_PATH = '/livez';
export const WORKER_HEALTH_PATH = '/healthz';

/** What the probes read: the Worker's own state and counters (no call to Temporal), and the activities' pool. */
export interface Watched {
  worker: Pick<Worker, 'getState' | 'getStatus' | 'numInFlightActivations$' | 'numInFlightActivities$'>;
  db: Pool;
}

export interface WorkerHealth {
  /** Where it listens, e.g. http://0.0.0.0:8080. */
  url: string;
  /** From now on, answer about this worker and its pool; until then the worker is `starting`. */
  watch(watched: Watched): void;
  close(): Promise<void>;
}

/** States in which the process has nothing more to do: an orchestrator should replace it. */
const GONE: readonly State[] = ['FAILED', 'STOPPED'];

const WHY: Partial<Record<State | 'STARTING', string>> = {
  STARTING: 'starting: migrating the schema once Postgres answers, then connecting to Temporal',
  INITIALIZED: 'created, not yet polling the task queue',
  STOPPING: 'stopping after a signal: finishing the tasks it holds',
  DRAINING: 'stopping after a signal: finishing the tasks it holds',
  DRAINED: 'stopping after a signal: its tasks are finished',
  STOPPED: 'stopped',
  FAILED: 'failed: the reason is in the log',
};

/** Serves /livez and /healthz on WORKER_HEALTH_PORT (HOST, or every interface); nothing when the port is unset. */
export async function serveWorkerHealth(config: Pick<Config, 'WORKER_HEALTH_PORT' | 'HOST'>): Promise<WorkerHealth | undefined> {
  if (config.WORKER_HEALTH_PORT === undefined) return undefined;
  let watched: Watched | undefined;
  let lastTaskAt: Date | null = null;

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(res, 405, { detail: 'Only GET and HEAD are answered here.' }, { allow: 'GET, HEAD' });
    }
    const state = watched?.worker.getState() ?? 'STARTING';
    const worker = state.toLowerCase();
    if (path === WORKER_LIVENESS_PATH) {
      const live = !GONE.includes(state as State);
      return send(res, live ? 200 : 503, { status: live ? 'live' : 'gone', worker, ...(live ? {} : { detail: { worker: WHY[state] } }) });
    }
    if (path !== WORKER_HEALTH_PATH) {
      return send(res, 404, { detail: `Nothing is served at ${path}; try ${WORKER_HEALTH_PATH} or ${WORKER_LIVENESS_PATH}.` });
    }
    const db = watched?.db;
    const postgres = db ? await probe(() => pingDatabase(db)) : { state: 'unknown' as const };
    const ready = state === 'RUNNING' && postgres.state === 'ok';
    const detail = {
      ...(state === 'RUNNING' ? {} : { worker: WHY[state] }),
      ...(postgres.state === 'down' ? { postgres: postgres.detail } : {}),
    };
    const status = watched?.worker.getStatus();
    const inFlight = status && { workflowActivations: status.numInFlightWorkflowActivations, activities: status.numInFlightActivities };
    return send(res, ready ? 200 : 503, {
      status: ready ? 'ok' : 'unavailable',
      worker,
      postgres: postgres.state,
      lastTaskAt: lastTaskAt?.toISOString() ?? null,
      ...(inFlight ? { inFlight } : {}),
      ...(Object.keys(detail).length ? { detail } : {}),
    });
  }

  const server = createServer((req, res) => {
    answer(req, res).catch((err: unknown) => send(res, 500, { detail: err instanceof Error ? err.message : String(err) }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.WORKER_HEALTH_PORT, listenHost(config, 'production'), () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${address.address}:${address.port}`,
    watch(w) {
      watched = w;
      // A count of tasks in hand that drops means one was finished: no call to Temporal, no timer.
      for (const inFlight$ of [w.worker.numInFlightActivations$, w.worker.numInFlightActivities$]) {
        let previous = 0;
        inFlight$.subscribe((count) => {
          if (count < previous) lastTaskAt = new Date();
          previous = count;
        });
      }
    },
    close: () => closeServer(server),
  };
}

function send(res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  const length = Buffer.byteLength(text);
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', 'content-length': length, ...headers });
  res.end(res.req.method === 'HEAD' ? undefined : text);
}
