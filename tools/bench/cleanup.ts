/**
 * Everything the harness starts is registered here and stopped in reverse order: at the end of a
 * backend, on Ctrl-C, on SIGTERM, on an uncaught error, and (as a last resort, synchronously) when
 * the process exits. A benchmark that leaves a Temporal server or a Postgres behind would poison
 * the next run with taken ports and a busy CPU.
 */
import { rmSync } from 'node:fs';

type Stop = () => Promise<void>;

interface Entry {
  name: string;
  stop: Stop;
  /** Synchronous fallback for the 'exit' event, where nothing asynchronous runs any more. */
  kill?: () => void;
}

const entries: Entry[] = [];

/** Registers a resource; the returned function stops it early (and unregisters it). */
export function track(name: string, stop: Stop, kill?: () => void): Stop {
  const entry: Entry = { name, stop, ...(kill ? { kill } : {}) };
  entries.push(entry);
  return async () => {
    const i = entries.indexOf(entry);
    if (i < 0) return;
    entries.splice(i, 1);
    await entry.stop();
  };
}

/** A temporary directory removed at the end, whatever happens. */
export function trackDir(dir: string): Stop {
  const remove = () => rmSync(dir, { recursive: true, force: true });
  return track(`temp dir ${dir}`, () => Promise.resolve(remove()), remove);
}

/** A child process killed at the end (SIGTERM, SIGKILL after `graceMs`). */
export function trackPid(name: string, pid: number, graceMs = 5_000): Stop {
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(pid, sig);
    } catch {
      // already gone
    }
  };
  return track(
    name,
    async () => {
      if (!alive()) return;
      signal('SIGTERM');
      const deadline = Date.now() + graceMs;
      while (alive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      if (alive()) signal('SIGKILL');
    },
    () => signal('SIGKILL'),
  );
}

/** Stops everything still registered, newest first; failures are reported, not thrown. */
export async function stopAll(log: (line: string) => void): Promise<void> {
  while (entries.length > 0) {
    const entry = entries.pop() as Entry;
    try {
      await entry.stop();
    } catch (err) {
      log(`cleanup: stopping ${entry.name} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

/**
 * Ctrl-C, SIGTERM and crashes stop everything before exiting; a second Ctrl-C exits at once (the
 * synchronous 'exit' fallback still kills the child processes and removes temp dirs).
 */
export function installCleanupHandlers(log: (line: string) => void): void {
  let stopping = false;
  const bail = (why: string, code: number) => {
    if (stopping) process.exit(code);
    stopping = true;
    log(`${why}: stopping everything this run started…`);
    void stopAll(log).finally(() => process.exit(code));
  };
  process.on('SIGINT', () => bail('interrupted', 130));
  process.on('SIGTERM', () => bail('terminated', 143));
  process.on('uncaughtException', (err) => {
    log(`uncaught error: ${err.stack ?? err.message}`);
    bail('failed', 1);
  });
  process.on('unhandledRejection', (reason) => {
    log(`unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`);
    bail('failed', 1);
  });
  process.on('exit', () => {
    for (const entry of entries.splice(0).reverse()) {
      try {
        entry.kill?.();
      } catch {
        // best effort at exit
      }
    }
  });
}

/**
 * Runs a harness's `main` and exits with its code. A usage error (`isUsage`) prints its message
 * and exits 64; anything else thrown is logged, everything started is stopped, and it exits 1.
 */
export function runMain(main: () => Promise<number>, log: (line: string) => void, isUsage: (err: unknown) => err is Error): void {
  main().then(
    (code) => process.exit(code),
    async (err: unknown) => {
      if (isUsage(err)) {
        console.error(err.message);
        process.exit(64);
      }
      log(`✗ ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      await stopAll(log);
      process.exit(1);
    },
  );
}
