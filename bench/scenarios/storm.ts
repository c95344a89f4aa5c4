/**
 * 2. Lapse storm: n commitments all due at the same instant, none fulfilled. Per commitment, the
 * lag from the deadline to the moment the sink accepted the supervisor's alert; and how long the
 * whole storm took to drain.
 *
 * First the floor: n bare workflows that sleep until one instant and then run a single activity
 * making the same two sends. What the machine and Temporal can do at best, in the same run.
 *
 * Every alert goes to addresses of its own (unique email and phone per commitment), so each
 * message the sink accepts is traced back to its commitment without parsing message text.
 */
import { randomUUID } from 'node:crypto';
import { commitmentBody, numberIn } from '../body';
import { cpuDelta, cpuSnapshot, waitForQuietMachine, OUTSIDE, type CpuShare } from '../cpu';
import { traceCommitment, type CommitmentTrace } from '../history';
import { runLoad } from '../load';
import type { Child } from '../children';
import { BASELINE_TASK_QUEUE, type Stack, type WorkerStatusLite } from '../stack';
import { distribution, round, roundDistribution, type Distribution } from '../stats';
import { MESSAGES_PER_CREATE, postCommitments, settle, waitIdle } from './commitments';

export interface StormOptions {
  n: number;
  concurrency: number;
  /** Creates per second the system sustained (recaps delivered), to leave enough time before the deadline. */
  expectedSettledRate: number;
  quietWaitMs: number;
  /** Run the floor (bare workflows) first. */
  floor: boolean;
}

export interface AlertLags {
  /** Alerts (all channels accepted) out of how many started. */
  alerted: number;
  started: number;
  /** Deadline → every channel of the alert accepted (SMS and email): the headline. */
  alertLagMs: Distribution;
  /** Deadline → the first channel accepted. */
  firstChannelLagMs: Distribution;
  /** Deadline → all work done (worker idle). */
  drainMs: number | undefined;
  /** Sorted per-commitment lags (all channels), for the chart. */
  lagsMs: number[];
  cpu: CpuShare[];
  /** Our processes' CPU per lapse, by component (ms of one core). */
  cpuMsPerLapse: { component: string; ms: number }[];
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

const email = (prefix: string, i: number) => `${prefix}-${i}@storm.bench.example`;

/** Waits for the deadline, then collects the alerts as the sink accepts them, until all arrived or time is up. */
async function collectAlerts(
  stack: Stack,
  deadline: number,
  to: { prefix: string; areaCode: string; started: number },
  worker: { status: () => Promise<WorkerStatusLite>; extra?: Child },
  log: (line: string) => void,
): Promise<AlertLags> {
  const extra = worker.extra ? [worker.extra] : [];
  const { prefix, areaCode, started } = to;
  const index = new Map<string, number>();
  for (let i = 0; i < started; i++) {
    index.set(email(prefix, i), i);
    index.set(numberIn(areaCode, i), i);
  }
  const byEmail: (number | undefined)[] = new Array(started);
  const bySms: (number | undefined)[] = new Array(started);
  let got = 0;
  await new Promise((r) => setTimeout(r, Math.max(0, deadline - Date.now())));
  const cpuStart = cpuSnapshot(stack, ...extra);
  const timeoutMs = 120_000 + started * 300;
  let lastReport = Date.now();
  while (got < started * 2 && Date.now() < deadline + timeoutMs) {
    await new Promise((r) => setTimeout(r, 250));
    for (const record of await stack.take()) {
      // Other messages (the customers told a supervisor owns it) go to other addresses.
      const i = index.get(record.to);
      if (i === undefined) continue;
      const slot = record.channel === 'email' ? byEmail : bySms;
      if (slot[i] === undefined) {
        slot[i] = record.at;
        got += 1;
      }
    }
    if (Date.now() - lastReport > 5_000) {
      log(`  ${Math.floor(got / 2)}/${started} alerted after ${round((Date.now() - deadline) / 1000)} s`);
      lastReport = Date.now();
    }
  }
  if (got < started * 2) log(`  ! only ${got} of ${started * 2} alert messages arrived within ${timeoutMs / 1000} s`);
  const idleAt = await waitIdle(worker.status, { timeoutMs: 120_000 });
  const cpu = cpuDelta(cpuStart, cpuSnapshot(stack, ...extra), (idleAt ?? Date.now()) - deadline);

  const first: number[] = [];
  const all: number[] = [];
  for (let i = 0; i < started; i++) {
    const e = byEmail[i];
    const s = bySms[i];
    if (e !== undefined || s !== undefined) first.push(Math.min(e ?? Infinity, s ?? Infinity) - deadline);
    if (e !== undefined && s !== undefined) all.push(Math.max(e, s) - deadline);
  }
  return {
    alerted: all.length,
    started,
    alertLagMs: roundDistribution(distribution(all), 0),
    firstChannelLagMs: roundDistribution(distribution(first), 0),
    drainMs: idleAt === undefined ? undefined : idleAt - deadline,
    lagsMs: [...all].sort((a, b) => a - b),
    cpu,
    cpuMsPerLapse: cpu
      .filter((c) => c.component !== OUTSIDE && c.seconds > 0)
      .map((c) => ({ component: c.component, ms: round((c.seconds * 1000) / Math.max(1, started)) })),
  };
}

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
        args: [dueAt, { email: email('floor', i), phone: numberIn('646', i) }],
      });
    });
    if (started.errors) throw new Error(`${started.errors} bare workflows did not start: ${started.errorSamples[0] ?? ''}`);
    await stack.take();
    const lags = await collectAlerts(stack, deadline, { prefix: 'floor', areaCode: '646', started: opts.n }, { status: () => baseline.call('status'), extra: baseline }, log);
    log(`storm floor: p50 ${lags.alertLagMs.p50} ms, p99 ${lags.alertLagMs.p99} ms, drained in ${lags.drainMs ?? '?'} ms`);
    return lags;
  } finally {
    await baseline.stop();
  }
}

