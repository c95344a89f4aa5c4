/**
 * How the worker process is run: SDK worker options plus what a deployment sets around the
 * process (Node flags, environment). The "before/after" of the benchmark compares two of these.
 */
import type { WorkerTuning } from '../src/runtime';

export interface WorkerProfile {
  /** Passed to createWorker (src/runtime.ts). */
  options?: WorkerTuning;
  /** Node flags of the worker process, e.g. --max-old-space-size=256 (NODE_OPTIONS in a deployment). */
  execArgv?: string[];
  /** Extra environment of the worker process, e.g. MALLOC_ARENA_MAX. */
  env?: Record<string, string>;
}

/**
 * What the benchmark found keeps the worker under 300 MB with 10,000 open commitments (see
 * docs/benchmarks.md): a small workflow cache, a capped heap (V8 otherwise grows lazily towards
 * a quarter of the machine's memory) and two malloc arenas instead of one per thread.
 */
export const RECOMMENDED_PROFILE: WorkerProfile = {
  options: { maxCachedWorkflows: 60 },
  execArgv: ['--max-old-space-size=256'],
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
