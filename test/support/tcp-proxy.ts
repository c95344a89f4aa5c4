/**
 * A TCP proxy on loopback that a test can take down and bring back: a dependency outage as the
 * app sees it (connections reset, then refused; or, stalled, everything sent into silence), while
 * the test itself still reaches the real server directly.
 */
import net from 'node:net';
import { afterAll, beforeAll, inject } from 'vitest';

export interface TcpProxy {
  port: number;
  /** Resets every open connection and refuses new ones. */
  stop(): Promise<void>;
  /** Answers nothing: open connections stop carrying bytes, new ones are accepted and never connected (a partition). */
  stall(): void;
  /** Accepts again, on the same port. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let stalled = false;
  const track = (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => s.destroy());
  };
  const server = net.createServer((client) => {
    track(client);
    if (stalled) {
      client.pause();
      return;
    }
    const upstream = net.connect(target.port, target.host);
    track(upstream);
    client.pipe(upstream).pipe(client);
  });
  const listen = (port: number) => new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', () => resolve()));
  await listen(0);
  const port = (server.address() as net.AddressInfo).port;
  const stop = async () => {
    stalled = false;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const s of sockets) s.destroy();
    await closed;
  };
  return {
    port,
    stop,
    stall() {
      stalled = true;
      for (const s of sockets) {
        s.unpipe();
        s.pause();
      }
    },
    // After a stall: the silent connections are reset, as a partition's end finds them.
    start: async () => {
      if (server.listening) await stop();
      await listen(port);
    },
    close: () => (server.listening ? stop() : Promise.resolve()),
  };
}

/**
 * A proxy to the test database for the file it is called in, and the harness option that points
 * the app (API and worker) at it; the tests themselves read the database directly. Call it before
 * useHarness, so the proxy is up when the harness starts.
 */
export function useDatabaseProxy(): { readonly proxy: TcpProxy; databaseUrl: (url: string) => string } {
  let proxy: TcpProxy | undefined;
  beforeAll(async () => {
    const postgres = new URL(inject('databaseUrl'));
    proxy = await startTcpProxy({ host: postgres.hostname, port: Number(postgres.port) });
  });
  afterAll(async () => {
    await proxy?.close();
  });
  const current = (): TcpProxy => {
    if (!proxy) throw new Error('the database proxy is used before beforeAll started it');
    return proxy;
  };
  return {
    get proxy() {
      return current();
    },
    databaseUrl: (url) => viaProxy(url, current()),
  };
}

/** `url` with the proxy's port: the same database, reached through the proxy. */
export function viaProxy(url: string, proxy: TcpProxy): string {
  const through = new URL(url);
  through.port = String(proxy.port);
  return through.toString();
}