export async function runStorm(stack: Stack, opts: StormOptions, log: (line: string) => void): Promise<StormResult> {
  await waitForQuietMachine(stack, log, opts.quietWaitMs);
  const floor = opts.floor ? await runFloor(stack, opts, log) : undefined;
  await waitForQuietMachine(stack, log, opts.quietWaitMs);

  // Time to create them all and deliver their recaps, with room to spare, so the deadline hits a quiet system.
  const leadMs = Math.max(10_000, Math.round(((opts.n / Math.max(1, opts.expectedSettledRate)) * 1.5 + 5) * 1000));
  const deadline = Math.ceil((Date.now() + leadMs) / 1000) * 1000;
  const dueAt = new Date(deadline).toISOString();
  log(`storm: creating ${opts.n} commitments all due at ${dueAt} (in ${Math.round(leadMs / 1000)} s)…`);
  const before = await stack.sink.call<number>('count');
  const created = await postCommitments(stack, opts.n, opts.concurrency, (i) => {
    const supervisor = { id: `sup-storm-${i}`, name: `Supervisor ${i}`, email: email('sup', i), phone: numberIn('212', i) };
    return commitmentBody(1_000_000 + i, {
      due: { dueAt },
      supervisor,
      extra: {
        // A reminder due before the window opened is skipped: the owner reminders (80% into a short
        // window by default) would otherwise land just before the deadline and overlap the storm.
        remindBefore: 'P1D',
        // One alert per lapse, and no re-alert while the benchmark runs (the default asks again after 30 minutes).
        escalation: { levels: [{ contact: supervisor, ackWithin: 'P1D' }], repeat: 0 },
      },
    });
  });
  if (created.latencies.length === 0) throw new Error(`no storm commitment could be created: ${created.errorSamples[0] ?? 'no answer'}`);
  const settledAt = await settle(stack, before, created.latencies.length * MESSAGES_PER_CREATE, Math.max(5_000, deadline - Date.now()));
  const slackMs = deadline - (settledAt ?? Date.now());
  if (slackMs < 0) log(`  ! the recaps were still going out at the deadline; the storm overlaps creation by ${-slackMs} ms`);
  else log(`storm: created ${created.latencies.length} in ${round(created.elapsedMs / 1000)} s, settled ${round(slackMs / 1000)} s before the deadline; waiting…`);
  await stack.take();

  const lags = await collectAlerts(stack, deadline, { prefix: 'sup', areaCode: '212', started: opts.n }, { status: () => stack.workerStatus() }, log);
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
