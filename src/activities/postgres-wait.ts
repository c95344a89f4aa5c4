/**
 * How long a staff alert waits on Postgres before it goes without it: one budget per attempt,
 * shared by every read and write the alert makes before its provider call (the directory's
 * contact, the stored timeline, the ledger claim), so a Postgres that hangs costs the alert about a
 * second in all, not a timeout per query. A refused connection fails at once and costs nothing.
 *
 * 👉 A query given up on is not cancelled: it may still finish once Postgres answers. Everything
 *    raced here is safe to land late (reads, and the claim, whose row a later attempt or the
 *    workflow's late write settles).
 */
import { Context } from '@temporalio/activity';

/** The whole wait of one attempt; "about a second" is what the issue allows an alert to lose. */
export const POSTGRES_WAIT_MS = 1_000;

export interface PostgresWait {
  /** The query's answer; undefined when it failed, or the budget ran out before it answered (or before it began). */
  within<T>(query: () => Promise<T>): Promise<T | undefined>;
}

export function postgresWait(ms = POSTGRES_WAIT_MS): PostgresWait {
  const until = Date.now() + ms;
  let spent = false;
  return {
    async within<T>(query: () => Promise<T>): Promise<T | undefined> {
      const left = until - Date.now();
      if (spent || left <= 0) return undefined;
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<undefined>((resolve) => {
        timer = setTimeout(() => {
          spent = true;
          resolve(undefined);
        }, left);
      });
      try {
        return await Promise.race([query().catch(() => undefined), late]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/**
 * No bound, and a failure is the caller's: every message but a staff alert waits for Postgres as
 * long as it takes (a customer's text above all: the opt-out ledger and the cap decide first).
 */
export const WAIT_FOR_POSTGRES: PostgresWait = {
  within: (query) => query(),
};

/**
 * Work that stops being waited for when Temporal cancels the activity. A local activity's timeout
 * is such a cancellation, and its workflow task is completed only once the activity has answered
 * it: a query stuck on a Postgres that does not answer would otherwise hold the task (and every
 * alert decided in it) until the query itself gave up. The work left behind may still land.
 */
export async function untilCancelled<T>(work: Promise<T>): Promise<T> {
  let cancelled: Promise<never>;
  try {
    cancelled = Context.current().cancelled;
  } catch {
    return work; // outside an activity (unit tests)
  }
  work.catch(() => undefined); // once cancelled, its failure is nobody's
  return Promise.race([work, cancelled]);
}
