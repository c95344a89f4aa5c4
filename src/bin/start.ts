/**
 * `npm start`: the whole service in one process tree on a laptop. Starts (or connects to)
 * Temporal and Postgres, migrates, runs the worker and the API, prints where everything is
 * (./start-summary.ts), and stops it all cleanly on Ctrl-C or SIGTERM.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { composeApi } from '../compose/api';
import { composeWorker } from '../compose/worker';
import { loadConfig, type Config } from '../config';
import { claimDataDir } from '../data-dir-claim';
import { seedDemoDirectory } from '../people/store/demo';
import { EMBEDDED_POSTGRES_PORT, startEmbeddedPostgres } from '../db/embedded';
import { choosePort, describeChoice, saysAddressInUse, startOnPorts, type EmbeddedPortSpec, type PortChoice } from '../embedded-ports';
import { listenHost } from '../guards';
import { closeServer, listen, onShutdown } from '../runtime';
import { ensureEmbeddedKeys } from '../temporal/codec';
import { resolveTemporalCli } from '../temporal/cli';
import { EMBEDDED_TEMPORAL_PORT, EMBEDDED_TEMPORAL_UI_PORT, startDevServer } from '../temporal/dev-server';
import { devServerSearchAttributes } from '../temporal/search-attributes';
import { migrateWhenReachable } from '../wait-for-postgres';
import { summaryText } from './start-summary';

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

/** The embedded UI is reached as 127.0.0.1 or localhost: both may call the codec endpoint. */
function embeddedUiOrigins(uiUrl: string | undefined): string[] {
  if (!uiUrl) return [];
  const port = new URL(uiUrl).port;
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
}

/** The embedded servers' ports: each from its variable, else the usual one or a free one. */
function embeddedPortSpecs(config: Config) {
  const spec = (what: string, label: string, variable: 'TEMPORAL_PORT' | 'TEMPORAL_UI_PORT' | 'POSTGRES_PORT', usual: number) =>
    ({ what, label, variable, configured: config[variable], usual }) satisfies EmbeddedPortSpec;
  return {
    temporal: spec('the embedded Temporal dev server', 'Temporal', 'TEMPORAL_PORT', EMBEDDED_TEMPORAL_PORT),
    temporalUi: spec('the Temporal UI', 'Temporal UI', 'TEMPORAL_UI_PORT', EMBEDDED_TEMPORAL_UI_PORT),
    postgres: spec('the embedded Postgres', 'Postgres', 'POSTGRES_PORT', EMBEDDED_POSTGRES_PORT),
  };
}

