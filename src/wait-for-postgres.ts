/**
 * Start-up against a Postgres that may not be up yet: a deploy that starts everything at once, a
 * database restarting or failing over. The production entries and `npm start` migrate through
 * this, and while Postgres cannot be reached they wait, with capped exponential backoff and one
 * line per attempt naming host:port (never the user or password), instead of exiting for a
 * supervisor to restart in a loop. Anything else (a wrong password, a database that does not
 * exist, a migration that fails) is a mistake to fix, and still stops the process at once.
 */
import { unavailableDependency } from './api/unavailable';
import { migrate } from './db/migrate';

/** The first wait; each next one doubles, up to LONGEST_WAIT_MS. */
export const FIRST_WAIT_MS = 1_000;
/** Long enough not to hammer a database that is recovering, short enough to start soon after it is back. */
export const LONGEST_WAIT_MS = 30_000;
/** An attempt to a host that drops packets must end, or the wait would never say anything. */
const CONNECT_TIMEOUT_MS = 5_000;

/** host:port of a Postgres URL, for logs: the user and password stay out. */
export function postgresEndpoint(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  return `${url.hostname || 'localhost'}:${url.port || '5432'}`;
}

export interface WaitOptions {
  /** Who waits, at the start of each line: `api`, `worker`. */
  who: string;
  log: (line: string) => void;
  /** For tests; production waits FIRST_WAIT_MS, doubling to LONGEST_WAIT_MS. */
  firstWaitMs?: number;
  longestWaitMs?: number;
}

/** Migrates once Postgres answers; returns the migrations applied. */
export async function migrateWhenReachable(databaseUrl: string, o: WaitOptions): Promise<string[]> {
  const first = o.firstWaitMs ?? FIRST_WAIT_MS;
  const longest = o.longestWaitMs ?? LONGEST_WAIT_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      const applied = await migrate(databaseUrl, o.log, { connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
      if (attempt > 1) o.log(`${o.who}: Postgres at ${postgresEndpoint(databaseUrl)} answered; starting`);
      return applied;
    } catch (err) {
      if (unavailableDependency(err) !== 'postgres') throw err;
      const wait = Math.min(longest, first * 2 ** (attempt - 1));
      o.log(
        `${o.who}: waiting for Postgres at ${postgresEndpoint(databaseUrl)} to migrate the schema and start ` +
          `(attempt ${attempt}: ${reasonOf(err)}); next attempt in ${wait / 1000} s`,
      );
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

/** The error's code (ECONNREFUSED, 57P03) and first line; pg's connection errors name host and port, never the password. */
function reasonOf(err: unknown): string {
  const { code, message } = err as { code?: unknown; message?: unknown };
  const text = typeof message === 'string' && message.trim() ? (message.split('\n')[0] as string) : 'no answer';
  return typeof code === 'string' && !text.includes(code) ? `${code}: ${text}` : text;
}
