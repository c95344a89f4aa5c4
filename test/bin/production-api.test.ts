/**
 * The production API entry (`node dist/src/bin/api.js`) as an operator runs it: a separate process,
 * configured only by its environment. It waits for a Postgres that is not up yet instead of
 * exiting, still stops at once on a configuration mistake, and cuts off a client that dribbles
 * its request body. The entry is bundled once with esbuild (node_modules stay external), so no
 * build is needed.
 */
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../../src/net';
import { TEST_ENV } from '../support/config';
import { createTestDatabase, databaseUrlFor, type TestDatabase } from '../support/db';
import { AGENT_KEY, seedTestDirectory } from '../support/directory';
import { bundleEntry, startEntry, type BundledEntry, type EntryProcess } from '../support/entry-process';
import { eventually } from '../support/harness';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';

let entry: BundledEntry;
let db: TestDatabase;
const running: EntryProcess[] = [];

type ApiProcess = EntryProcess & { url: string };

async function startApi(env: Record<string, string>): Promise<ApiProcess> {
  const port = await freePort();
  const api = startEntry(entry.file, {
    ...TEST_ENV,
    ALLOW_INSECURE: 'true',
    HOST: '127.0.0.1',
    PORT: String(port),
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    ...env,
  });
  running.push(api);
  return { ...api, url: `http://127.0.0.1:${port}` };
}

beforeAll(async () => {
  entry = await bundleEntry('src/bin/api.ts');
  db = await createTestDatabase();
  await seedTestDirectory(db.pool);
});

/** Sockets and timers a test opened, ended before the processes are stopped (an open request would hold a stop up). */
const cleanups: (() => void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  await Promise.all(running.splice(0).map((api) => api.stop()));
});

afterAll(async () => {
  await db?.drop();
  await entry?.remove();
});

describe('starting while Postgres is down', () => {
  let proxy: TcpProxy | undefined;
  afterEach(async () => proxy?.close());

  it('waits with backoff, a line per attempt naming host:port and no password, and answers /healthz 200 once Postgres is up', async () => {
    const target = new URL(db.url);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port) });
    await proxy.stop();
    const behindProxy = new URL(db.url);
    behindProxy.port = String(proxy.port);
    const api = await startApi({ DATABASE_URL: behindProxy.toString() });

    const waiting = await api.printed(/^api: waiting for Postgres at /, 2);
    for (const line of waiting) {
      expect(line).toMatch(new RegExp(`^api: waiting for Postgres at 127\\.0\\.0\\.1:${proxy.port} to migrate the schema and start `));
      expect(line).toMatch(/\(attempt \d: .*ECONNREFUSED.*\); next attempt in \d+ s$/);
      expect(line).not.toContain(target.password);
      expect(line).not.toContain(target.username);
    }
    expect(waiting.map((l) => /next attempt in (\d+) s/.exec(l)?.[1])).toEqual(['1', '2']);
    expect(api.child.exitCode).toBeNull();

    await proxy.start();
    await api.printed(/^api: listening on /);
    const health = await eventually(
      async () => {
        const res = await fetch(`${api.url}/healthz`);
        return res.status === 200 ? ((await res.json()) as Record<string, unknown>) : undefined;
      },
      20_000,
      '/healthz to answer 200',
    );
    expect(health).toMatchObject({ postgres: 'ok', temporal: 'ok' });
  });

  it('stops at once, without waiting, when DATABASE_URL names a database that does not exist', async () => {
    const api = await startApi({ DATABASE_URL: databaseUrlFor('no_such_database', inject('databaseUrl')) });
    expect(await api.exited).toBe(1);
    expect(api.output()).toContain('database "no_such_database" does not exist');
    expect(api.output()).not.toContain('waiting for Postgres');
  });
});

describe('a request that arrives too slowly', () => {
  it('is answered 408 and cut off after REQUEST_TIMEOUT when its body dribbles in a byte at a time', async () => {
    const api = await startApi({ DATABASE_URL: db.url, REQUEST_TIMEOUT: 'PT1S' });
    await api.printed(/^api: listening on /);
    const socket = net.connect(Number(new URL(api.url).port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const started = Date.now();
    const head = ['POST /v1/commitments HTTP/1.1', 'Host: 127.0.0.1', `Authorization: Bearer ${AGENT_KEY}`];
    socket.write([...head, 'Content-Type: application/json', 'Content-Length: 10000', '', '{'].join('\r\n'));
    let answer = '';
    socket.on('data', (d: Buffer) => (answer += d.toString()));
    // A write racing the server's close fails; the close is what this waits for.
    socket.on('error', () => undefined);
    // A byte every 100 ms: always more coming, never the whole body.
    const dribble = setInterval(() => socket.writable && socket.write(' '), 100);
    cleanups.push(() => (clearInterval(dribble), socket.destroy()));
    let giveUp: NodeJS.Timeout | undefined;
    const closed = await Promise.race([
      new Promise<true>((resolve) => socket.once('close', () => resolve(true))),
      // Node's own default would hold it 300 s; 10 s is far past the bound, so waiting longer proves nothing more.
      new Promise<false>((resolve) => (giveUp = setTimeout(() => resolve(false), 10_000))),
    ]);
    clearTimeout(giveUp);
    clearInterval(dribble);
    expect(closed, 'the server still holds the dribbling connection after 10 s').toBe(true);
    const heldMs = Date.now() - started;
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(heldMs).toBeGreaterThanOrEqual(1_000);
    // The bound, plus a quarter of it for the server's check, plus slack for a busy machine.
    expect(heldMs).toBeLessThan(5_000);
  });
});
