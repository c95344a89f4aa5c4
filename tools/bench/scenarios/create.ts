/**
 * 1. Create: commitments POSTed through the REST API against bare `client.workflow.start` calls of
 * an empty workflow on the same server, in alternating rounds of the same run, so a noisy
 * neighbour or a warming JIT hits both sides alike. Each round waits until the system is idle
 * again (recaps delivered, worker empty) so one round's leftovers never slow the next.
 */
import { randomUUID } from 'node:crypto';
import { commitmentBody } from '../body';
import { cpuDelta, cpuSnapshot, waitForQuietMachine, OUTSIDE, type CpuShare } from '../cpu';
import { runLoad, type LoadResult } from '../load';
import { BASELINE_TASK_QUEUE, type Stack } from '../stack';
import { MESSAGES_PER_CREATE, OPEN_DUE_IN, postCommitments, settle, waitIdle } from './commitments';
import { distribution, median, round, roundDistribution, type Distribution } from '../stats';

/**
 * bare: workflow.start of an empty workflow; rest: POST /v1/commitments; rest-idempotent: the same
 * with an Idempotency-Key; rest-no-worker: the same as rest with the worker stopped for the batch
 * (a diagnostic: how much of the gap to bare is the API, and how much the worker's share of the CPU).
 */
export const CREATE_KINDS = ['bare', 'rest', 'rest-idempotent', 'rest-no-worker'] as const;
export type CreateKind = (typeof CREATE_KINDS)[number];

export interface CreateOptions {
  n: number;
  concurrency: number;
  rounds: number;
  kinds: CreateKind[];
  warmup: number;
  /** How long to wait for other people's processes to go quiet before each round. */
  quietWaitMs: number;
}

export interface RoundResult {
  kind: CreateKind;
  round: number;
  n: number;
  errors: number;
  throughput: number;
  latencyMs: Distribution;
  /** REST only: from the first request until every recap was delivered and the worker was idle. */
  settledMs?: number;
  /** CPU (ms of one core) each of our processes spent per call while the calls were made. */
  cpuMsPerCall: Record<string, number>;
}

export interface KindSummary {
  kind: CreateKind;
  n: number;
  errors: number;
  errorSamples: string[];
  /** Successful calls / total time spent in this kind's batches. */
  throughput: number;
  medianRoundThroughput: number;
  latencyMs: Distribution;
  /** REST only: commitments fully processed (recap and confirmation delivered) per second. */
  settledThroughput?: number;
  /** Over all rounds: CPU (ms of one core) per call by process, while the calls were made. */
  cpuMsPerCall: Record<string, number>;
}

export interface Ratio {
  perRound: number[];
  median: number;
  overall: number;
}

export interface CreateResult {
  options: CreateOptions;
  rounds: RoundResult[];
  kinds: KindSummary[];
  /** Per round rest ÷ bare throughput, then the median: the headline ratio. */
  ratio: Ratio;
  /** The same for the other REST kinds. */
  otherRatios: Partial<Record<CreateKind, Ratio>>;
  cpu: CpuShare[];
}

/** ms of one core per call, by process; what other people's processes used is left out. */
function perCall(cpu: CpuShare[], n: number): Record<string, number> {
  return Object.fromEntries(cpu.filter((c) => c.component !== OUTSIDE).map((c) => [c.component, round((c.seconds * 1000) / Math.max(1, n), 2)]));
}

