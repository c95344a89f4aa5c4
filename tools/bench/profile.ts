/**
 * How the worker process is run: SDK worker options plus what a deployment sets around the
 * process (Node flags, environment). The "before/after" of the benchmark compares two of these.
 */
import type { WorkerTuning } from '../../src/runtime';

export interface WorkerProfile {
  /** Passed to createWorker (src/runtime.ts). */
  options?: WorkerTuning;
  /** Node flags of the worker process, e.g. --max-old-space-size=256 (NODE_OPTIONS in a deployment). */
  execArgv?: string[];
  /** Extra environment of the worker process, e.g. MALLOC_ARENA_MAX. */
  env?: Record<string, string>;
}

/**
 * How docker-compose runs the worker (see docs/benchmarks.md): a capped heap (V8 otherwise grows
 * lazily towards a quarter of the machine's memory), semi-spaces of 8 MB instead of 16 (the young
 * generation of both the main thread and the workflow thread: 32 MB less resident) and two malloc arenas
 * instead of one per thread. The workflow cache comes from WORKER_CACHED_WORKFLOWS, as in production.
 */
export const RECOMMENDED_PROFILE: WorkerProfile = {
  execArgv: ['--max-old-space-size=256', '--max-semi-space-size=8'],
  env: { MALLOC_ARENA_MAX: '2' },
};

export function describeProfile(p: WorkerProfile | undefined): string {
  const parts = [
    ...Object.entries(p?.options ?? {}).map(([k, v]) => `${k} ${JSON.stringify(v)}`),
    ...(p?.execArgv ?? []),
    ...Object.entries(p?.env ?? {}).map(([k, v]) => `${k}=${v}`),
  ];
  return parts.length ? parts.join(', ') : 'SDK defaults';
}
