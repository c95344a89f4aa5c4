/**
 * The parent's side of the child processes in child.ts: fork one, wait until it is ready, call
 * it, stop it. Every child is registered with the cleanup so none outlives the benchmark.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { WorkerTuning } from '../../src/runtime';
import type { WorkerProfile } from './profile';
import { track } from './cleanup';

export type ChildConfig =
  /** `env` is what worker.ts / api.ts would read from the environment (see src/config.ts). */
  /** `insecureReceivers`: event receivers on http and loopback allowed (the benchmark's own, in its process). */
  | { role: 'worker'; env: Record<string, string>; bundlePath: string; tuning?: WorkerTuning; insecureReceivers?: boolean }
  | { role: 'baseline-worker'; env: Record<string, string>; taskQueue: string; bundlePath: string }
  | { role: 'api'; env: Record<string, string>; port: number; insecureReceivers?: boolean }
  | { role: 'sink'; accountSid: string; authToken: string };

export interface ChildRequest {
  id: number;
  cmd: string;
  arg?: unknown;
}

export type ChildReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: string }
  | { event: 'ready'; info: Record<string, string> }
  | { event: 'fatal'; error: string };

/** One message accepted by the sink. */
export interface SinkRecord {
  channel: 'email' | 'sms';
  to: string;
  /** Date.now() at acceptance */
  at: number;
}

export interface ChildMemory {
  rssMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
}

export interface Child {
  pid: number;
  /** How the CPU tables name it: "baseline worker", or "worker B" / "API B" for a second one. */
  label: string;
  info: Record<string, string>;
  call<T = unknown>(cmd: string, arg?: unknown): Promise<T>;
  stop(): Promise<void>;
}

/** Thrown when a child process fails to start or dies while in use. */
export class ChildProcessError extends Error {
  override readonly name = 'ChildProcessError';
}

const READY_TIMEOUT_MS = 120_000; // bundling is done by the parent; a worker is ready in seconds
const STOP_GRACE_MS = 20_000; // a worker drains its in-flight activities first

const LABELS: Record<ChildConfig['role'], string> = { worker: 'worker', 'baseline-worker': 'baseline worker', api: 'API', sink: 'SMTP/Twilio sink' };

/** `process` says how the process itself is run (Node flags, extra environment); the worker's profile sets them. */
export async function startChild(
  config: ChildConfig,
  log: (line: string) => void,
  process_: Pick<WorkerProfile, 'execArgv' | 'env'> = {},
  label = LABELS[config.role],
): Promise<Child> {
  const child: ChildProcess = fork(path.join(__dirname, 'child.js'), [JSON.stringify(config)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: process_.execArgv ?? [],
    env: { ...process.env, ...process_.env },
  });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const ready = new Promise<Record<string, string>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new ChildProcessError(`${config.role} was not ready within ${READY_TIMEOUT_MS / 1000} s`)), READY_TIMEOUT_MS);
    child.on('message', (msg: ChildReply) => {
      if ('event' in msg && msg.event === 'ready') {
        clearTimeout(timer);
        resolve(msg.info);
      } else if ('event' in msg && msg.event === 'fatal') {
        clearTimeout(timer);
        log(`${config.role}: ${msg.error}`);
        reject(new ChildProcessError(`${config.role}: ${msg.error}`));
      } else if ('id' in msg) {
        const waiter = pending.get(msg.id);
        pending.delete(msg.id);
        if (msg.ok) waiter?.resolve(msg.value);
        else waiter?.reject(new ChildProcessError(`${config.role}: ${msg.error}`));
      }
    });
    child.once('exit', (code, signal) => {
      exited = true;
      clearTimeout(timer);
      const err = new ChildProcessError(`${config.role} exited (${code ?? signal})`);
      reject(err);
      for (const waiter of pending.values()) waiter.reject(err);
      pending.clear();
    });
  });

  const stop = async () => {
    if (exited) return;
    child.send({ id: 0, cmd: 'stop' } satisfies ChildRequest);
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await exit;
    clearTimeout(timer);
  };
  const untrack = track(`${config.role} (pid ${child.pid})`, stop, () => child.kill('SIGKILL'));

  let info: Record<string, string>;
  try {
    info = await ready;
  } catch (err) {
    await untrack();
    throw err;
  }
  return {
    pid: child.pid as number,
    label,
    info,
    call<T>(cmd: string, arg?: unknown): Promise<T> {
      if (exited) return Promise.reject(new ChildProcessError(`${config.role} is not running`));
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        child.send({ id, cmd, arg } satisfies ChildRequest);
      });
    },
    stop: untrack,
  };
}
