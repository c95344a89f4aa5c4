/**
 * Small TCP helpers for the embedded mode: picking ports for child servers and waiting for them
 * to listen. Everything binds to 127.0.0.1 because the embedded servers are never meant to be
 * reachable from other machines.
 */
import net from 'node:net';

const LOOPBACK = '127.0.0.1';

/**
 * A port that was free a moment ago. The kernel picks it (port 0), so two callers never race for
 * the same guess; there is still a short window before the child binds it, which is acceptable for
 * local development and tests.
 */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : undefined;
      server.close(() => (port === undefined ? reject(new Error('The kernel did not assign a port')) : resolve(port)));
    });
  });
}

/** Whether nothing listens on 127.0.0.1:`port` right now (binding it is the only reliable test). */
export async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE' || err.code === 'EACCES') resolve(false);
      else reject(err);
    });
    server.listen(port, LOOPBACK, () => server.close(() => resolve(true)));
  });
}

/** Whether a TCP connection to `host:port` is accepted within `timeoutMs`. */
export async function canConnect(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
