import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { socketDirectory, startEmbeddedPostgres } from '../../src/db/embedded';
import { freePort } from '../../src/net';

// The global setup already runs an embedded Postgres when DATABASE_URL is unset; this file only
// checks what the setup cannot: that data survives a restart, and a clear error on a taken port.
let root: string;

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'ft-embedded-pg-test-'));
  // As root, Postgres runs as the `postgres` user, which must be able to enter this directory.
  await fs.chmod(root, 0o755);
});

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

describe('the embedded Postgres', () => {
  it('keeps its data across a stop and a start on the same directory', async () => {
    const dataDir = path.join(root, 'data');
    const port = await freePort();

    const first = await startEmbeddedPostgres({ dataDir, port });
    try {
      await withClient(first.url, async (c) => {
        await c.query('CREATE TABLE kept (note text)');
        await c.query(`INSERT INTO kept VALUES ('still here')`);
      });
    } finally {
      await first.stop();
    }

    const second = await startEmbeddedPostgres({ dataDir, port });
    try {
      const rows = await withClient(second.url, async (c) => (await c.query<{ note: string }>('SELECT note FROM kept')).rows);
      expect(rows).toEqual([{ note: 'still here' }]);
    } finally {
      await second.stop();
    }
  });

  it('keeps its Unix socket and the socket’s lock in its data directory, not in /tmp', async () => {
    const dataDir = path.join(root, 'socket');
    const port = await freePort();
    const db = await startEmbeddedPostgres({ dataDir, port });
    try {
      const names = await fs.readdir(dataDir);
      expect(names).toEqual(expect.arrayContaining([`.s.PGSQL.${port}`, `.s.PGSQL.${port}.lock`]));
      expect(await fs.stat(path.join(os.tmpdir(), `.s.PGSQL.${port}.lock`)).catch(() => undefined)).toBeUndefined();
      // The socket answers, so a psql -h <data dir> reaches it as well as the TCP port does.
      const overSocket = `postgres://followthrough:followthrough@/followthrough?host=${encodeURIComponent(dataDir)}&port=${port}`;
      const rows = await withClient(overSocket, async (c) => (await c.query<{ one: number }>('SELECT 1 AS one')).rows);
      expect(rows).toEqual([{ one: 1 }]);
    } finally {
      await db.stop();
    }
  });

  it('has no socket, rather than one in /tmp, when the data directory is too deep for a socket path', async () => {
    expect(socketDirectory('/srv/followthrough/.data/postgres', 54329)).toBe('/srv/followthrough/.data/postgres');
    expect(socketDirectory('/srv/with space/postgres', 54329)).toBe('');
    const deep = path.join(root, ...Array.from({ length: 12 }, () => 'deeper'), 'postgres');
    expect(socketDirectory(deep, 54329)).toBe('');
    for (let dir = path.dirname(deep); dir !== root; dir = path.dirname(dir)) {
      await fs.mkdir(dir, { recursive: true });
      await fs.chmod(dir, 0o755);
    }
    const port = await freePort();
    const db = await startEmbeddedPostgres({ dataDir: deep, port });
    try {
      expect(await withClient(db.url, async (c) => (await c.query<{ one: number }>('SELECT 1 AS one')).rows)).toEqual([{ one: 1 }]);
      expect((await fs.readdir(deep)).filter((name) => name.startsWith('.s.PGSQL'))).toEqual([]);
      expect(await fs.stat(path.join(os.tmpdir(), `.s.PGSQL.${port}.lock`)).catch(() => undefined)).toBeUndefined();
    } finally {
      await db.stop();
    }
  });

  it('refuses a port that is in use, saying to free it or set DATABASE_URL', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as net.AddressInfo;
    try {
      await expect(startEmbeddedPostgres({ dataDir: path.join(root, 'unused'), port })).rejects.toThrow(/Port \d+ is in use.*DATABASE_URL/);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
