/**
 * Ports for `npm start`'s embedded servers (the Temporal dev server, its UI, Postgres), so that two
 * checkouts run side by side. A port set in the environment (TEMPORAL_PORT, TEMPORAL_UI_PORT,
 * POSTGRES_PORT) is used or refused, never moved. Unset, the usual port is taken when it is free,
 * else one the kernel hands out.
 *
 * There is no lock between two starting instances: each checks by binding, releases, and starts
 * its server there. When another instance binds the port in between, the server fails to bind;
 * `startOnPort` then picks again and starts once more (a chosen port only; a configured one is
 * refused). The servers tell their own failure apart from another's success: Postgres by its own
 * log, the dev server by its own "Server:" line (src/temporal/dev-server.ts).
 */
import { freePort, portIsFree } from './net';

export interface EmbeddedPortSpec {
  /** What listens there, for messages: "the embedded Temporal dev server". */
  what: string;
  /** Its short name in the summary: "Temporal". */
  label: string;
  /** The variable that sets it: TEMPORAL_PORT. */
  variable: string;
  /** From the environment; undefined lets us choose. */
  configured: number | undefined;
  /** The port used when it is free and nothing is configured. */
  usual: number;
}

export interface PortChoice {
  port: number;
  /** configured: from the variable; usual: the usual port was free; moved: the usual one was taken. */
  how: 'configured' | 'usual' | 'moved';
}

/** A configured port that something else holds; the message says what to do. */
export class PortTakenError extends Error {
  override readonly name = 'PortTakenError';
  constructor(spec: EmbeddedPortSpec, port: number) {
    super(
      `${spec.variable}=${port}, but something already listens on 127.0.0.1:${port}, so ${spec.what} cannot start there. ` +
        `Stop whatever holds the port, set ${spec.variable} to a free port, or unset ${spec.variable} to let npm start choose one.`,
    );
  }
}

/** Tries to start again on another port this many times when a chosen port was taken meanwhile. */
const ATTEMPTS = 3;

/** The configured port when it is free (else PortTakenError), the usual one when free, else a free one not in `avoid`. */
export async function choosePort(spec: EmbeddedPortSpec, avoid: ReadonlySet<number> = new Set()): Promise<PortChoice> {
  if (spec.configured !== undefined) {
    if (!(await portIsFree(spec.configured))) throw new PortTakenError(spec, spec.configured);
    return { port: spec.configured, how: 'configured' };
  }
  if (!avoid.has(spec.usual) && (await portIsFree(spec.usual))) return { port: spec.usual, how: 'usual' };
  for (;;) {
    const port = await freePort();
    if (!avoid.has(port)) return { port, how: 'moved' };
  }
}

/** A line for the log saying which port a server takes and why. */
export function describeChoice(spec: EmbeddedPortSpec, choice: PortChoice): string {
  if (choice.how === 'configured') return `port ${choice.port} (${spec.variable})`;
  if (choice.how === 'usual') return `port ${choice.port}`;
  return `port ${choice.port}: the usual ${spec.usual} is taken (set ${spec.variable} to choose one)`;
}

/**
 * Chooses a port for each spec (distinct ones) and runs `start` on them. When `start` fails because
 * a port was bound by someone else after the check (`isPortClash`), the chosen ports are chosen
 * again and `start` runs once more; when every port was configured, the failure stands.
 */
export async function startOnPorts<T>(
  specs: EmbeddedPortSpec[],
  start: (choices: PortChoice[]) => Promise<T>,
  isPortClash: (err: unknown) => boolean,
): Promise<{ value: T; choices: PortChoice[] }> {
  const tried = new Set<number>();
  for (let attempt = 1; ; attempt++) {
    const choices: PortChoice[] = [];
    const taken = new Set(tried);
    for (const spec of specs) {
      const choice = await choosePort(spec, taken);
      taken.add(choice.port);
      choices.push(choice);
    }
    try {
      return { value: await start(choices), choices };
    } catch (err) {
      if (!isPortClash(err)) throw err;
      const chosen = choices.filter((c) => c.how !== 'configured');
      if (chosen.length === 0) {
        // A configured port taken between the check and the server's bind: refused as at the check.
        for (const [i, spec] of specs.entries()) {
          const port = choices[i]?.port;
          if (port !== undefined && !(await portIsFree(port))) throw new PortTakenError(spec, port);
        }
      }
      if (chosen.length === 0 || attempt >= ATTEMPTS) throw err;
      for (const c of chosen) tried.add(c.port);
    }
  }
}

/** Whether an error (or the server output it quotes) says a port was already bound. */
export function saysAddressInUse(err: unknown): boolean {
  return /address already in use|EADDRINUSE/i.test(err instanceof Error ? err.message : String(err));
}
