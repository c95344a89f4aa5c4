/**
 * One benchmark child process: the worker, the API, the message sink or the baselines' worker
 * (roles.ts). Each runs in its own process, as in production, so its memory and CPU are its own
 * and the load generator does not share an event loop with what it measures.
 *
 * The parent talks to it over the IPC channel (see children.ts); when that channel closes (the
 * parent died or is done), the child exits by itself.
 */
import { DefaultLogger, Runtime } from '@temporalio/worker';
import type { ChildConfig, ChildReply, ChildRequest } from './children';
import { startRole, type Handlers, type Started } from './roles';

const send = (message: ChildReply) => process.send?.(message);

function memory() {
  const m = process.memoryUsage();
  return { rssMb: m.rss / 1048576, heapUsedMb: m.heapUsed / 1048576, heapTotalMb: m.heapTotal / 1048576, externalMb: m.external / 1048576 };
}

/**
 * What the SDK's core said that means the workflow cache thrashes: an eviction arriving while a
 * workflow still had work ("… if the activation was only an eviction. This is an SDK bug.") and
 * its aftermath. docs/benchmarks.md reports them; a cache that logs them is too small.
 */
const SDK_WARNINGS = { onlyEviction: /only an eviction/, untrackedLocalActivity: /untracked local activity/i };
const sdkWarnings: Record<keyof typeof SDK_WARNINGS, number> = { onlyEviction: 0, untrackedLocalActivity: 0 };

function countingLogger(): DefaultLogger {
  const print = new DefaultLogger('WARN');
  return new DefaultLogger('WARN', (entry) => {
    for (const [name, pattern] of Object.entries(SDK_WARNINGS)) if (pattern.test(entry.message)) sdkWarnings[name as keyof typeof SDK_WARNINGS] += 1;
    print.log(entry.level, entry.message, entry.meta);
  });
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '{}') as ChildConfig;
  if (config.role === 'worker' || config.role === 'baseline-worker') {
    // Our own shutdown (IPC 'stop') drains the worker; INFO chatter would bury the progress lines.
    Runtime.install({ shutdownSignals: [], logger: countingLogger() });
  }
  const started: Started = await startRole(config, (error) => send({ event: 'fatal', error }));

  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= started.stop().finally(() => process.exit(0)));
  const handlers: Handlers = { ...started.handlers, memory, sdkWarnings: () => sdkWarnings, stop: () => void stop() };

  process.on('message', (raw: ChildRequest) => {
    void (async () => {
      try {
        const handler = handlers[raw.cmd];
        if (!handler) throw new Error(`unknown command ${raw.cmd}`);
        send({ id: raw.id, ok: true, value: await handler(raw.arg) });
      } catch (err) {
        send({ id: raw.id, ok: false, error: err instanceof Error ? err.message : String(err) });
      }
    })();
  });
  // The parent is gone (crashed, killed, or done): nothing else will ever stop us.
  process.on('disconnect', () => void stop());
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => {}); // Ctrl-C reaches the whole group; the parent decides the order.
  send({ event: 'ready', info: started.info });
}

main().catch((err: unknown) => {
  send({ event: 'fatal', error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  process.exit(1);
});
