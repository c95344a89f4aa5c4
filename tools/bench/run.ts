/**
 * `npm run bench`: Followthrough's benchmarks (docs/benchmarks.md says what and why).
 *
 * For each backend: start everything from empty data directories, run create → lapse storm →
 * scale in one go (so ratios compare like with like on a noisy machine), stop everything, and
 * write tools/bench/results/*.json and (full runs) docs/benchmarks.md with its chart.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, chmodSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { BackendName } from './backends';
import { installCleanupHandlers, runMain, stopAll, trackDir } from './cleanup';
import { describeMachine, type Machine } from './machine';
import { OptionsError, parseOptions, type BenchOptions, type Phase } from './options';
import { writeDocs } from './report/markdown';
import { runCreate, type CreateResult } from './scenarios/create';
import { runEventsCost, type EventsCostResult } from './scenarios/events';
import { runScale, type ScaleResult } from './scenarios/scale';
import { runSingle, type SingleResult } from './scenarios/single';
import { runSpread, type SpreadResult } from './scenarios/spread';
import { runStorm, type StormResult } from './scenarios/storm';
import { describeProfile } from './profile';
import { startStack, type Bundles, type SdkWarnings } from './stack';
import { evaluateTargets, type TargetResult } from './targets';

export interface BackendResult {
  name: BackendName;
  description?: string;
  startupMs?: number;
  create?: CreateResult;
  /** One storm per size (smallest first), each with its floors (bare and equal-work). */
  storms: StormResult[];
  /** The same storms again with `tunedOptions` (before/after in one run). */
  stormsTuned?: StormResult[];
  /** Lapse storms with and without event subscriptions, in the order --events-subs gives. */
  events?: EventsCostResult;
  tunedOptions?: BenchOptions['tuned'];
  single?: SingleResult;
  spread?: SpreadResult;
  scale?: ScaleResult;
  /** Memory again after the tuned storm, with the tuned worker's cache filled. */
  scaleTuned?: ScaleResult;
  /** The SDK's cache-thrash warnings over the whole run on this backend (every worker process). */
  sdkWarnings?: SdkWarnings;
  /** Phases that failed, with why; the others still ran. */
  errors: string[];
}

export interface BenchResult {
  mode: 'full' | 'quick';
  /** The command line, to rerun it. */
  command: string;
  /** Which code was measured: commit, and whether the tree had uncommitted changes. */
  source: string;
  startedAt: string;
  durationS: number;
  options: BenchOptions;
  machine: Machine;
  backends: BackendResult[];
  targets: TargetResult[];
}

const REPO = path.resolve(__dirname, '..', '..', '..');
/** Set by the watchdog (--max-minutes): no further phase starts. */
let timedOut = false;
const started = Date.now();
function log(line: string): void {
  const s = Math.round((Date.now() - started) / 1000);
  console.log(`[${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}] ${line}`);
}

async function bundle(workDir: string): Promise<Bundles> {
  const quiet = { trace() {}, debug() {}, info() {}, warn: (m: string) => log(`bundler: ${m}`), error: (m: string) => log(`bundler: ${m}`), log() {} };
  const write = async (workflowsPath: string, file: string) => {
    const { code } = await bundleWorkflowCode({ workflowsPath, logger: quiet });
    const target = path.join(workDir, file);
    writeFileSync(target, code);
    return target;
  };
  return {
    workflows: await write(require.resolve('../../src/workflows'), 'workflows-bundle.js'),
    baseline: await write(require.resolve('./workflows'), 'baseline-bundle.js'),
  };
}

async function attempt<T>(what: string, errors: string[], fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    errors.push(`${what}: ${message}`);
    log(`✗ ${what} failed: ${message}`);
    return undefined;
  }
}

