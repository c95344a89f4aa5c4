/**
 * GET /livez, the API's liveness and readiness probe in deploy/kubernetes: it answers from the
 * process alone, so a Postgres or Temporal that hangs neither restarts nor unlists every replica,
 * while /healthz (the start-up probe) still reports them down.
 */
import type { Server } from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeApi, type ComposedApi } from '../../src/compose/api';
import { loadConfig } from '../../src/config';
import { closeServer, listen } from '../../src/runtime';
import { TEST_ENV } from '../support/config';

/** Accepts connections, counts them and never says a word: a dependency that hangs rather than refuses. */
async function silentServer(): Promise<{ port: number; accepted(): number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  const server = net.createServer((s) => {
    accepted++;
    sockets.add(s.on('close', () => sockets.delete(s)).on('error', () => s.destroy()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    accepted: () => accepted,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

describe('the API’s /livez with Postgres and Temporal both hanging', () => {
  let postgres: Awaited<ReturnType<typeof silentServer>>;
  let temporal: Awaited<ReturnType<typeof silentServer>>;
  let api: ComposedApi;
  let server: Server;
  let url: string;
  beforeAll(async () => {
    [postgres, temporal] = await Promise.all([silentServer(), silentServer()]);
    const env = {
      ...TEST_ENV,
      DATABASE_URL: `postgres://postgres@127.0.0.1:${postgres.port}/nothing`,
      TEMPORAL_ADDRESS: `127.0.0.1:${temporal.port}`,
    };
    api = composeApi(loadConfig(env), { log: () => undefined });
    server = await listen(api.app, 0, '127.0.0.1');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await closeServer(server);
    await api.close();
    await Promise.all([postgres.close(), temporal.close()]);
  });

  it('answers 200 at once, asking neither (not even the rate limits, which Postgres counts)', async () => {
    const connections = () => ({ postgres: postgres.accepted(), temporal: temporal.accepted() });
    const before = connections();
    const answers = await Promise.all(Array.from({ length: 5 }, () => fetch(`${url}/livez`)));
    // Not one connection more to either: a question to Postgres or Temporal would have opened one.
    expect(connections()).toEqual(before);
    for (const res of answers) {
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(await res.json()).toEqual({ status: 'live' });
    }
  });

  it('leaves the dependencies to /healthz, which reports both down with 503', async () => {
    const res = await fetch(`${url}/healthz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ postgres: 'down', temporal: 'down' });
  });
});
