/**
 * Production API entry: `node dist/src/bin/api.js`. Configured only by environment; what it is built
 * from: src/compose/api.ts.
 */
import { composeApi } from '../compose/api';
import { loadConfig } from '../config';
import { hasActiveAdmin } from '../people/store/staff';
import { assertProductionReady, listenHost } from '../guards';
import { closeServer, listen, onShutdown } from '../runtime';
import { migrateWhenReachable } from '../wait-for-postgres';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.TEMPORAL_ADDRESS || !config.DATABASE_URL) {
    throw new Error('The API needs TEMPORAL_ADDRESS and DATABASE_URL. For a laptop setup with embedded servers, run `npm start`.');
  }
  assertProductionReady(config, 'api');
  // Both roles migrate at start-up, once Postgres answers; the migration lock makes simultaneous starts safe.
  await migrateWhenReachable(config.DATABASE_URL, { who: 'api', log: console.log });
  const api = composeApi(config);
  // A warning only: Postgres going away again now is the requests' business (503), not a reason to stop.
  if (!(await hasActiveAdmin(api.deps.db).catch(() => true))) {
    console.warn('api: the staff directory has no admin yet, so no key can work; create one with `npm run admin -- create-admin`.');
  }
  if (!config.LINK_SECRET) console.warn('api: LINK_SECRET is not set, so the answer links in customer emails cannot be verified.');
  const server = await listen(api.app, config.PORT, listenHost(config, 'production'), config.REQUEST_TIMEOUT);
  console.log(`api: listening on ${config.PUBLIC_BASE_URL} (OpenAPI at ${config.PUBLIC_BASE_URL}/openapi.json)`);
  onShutdown(async () => {
    await closeServer(server);
    await api.close();
  });
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