async function runBackend(name: BackendName, workDir: string, bundles: Bundles, opts: BenchOptions): Promise<BackendResult> {
  const result: BackendResult = { name, storms: [], errors: [] };
  const t0 = Date.now();
  const stack = await attempt(`starting the ${name} backend`, result.errors, () =>
    startStack({
      backend: name,
      workDir,
      bundles,
      historyShards: opts.historyShards,
      concurrency: opts.concurrency,
      profile: opts.worker,
      ...(opts.cpuProfDir ? { cpuProfDir: opts.cpuProfDir } : {}),
      log,
    }),
  );
  if (!stack) return result;
  result.description = stack.backend.description;
  result.startupMs = Date.now() - t0;
  log(`${name}: everything up in ${Math.round(result.startupMs / 1000)} s (${stack.backend.description})`);
  const wants = (phase: Phase) => opts.phases.includes(phase) && !timedOut;
  const quietWaitMs = opts.quietWaitS * 1000;
  try {
    if (wants('create')) {
      const create = { n: opts.createN, concurrency: opts.concurrency, rounds: opts.rounds, kinds: opts.kinds, warmup: opts.warmup, quietWaitMs };
      result.create = await attempt('create', result.errors, () => runCreate(stack, create, log));
    }
    // Creates per second the system sustained (messages delivered), to size the storm's lead time.
    const settledRate = result.create?.kinds.find((k) => k.kind === 'rest')?.settledThroughput ?? 20;
    const storm = (n: number) => ({ n, concurrency: opts.concurrency, expectedSettledRate: settledRate, quietWaitMs, floor: opts.stormFloor });
    const storms = async (floor: boolean, label = '') => {
      const done: StormResult[] = [];
      for (const n of opts.stormNs) {
        if (!wants('storm')) break;
        const r = await attempt(`lapse storm of ${n}${label}`, result.errors, () => runStorm(stack, { ...storm(n), floor: floor && opts.stormFloor }, log));
        if (r) done.push(r);
      }
      return done;
    };
    const scale = {
      target: opts.scaleOpen,
      concurrency: opts.concurrency,
      requests: opts.requests,
      listQuery: opts.listQuery,
      reportQuery: opts.reportQuery,
      quietWaitMs,
    };
    result.storms = await storms(true);
    if (wants('events'))
      result.events = await attempt('lapse storm with event subscriptions', result.errors, () =>
        runEventsCost(
          stack,
          { n: opts.eventsN, pattern: opts.eventsPattern, concurrency: opts.concurrency, expectedSettledRate: settledRate, quietWaitMs },
          log,
        ),
      );
    if (wants('single') && opts.singleRounds > 0)
      result.single = await attempt('single lapses', result.errors, () => runSingle(stack, { rounds: opts.singleRounds, quietWaitMs }, log));
    if (wants('spread'))
      result.spread = await attempt('two workers and two APIs', result.errors, () =>
        runSpread(stack, { n: opts.spreadN, concurrency: opts.concurrency, quietWaitMs }, log),
      );
    if (wants('scale')) result.scale = await attempt('scale', result.errors, () => runScale(stack, scale, 2_000_000, log));

    // Before/after in the same run: the same storms and the same memory reading with the tuned worker.
    // The tuned storms run with more commitments open than the first ones, never fewer.
    if (opts.tuned) {
      const tuned = opts.tuned;
      result.tunedOptions = tuned;
      log(`restarting the worker with ${describeProfile(tuned)}…`);
      if (await attempt('restarting the worker', result.errors, () => stack.restartWorker(tuned).then(() => true))) {
        result.stormsTuned = await storms(false, ' (tuned)');
        if (wants('scale')) result.scaleTuned = await attempt('scale (tuned)', result.errors, () => runScale(stack, scale, 3_000_000, log));
      }
    }
    result.sdkWarnings = await stack.sdkWarnings().catch(() => undefined);
  } finally {
    log(`${name}: stopping…`);
    await stack.stop().catch((err: unknown) => log(`stopping the ${name} stack: ${String(err)}`));
  }
  return result;
}

/** BENCH_SOURCE when set (a run from a copy of the tree), else the git commit and whether the tree was dirty. */
function describeSource(): string {
  if (process.env.BENCH_SOURCE) return process.env.BENCH_SOURCE;
  try {
    const git = (args: string[]) => execFileSync('git', args, { cwd: REPO, encoding: 'utf8' }).trim();
    const dirty = git(['status', '--porcelain']).length > 0;
    return `${git(['rev-parse', '--short', 'HEAD'])}${dirty ? ' with uncommitted changes' : ''}`;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

function stamp(date: Date): string {
  return date
    .toISOString()
    .replace(/:\d\d\.\d+Z$/, 'Z')
    .replace(/:/g, '');
}

async function main(): Promise<number> {
  const opts = parseOptions(process.argv.slice(2));
  installCleanupHandlers(log);
  // Past the time limit everything is stopped; the phase under way then fails fast, the rest are
  // skipped, and what was measured is still written. A minute later the process exits regardless.
  const watchdog = setTimeout(() => {
    timedOut = true;
    log(`✗ the run passed its ${opts.maxMinutes}-minute limit; stopping everything and writing what was measured`);
    void stopAll(log);
    setTimeout(() => process.exit(2), 60_000).unref();
  }, opts.maxMinutes * 60_000);
  watchdog.unref();

  const machine = await describeMachine();
  log(
    `${opts.quick ? 'quick' : 'full'} run on ${machine.cores} × ${machine.cpuModel}, ${machine.memoryGb} GB, Node ${machine.node}, Temporal SDK ${machine.temporalSdk}`,
  );
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'followthrough-bench-'));
  // As root the embedded Postgres runs as `postgres`, which must be able to enter this directory.
  chmodSync(workDir, 0o755);
  trackDir(workDir);
  log('bundling the workflows…');
  const bundles = await bundle(workDir);

  const backends: BackendResult[] = [];
  for (const name of opts.backends) {
    if (timedOut) {
      backends.push({ name, storms: [], errors: ['not run: the time limit had passed'] });
      continue;
    }
    const dir = path.join(workDir, name);
    mkdirSync(dir);
    chmodSync(dir, 0o755);
    backends.push(await runBackend(name, dir, bundles, opts));
  }
  const result: BenchResult = {
    mode: opts.quick ? 'quick' : 'full',
    command: ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' '),
    source: describeSource(),
    startedAt: new Date(started).toISOString(),
    durationS: Math.round((Date.now() - started) / 1000),
    options: opts,
    machine,
    backends,
    targets: evaluateTargets(backends),
  };

  const resultsDir = path.join(REPO, 'tools', 'bench', 'results');
  mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, opts.quick ? 'quick.json' : `${stamp(new Date(started))}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  log(`results: ${path.relative(REPO, file)}`);
  if (opts.writeDocs) {
    const written = writeDocs(REPO, result, path.relative(REPO, file));
    log(`docs: ${written.map((f) => path.relative(REPO, f)).join(', ')}`);
  }
  for (const t of result.targets) log(`${t.met === undefined ? '·' : t.met ? '✓' : '✗'} ${t.backend}: ${t.target}: ${t.actual}`);
  await stopAll(log);
  const failed = backends.flatMap((b) => b.errors);
  if (failed.length) log(`${failed.length} phase(s) failed: the numbers above are incomplete`);
  return timedOut ? 2 : failed.length ? 1 : 0;
}

runMain(main, log, (err): err is OptionsError => err instanceof OptionsError);
