/**
 * Shared by the scenarios: creating commitments through the API, and waiting until the system is
 * quiet again (every message delivered, the worker idle) so one measurement's leftovers never
 * slow the next.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { NAMESPACE } from '../backends';
import { runLoad, type LoadResult } from '../load';
import type { Stack, WorkerStatusLite } from '../stack';

/** Messages one create sends: the customer's recap by SMS and email, the owner's confirmation by email. */
export const MESSAGES_PER_CREATE = 3;
/** Far enough out that nothing created here lapses during the benchmark. */
export const OPEN_DUE_IN = 'PT12H';

/**
 * Creates n commitments through the API; returns the load result and the workflow ID of each
 * (by index; undefined where the create failed). Create i is sent by the bench team's agents in
 * turn, or with `keyOf(i)`: the caller is the owner.
 */
export async function postCommitments(
  stack: Stack,
  n: number,
  concurrency: number,
  body: (i: number) => Record<string, unknown>,
  opts: { idempotent?: boolean; onProgress?: (done: number, n: number) => void; keyOf?: (i: number) => string } = {},
): Promise<LoadResult & { workflowIds: (string | undefined)[] }> {
  const keyOf = opts.keyOf ?? ((i: number) => stack.ownerKeys[i % stack.ownerKeys.length] ?? '');
  const prefix = randomUUID();
  const workflowIds: (string | undefined)[] = new Array(n);
  const result = await runLoad(
    n,
    concurrency,
    async (i) => {
      const headers = { authorization: `Bearer ${keyOf(i)}`, ...(opts.idempotent ? { 'idempotency-key': `${prefix}-${i}` } : {}) };
      const res = await stack.http.request('POST', '/v1/commitments', headers, JSON.stringify(body(i)));
      if (res.status !== 201) throw new Error(`POST /v1/commitments answered ${res.status}: ${res.body.slice(0, 300)}`);
      workflowIds[i] = (JSON.parse(res.body) as { workflowId?: string }).workflowId;
    },
    opts.onProgress,
  );
  return { ...result, workflowIds };
}

/** Waits until the sink has `expected` more messages than `baseline` and the worker is idle (by `status`); returns when that was. */
export async function settle(
  stack: Stack,
  baseline: number,
  expected: number,
  timeoutMs: number,
  status: () => Promise<WorkerStatusLite> = () => stack.workerStatus(),
): Promise<number | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && (await stack.sink.call<number>('count')) < baseline + expected) {
    await new Promise((r) => setTimeout(r, 100));
  }
  if (Date.now() >= deadline) return undefined;
  return waitIdle(status, { timeoutMs: Math.max(5_000, deadline - Date.now()) });
}

/**
 * Waits until the worker has had nothing in flight for `quietMs`: its pollers are open, so an empty
 * worker means the task queues are drained too. Returns when the idle streak began (ms epoch), or
 * undefined on timeout.
 */
export async function waitIdle(status: () => Promise<WorkerStatusLite>, opts: { quietMs?: number; timeoutMs: number }): Promise<number | undefined> {
  const quietMs = opts.quietMs ?? 1_000;
  const deadline = Date.now() + opts.timeoutMs;
  let idleSince: number | undefined;
  while (Date.now() < deadline) {
    const s = await status();
    const idle = s.numInFlightActivities === 0 && s.numInFlightWorkflowActivations === 0;
    const now = Date.now();
    if (!idle) idleSince = undefined;
    else if (idleSince === undefined) idleSince = now;
    else if (now - idleSince >= quietMs) return idleSince;
    await new Promise((r) => setTimeout(r, 100));
  }
  return undefined;
}

/** Running workflows of a type, from Temporal's visibility store (eventually consistent by a moment). */
export async function countRunning(client: Client, workflowType: string): Promise<number> {
  const { count } = await client.workflowService.countWorkflowExecutions({
    namespace: NAMESPACE,
    query: `WorkflowType = '${workflowType}' AND ExecutionStatus = 'Running'`,
  });
  return Number(count);
}
