/**
 * Command-line options of `npm run bench -- …`. The defaults are the issue's: 2,000 creates,
 * 1,000 simultaneous lapses, 10,000 open commitments, both backends. `--quick` is the CI smoke
 * run: small numbers, dev server only, well under two minutes.
 */
import { parseArgs } from 'node:util';
import { RECOMMENDED_PROFILE, type WorkerProfile } from './profile';
import type { BackendName } from './backends';
import { CREATE_KINDS, type CreateKind } from './scenarios/create';

export const PHASES = ['create', 'storm', 'events', 'single', 'spread', 'scale'] as const;
export type Phase = (typeof PHASES)[number];

export interface BenchOptions {
  quick: boolean;
  /** Which phases run (all by default; fewer when iterating on one). */
  phases: Phase[];
  backends: BackendName[];
  createN: number;
  concurrency: number;
  rounds: number;
  warmup: number;
  kinds: CreateKind[];
  /** Storm sizes, smallest first: each a storm of that many simultaneous lapses, with its own floors. */
  stormNs: number[];
  /** Run the lapse floors (bare workflows: the bare floor and the equal-work floor) before each storm. */
  stormFloor: boolean;
  /** The events phase: lapses of each of its storms, and how many event subscriptions each storm runs with. */
  eventsN: number;
  eventsPattern: number[];
  /** Single lapses on an idle stack, one after the other (each with the floor's single lapse). */
  singleRounds: number;
  /** Commitments of the two-workers-two-APIs scenario. */
  spreadN: number;
  /** Where the worker and the API write `node --cpu-prof` profiles, or undefined for no profiling. */
  cpuProfDir?: string;
  scaleOpen: number;
  requests: number;
  listQuery: string;
  reportQuery: string;
  historyShards: number;
  /** How the worker runs in every phase (empty: the SDK defaults production runs with). */
  worker: WorkerProfile;
  /** When set, the storm and the memory reading run again with this worker: before/after in one run. */
  tuned?: WorkerProfile;
  /** Whether docs/benchmarks.md is rewritten (full runs only by default). */
  writeDocs: boolean;
  /** Hard limit for the whole run; everything is stopped when it passes. */
  maxMinutes: number;
  /** Before each measured phase, wait up to this long for other processes on the machine to go quiet. */
  quietWaitS: number;
}

export const USAGE = `npm run bench -- [options]
  --quick                 small numbers, dev server only (CI); does not touch docs/benchmarks.md
  --backends dev,postgres which Temporal backends to run (default both; quick: dev)
  --phases create,storm,events,single,spread,scale  which measurements to run (default all)
  --create-n N            creates per kind (default 2000; quick 100)
  --concurrency C         requests in flight (default 32; quick 16)
  --rounds R              alternating rounds the creates are split into (default 4; quick 2)
  --kinds K,…             create kinds to compare (default bare,rest,rest-idempotent,rest-no-worker; quick bare,rest);
                          rest-idempotent adds an Idempotency-Key, rest-no-worker stops the worker for the batch
  --storm-n N,…           simultaneous lapses, one storm per size (default 100,1000; quick 50)
  --no-floor              skip the storms' floors (bare workflows: a timer and one activity each, and the
                          equal-work floor's timer and two activities, the alert and the customer's notice)
  --events-n N            the events phase: storms of N lapses with and without event subscriptions
                          (default 1000; quick 50)
  --events-subs K,…       the events phase's storms, by how many subscriptions each runs with (default 0,2,2,0; quick 0,2)
  --single R              single lapses on an idle stack, one at a time (default 10; quick 2)
  --spread-n N            commitments of the two-workers-two-APIs run (default 400; quick 20)
  --cpu-prof DIR          run the worker and the API with node --cpu-prof, profiles into DIR
  --scale-open N          open commitments for the scale step (default 10000; quick 250)
  --requests N            requests per list/report endpoint (default 200; quick 20)
  --list-query Q          query string of the filtered list (default owner=agent-3&status=open)
  --report-query Q        query string of the summary report (default: the last day, groupBy=owner)
  --history-shards N      history shards of the Postgres-backed server (default 4)
  --worker JSON           how the worker runs throughout: {"options":{…createWorker tuning},"execArgv":[…],"env":{…}}
                          (default: as docker-compose runs dist/src/bin/worker.js, tools/bench/profile.ts; {} for Node's defaults)
  --tuned JSON|none       then run the storm and the memory reading again with this worker (before/after);
                          (default none)
  --docs / --no-docs      rewrite docs/benchmarks.md (default: full runs only)
  --max-minutes M         stop everything after M minutes (default 150; quick 5)
  --quiet-wait S          before each phase, wait up to S s for other processes to go quiet (default 120; quick 0)`;

/** Thrown for a bad command line; the message says which option. */
export class OptionsError extends Error {
  override readonly name = 'OptionsError';
}

function int(value: string | undefined, name: string, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new OptionsError(`--${name} must be an integer ≥ ${min}, not ${value}`);
  return n;
}

