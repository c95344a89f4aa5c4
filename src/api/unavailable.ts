/**
 * Fast failure: every Temporal call made for a request runs under a deadline, the API's Postgres
 * pool has connect and statement timeouts (src/compose/api.ts), and a failure that means "the
 * dependency is down or too slow" is answered 503 problem+json with Retry-After, naming it,
 * instead of hanging or a 500.
 */
import { isGrpcServiceError, WorkflowUpdateRPCTimeoutOrCancelledError, type Client } from '@temporalio/client';
import { problems, RETRY_AFTER_SECONDS, type HttpProblem } from './problems';

export type Dependency = 'postgres' | 'temporal';

/** Comfortably under the ~10 s a client should wait for a 503, and above a busy worker's update. */
export const DEFAULT_TEMPORAL_DEADLINE_MS = 7_000;

/** Thrown when a Temporal call made for a request ran past its deadline. */
export class TemporalDeadlineError extends Error {
  override readonly name = 'TemporalDeadlineError';
}

/**
 * Runs Temporal calls with a gRPC deadline; past it they fail (→ 503). The SDK retries an
 * unreachable server with backoff and notices the deadline only after its current sleep, so the
 * answer is also cut off at the deadline itself; the call left behind fails on its own.
 */
export async function withDeadline<T>(client: Client, ms: number | undefined, fn: () => Promise<T>): Promise<T> {
  const budget = ms ?? DEFAULT_TEMPORAL_DEADLINE_MS;
  const call = client.withDeadline(Date.now() + budget, fn);
  track(client, call);
  let timer: NodeJS.Timeout | undefined;
  const cutoff = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TemporalDeadlineError(`Temporal did not answer within ${budget} ms`)), budget + 200);
  });
  try {
    return await Promise.race([call, cutoff]);
  } finally {
    clearTimeout(timer);
  }
}

/** gRPC status codes: CANCELLED 1, DEADLINE_EXCEEDED 4, RESOURCE_EXHAUSTED 8, UNAVAILABLE 14. */
/** Calls still running per client, answered or not: a connection closed under one crashes its retry timer. */
const pending = new WeakMap<Client, Set<Promise<unknown>>>();

function track(client: Client, call: Promise<unknown>): void {
  const calls = pending.get(client) ?? new Set();
  pending.set(client, calls);
  const settled: Promise<unknown> = call.then(
    (): boolean => calls.delete(settled),
    (): boolean => calls.delete(settled),
  );
  calls.add(settled);
}

/** Resolves once every call made through withDeadline on this client has ended (before closing it). */
export async function settleTemporalCalls(client: Client): Promise<void> {
  await Promise.all([...(pending.get(client) ?? [])]);
}

const TEMPORAL_DOWN = new Set<number>([1, 4, 8, 14]);
/** SQLSTATE classes that mean Postgres (not the statement) is the problem. */
const POSTGRES_DOWN = /^(08|53|57P0|57014|58)/;
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EPIPE', 'EAI_AGAIN']);
/** node-postgres says these in words only: the pool's connect timeout, a dropped or stalled connection. */
const PG_MESSAGES = /timeout exceeded when trying to connect|Connection terminated|Query read timeout|connection error|Client was closed/i;

function* causes(err: unknown): Generator<unknown> {
  for (let e = err, depth = 0; e !== undefined && e !== null && depth < 8; e = (e as { cause?: unknown }).cause, depth++) yield e;
}

/** Which dependency, if any, this error says is unavailable. */
export function unavailableDependency(err: unknown): Dependency | undefined {
  for (const e of causes(err)) {
    if (e instanceof WorkflowUpdateRPCTimeoutOrCancelledError || e instanceof TemporalDeadlineError) return 'temporal';
    if (isGrpcServiceError(e)) return TEMPORAL_DOWN.has(e.code) ? 'temporal' : undefined;
  }
  for (const e of causes(err)) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || (code.length === 5 && POSTGRES_DOWN.test(code)))) return 'postgres';
    if (typeof message === 'string' && PG_MESSAGES.test(message)) return 'postgres';
  }
  return undefined;
}

const WHAT: Record<Dependency, string> = {
  postgres: 'The database (Postgres) did not answer in time',
  temporal: 'Temporal (or the worker running the commitment) did not answer in time',
};

/** 503 naming the dependency; a retry with the same Idempotency-Key is applied once. */
export function unavailableProblem(dependency: Dependency): HttpProblem {
  return problems.unavailable(
    `${WHAT[dependency]}. Retry after ${RETRY_AFTER_SECONDS} seconds, with the same Idempotency-Key if you sent one: it is applied once.`,
    dependency,
  );
}
