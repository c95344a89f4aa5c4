/**
 * `npm start`: the whole service in one process tree on a laptop. Starts (or connects to)
 * Temporal and Postgres, migrates, runs the worker and the API, prints where everything is,
 * and stops it all cleanly on Ctrl-C or SIGTERM.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { composeApi } from './compose/api';
import { composeWorker } from './compose/worker';
import { loadConfig, type ApiKey } from './config';
import { startEmbeddedPostgres } from './db/embedded';
import { migrate } from './db/migrate';
import { closeServer, listen, onShutdown } from './runtime';
import { resolveTemporalCli } from './temporal/cli';
import { startDevServer } from './temporal/dev-server';
import { devServerSearchAttributes } from './temporal/search-attributes';

/** Development-only keys, printed at start so the README's curl example works out of the box. */
const DEV_KEYS: ApiKey[] = [
  { role: 'agent', staffId: 'dana', key: 'dev-agent-key-change-me' },
  { role: 'supervisor', key: 'dev-supervisor-key-change-me' },
];

const step = (text: string) => console.log(`▸ ${text}`);

/** LINK_SECRET, or one generated once and kept in the data directory so links survive restarts. */
async function linkSecret(configured: string | undefined, dataDir: string): Promise<string> {
  if (configured) return configured;
  const file = path.join(dataDir, 'link-secret');
  const existing = await readFile(file, 'utf8').catch(() => '');
  if (existing.trim().length >= 32) return existing.trim();
  const fresh = randomBytes(32).toString('base64url');
  await writeFile(file, fresh, { mode: 0o600 });
  return fresh;
}

async function main(): Promise<void> {
  const config = loadConfig();
  // We stop the worker ourselves, in order with the servers it needs; and keep its INFO chatter
  // (bundle statistics, state changes) out of the one screen a developer watches.
  Runtime.install({ shutdownSignals: [], logger: new DefaultLogger('WARN') });
  const dataDir = path.resolve(config.DATA_DIR);
  const stops: (() => Promise<void>)[] = [];
  await mkdir(dataDir, { recursive: true });

  let temporalAddress = config.TEMPORAL_ADDRESS;
  let temporalUi: string | undefined;
  if (temporalAddress) {
    step(`Temporal: using ${temporalAddress} (TEMPORAL_ADDRESS)`);
  } else {
    step('Temporal: starting the embedded dev server…');
    const cli = await resolveTemporalCli({ log: step });
    const server = await startDevServer({
      cli,
      port: 7233,
      uiPort: 8233,
      dbFilename: path.join(dataDir, 'temporal.sqlite'),
      searchAttributes: devServerSearchAttributes(),
      log: step,
    });
    stops.push(() => server.stop());
    temporalAddress = server.address;
    temporalUi = server.uiUrl;
  }

  let databaseUrl = config.DATABASE_URL;
  if (databaseUrl) {
    step('Postgres: using DATABASE_URL');
  } else {
    step(`Postgres: starting embedded Postgres (data in ${path.join(dataDir, 'postgres')})…`);
    const pg = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'postgres'), log: step });
    stops.unshift(() => pg.stop());
    databaseUrl = pg.url;
  }
  const applied = await migrate(databaseUrl, step);
  step(applied.length ? `Postgres: applied ${applied.length} migration(s)` : 'Postgres: schema up to date');

  const composedConfig = { ...config, TEMPORAL_ADDRESS: temporalAddress, DATABASE_URL: databaseUrl };
  const secret = await linkSecret(config.LINK_SECRET, dataDir);
  const worker = await composeWorker(composedConfig, { links: { baseUrl: config.PUBLIC_BASE_URL, secret }, log: console.log });
  const added = worker.setUp?.searchAttributesAdded ?? [];
  if (added.length) step(`Temporal: registered search attributes ${added.join(', ')}`);
  const running = worker.run();

  const apiKeys = config.API_KEYS ?? DEV_KEYS;
  const api = composeApi(composedConfig, { apiKeys, linkSecret: secret, log: console.error });
  const server = await listen(api.app, config.PORT);
  const { sms, mail } = worker.channels;

  const base = config.PUBLIC_BASE_URL;
  console.log(
    [
      '',
      'Followthrough is running.',
      `  API          ${base}/v1/commitments`,
      `  OpenAPI      ${base}/openapi.json`,
      `  Health       ${base}/healthz`,
      `  Temporal UI  ${temporalUi ?? '(external server: see its own UI)'}`,
      `  Temporal     ${temporalAddress}, namespace ${config.TEMPORAL_NAMESPACE}, task queue ${config.TEMPORAL_TASK_QUEUE}`,
      `  SMS          ${sms.live ? `live: ${sms.description}` : 'outbox only: set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM to send'}`,
      `  Email        ${mail.live ? `live: ${mail.description}` : 'outbox only: set SMTP_URL to send'}`,
      config.API_KEYS
        ? '  API keys     from API_KEYS'
        : `  API keys     development keys (set API_KEYS for real ones): ${DEV_KEYS.map((k) => `${k.role}${k.staffId ? ` (staff id ${k.staffId})` : ''} ${k.key}`).join(', ')}`,
      '',
      'Outbox messages are printed below and stored in the notifications table. Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );

  onShutdown(async (signal) => {
    step(`${signal}: stopping…`);
    await closeServer(server);
    await worker.close();
    await api.close();
    for (const stop of stops) await stop();
    step('stopped.');
  });
  await running.catch(async (err: unknown) => {
    console.error('worker stopped unexpectedly:', err);
    for (const stop of stops) await stop();
    process.exit(1);
  });
}

main().catch((err: unknown) => {
  console.error(`\nFollowthrough could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