function profile(value: string | undefined, name: string): WorkerProfile | undefined {
  if (value === undefined) return undefined;
  try {
    const parsed = JSON.parse(value) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    return parsed;
  } catch {
    throw new OptionsError(
      `--${name} must be a JSON object like {"options":{"maxCachedWorkflows":60},"execArgv":["--max-old-space-size=256"],"env":{"MALLOC_ARENA_MAX":"2"}}, not ${value}`,
    );
  }
}

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      backends: { type: 'string' },
      phases: { type: 'string' },
      'create-n': { type: 'string' },
      concurrency: { type: 'string' },
      rounds: { type: 'string' },
      warmup: { type: 'string' },
      kinds: { type: 'string' },
      'no-floor': { type: 'boolean', default: false },
      'storm-n': { type: 'string' },
      'events-n': { type: 'string' },
      'events-subs': { type: 'string' },
      single: { type: 'string' },
      'spread-n': { type: 'string' },
      'cpu-prof': { type: 'string' },
      'scale-open': { type: 'string' },
      requests: { type: 'string' },
      'list-query': { type: 'string' },
      'report-query': { type: 'string' },
      'history-shards': { type: 'string' },
      worker: { type: 'string' },
      tuned: { type: 'string' },
      docs: { type: 'boolean' },
      'no-docs': { type: 'boolean' },
      'max-minutes': { type: 'string' },
      'quiet-wait': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) throw new OptionsError(USAGE);
  const quick = values.quick ?? false;
  const backends = (values.backends ?? (quick ? 'dev' : 'dev,postgres')).split(',').map((b) => b.trim());
  for (const b of backends) if (b !== 'dev' && b !== 'postgres') throw new OptionsError(`--backends takes dev and/or postgres, not ${b}`);
  const phases = (values.phases ?? PHASES.join(',')).split(',').map((p) => p.trim());
  for (const p of phases) if (!(PHASES as readonly string[]).includes(p)) throw new OptionsError(`--phases takes ${PHASES.join(', ')}, not ${p}`);
  const now = Date.now();
  const stormNs = (values['storm-n'] ?? (quick ? '50' : '100,1000'))
    .split(',')
    .map((n) => int(n.trim(), 'storm-n', 0))
    .sort((a, b) => a - b);
  const eventsN = int(values['events-n'], 'events-n', quick ? 50 : 1_000);
  const eventsPattern = (values['events-subs'] ?? (quick ? '0,2' : '0,2,2,0')).split(',').map((k) => int(k.trim(), 'events-subs', 0, 0));
  if (eventsPattern.some((k) => k > 4)) throw new OptionsError('--events-subs takes subscription counts from 0 to 4');
  // Each lapse's supervisor has a number of its own in a 10,000-number range (scenarios/lapse-people.ts);
  // the events phase runs storms of its own.
  const eventsLapses = phases.includes('events') ? eventsPattern.length * eventsN : 0;
  if (stormNs.reduce((a, b) => a + b, 0) + eventsLapses > 8_000)
    throw new OptionsError('--storm-n sizes and the events phase’s storms (--events-n × their number) can add up to at most 8000');
  // The diagnostics are slow (the Idempotency-Key variant queries the workflow); quick runs leave them out.
  const kinds = (values.kinds ?? (quick ? 'bare,rest' : CREATE_KINDS.join(','))).split(',').map((k) => k.trim()) as CreateKind[];
  for (const k of kinds) if (!(CREATE_KINDS as readonly string[]).includes(k)) throw new OptionsError(`--kinds takes ${CREATE_KINDS.join(', ')}, not ${k}`);
  if (!kinds.includes('bare') || !kinds.includes('rest')) throw new OptionsError('--kinds must include bare and rest (the ratio of the two is the target)');
  const tuned = values.tuned === 'none' ? undefined : profile(values.tuned, 'tuned');
  return {
    quick,
    phases: phases as Phase[],
    backends: backends as BackendName[],
    createN: int(values['create-n'], 'create-n', quick ? 100 : 2_000),
    concurrency: int(values.concurrency, 'concurrency', quick ? 16 : 32),
    rounds: int(values.rounds, 'rounds', quick ? 2 : 4),
    warmup: int(values.warmup, 'warmup', quick ? 10 : 100, 0),
    kinds,
    stormNs,
    stormFloor: !values['no-floor'],
    eventsN,
    eventsPattern,
    singleRounds: int(values.single, 'single', quick ? 2 : 10, 0),
    spreadN: int(values['spread-n'], 'spread-n', quick ? 20 : 400),
    ...(values['cpu-prof'] ? { cpuProfDir: values['cpu-prof'] } : {}),
    scaleOpen: int(values['scale-open'], 'scale-open', quick ? 250 : 10_000),
    requests: int(values.requests, 'requests', quick ? 20 : 200),
    listQuery: values['list-query'] ?? 'owner=agent-3&status=open',
    reportQuery: values['report-query'] ?? `from=${new Date(now - 86_400_000).toISOString()}&to=${new Date(now + 86_400_000).toISOString()}&groupBy=owner`,
    historyShards: int(values['history-shards'], 'history-shards', 4),
    worker: profile(values.worker, 'worker') ?? RECOMMENDED_PROFILE,
    ...(tuned ? { tuned } : {}),
    writeDocs: values['no-docs'] ? false : (values.docs ?? !quick),
    maxMinutes: int(values['max-minutes'], 'max-minutes', quick ? 5 : 150),
    quietWaitS: int(values['quiet-wait'], 'quiet-wait', quick ? 0 : 120, 0),
  };
}
