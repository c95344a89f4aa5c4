/**
 * Production API entry: `node dist/api.js`. Configured only by environment.
 */
import { createApp } from './src/api/app';
import { policyDefaults } from './src/api/policy';
import { createChannels } from './src/channels';
import { loadConfig } from './src/config';
import { hasActiveAdmin } from './src/db/directory/staff';
import { migrate } from './src/db/migrate';
import { closeServer, connectClient, createPool, listen, onShutdown } from './src/runtime';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.TEMPORAL_ADDRESS || !config.DATABASE_URL) {
    throw new Error('The API needs TEMPORAL_ADDRESS and DATABASE_URL. For a laptop setup with embedded servers, run `npm start`.');
  }
  // Both roles migrate at start-up; the migration lock makes simultaneous starts safe.
  await migrate(config.DATABASE_URL, console.log);
  const db = createPool(config.DATABASE_URL);
  const client = await connectClient(config.TEMPORAL_ADDRESS, config.TEMPORAL_NAMESPACE);
  const app = createApp({
    client,
    db,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    publicBaseUrl: config.PUBLIC_BASE_URL,
    policyDefaults: policyDefaults(config),
    ...(config.LINK_SECRET ? { linkSecret: config.LINK_SECRET } : {}),
    ...(config.TWILIO_AUTH_TOKEN ? { twilioAuthToken: config.TWILIO_AUTH_TOKEN } : {}),
    log: console.error,
    // The console's sign-in links go out by the same mail sender as every other email.
    mail: createChannels(config, console.log).mail,
  });
  if (!(await hasActiveAdmin(db))) console.warn('api: the staff directory has no admin yet, so no key can work; create one with `npm run admin -- create-admin` (see README).');
  if (!config.LINK_SECRET) console.warn('api: LINK_SECRET is not set, so the answer links in customer emails cannot be verified.');
  const server = await listen(app, config.PORT);
  console.log(`api: listening on ${config.PUBLIC_BASE_URL} (OpenAPI at ${config.PUBLIC_BASE_URL}/openapi.json)`);
  onShutdown(async () => {
    await closeServer(server);
    await client.connection.close();
    await db.end();
  });
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
