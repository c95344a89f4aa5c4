/**
 * Building blocks of the composition roots (src/compose/) and the entry points: pools, clients,
 * where the workflow code is, listening and shutting down.
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import type { WorkerOptions } from '@temporalio/worker';
import type express from 'express';
import { Pool, type PoolConfig } from 'pg';
import { DEFAULT_REQUEST_TIMEOUT_MS } from './config-protection';

/** Connections each process's pool may open: every replica's counts against Postgres's max_connections (deploy/kubernetes). */
export const POOL_SIZE = 10;

export function createPool(databaseUrl: string, options: PoolConfig = {}): Pool {
  const pool = new Pool({ connectionString: databaseUrl, max: POOL_SIZE, ...options });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', (err) => console.error(`postgres: idle connection error: ${err.message}`));
  return pool;
}

/**
 * Worker options the benchmarks tune (tools/bench/, docs/benchmarks.md). Unset means the SDK's default,
 * which is what production runs today.
 */
export type WorkerTuning = Partial<
  Pick<
    WorkerOptions,
    | 'maxCachedWorkflows'
    | 'maxConcurrentWorkflowTaskExecutions'
    | 'maxConcurrentActivityTaskExecutions'
    | 'workflowTaskPollerBehavior'
    | 'activityTaskPollerBehavior'
    // Tests: workflows on the main thread, so a worker costs milliseconds to create, not a second.
    | 'debugMode'
  >
>;

/** The workflows' entry, compiled next to this file. */
export const workflowsPath = (): string => require.resolve(path.join(__dirname, 'workflows'));
/** Written by `npm run build` (src/bin/bundle-workflows.ts): dist/workflows-bundle.js. */
export const PREBUILT_BUNDLE = path.join(__dirname, '..', 'workflows-bundle.js');

/** The build's bundle when it is there; otherwise the worker bundles at start-up (slower, and it keeps webpack's memory). */
export function workflowCode(given: WorkerOptions['workflowBundle']): Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> {
  if (given) return { workflowBundle: given };
  return existsSync(PREBUILT_BUNDLE) ? { workflowBundle: { codePath: PREBUILT_BUNDLE } } : { workflowsPath: workflowsPath() };
}

/**
 * Listens with a bound on how long a request may take to arrive (REQUEST_TIMEOUT, src/config-protection.ts):
 * a client that sends its headers or body too slowly is answered 408 and cut off. Node looks for
 * such requests every `connectionsCheckingInterval` (30 s by default, as long as the bound itself),
 * so it looks every quarter of the bound, at most 5 s apart.
 */
export function listen(app: express.Express, port: number, host = '0.0.0.0', requestTimeoutMs = DEFAULT_REQUEST_TIMEOUT_MS): Promise<Server> {
  return new Promise((resolve, reject) => {
    const connectionsCheckingInterval = Math.min(5_000, Math.max(100, Math.round(requestTimeoutMs / 4)));
    const server = createServer({ requestTimeout: requestTimeoutMs, headersTimeout: requestTimeoutMs, connectionsCheckingInterval }, app);
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}

/** Runs `stop` once on SIGINT/SIGTERM; a second signal exits at once. */
export function onShutdown(stop: (signal: string) => Promise<void>): void {
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) process.exit(130);
      stopping = true;
      stop(signal).then(
        () => process.exit(0),
        (err: unknown) => {
          console.error('shutdown failed:', err);
          process.exit(1);
        },
      );
    });
  }
}
