/**
 * `npm run reconcile`: one pass of src/reconcile.ts against the configured Temporal and Postgres,
 * or, with neither set, against a running `npm start` (its embedded servers' fixed addresses).
 * Exits 2 when something could not be checked, a staff alert reached nobody or someone's open work
 * could not be handed over, so a cron job or CI step notices.
 */
import { loadConfig } from '../config';
import { embeddedDatabaseUrl } from '../db/embedded';
import { reconcile } from '../reconcile';
import { cliDataConverter } from '../temporal/codec';
import { createPool } from '../runtime';
import { connectClient } from '../temporal/connection';
import { EMBEDDED_TEMPORAL_PORT } from '../temporal/dev-server';

async function main(): Promise<void> {
  const config = loadConfig();
  // What `npm start` runs when TEMPORAL_ADDRESS and DATABASE_URL are unset (src/start.ts), on its usual ports or the configured ones.
  const databaseUrl = config.DATABASE_URL ?? embeddedDatabaseUrl(config.POSTGRES_PORT);
  if (!config.TEMPORAL_ADDRESS || !config.DATABASE_URL)
    console.log('reconcile: TEMPORAL_ADDRESS or DATABASE_URL unset; using the servers of a running `npm start`');
  const db = createPool(databaseUrl);
  const client = await connectClient(config, `localhost:${config.TEMPORAL_PORT ?? EMBEDDED_TEMPORAL_PORT}`, await cliDataConverter(config));
  try {
    const summary = await reconcile({ client, db, taskQueue: config.TEMPORAL_TASK_QUEUE, log: console.log });
    console.log(JSON.stringify(summary));
    if (summary.unreachable > 0 || summary.undeliveredAlerts > 0 || summary.handoverFailed > 0) process.exitCode = 2;
  } finally {
    await client.connection.close();
    await db.end();
  }
}

main().catch((err: unknown) => {
  console.error(`reconcile failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
