/**
 * 4. Two workers and two APIs against one Temporal server: does the work spread, and is nothing
 * done twice? n commitments are created half through each API, and every create is then sent
 * again, with the same Idempotency-Key, to the other API (a client retrying through a load
 * balancer). All lapse at one instant, with both workers polling the task queue.
 *
 * Who did what is read from the histories: every workflow task and activity task records the
 * identity (`pid@host`) of the worker that took it. Local activities (read-model writes) run inside
 * the workflow task that scheduled them, so they follow the workflow tasks.
 */
import { randomUUID } from 'node:crypto';
import { commitmentWorkflowId } from '../../../src/shared/contract';
import { commitmentBody } from '../body';
import type { Child } from '../children';
import { waitForQuietMachine } from '../cpu';
import { httpClient, runLoad } from '../load';
import type { Stack, WorkerStatusLite } from '../stack';
import { collectAlerts, type AlertLags } from './alerts';
import { MESSAGES_PER_CREATE, settle } from './commitments';
import { seedLapseCohort } from './lapse-people';

export interface SpreadOptions {
  n: number;
  concurrency: number;
  quietWaitMs: number;
}

export interface WorkerShare {
  worker: string;
  workflowTasks: number;
  activityTasks: number;
}

export interface SpreadResult {
  n: number;
  /** Creates answered 201 by the API they were first sent to, and by the other API on the retry. */
  created: number;
  retriedElsewhere: number;
  /** Retries answered with another commitment than the first answer: must be 0. */
  retryAnsweredOtherId: number;
  /** Read-model rows per create (count × rows): all should be 1. */
  rowsPerCreate: Record<string, number>;
  /** Messages the sink accepted for the creates beyond the three each should send. */
  extraCreateMessages: number;
  alerts: AlertLags;
  /** Workflow and activity tasks of the n commitments' histories, by the worker that took them. */
  byWorker: WorkerShare[];
}

async function sumStatus(workers: Child[]): Promise<WorkerStatusLite> {
  const all = await Promise.all(workers.map((w) => w.call<WorkerStatusLite>('status')));
  const sum = (k: keyof WorkerStatusLite) => all.reduce((s, x) => s + x[k], 0);
  return {
    numInFlightActivities: sum('numInFlightActivities'),
    numInFlightWorkflowActivations: sum('numInFlightWorkflowActivations'),
    numCachedWorkflows: sum('numCachedWorkflows'),
    maxCachedWorkflows: sum('maxCachedWorkflows'),
  };
}

/** Task identities in one workflow's history, counted into `into` by worker label. */
async function countTasks(stack: Stack, workflowId: string, label: (identity: string) => string, into: Map<string, WorkerShare>): Promise<void> {
  const { events } = await stack.client.workflow.getHandle(workflowId).fetchHistory();
  for (const e of events ?? []) {
    const wft = e.workflowTaskStartedEventAttributes?.identity;
    const act = e.activityTaskStartedEventAttributes?.identity;
    const identity = wft ?? act;
    if (!identity) continue;
    const name = label(identity);
    const share = into.get(name) ?? { worker: name, workflowTasks: 0, activityTasks: 0 };
    if (wft) share.workflowTasks += 1;
    else share.activityTasks += 1;
    into.set(name, share);
  }
}

export async function runSpread(stack: Stack, opts: SpreadOptions, log: (line: string) => void): Promise<SpreadResult> {
  await waitForQuietMachine(stack, log, opts.quietWaitMs);
  log('spread: starting a second worker and a second API on the same Temporal server and database…');
  const [workerB, apiB] = await Promise.all([stack.startExtraWorker(), stack.startExtraApi()]);
  const httpB = httpClient(apiB.info.url as string, opts.concurrency);
  try {
    const people = await seedLapseCohort(stack, opts.n);
    const apis = [stack.http, httpB];
    const leadMs = Math.max(15_000, opts.n * 150);
    const deadline = Math.ceil((Date.now() + leadMs) / 1000) * 1000;
    const dueAt = new Date(deadline).toISOString();
    log(`spread: creating ${opts.n} commitments through both APIs (each retried on the other), all due at ${dueAt}…`);
    const before = await stack.sink.call<number>('count');
    const prefix = randomUUID();
    const ids = new Array<string | undefined>(opts.n);
    let retriedElsewhere = 0;
    let retryAnsweredOtherId = 0;
    const created = await runLoad(opts.n, opts.concurrency, async (i) => {
      const headers = { authorization: `Bearer ${people.keys[i] ?? ''}`, 'idempotency-key': `${prefix}-${i}` };
      const body = JSON.stringify(commitmentBody(3_000_000 + i, { due: { dueAt }, extra: { remindBefore: 'P1D' } }));
      const first = await (apis[i % 2] as typeof stack.http).request('POST', '/v1/commitments', headers, body);
      if (first.status !== 201) throw new Error(`POST /v1/commitments answered ${first.status}: ${first.body.slice(0, 200)}`);
      ids[i] = (JSON.parse(first.body) as { id: string }).id;
      const again = await (apis[(i + 1) % 2] as typeof stack.http).request('POST', '/v1/commitments', headers, body);
      if (again.status === 201) retriedElsewhere += 1;
      if ((JSON.parse(again.body) as { id?: string }).id !== ids[i]) retryAnsweredOtherId += 1;
    });
    if (created.errors) log(`  ! ${created.errors} creates failed: ${created.errorSamples[0] ?? ''}`);
    const settledAt = await settle(stack, before, created.latencies.length * MESSAGES_PER_CREATE, Math.max(5_000, deadline - Date.now()));
    if (settledAt === undefined || settledAt > deadline) log('  ! the recaps were still going out at the deadline');
    const extraCreateMessages = (await stack.sink.call<number>('count')) - before - created.latencies.length * MESSAGES_PER_CREATE;
    await stack.take();

    const workers = [stack.worker, workerB];
    const alerts = await collectAlerts(stack, deadline, people, { status: () => sumStatus(workers), extra: [workerB, apiB] }, log);
    log(`spread: alert p50 ${alerts.alertLagMs.p50} ms, p99 ${alerts.alertLagMs.p99} ms, ${alerts.extraCopies} extra copies`);

    const refs = Array.from({ length: opts.n }, (_, i) => `BENCH-${3_000_000 + i}`);
    const { rows } = await stack.db.query<{ copies: string }>(
      'SELECT count(*)::text AS copies FROM commitments WHERE external_ref = ANY($1) GROUP BY external_ref',
      [refs],
    );
    const rowsPerCreate = rows.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.copies]: (acc[r.copies] ?? 0) + 1 }), {});
    const label = (identity: string) =>
      identity.startsWith(`${stack.worker.pid}@`) ? 'worker A' : identity.startsWith(`${workerB.pid}@`) ? 'worker B' : identity;
    const byWorker = new Map<string, WorkerShare>();
    const known = ids.filter((id): id is string => Boolean(id));
    await runLoad(known.length, 8, (k) => countTasks(stack, commitmentWorkflowId(known[k] as string), label, byWorker));
    const shares = [...byWorker.values()].sort((a, b) => a.worker.localeCompare(b.worker));
    log(`spread: ${shares.map((s) => `${s.worker} ${s.workflowTasks} workflow tasks, ${s.activityTasks} activities`).join('; ')}`);
    return {
      n: opts.n,
      created: created.latencies.length,
      retriedElsewhere,
      retryAnsweredOtherId,
      rowsPerCreate,
      extraCreateMessages,
      alerts,
      byWorker: shares,
    };
  } finally {
    httpB.close();
    await Promise.all([apiB.stop(), workerB.stop()]);
  }
}
