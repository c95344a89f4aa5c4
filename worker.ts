/**
 * Production worker entry: `node dist/worker.js`. Configured only by environment; connects to an
 * existing Temporal server and Postgres (see docker-compose.yml). `npm start` runs the same worker
 * in-process against embedded servers instead.
 */
import { createChannels } from './src/channels';
import { loadConfig } from './src/config';
import { migrate } from './src/db/migrate';
import { ensureRetentionSchedule } from './src/retention-schedule';
import { ensureSearchAttributes } from './src/temporal/search-attributes';
import { connectClient, createPool, createWorker } from './src/runtime';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.TEMPORAL_ADDRESS || !config.DATABASE_URL) {
    throw new Error('The worker needs TEMPORAL_ADDRESS and DATABASE_URL. For a laptop setup with embedded servers, run `npm start`.');
  }
  await migrate(config.DATABASE_URL, console.log);
  const db = createPool(config.DATABASE_URL);
  const { sms, mail } = createChannels(config, console.log);
  // Before any workflow runs: workflows index themselves by owner, status and deadline, and the
  // retention schedule runs the workflow this worker hosts.
  const client = await connectClient(config.TEMPORAL_ADDRESS, config.TEMPORAL_NAMESPACE);
  const added = await ensureSearchAttributes(client, config.TEMPORAL_NAMESPACE);
  if (added.length) console.log(`worker: registered search attributes ${added.join(', ')}`);
  const worker = await createWorker({
    address: config.TEMPORAL_ADDRESS,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    db,
    sms,
    mail,
    ...(config.LINK_SECRET ? { links: { baseUrl: config.PUBLIC_BASE_URL, secret: config.LINK_SECRET } } : {}),
    log: console.log,
    tuning: { maxCachedWorkflows: config.WORKER_CACHED_WORKFLOWS },
  });
  const schedule = await ensureRetentionSchedule(client, { taskQueue: config.TEMPORAL_TASK_QUEUE, retentionDays: config.RETENTION_DAYS });
  await client.connection.close();
  console.log(`worker: retention schedule ${schedule} (redacts closed commitments after ${config.RETENTION_DAYS} days)`);
  console.log(`worker: polling task queue ${config.TEMPORAL_TASK_QUEUE} on ${config.TEMPORAL_ADDRESS}; SMS via ${sms.description}, email via ${mail.description}`);
  // The SDK drains the worker on SIGINT/SIGTERM by itself; run() resolves once it has.
  await worker.run();
  await db.end();
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
