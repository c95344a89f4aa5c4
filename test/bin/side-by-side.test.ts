/**
 * Two checkouts' `npm start`s at once (src/bin/start.ts, src/embedded-ports.ts): each on its own data
 * directory with its own embedded Temporal and Postgres, run as processes of their own. The first
 * is given its ports (TEMPORAL_PORT, TEMPORAL_UI_PORT, POSTGRES_PORT); the second finds the usual
 * ones (7233, 8233, 54329) taken, held by this test or by whatever else runs here, and says which
 * it took instead. A configured port that is taken is refused, saying what to do.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAIM_FILE } from '../../src/data-dir-claim';
import { EMBEDDED_POSTGRES_PORT } from '../../src/db/embedded';
import { canConnect, freePort } from '../../src/net';
import { EMBEDDED_TEMPORAL_PORT, EMBEDDED_TEMPORAL_UI_PORT } from '../../src/temporal/dev-server';
import { TEST_ENV } from '../support/config';
import { bundleEntry, startEntry, type BundledEntry, type EntryProcess } from '../support/entry-process';
import { eventually } from '../support/harness';

const run = promisify(execFile);
let entry: BundledEntry;
let admin: BundledEntry;
let root: string;
const running: EntryProcess[] = [];
const blockers: net.Server[] = [];

beforeAll(async () => {
  [entry, admin] = await Promise.all([bundleEntry('src/bin/start.ts', { workflows: true }), bundleEntry('src/bin/admin.ts')]);
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'ft-side-by-side-'));
  // As root, the embedded Postgres runs as the `postgres` user, which must be able to enter this directory.
  await fs.chmod(root, 0o755);
});

afterAll(async () => {
  await Promise.all(running.splice(0).map((p) => p.stop()));
  await Promise.all(blockers.splice(0).map((b) => new Promise((resolve) => b.close(resolve))));
  await fs.rm(root, { recursive: true, force: true });
  await entry?.remove();
  await admin?.remove();
});

/** Listens on 127.0.0.1:`port` so nothing else can; resolves false when something already does (taken either way). */
async function hold(port: number): Promise<boolean> {
  const server = net.createServer();
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => (err.code === 'EADDRINUSE' ? resolve(false) : reject(err)));
    server.listen(port, '127.0.0.1', () => {
      blockers.push(server);
      resolve(true);
    });
  });
}

/** `npm start` on a data directory of its own under `root`, its API on `apiPort` (unset: its own choice). */
function start(name: string, apiPort: number | undefined, env: Record<string, string> = {}): EntryProcess {
  const dataDir = path.join(root, name);
  const { PORT: _port, PUBLIC_BASE_URL: _base, ...base } = { ...TEST_ENV } as Record<string, string>;
  const child = startEntry(entry.file, { ...base, DATA_DIR: dataDir, ...(apiPort === undefined ? {} : { PORT: String(apiPort) }), HOST: '127.0.0.1', ...env });
  running.push(child);
  return child;
}

/** The port a line such as "▸ Temporal: gRPC on port 40123: the usual 7233 is taken" names after `label`. */
function portAfter(output: string, label: RegExp): number {
  const match = label.exec(output);
  if (!match?.[1]) throw new Error(`no ${label} in:\n${output}`);
  return Number(match[1]);
}

const healthy = (apiPort: number) =>
  eventually(
    async () => {
      const res = await fetch(`http://127.0.0.1:${apiPort}/healthz`);
      const body = (await res.json()) as { status: string };
      return res.status === 200 && body.status === 'ok' ? body : undefined;
    },
    30_000,
    `/healthz on ${apiPort} to answer 200 ok`,
  );