async function main(): Promise<void> {
  const config = loadConfig();
  // We stop the worker ourselves, in order with the servers it needs; and keep its INFO chatter
  // (bundle statistics, state changes) out of the one screen a developer watches.
  Runtime.install({ shutdownSignals: [], logger: new DefaultLogger('WARN') });
  const dataDir = path.resolve(config.DATA_DIR);
  const stops: (() => Promise<void>)[] = [];
  /** The embedded servers' ports, for the summary: which moved off their usual port. */
  const chosen: { spec: EmbeddedPortSpec; choice: PortChoice }[] = [];
  await mkdir(dataDir, { recursive: true });
  // Before any server: a second npm start on this directory would run a second Temporal on its SQLite file.
  await claimDataDir(dataDir);

  // The API's own port as the embedded servers': PORT when set (used or refused), else the usual one
  // when free, else a free one; the links follow it unless PUBLIC_BASE_URL says where we are reached.
  const apiSpec: EmbeddedPortSpec = {
    what: 'the API',
    label: 'API',
    variable: 'PORT',
    configured: process.env.PORT ? config.PORT : undefined,
    usual: config.PORT,
  };
  const apiPort = await choosePort(apiSpec);
  chosen.push({ spec: apiSpec, choice: apiPort });
  const base = process.env.PUBLIC_BASE_URL ? config.PUBLIC_BASE_URL : `http://localhost:${apiPort.port}`;
  let temporalAddress = config.TEMPORAL_ADDRESS;
  let temporalUi: string | undefined;
  const specs = embeddedPortSpecs(config);
  // A configured port that is taken stops us here, before the minutes a first Temporal CLI build takes.
  // (Config refuses these ports beside TEMPORAL_ADDRESS or DATABASE_URL, so a configured one is always used.)
  for (const spec of [specs.temporal, specs.temporalUi, specs.postgres]) {
    if (spec.configured !== undefined) await choosePort(spec);
  }
  if (temporalAddress) {
    step(`Temporal: using ${temporalAddress} (TEMPORAL_ADDRESS)`);
  } else {
    step('Temporal: starting the embedded dev server…');
    const cli = await resolveTemporalCli({ log: step });
    const { value: server, choices } = await startOnPorts(
      [specs.temporal, specs.temporalUi],
      ([grpc, ui]) => {
        step(`Temporal: gRPC on ${describeChoice(specs.temporal, grpc!)}, UI on ${describeChoice(specs.temporalUi, ui!)}`);
        return startDevServer({
          cli,
          port: grpc!.port,
          uiPort: ui!.port,
          dbFilename: path.join(dataDir, 'temporal.sqlite'),
          searchAttributes: devServerSearchAttributes(),
          // The UI shows encrypted payloads decrypted by our codec endpoint, for a signed-in member of staff.
          uiCodecEndpoint: `${base}/codec`,
          log: step,
        });
      },
      saysAddressInUse,
    );
    stops.push(() => server.stop());
    temporalAddress = server.address;
    temporalUi = server.uiUrl;
    chosen.push(...choices.map((c, i) => ({ spec: i === 0 ? specs.temporal : specs.temporalUi, choice: c })));
  }

  let databaseUrl = config.DATABASE_URL;
  if (databaseUrl) {
    step('Postgres: using DATABASE_URL');
  } else {
    const pgDir = path.join(dataDir, 'postgres');
    const { value: pg, choices } = await startOnPorts(
      [specs.postgres],
      ([port]) => {
        step(`Postgres: starting embedded Postgres on ${describeChoice(specs.postgres, port!)} (data in ${pgDir})…`);
        return startEmbeddedPostgres({ dataDir: pgDir, port: port!.port, log: step });
      },
      saysAddressInUse,
    );
    stops.unshift(() => pg.stop());
    databaseUrl = pg.url;
    chosen.push({ spec: specs.postgres, choice: choices[0]! });
  }
  const applied = await migrateWhenReachable(databaseUrl, { who: 'Postgres', log: step });
  step(applied.length ? `Postgres: applied ${applied.length} migration(s)` : 'Postgres: schema up to date');

  // Payloads are encrypted here as in production, with a key generated once into the data directory.
  const payloadKeys = config.PAYLOAD_KEYS ?? (await ensureEmbeddedKeys(dataDir));
  const uiOrigins = config.TEMPORAL_UI_ORIGINS.length ? config.TEMPORAL_UI_ORIGINS : embeddedUiOrigins(temporalUi);
  const composedConfig = {
    ...config,
    PORT: apiPort.port,
    PUBLIC_BASE_URL: base,
    TEMPORAL_ADDRESS: temporalAddress,
    DATABASE_URL: databaseUrl,
    PAYLOAD_KEYS: payloadKeys,
    TEMPORAL_UI_ORIGINS: uiOrigins,
  };
  const secret = await linkSecret(config.LINK_SECRET, dataDir);
  const worker = await composeWorker(composedConfig, {
    links: { baseUrl: base, secret },
    log: console.log,
    printOutbox: true,
    insecureReceivers: true,
  });
  const added = worker.setUp?.searchAttributesAdded ?? [];
  if (added.length) step(`Temporal: registered search attributes ${added.join(', ')}`);
  const running = worker.run();

  const api = composeApi(composedConfig, { linkSecret: secret, log: console.error, mail: worker.channels.mail, insecureReceivers: true });
  const seeded = await seedDemoDirectory(api.deps.db);
  // Loopback only unless HOST says otherwise: the demo keys printed below work for anyone who can connect.
  const host = listenHost(config, 'npm start');
  const server = await listen(api.app, apiPort.port, host, config.REQUEST_TIMEOUT);
  const postgres = config.DATABASE_URL ? 'DATABASE_URL' : `${new URL(databaseUrl).host} (embedded, data in ${path.join(dataDir, 'postgres')})`;
  console.log(summaryText({ config: composedConfig, host, temporalAddress, temporalUi, postgres, chosen, channels: worker.channels, seeded }));

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
