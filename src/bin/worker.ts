/**
 * Production worker entry: `node dist/src/bin/worker.js`. Configured only by environment; connects to an
 * existing Temporal server and Postgres (see docker-compose.yml). `npm start` runs the same worker
 * in-process against embedded servers instead. What it is built from: src/compose/worker.ts.
 */
import { composeWorker } from '../compose/worker';
import { loadConfig } from '../config';
import { assertProductionReady } from '../guards';
import { migrateWhenReachable } from '../wait-for-postgres';
import { serveWorkerHealth, WORKER_HEALTH_PATH, WORKER_LIVENESS_PATH } from '../worker-health';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.TEMPORAL_ADDRESS || !config.DATABASE_URL) {
    throw new Error('The worker needs TEMPORAL_ADDRESS and DATABASE_URL. For a laptop setup with embedded servers, run `npm start`.');
  }
  assertProductionReady(config, 'worker');
  // Before the wait for Postgres: an orchestrator then sees a live process that is starting (src/worker-health.ts).
  const health = await serveWorkerHealth(config);
  if (health) console.log(`worker: health at ${health.url}${WORKER_HEALTH_PATH} (liveness at ${WORKER_LIVENESS_PATH})`);
  await migrateWhenReachable(config.DATABASE_URL, { who: 'worker', log: console.log });
  const composed = await composeWorker(config, { log: console.log });
  health?.watch(composed);
  const added = composed.setUp?.searchAttributesAdded ?? [];
  if (added.length) console.log(`worker: registered search attributes ${added.join(', ')}`);
  console.log(
    `worker: retention schedule ${composed.setUp?.retentionSchedule ?? 'not set up'} (redacts closed commitments after ${config.RETENTION_DAYS} days)`,
  );
  console.log(`worker: polling task queue ${config.TEMPORAL_TASK_QUEUE} on ${config.TEMPORAL_ADDRESS}`);
  // The SDK drains the worker on SIGINT/SIGTERM by itself; run() resolves once it has.
  await composed.run();
  await composed.close();
  await health?.close();
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
