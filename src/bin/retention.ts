/**
 * `npm run retention`: makes sure the retention schedule exists with the configured RETENTION_DAYS
 * and triggers one run now (after lowering RETENTION_DAYS, say, rather than waiting a day).
 * Like `npm run reconcile`, it falls back to the servers of a running `npm start`.
 */
import { loadConfig } from '../config';
import { RETENTION_SCHEDULE_ID, ensureRetentionSchedule } from '../retention-schedule';
import { cliDataConverter } from '../temporal/codec';
import { connectClient } from '../temporal/connection';
import { EMBEDDED_TEMPORAL_PORT } from '../temporal/dev-server';

async function main(): Promise<void> {
  const config = loadConfig();
  const client = await connectClient(config, `localhost:${config.TEMPORAL_PORT ?? EMBEDDED_TEMPORAL_PORT}`, await cliDataConverter(config));
  try {
    const outcome = await ensureRetentionSchedule(client, { taskQueue: config.TEMPORAL_TASK_QUEUE, retentionDays: config.RETENTION_DAYS });
    await client.schedule.getHandle(RETENTION_SCHEDULE_ID).trigger();
    console.log(
      `retention: schedule ${RETENTION_SCHEDULE_ID} ${outcome}; triggered a run redacting commitments closed more than ${config.RETENTION_DAYS} days ago (see the Temporal UI for its result)`,
    );
  } finally {
    await client.connection.close();
  }
}

main().catch((err: unknown) => {
  console.error(`retention failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
