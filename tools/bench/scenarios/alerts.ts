/**
 * Collecting the supervisors' alerts of a lapse as the sink accepts them, and what they cost: per
 * commitment, the lag from the deadline to its alert being accepted on every channel; how long the
 * work took to drain; the CPU each of our processes spent, per lapse.
 *
 * Every alert goes to addresses of its own (lapse-people.ts), so each message the sink accepts is
 * traced back to its commitment without parsing message text.
 */
import type { Child, SinkRecord } from '../children';
import { cpuDelta, cpuSnapshot, OUTSIDE, type CpuShare } from '../cpu';
import type { Stack, WorkerStatusLite } from '../stack';
import { distribution, round, roundDistribution, type Distribution } from '../stats';
import { waitIdle } from './commitments';

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
  /** Copies of an alert beyond the first on its channel, accepted while collecting: what was sent twice. */
  extraCopies: number;
  cpu: CpuShare[];
  /** Our processes' CPU per lapse, by component (ms of one core). */
  cpuMsPerLapse: { component: string; ms: number }[];
}

export interface Recipients {
  started: number;
  /** The commitment an address (phone or email) belongs to, or undefined for anyone else. */
  indexOf(to: string): number | undefined;
}

/** The workers whose idleness ends the drain, and processes to count CPU for beyond the stack's own. */
export interface Workers {
  status: () => Promise<WorkerStatusLite>;
  extra?: Child[];
}

export const cpuMsTotal = (l: AlertLags): number => l.cpuMsPerLapse.reduce((sum, c) => sum + c.ms, 0);

/** Waits for the deadline, then collects the alerts as the sink accepts them, until all arrived or time is up. */
export async function collectAlerts(stack: Stack, deadline: number, to: Recipients, workers: Workers, log: (line: string) => void): Promise<AlertLags> {
  const extra = workers.extra ?? [];
  const { started } = to;
  const byEmail: (number | undefined)[] = new Array(started);
  const bySms: (number | undefined)[] = new Array(started);
  let got = 0;
  let extraCopies = 0;
  const note = (record: SinkRecord) => {
    // Other messages (the customers told a supervisor owns it) go to other addresses.
    const i = to.indexOf(record.to);
    if (i === undefined) return;
    const slot = record.channel === 'email' ? byEmail : bySms;
    if (slot[i] !== undefined) extraCopies += 1;
    else {
      slot[i] = record.at;
      got += 1;
    }
  };
  await new Promise((r) => setTimeout(r, Math.max(0, deadline - Date.now())));
  const cpuStart = cpuSnapshot(stack, ...extra);
  const timeoutMs = 120_000 + started * 300;
  let lastReport = Date.now();
  // Polled often: with a single lapse, the poll interval would be a visible part of its lag.
  const pollMs = started === 1 ? 20 : 250;
  while (got < started * 2 && Date.now() < deadline + timeoutMs) {
    await new Promise((r) => setTimeout(r, pollMs));
    for (const record of await stack.take()) note(record);
    if (Date.now() - lastReport > 5_000) {
      log(`  ${Math.floor(got / 2)}/${started} alerted after ${round((Date.now() - deadline) / 1000)} s`);
      lastReport = Date.now();
    }
  }
  if (got < started * 2) log(`  ! only ${got} of ${started * 2} alert messages arrived within ${timeoutMs / 1000} s`);
  const idleAt = await waitIdle(workers.status, { timeoutMs: 120_000 });
  const cpu = cpuDelta(cpuStart, cpuSnapshot(stack, ...extra), (idleAt ?? Date.now()) - deadline);
  // What the sink accepted until the worker went idle (a second copy, or a first one after the
  // collecting gave up): each record carries the sink's own time, so its lag is still right.
  for (const record of await stack.take()) note(record);

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
    extraCopies,
    cpu,
    cpuMsPerLapse: cpu
      .filter((c) => c.component !== OUTSIDE && c.seconds > 0)
      .map((c) => ({ component: c.component, ms: round((c.seconds * 1000) / Math.max(1, started)) })),
  };
}
