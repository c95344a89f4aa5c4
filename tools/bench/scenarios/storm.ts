/**
 * 2. Lapse storm: n commitments all due at the same instant, none fulfilled. Per commitment, the
 * lag from the deadline to the moment the sink accepted the supervisor's alert; and how long the
 * whole storm took to drain.
 *
 * First the floor: n bare workflows that sleep until one instant and then run a single activity
 * making the same two sends. What the machine and Temporal can do at best, in the same run.
 *
 * Every commitment's owner has a team of their own whose supervisor is alerted (lapse-people.ts),
 * so each message the sink accepts is traced back to its commitment without parsing message text.
 */
import { randomUUID } from 'node:crypto';
import { commitmentBody, numberIn } from '../body';
import { waitForQuietMachine } from '../cpu';
import { traceCommitment, type CommitmentTrace } from '../history';
import { runLoad } from '../load';
import { BASELINE_TASK_QUEUE, type Stack, type WorkerStatusLite } from '../stack';
import { round } from '../stats';
import { collectAlerts, type AlertLags, type Recipients } from './alerts';
import { MESSAGES_PER_CREATE, postCommitments, settle } from './commitments';
import { seedLapseCohort } from './lapse-people';

export type { AlertLags } from './alerts';

export interface StormOptions {
  n: number;
  concurrency: number;
  /** Creates per second the system sustained (recaps delivered), to leave enough time before the deadline. */
  expectedSettledRate: number;
  quietWaitMs: number;
  /** Run the floor (bare workflows) first. */
  floor: boolean;
  /**
   * What says the worker is busy, before the deadline and until the storm is drained (default: its
   * own status). The events phase counts the delivery pump out of it and pending deliveries in.
   */
  status?: () => Promise<WorkerStatusLite>;
}

export interface StormResult extends AlertLags {
  n: number;
  deadline: string;
  /** How long before the deadline creation and recaps were finished; negative means the storm overlapped them. */
  slackMs: number;
  createErrors: string[];
  /** The same storm as bare workflows: sleep, then one activity with the two sends. */
  floor?: AlertLags;
  /** Round trips of one commitment from the middle of the batch. */
  trace?: CommitmentTrace;
}

const floorEmail = (i: number) => `floor-${i}@storm.bench.example`;

/** The floor's recipients: its workflows are told whom to send to, no directory involved. */
const floorRecipients = (n: number): Recipients => {
  const index = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    index.set(floorEmail(i), i);
    index.set(numberIn('646', i), i);
  }
  return { started: n, indexOf: (to) => index.get(to) };
};

/** Bare workflows on the baseline worker: a timer and one activity each. */
async function runFloor(stack: Stack, opts: StormOptions, log: (line: string) => void): Promise<AlertLags> {
  const baseline = await stack.startBaselineWorker();
  try {
    const deadline = Math.ceil((Date.now() + 5_000 + opts.n * 15) / 1000) * 1000;
    const dueAt = new Date(deadline).toISOString();
    log(`storm floor: ${opts.n} bare workflows sleeping until ${dueAt}, then one activity sending SMS and email…`);
    const prefix = randomUUID();
    const started = await runLoad(opts.n, opts.concurrency, async (i) => {
      await stack.client.workflow.start('lapseWorkflow', {
        taskQueue: BASELINE_TASK_QUEUE,
        workflowId: `bench-lapse-${prefix}-${i}`,
        args: [dueAt, { email: floorEmail(i), phone: numberIn('646', i) }],
      });
    });
    if (started.errors) throw new Error(`${started.errors} bare workflows did not start: ${started.errorSamples[0] ?? ''}`);
    await stack.take();
    const lags = await collectAlerts(stack, deadline, floorRecipients(opts.n), { status: () => baseline.call('status'), extra: [baseline] }, log);
    log(`storm floor: p50 ${lags.alertLagMs.p50} ms, p99 ${lags.alertLagMs.p99} ms, drained in ${lags.drainMs ?? '?'} ms`);
    return lags;
  } finally {
    await baseline.stop();
  }
}

export async function runStorm(stack: Stack, opts: StormOptions, log: (line: string) => void): Promise<StormResult> {
  await waitForQuietMachine(stack, log, opts.quietWaitMs);
  const floor = opts.floor ? await runFloor(stack, opts, log) : undefined;
  if (floor) await waitForQuietMachine(stack, log, opts.quietWaitMs);

  const people = await seedLapseCohort(stack, opts.n);
  // Time to create them all and deliver their recaps, with room to spare, so the deadline hits a quiet system.
  const leadMs = Math.max(10_000, Math.round(((opts.n / Math.max(1, opts.expectedSettledRate)) * 1.5 + 5) * 1000));
  const deadline = Math.ceil((Date.now() + leadMs) / 1000) * 1000;
  const dueAt = new Date(deadline).toISOString();
  log(`storm: creating ${opts.n} commitments all due at ${dueAt} (in ${Math.round(leadMs / 1000)} s)…`);
  const before = await stack.sink.call<number>('count');
  const created = await postCommitments(
    stack,
    opts.n,
    opts.concurrency,
    // A reminder due before the window opened is skipped: the owner reminders (80% into a short
    // window by default) would otherwise land just before the deadline and overlap the storm.
    (i) => commitmentBody(1_000_000 + i, { due: { dueAt }, extra: { remindBefore: 'P1D' } }),
    { keyOf: (i) => people.keys[i] ?? '' },
  );
  if (created.latencies.length === 0) throw new Error(`no storm commitment could be created: ${created.errorSamples[0] ?? 'no answer'}`);
  const status = opts.status ?? (() => stack.workerStatus());
  const settledAt = await settle(stack, before, created.latencies.length * MESSAGES_PER_CREATE, Math.max(5_000, deadline - Date.now()), status);
  const slackMs = deadline - (settledAt ?? Date.now());
  if (slackMs < 0) log(`  ! the recaps were still going out at the deadline; the storm overlaps creation by ${-slackMs} ms`);
  else
    log(`storm: created ${created.latencies.length} in ${round(created.elapsedMs / 1000)} s, settled ${round(slackMs / 1000)} s before the deadline; waiting…`);
  await stack.take();

  const lags = await collectAlerts(stack, deadline, people, { status }, log);
  log(`storm: p50 ${lags.alertLagMs.p50} ms, p99 ${lags.alertLagMs.p99} ms, drained in ${lags.drainMs ?? '?'} ms`);

  // One commitment from the middle of the batch stands for the others.
  let trace: CommitmentTrace | undefined;
  const medianWorkflow = created.workflowIds[Math.floor(created.workflowIds.length / 2)];
  if (medianWorkflow) trace = await traceCommitment(stack.client, medianWorkflow, deadline).catch(() => undefined);
  return {
    ...lags,
    n: opts.n,
    deadline: dueAt,
    slackMs,
    createErrors: created.errorSamples,
    ...(floor ? { floor } : {}),
    ...(trace ? { trace } : {}),
  };
}
