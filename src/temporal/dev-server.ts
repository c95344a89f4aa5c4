/**
 * Runs the Temporal dev server (`temporal server start-dev`) as a child of this process, for the
 * embedded mode and the tests. It counts as ready only once it answers gRPC calls (system info and
 * the namespace), not merely when its port is open, so callers can start workers straight away.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { Connection } from '@temporalio/client';
import { canConnect, freePort } from '../net';
import { TemporalCliNotFoundError, type TemporalCli } from './cli';
import { dynamicConfigFlags } from './server-config';

const HOST = '127.0.0.1';
/** `npm start`'s dev server and UI when these are free and TEMPORAL_PORT, TEMPORAL_UI_PORT are unset: the CLI's own defaults. */
export const EMBEDDED_TEMPORAL_PORT = 7233;
export const EMBEDDED_TEMPORAL_UI_PORT = 8233;
/** A cold start (SQLite schema, system workflows) takes a few seconds; a minute means it is stuck. */
const READY_DEADLINE_MS = 60_000;
/** The dev server flushes SQLite on SIGTERM; 10 s is plenty, after that it is hung. */
const STOP_GRACE_MS = 10_000;
const POLL_INTERVAL_MS = 200;

export interface DevServer {
  /** host:port of the gRPC frontend, e.g. 127.0.0.1:7233 */
  address: string;
  uiUrl?: string;
  stop: () => Promise<void>;
}

export interface DevServerOptions {
  cli: TemporalCli;
  port?: number;
  uiPort?: number;
  headless?: boolean;
  /** SQLite file for state kept across restarts; in memory when absent. */
  dbFilename?: string;
  /** Created at startup in addition to "default". */
  namespace?: string;
  log?: (line: string) => void;
  /** name → CLI type (Text, Keyword, Int, Double, Bool, Datetime, KeywordList) */
  searchAttributes?: Record<string, string>;
  /** Where the UI decodes encrypted payloads (our /codec endpoint), so staff read them there. */
  uiCodecEndpoint?: string;
}

/** Thrown when the dev server process exits, or does not answer, before it is ready; carries its output's tail. */
export class DevServerStartError extends Error {
  override readonly name = 'DevServerStartError';
}

export async function startDevServer(opts: DevServerOptions): Promise<DevServer> {
  const port = opts.port ?? (await freePort());
  const uiPort = opts.headless ? undefined : (opts.uiPort ?? (await freePort()));
  const namespace = opts.namespace ?? 'default';
  const searchAttributeArgs = Object.entries(opts.searchAttributes ?? {}).flatMap(([k, v]) => ['--search-attribute', `${k}=${v}`]);
  const serverArgs = [...searchAttributeArgs, ...dynamicConfigFlags()];
  const uiUrl = uiPort === undefined ? undefined : `http://${HOST}:${uiPort}`;

  if (opts.cli.kind === 'sdk-download') {
    // Loaded lazily: it pulls in the worker's native bridge, which the binary path never needs.
    const { TestWorkflowEnvironment } = await import('@temporalio/testing');
    try {
      const env = await TestWorkflowEnvironment.createLocal({
        server: {
          executable: { type: 'cached-download' },
          ip: HOST,
          port,
          ui: uiPort !== undefined,
          uiPort,
          dbFilename: opts.dbFilename,
          namespace,
          extraArgs: serverArgs,
        },
      });
      return { address: env.address, uiUrl, stop: () => env.teardown() };
    } catch (err) {
      throw new TemporalCliNotFoundError({ cause: err });
    }
  }

  const args = ['server', 'start-dev', '--ip', HOST, '--port', String(port)];
  args.push(...(uiPort === undefined ? ['--headless'] : ['--ui-port', String(uiPort)]));
  if (uiPort !== undefined && opts.uiCodecEndpoint) args.push('--ui-codec-endpoint', opts.uiCodecEndpoint);
  if (opts.dbFilename) args.push('--db-filename', opts.dbFilename);
  args.push('--namespace', 'default');
  if (namespace !== 'default') args.push('--namespace', namespace);
  args.push(...serverArgs, '--log-level', 'warn');

  const child = spawn(opts.cli.path, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const output = captureOutput(child, opts.log);
  // A dev server left behind holds its ports and confuses the next run; 'exit' handlers must be
  // synchronous, so this is a plain kill.
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);
  let spawnError: Error | undefined;
  // 'close', not 'exit': only then has all of the child's output been read for an error message.
  const exited = new Promise<void>((resolve) => {
    child.once('close', () => resolve());
    child.once('error', (err) => {
      spawnError = err;
      resolve();
    });
  });
  const hasExited = () => spawnError !== undefined || child.exitCode !== null || child.signalCode !== null;

  const stop = async () => {
    process.off('exit', killOnExit);
    if (hasExited()) return;
    child.kill('SIGTERM');
    if (!(await within(exited, STOP_GRACE_MS))) {
      child.kill('SIGKILL');
      await exited;
    }
  };

  const address = `${HOST}:${port}`;
  const deadline = Date.now() + READY_DEADLINE_MS;
  for (;;) {
    if (hasExited()) {
      await stop();
      await exited;
      const why = spawnError ? `could not start ${opts.cli.path}: ${spawnError.message}` : `exited before it was ready:\n${output.tail()}`;
      throw new DevServerStartError(`The Temporal dev server ${why}`);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new DevServerStartError(`The Temporal dev server did not answer on ${address} within ${READY_DEADLINE_MS / 1000} s:\n${output.tail()}`);
    }
    // Our own child's "Server:" line first: another instance may have bound this port after we
    // found it free, and would answer on it while our child fails to bind and exits.
    if (output.started() && (await canConnect(HOST, port)) && (await answers(address, namespace))) break;
    await new Promise((r) => setTimeout(r, POLL_INTERVAL_MS));
  }
  return { address, uiUrl, stop };
}

async function answers(address: string, namespace: string): Promise<boolean> {
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address, connectTimeout: 2_000 });
    await connection.workflowService.getSystemInfo({});
    await connection.workflowService.describeNamespace({ namespace });
    return true;
  } catch {
    return false;
  } finally {
    await connection?.close();
  }
}

/**
 * Keeps the last lines of the child's output for error messages; forwards only errors to `log`.
 * `started()`: the CLI printed "Server: <host>:<port>", which it does once its server is up.
 */
function captureOutput(child: ChildProcess, log?: (line: string) => void) {
  const lines: string[] = [];
  // The start of stdout, whole: a chunk may end within the "Server:" line.
  let head = '';
  const onData = (chunk: Buffer) => {
    for (const line of chunk
      .toString('utf8')
      .split('\n')
      .filter((l) => l.trim())) {
      lines.push(line);
      if (lines.length > 20) lines.shift();
      if (/level=(ERROR|FATAL)/.test(line)) log?.(`temporal: ${line}`);
    }
  };
  child.stdout?.on('data', (chunk: Buffer) => {
    if (head.length < 4096) head += chunk.toString('utf8');
  });
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  return { tail: () => lines.join('\n'), started: () => /^Server:\s/m.test(head) };
}

async function within(promise: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
