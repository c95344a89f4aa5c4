/**
 * The issue's targets, checked against each backend's numbers. A target is never adjusted here to
 * be met: a miss is reported as a miss, with the number.
 */
import { describeProfile } from './profile';
import type { BackendResult } from './run';

export interface TargetResult {
  backend: string;
  target: string;
  actual: string;
  /** undefined: not measured in this run. */
  met: boolean | undefined;
  /** Where the issue says the target applies (the storm target is the Postgres-backed server's). */
  binding: boolean;
}

export const TARGETS = {
  createRatio: 0.8,
  alertP99Ms: 2_000,
  workerRssMb: 300,
  boardFirstLoadMs: 1_000,
};

export function evaluateTargets(backends: BackendResult[]): TargetResult[] {
  return backends.flatMap((b): TargetResult[] => {
    const ratio = b.create?.ratio.median;
    const tunedLabel = ` (tuned worker: ${describeProfile(b.tunedOptions)})`;
    const storms = [
      { label: '', storm: b.storm },
      { label: tunedLabel, storm: b.stormTuned },
    ].filter((s) => s.storm);
    const scales = [
      { label: '', scale: b.scale },
      { label: tunedLabel, scale: b.scaleTuned },
    ].filter((s) => s.scale);
    return [
      {
        backend: b.name,
        target: `REST create throughput ≥ ${TARGETS.createRatio} × bare start`,
        actual: ratio === undefined ? 'not measured' : `${ratio.toFixed(2)} × (median of ${b.create?.ratio.perRound.length} rounds)`,
        met: ratio === undefined ? undefined : ratio >= TARGETS.createRatio,
        binding: true,
      },
      ...storms.map(({ label, storm }) => {
        const p99 = storm?.alertLagMs.p99;
        const complete = storm && storm.alerted === storm.started;
        const measured = p99 !== undefined && !Number.isNaN(p99);
        return {
          backend: b.name,
          target: `${storm?.n ?? ''} simultaneous lapses alerted with p99 ≤ ${TARGETS.alertP99Ms / 1000} s${label}`,
          actual: measured ? `p99 ${(p99 / 1000).toFixed(2)} s${complete ? '' : ` (only ${storm?.alerted} of ${storm?.started} alerted)`}` : 'not measured',
          met: measured ? Boolean(complete) && p99 <= TARGETS.alertP99Ms : undefined,
          binding: b.name === 'postgres',
        };
      }),
      ...scales.map(({ label, scale }) => ({
        backend: b.name,
        target: `worker RSS ≤ ${TARGETS.workerRssMb} MB with ${scale?.target ?? ''} open commitments${label}`,
        actual: scale ? `${scale.worker.rssMb} MB with ${scale.openWorkflows} running, ${scale.worker.cachedWorkflows} cached (peak ${scale.worker.peakRssMb} MB)` : 'not measured',
        met: scale ? scale.worker.rssMb <= TARGETS.workerRssMb : undefined,
        binding: true,
      })),
      ...scales.slice(0, 1).map(({ scale }) => {
        const load = scale?.board?.firstLoadMs;
        return {
          backend: b.name,
          target: `board first load < ${TARGETS.boardFirstLoadMs / 1000} s with ${scale?.target ?? ''} open commitments`,
          actual: load ? `max ${Math.round(load.max)} ms, p50 ${Math.round(load.p50)} ms over ${load.count} cold loads` : (scale?.board?.note ?? 'not measured'),
          met: load ? load.max < TARGETS.boardFirstLoadMs : undefined,
          binding: true,
        };
      }),
    ];
  });
}