export async function runCreate(stack: Stack, opts: CreateOptions, log: (line: string) => void): Promise<CreateResult> {
  const emptyWorker = await stack.startBaselineWorker();
  const settleTimeout = (n: number) => 60_000 + n * 100;
  let bodyIndex = 0;
  const nextBody = () => {
    const base = bodyIndex;
    return (i: number) => commitmentBody(base + i, { due: { dueIn: OPEN_DUE_IN } });
  };
  const bare = (n: number) => {
    const prefix = randomUUID();
    return runLoad(n, opts.concurrency, async (i) => {
      await stack.client.workflow.start('emptyWorkflow', { taskQueue: BASELINE_TASK_QUEUE, workflowId: `bench-empty-${prefix}-${i}` });
    });
  };

  const runKind = async (kind: CreateKind, n: number, roundNo: number): Promise<RoundResult & { raw: LoadResult }> => {
    const before = await stack.sink.call<number>('count');
    const started = Date.now();
    let raw: LoadResult;
    let settledMs: number | undefined;
    // CPU of each process while the calls were made, per call: where a create's cost lands.
    let cpu0 = cpuSnapshot(stack, emptyWorker);
    let cpu1 = cpu0;
    if (kind === 'bare') {
      raw = await bare(n);
      cpu1 = cpuSnapshot(stack, emptyWorker);
      if (raw.latencies.length === 0) throw new Error(`every bare start failed: ${raw.errorSamples[0] ?? 'no answer'}`);
      await waitIdle(() => emptyWorker.call('status'), { timeoutMs: settleTimeout(n) });
    } else {
      if (kind === 'rest-no-worker') {
        await stack.pauseWorker();
        cpu0 = cpuSnapshot(stack, emptyWorker);
      }
      try {
        raw = await postCommitments(stack, n, opts.concurrency, nextBody(), { idempotent: kind === 'rest-idempotent' });
        cpu1 = cpuSnapshot(stack, emptyWorker);
      } finally {
        if (kind === 'rest-no-worker') await stack.resumeWorker();
      }
      if (raw.latencies.length === 0) throw new Error(`every ${kind} create failed: ${raw.errorSamples[0] ?? 'no answer'}`);
      bodyIndex += n;
      const settledAt = await settle(stack, before, raw.latencies.length * MESSAGES_PER_CREATE, settleTimeout(n));
      if (settledAt === undefined) log(`  ! ${kind} round ${roundNo}: the system did not settle within ${settleTimeout(n) / 1000} s`);
      else settledMs = settledAt - started;
      await stack.take(); // the recaps are not measured here; drop them
    }
    return {
      kind,
      round: roundNo,
      n,
      errors: raw.errors,
      throughput: raw.throughput,
      latencyMs: roundDistribution(distribution(raw.latencies)),
      cpuMsPerCall: perCall(cpuDelta(cpu0, cpu1, raw.elapsedMs), n),
      ...(settledMs !== undefined ? { settledMs } : {}),
      raw,
    };
  };

  try {
    if (opts.warmup > 0) {
      log(`create: warming up (${opts.warmup} of each kind, not measured)…`);
      for (const kind of opts.kinds) await runKind(kind, opts.warmup, 0);
    }
    const perRound = Math.max(1, Math.round(opts.n / opts.rounds));
    const rounds: (RoundResult & { raw: LoadResult })[] = [];
    const cpuStart = cpuSnapshot(stack, emptyWorker);
    const t0 = Date.now();
    for (let r = 1; r <= opts.rounds; r++) {
      await waitForQuietMachine(stack, log, opts.quietWaitMs);
      // Rotate the order each round: whichever kind runs first after a settle gets the coolest machine.
      const order = opts.kinds.map((_, i) => opts.kinds[(i + r - 1) % opts.kinds.length] as CreateKind);
      for (const kind of order) {
        const result = await runKind(kind, perRound, r);
        rounds.push(result);
        log(
          `create: round ${r}/${opts.rounds} ${kind.padEnd(15)} ${round(result.throughput)}/s, p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms${result.errors ? `, ${result.errors} errors` : ''}`,
        );
      }
    }
    const cpu = cpuDelta(cpuStart, cpuSnapshot(stack, emptyWorker), Date.now() - t0);

    const kinds = opts.kinds.map((kind): KindSummary => {
      const mine = rounds.filter((r) => r.kind === kind);
      const ok = mine.reduce((s, r) => s + r.raw.latencies.length, 0);
      const elapsed = mine.reduce((s, r) => s + r.raw.elapsedMs, 0);
      const settled = mine.filter((r) => r.settledMs !== undefined);
      return {
        kind,
        n: mine.reduce((s, r) => s + r.n, 0),
        errors: mine.reduce((s, r) => s + r.errors, 0),
        errorSamples: mine.flatMap((r) => r.raw.errorSamples).slice(0, 5),
        throughput: round(ok / (elapsed / 1000)),
        medianRoundThroughput: round(median(mine.map((r) => r.throughput))),
        latencyMs: roundDistribution(distribution(mine.flatMap((r) => r.raw.latencies))),
        cpuMsPerCall: Object.fromEntries(
          Object.keys(mine[0]?.cpuMsPerCall ?? {}).map((c) => [
            c,
            round(
              mine.reduce((sum, r) => sum + (r.cpuMsPerCall[c] ?? 0) * r.n, 0) /
                Math.max(
                  1,
                  mine.reduce((sum, r) => sum + r.n, 0),
                ),
            ),
          ]),
        ),
        ...(kind !== 'bare' && settled.length
          ? { settledThroughput: round(settled.reduce((s, r) => s + r.raw.latencies.length, 0) / (settled.reduce((s, r) => s + (r.settledMs ?? 0), 0) / 1000)) }
          : {}),
      };
    });
    const ratioOf = (kind: CreateKind) => {
      const perRoundRatios = Array.from({ length: opts.rounds }, (_, i) => {
        const a = rounds.find((r) => r.kind === kind && r.round === i + 1);
        const b = rounds.find((r) => r.kind === 'bare' && r.round === i + 1);
        return a && b ? a.throughput / b.throughput : Number.NaN;
      }).filter((x) => !Number.isNaN(x));
      const k = kinds.find((s) => s.kind === kind);
      const bareSummary = kinds.find((s) => s.kind === 'bare');
      return {
        perRound: perRoundRatios.map((x) => round(x, 3)),
        median: round(median(perRoundRatios), 3),
        overall: k && bareSummary ? round(k.throughput / bareSummary.throughput, 3) : Number.NaN,
      };
    };
    return {
      options: opts,
      rounds: rounds.map(({ raw: _raw, ...rest }) => ({ ...rest, throughput: round(rest.throughput) })),
      kinds,
      ratio: ratioOf('rest'),
      otherRatios: Object.fromEntries(opts.kinds.filter((k) => k !== 'bare' && k !== 'rest').map((k) => [k, ratioOf(k)])),
      cpu,
    };
  } finally {
    await emptyWorker.stop();
  }
}
