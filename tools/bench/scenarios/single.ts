/**
 * Single lapses on an idle stack: one commitment at a time, due a few seconds after its recaps
 * went out, and how long after its deadline its supervisor's alert was accepted on every channel.
 * Interleaved with the floor's single lapse (a bare workflow: a timer, then one activity with the
 * same two sends), so both meet the same machine.
 */
import { randomUUID } from 'node:crypto';
import { commitmentBody, numberIn } from '../body';
import { waitForQuietMachine } from '../cpu';
import { BASELINE_TASK_QUEUE, type Stack } from '../stack';
import { distribution, roundDistribution, type Distribution } from '../stats';
import { collectAlerts } from './alerts';
import { MESSAGES_PER_CREATE, postCommitments, settle } from './commitments';
import { seedLapseCohort } from './lapse-people';

export interface SingleOptions {
  rounds: number;
  quietWaitMs: number;
}

export interface SingleResult {
  rounds: number;
  /** Deadline → alert accepted on every channel, per round; NaN where it never was. */
  lapseMs: number[];
  floorMs: number[];
  lapse: Distribution;
  floor: Distribution;
}

/** Enough for a create and its three messages on an idle stack, so the deadline meets a quiet one. */
const LEAD_MS = 6_000;
const FLOOR_EMAIL = 'floor-single@storm.bench.example';
const FLOOR_PHONE = numberIn('646', 9_999);

const nextSecond = (ms: number) => Math.ceil((Date.now() + ms) / 1000) * 1000;

export async function runSingle(stack: Stack, opts: SingleOptions, log: (line: string) => void): Promise<SingleResult> {
  const baseline = await stack.startBaselineWorker();
  const lapseMs: number[] = [];
  const floorMs: number[] = [];
  try {
    for (let r = 1; r <= opts.rounds; r++) {
      await waitForQuietMachine(stack, log, opts.quietWaitMs / 4);
      const floorDeadline = nextSecond(3_000);
      await stack.client.workflow.start('lapseWorkflow', {
        taskQueue: BASELINE_TASK_QUEUE,
        workflowId: `bench-single-${randomUUID()}`,
        args: [new Date(floorDeadline).toISOString(), { email: FLOOR_EMAIL, phone: FLOOR_PHONE }],
      });
      await stack.take();
      const floorIndex = (to: string) => (to === FLOOR_EMAIL || to === FLOOR_PHONE ? 0 : undefined);
      const floor = await collectAlerts(
        stack,
        floorDeadline,
        { started: 1, indexOf: floorIndex },
        { status: () => baseline.call('status'), extra: [baseline] },
        () => {},
      );
      floorMs.push(floor.alertLagMs.p50);

      const people = await seedLapseCohort(stack, 1);
      const deadline = nextSecond(LEAD_MS);
      const before = await stack.sink.call<number>('count');
      const created = await postCommitments(
        stack,
        1,
        1,
        (i) => commitmentBody(2_000_000 + r + i, { due: { dueAt: new Date(deadline).toISOString() }, extra: { remindBefore: 'P1D' } }),
        {
          keyOf: () => people.keys[0] ?? '',
        },
      );
      if (created.errors) throw new Error(`the single lapse's commitment could not be created: ${created.errorSamples[0] ?? ''}`);
      await settle(stack, before, MESSAGES_PER_CREATE, Math.max(1_000, deadline - Date.now()));
      await stack.take();
      const lapse = await collectAlerts(stack, deadline, people, { status: () => stack.workerStatus() }, () => {});
      lapseMs.push(lapse.alertLagMs.p50);
      log(`single lapse ${r}/${opts.rounds}: alert ${lapse.alertLagMs.p50} ms after the deadline (floor ${floor.alertLagMs.p50} ms)`);
    }
  } finally {
    await baseline.stop();
  }
  const dist = (xs: number[]) => roundDistribution(distribution(xs.filter((x) => !Number.isNaN(x))), 0);
  return { rounds: opts.rounds, lapseMs, floorMs, lapse: dist(lapseMs), floor: dist(floorMs) };
}
