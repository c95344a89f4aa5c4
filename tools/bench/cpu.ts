/**
 * Where the CPU went during a phase, per component: on a 2-core machine the answer to "why is it
 * slow" is usually "something else had the cores", and this says which.
 */
import type { Child } from './children';
import { machineBusySeconds, treeCpuSeconds } from './proc';
import type { Stack } from './stack';

export interface CpuShare {
  component: string;
  seconds: number;
  /** Share of one core over the phase: 100 = one core fully busy. */
  percentOfCore: number;
}

export type CpuSnapshot = Record<string, number>;

const MACHINE = '(machine)';
/** What the machine did besides the benchmark (other people's builds and tests on a shared box). */
export const OUTSIDE = 'outside the benchmark';

export function cpuSnapshot(stack: Stack, ...extra: Child[]): CpuSnapshot {
  const own = process.cpuUsage();
  const snapshot: CpuSnapshot = {
    'Temporal server': stack.backend.temporalPid ? treeCpuSeconds(stack.backend.temporalPid) : 0,
    worker: treeCpuSeconds(stack.worker.pid),
    API: treeCpuSeconds(stack.api.pid),
    'app Postgres': treeCpuSeconds(stack.appPg.pid),
    'SMTP/Twilio sink': treeCpuSeconds(stack.sink.pid),
    'load generator': (own.user + own.system) / 1e6,
  };
  if (stack.backend.persistencePid) snapshot["Temporal's Postgres"] = treeCpuSeconds(stack.backend.persistencePid);
  for (const child of extra) snapshot[child.label] = treeCpuSeconds(child.pid);
  snapshot[MACHINE] = machineBusySeconds();
  return snapshot;
}

/** The difference between two snapshots over `wallMs`, busiest component first. */
export function cpuDelta(before: CpuSnapshot, after: CpuSnapshot, wallMs: number): CpuShare[] {
  const delta = (component: string) => Math.max(0, (after[component] ?? 0) - (before[component] ?? 0));
  const share = (component: string, seconds: number) => ({
    component,
    seconds: Math.round(seconds * 10) / 10,
    percentOfCore: Math.round((seconds / (wallMs / 1000)) * 100),
  });
  const ours = Object.keys(after).filter((c) => c !== MACHINE);
  const oursTotal = ours.reduce((sum, c) => sum + delta(c), 0);
  return [...ours.map((c) => share(c, delta(c))), share(OUTSIDE, Math.max(0, delta(MACHINE) - oursTotal))].sort((a, b) => b.seconds - a.seconds);
}

/**
 * Waits (up to `maxWaitMs`) until processes outside the benchmark use less than `thresholdPercent`
 * of a core, so a phase does not start in the middle of someone's test run on a shared machine.
 * Returns their share when the phase starts.
 */
export async function waitForQuietMachine(stack: Stack, log: (line: string) => void, maxWaitMs: number, thresholdPercent = 25): Promise<number> {
  const deadline = Date.now() + maxWaitMs;
  let said = false;
  for (;;) {
    const before = cpuSnapshot(stack);
    await new Promise((r) => setTimeout(r, 2_000));
    const outside = cpuDelta(before, cpuSnapshot(stack), 2_000).find((s) => s.component === OUTSIDE)?.percentOfCore ?? 0;
    if (outside <= thresholdPercent) return outside;
    if (Date.now() >= deadline) {
      if (maxWaitMs > 0) log(`  the machine is still busy (other processes use ${outside}% of a core); measuring anyway`);
      return outside;
    }
    if (!said) log(`  waiting for the machine to quiet down (other processes use ${outside}% of a core)…`);
    said = true;
  }
}
