/**
 * Vitest global setup: one Temporal dev server and one Postgres for the whole run, shared by every
 * test file through `inject()`. Starting them per file would cost seconds each; isolation comes
 * from unique task queues, workflow IDs and databases instead (see test/support/db.ts).
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildClient } from '../../src/console/build-client';
import { startEmbeddedPostgres } from '../../src/db/embedded';
import { freePort } from '../../src/net';
import { resolveTemporalCli } from '../../src/temporal/cli';
import { startDevServer } from '../../src/temporal/dev-server';
import { devServerSearchAttributes } from '../../src/temporal/search-attributes';

declare module 'vitest' {
  export interface ProvidedContext {
    /** host:port of a Temporal frontend with the "default" namespace */
    temporalAddress: string;
    /** Postgres URL of an admin-capable database; tests create their own databases from it */
    databaseUrl: string;
  }
}

type Stop = () => Promise<void>;
const say = (line: string) => console.log(`[test setup] ${line}`);

async function startTemporal(): Promise<{ address: string; stop?: Stop }> {
  const existing = process.env.TEMPORAL_ADDRESS;
  if (existing) {
    say(`Temporal: using TEMPORAL_ADDRESS ${existing}`);
    return { address: existing };
  }
  const cli = await resolveTemporalCli({ log: say });
  const server = await startDevServer({ cli, headless: true, log: say, searchAttributes: devServerSearchAttributes() });
  say(`Temporal: dev server at ${server.address} (${cli.kind === 'binary' ? cli.source : 'SDK download'})`);
  return server;
}

async function startPostgres(): Promise<{ url: string; stop?: Stop }> {
  const existing = process.env.DATABASE_URL;
  if (existing) {
    say('Postgres: using DATABASE_URL');
    return { url: existing };
  }
  const tempDir = await fs.mkdtemp(path.join(os.tmpdir(), 'followthrough-test-pg-'));
  // mkdtemp makes the directory 0700; as root the embedded Postgres runs as the `postgres` user,
  // which has to be able to enter it to reach its data directory.
  await fs.chmod(tempDir, 0o755);
  const removeTempDir = () => fs.rm(tempDir, { recursive: true, force: true });
  try {
    const db = await startEmbeddedPostgres({ dataDir: path.join(tempDir, 'pgdata'), port: await freePort(), log: say });
    say(`Postgres: embedded at ${new URL(db.url).host} (data in ${tempDir})`);
    return {
      url: db.url,
      stop: async () => {
        await db.stop();
        await removeTempDir();
      },
    };
  } catch (err) {
    await removeTempDir();
    throw err;
  }
}

export default async function setup(project: TestProject): Promise<Stop> {
  // The servers start in parallel; whichever started is stopped again if the other failed. The
  // console's client is built meanwhile (a second or so), so browser tests serve what `npm run build` would.
  const [temporal, postgres, client] = await Promise.allSettled([startTemporal(), startPostgres(), buildClient()]);
  const stops = [temporal, postgres].flatMap((r) => (r.status === 'fulfilled' && r.value.stop ? [r.value.stop] : []));
  const teardown = async () => {
    const results = await Promise.allSettled(stops.map((stop) => stop()));
    for (const r of results) if (r.status === 'rejected') console.error('[test teardown]', r.reason);
  };
  if (temporal.status === 'rejected' || postgres.status === 'rejected' || client.status === 'rejected') {
    await teardown();
    throw [temporal, postgres, client].flatMap((r) => (r.status === 'rejected' ? [r.reason] : []))[0];
  }
  project.provide('temporalAddress', temporal.value.address);
  project.provide('databaseUrl', postgres.value.url);
  return teardown;
}
