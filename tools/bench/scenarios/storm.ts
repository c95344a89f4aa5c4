/**
 * 2. Lapse storm: n commitments all due at the same instant, none fulfilled. Per commitment, the
 * lag from the deadline to the moment the sink accepted the supervisor's alert; and how long the
 * whole storm took to drain.
 *
 * First the floors, n bare workflows each that sleep until one instant. The bare floor's then run a
 * single activity making the alert's two sends: what the machine and Temporal can do at best, in
 * the same run. The equal-work floor's make the two sends of a lapse of the product, the
 * supervisor's alert and the customer's notice (each by SMS and email), as two activities: half
 * of the storm's work is not in the bare floor, so the ratio to the equal-work floor is the one
 * that measures the product's own overhead (issue 25).
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
import { collectAlerts, cpuMsTotal, type AlertLags, type Recipients } from './alerts';
import { MESSAGES_PER_CREATE, postCommitments, settle } from './commitments';
import { seedLapseCohort } from './lapse-people';

export type { AlertLags } from './alerts';

export interface StormOptions {
  n: number;
  concurrency: number;
  /** Creates per second the system sustained (recaps delivered), to leave enough time before the deadline. */
  expectedSettledRate: number;
  quietWaitMs: number;
  /** Run the floors (bare workflows: the bare floor, then the equal-work floor) first. */
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
  /** The same storm as bare workflows: sleep, then one activity with the supervisor alert's two sends (the bare floor). */
  floor?: AlertLags;
  /**
   * The equal-work floor: bare workflows that sleep, then make the two sends of a lapse (the
   * supervisor's alert and the customer's notice, each by SMS and email) as two activities. The
   * ratio to it is what measures the product's own overhead; its lag is the alert's.
   */
  equalFloor?: AlertLags;
  /** Round trips of one commitment from the middle of the batch. */
  trace?: CommitmentTrace;
}

const floorEmail = (i: number) => `floor-${i}@storm.bench.example`;
const floorPhone = (i: number) => numberIn('646', i);
/** The equal-work floor's customers: addresses of their own, so their notices are never counted as alerts. */
const floorCustomerEmail = (i: number) => `floor-customer-${i}@storm.bench.example`;
const floorCustomerPhone = (i: number) => numberIn('718', i);

/** The floors' recipients (the supervisors alerted): their workflows are told whom to send to, no directory involved. */
const floorRecipients = (n: number): Recipients => {
  const index = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    index.set(floorEmail(i), i);
    index.set(floorPhone(i), i);
  }
  return { started: n, indexOf: (to) => index.get(to) };
};

/** A floor: which bare workflow runs on the baseline worker, and what it is started with. */
interface Floor {
  /** For the log: "bare floor", "equal-work floor". */
  name: string;
  workflowType: 'lapseWorkflow' | 'equalWorkLapseWorkflow';
  /** Workflow ids are bench-<idPrefix>-<run>-<i>. */
  idPrefix: string;
  /** What each workflow does at the deadline, for the log. */
  work: string;
  args: (dueAt: string, i: number) => unknown[];
}

const BARE_FLOOR: Floor = {
  name: 'bare floor',
  workflowType: 'lapseWorkflow',
  idPrefix: 'lapse',
  work: 'one activity sending SMS and email',
  args: (dueAt, i) => [dueAt, { email: floorEmail(i), phone: floorPhone(i) }],
};

const EQUAL_WORK_FLOOR: Floor = {
  name: 'equal-work floor',
  workflowType: 'equalWorkLapseWorkflow',
  idPrefix: 'equal-work-lapse',
  work: "two activities (the supervisor's alert, the customer's notice) each sending SMS and email",
  args: (dueAt, i) => [dueAt, { email: floorEmail(i), phone: floorPhone(i) }, { email: floorCustomerEmail(i), phone: floorCustomerPhone(i) }],
};

/**
 * Bare workflows on the baseline worker: a timer and the floor's activities each. The lag is the
 * supervisor's alert's; the drain and the CPU run until the baseline worker is idle, so they
 * include whatever else the floor sends.
 */
async function runFloor(stack: Stack, opts: StormOptions, floor: Floor, log: (line: string) => void): Promise<AlertLags> {
  const baseline = await stack.startBaselineWorker();
  try {
    const deadline = Math.ceil((Date.now() + 5_000 + opts.n * 15) / 1000) * 1000;
    const dueAt = new Date(deadline).toISOString();
    log(`storm ${floor.name}: ${opts.n} bare workflows sleeping until ${dueAt}, then ${floor.work}…`);
    const prefix = randomUUID();
    const started = await runLoad(opts.n, opts.concurrency, async (i) => {
      await stack.client.workflow.start(floor.workflowType, {
        taskQueue: BASELINE_TASK_QUEUE,
        workflowId: `bench-${floor.idPrefix}-${prefix}-${i}`,
        args: floor.args(dueAt, i),
      });
    });
    if (started.errors) throw new Error(`${started.errors} bare workflows (${floor.name}) did not start: ${started.errorSamples[0] ?? ''}`);
    await stack.take();
    const lags = await collectAlerts(stack, deadline, floorRecipients(opts.n), { status: () => baseline.call('status'), extra: [baseline] }, log);
    log(
      `storm ${floor.name}: p50 ${lags.alertLagMs.p50} ms, p99 ${lags.alertLagMs.p99} ms, drained in ${lags.drainMs ?? '?'} ms, CPU ${Math.round(cpuMsTotal(lags))} ms per lapse`,
    );
    return lags;
  } finally {
    await baseline.stop();
  }
}

/** The equal-work floor: the bare workflows make the product's two sends of a lapse, as two activities. */
const runEqualWorkFloor = (stack: Stack, opts: StormOptions, log: (line: string) => void) => runFloor(stack, opts, EQUAL_WORK_FLOOR, log);

/** "2.61 × bare floor, 1.80 × equal-work floor" for what a storm measured against the floors it ran. */
function againstFloors(value: (l: AlertLags) => number, storm: AlertLags, floors: { label: string; lags: AlertLags | undefined }[]): string {
  return floors
    .filter((f) => f.lags && value(f.lags) > 0)
    .map((f) => `${(value(storm) / value(f.lags as AlertLags)).toFixed(2)} × ${f.label}`)
    .join(', ');
}

export async function runStorm(stack: Stack, opts: StormOptions, log: (line: string) => void): Promise<StormResult> {
  await waitForQuietMachine(stack, log, opts.quietWaitMs);
  const floor = opts.floor ? await runFloor(stack, opts, BARE_FLOOR, log) : undefined;
  if (floor) await waitForQuietMachine(stack, log, opts.quietWaitMs);
  const equalFloor = opts.floor ? await runEqualWorkFloor(stack, opts, log) : undefined;
  if (equalFloor) await waitForQuietMachine(stack, log, opts.quietWaitMs);

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
  log(
    `storm: p50 ${lags.alertLagMs.p50} ms, p99 ${lags.alertLagMs.p99} ms, drained in ${lags.drainMs ?? '?'} ms, CPU ${Math.round(cpuMsTotal(lags))} ms per lapse`,
  );
  if (floor || equalFloor) {
    const floors = [
      { label: 'bare floor', lags: floor },
      { label: 'equal-work floor', lags: equalFloor },
    ];
    log(`storm: alert p99 ${againstFloors((l) => l.alertLagMs.p99, lags, floors)}; CPU per lapse ${againstFloors(cpuMsTotal, lags, floors)}`);
  }

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
    ...(equalFloor ? { equalFloor } : {}),
    ...(trace ? { trace } : {}),
  };
}
