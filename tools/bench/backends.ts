/**
 * The two Temporal backends the benchmark compares, plus the app's own Postgres. Each run of a
 * backend starts from empty data directories in a temp dir, so the disk numbers are ours alone.
 *
 * - dev: the Temporal CLI's dev server (SQLite in a file), what `npm start` runs;
 * - postgres: the standalone server on its own embedded Postgres, the production shape
 *   (postgres-backend.ts).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../src/db/embedded';
import { freePort } from '../../src/net';
import { TEMPORAL_CLI_VERSION, resolveTemporalCli } from '../../src/temporal/cli';
import { startDevServer } from '../../src/temporal/dev-server';
import { devServerSearchAttributes } from '../../src/temporal/search-attributes';
import { track } from './cleanup';
import { findChild } from './proc';
import { TEMPORAL_SERVER_VERSION } from './server-install';

export type BackendName = 'dev' | 'postgres';
export const NAMESPACE = 'default';

export interface Backend {
  name: BackendName;
  description: string;
  address: string;
  /** The Temporal server process. */
  temporalPid: number | undefined;
  /** The postmaster of Temporal's own Postgres (postgres backend only). */
  persistencePid?: number;
  /** Where Temporal keeps its data. */
  diskPaths: string[];
  stop(): Promise<void>;
}

export interface AppPostgres {
  url: string;
  pid: number;
  dataDir: string;
  stop(): Promise<void>;
}

/** The postmaster's pid is the first line of postmaster.pid. */
function postmasterPid(dataDir: string): number {
  return Number.parseInt(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0] ?? '', 10);
}

/**
 * An embedded Postgres in `dataDir` (src/db/embedded.ts), stopped by the cleanup at the latest. On a
 * free port unless given one: the fault suite restarts it on the same data and port.
 */
export async function embeddedPostgres(dataDir: string, log: (line: string) => void, port?: number) {
  const pg = await startEmbeddedPostgres({ dataDir, port: port ?? (await freePort()), log });
  const stop = track(`Postgres in ${dataDir}`, () => pg.stop());
  return { url: pg.url, pid: postmasterPid(dataDir), dataDir, stop };
}

/** The system of record, through src/db/embedded.ts exactly as `npm start` runs it. */
export function startAppPostgres(workDir: string, log: (line: string) => void, port?: number): Promise<AppPostgres> {
  return embeddedPostgres(path.join(workDir, 'app-postgres'), log, port);
}

/** Started again on the same `workDir` and `port`, the server keeps its workflows (the SQLite file). */
export async function startDevBackend(workDir: string, log: (line: string) => void, port?: number): Promise<Backend> {
  const cli = await resolveTemporalCli({ log });
  // As `npm start` runs it: our search attributes are registered by start flags.
  const server = await startDevServer({
    cli,
    headless: true,
    port,
    dbFilename: path.join(workDir, 'temporal.sqlite'),
    searchAttributes: devServerSearchAttributes(),
    log,
  });
  const stop = track('Temporal dev server', () => server.stop());
  const where = cli.kind === 'binary' ? cli.path : 'the SDK download';
  return {
    name: 'dev',
    description: `Temporal CLI ${TEMPORAL_CLI_VERSION} dev server (\`temporal server start-dev\`, embeds server ${TEMPORAL_SERVER_VERSION}), SQLite file, 1 history shard; ${where}`,
    address: server.address,
    temporalPid: findChild(process.pid, 'start-dev'),
    diskPaths: ['temporal.sqlite', 'temporal.sqlite-wal', 'temporal.sqlite-shm'].map((f) => path.join(workDir, f)),
    stop,
  };
}

/** `temporal --version` of the CLI the dev backend runs, e.g. "temporal version 0.0.0-DEV (Server 1.29.1, UI 2.42.1)". */
export async function devServerVersion(): Promise<string> {
  const cli = await resolveTemporalCli({ allowBuild: false });
  if (cli.kind !== 'binary') return 'SDK download';
  return new Promise((resolve) => {
    const child = spawn(cli.path, ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.once('close', () => resolve(out.trim()));
    child.once('error', () => resolve('unknown'));
  });
}