describe('two npm starts side by side', () => {
  it('run at once on their own data directories and ports; the second, finding the usual ports taken, prints those it took', async () => {
    for (const port of [EMBEDDED_TEMPORAL_PORT, EMBEDDED_TEMPORAL_UI_PORT, EMBEDDED_POSTGRES_PORT]) await hold(port);
    const [apiA, apiB, temporalA, uiA, postgresA] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
    const a = start('a', apiA, { TEMPORAL_PORT: String(temporalA), TEMPORAL_UI_PORT: String(uiA), POSTGRES_PORT: String(postgresA) });
    const b = start('b', apiB);
    await Promise.all([a.printed(/^Followthrough is running\./), b.printed(/^Followthrough is running\./)]);

    // The first took the ports it was given and says so.
    expect(a.output()).toContain(`Temporal: gRPC on port ${temporalA} (TEMPORAL_PORT), UI on port ${uiA} (TEMPORAL_UI_PORT)`);
    expect(a.output()).toContain(`Postgres: starting embedded Postgres on port ${postgresA} (POSTGRES_PORT)`);
    expect(a.output()).not.toMatch(/usual .* taken/);

    // The second moved off each usual port, said to which, and names them in its summary.
    const out = b.output();
    const temporalB = portAfter(out, /Temporal: gRPC on port (\d+): the usual 7233 is taken \(set TEMPORAL_PORT to choose one\)/);
    const uiB = portAfter(out, /UI on port (\d+): the usual 8233 is taken \(set TEMPORAL_UI_PORT to choose one\)/);
    const postgresB = portAfter(out, /Postgres: starting embedded Postgres on port (\d+): the usual 54329 is taken/);
    expect(out).toContain(`Temporal     127.0.0.1:${temporalB},`);
    expect(out).toMatch(new RegExp(`Temporal UI  http://localhost:${uiB} `));
    expect(out).toContain(`Postgres     127.0.0.1:${postgresB} (embedded, data in ${path.join(root, 'b', 'postgres')})`);
    const moved = `Temporal ${temporalB} (not 7233), Temporal UI ${uiB} (not 8233), Postgres ${postgresB} (not 54329)`;
    expect(out).toContain(`Ports        usual ones taken, so: ${moved}`);
    expect(out).toContain(`to find them: TEMPORAL_PORT=${temporalB} TEMPORAL_UI_PORT=${uiB} POSTGRES_PORT=${postgresB}`);
    const ports = [apiA, apiB, temporalA, uiA, postgresA, temporalB, uiB, postgresB];
    expect(new Set(ports).size).toBe(ports.length);

    // Each answers its own health endpoint, its worker polling its own Temporal; each UI listens where it was printed.
    await Promise.all([healthy(apiA), healthy(apiB)]);
    expect(await Promise.all([canConnect('127.0.0.1', uiA), canConnect('127.0.0.1', uiB)])).toEqual([true, true]);
    // Each Postgres keeps its socket in its own data directory, not in a /tmp the two would share.
    for (const [name, port] of [
      ['a', postgresA],
      ['b', postgresB],
    ] as const) {
      expect(await fs.readdir(path.join(root, name, 'postgres'))).toContain(`.s.PGSQL.${port}`);
    }

    // A second npm start on a directory in use is refused before it starts a server there.
    const again = start('a', await freePort());
    expect(await again.exited).toBe(1);
    expect(again.output()).toContain(`Another npm start (process ${a.child.pid}) runs on the data directory ${path.join(root, 'a')}.`);
    expect(again.output()).not.toContain('Temporal: starting');

    // `npm run admin` finds the second's database by the POSTGRES_PORT its summary printed (the demo team is there).
    const { DATABASE_URL: _db, ...env } = process.env;
    const adminEnv = { ...env, POSTGRES_PORT: String(postgresB) };
    const issued = await run(process.execPath, [admin.file, 'issue-key', '--staff', 'dana'], { env: adminEnv });
    expect(issued.stderr).toContain(`using the database of a running \`npm start\` (127.0.0.1:${postgresB})`);
    expect(issued.stdout).toMatch(/ft_live_/);

    await Promise.all([a.stop(), b.stop()]);
    expect([a.child.exitCode, b.child.exitCode]).toEqual([0, 0]);
    // Each released its data directory on the way out.
    for (const name of ['a', 'b']) expect(await fs.readdir(path.join(root, name))).not.toContain(CLAIM_FILE);
  }, 90_000);

  it('moves the API off port 3000 when it is taken and PORT is unset, and its links and summary follow', async () => {
    await hold(3000);
    const c = start('api-moved', undefined);
    await c.printed(/^Followthrough is running\./);
    const out = c.output();
    const api = portAfter(out, /Listening {4}127\.0\.0\.1:(\d+)/);
    expect(api).not.toBe(3000);
    expect(out).toContain(`API ${api} (not 3000)`);
    expect(out).toContain(`http://localhost:${api}`);
    await healthy(api);
    await c.stop();
  }, 90_000);

  it('refuses a configured port that is taken, saying what to do, instead of moving', async () => {
    const blocked = await freePort();
    expect(await hold(blocked)).toBe(true);
    for (const variable of ['TEMPORAL_PORT', 'POSTGRES_PORT']) {
      const c = start(`refused-${variable}`, await freePort(), { [variable]: String(blocked) });
      expect(await c.exited).toBe(1);
      expect(c.output()).toContain(
        `${variable}=${blocked}, but something already listens on 127.0.0.1:${blocked}, so the embedded ` +
          `${variable === 'TEMPORAL_PORT' ? 'Temporal dev server' : 'Postgres'} cannot start there. Stop whatever holds the port, ` +
          `set ${variable} to a free port, or unset ${variable} to let npm start choose one.`,
      );
    }
  });
});
