/**
 * `npm run faults`: the fault suite of issue 9. Starts Followthrough as production runs it
 * (tools/faults/stack.ts), then for each fault creates commitments that lapse together, puts the system
 * through the fault while their alerts go out, and counts what arrived and what was recorded.
 * Writes tools/faults/results/*.json and a table in docs/reliability.md; exits 1 when anything was lost.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { installCleanupHandlers, runMain, stopAll, trackDir } from '../bench/cleanup';
import { describeMachine } from '../bench/machine';
import { OptionsError, parseOptions } from './options';
import type { ChannelCount } from './count';
import { describeEvents, failures, writeDocs, type FaultRun } from './report';
import { runLapseScenario } from './scenario';
import { SCENARIOS } from './scenarios';
import { startFaultStack } from './stack';
import { STOP_SCENARIO, runStopScenario } from './stop-scenario';

const REPO = path.resolve(__dirname, '..', '..', '..');
const started = Date.now();
function log(line: string): void {
  const s = Math.round((Date.now() - started) / 1000);
  console.log(`[${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}] ${line}`);
}

function describeSource(): string {
  try {
    const git = (args: string[]) => execFileSync('git', args, { cwd: REPO, encoding: 'utf8' }).trim();
    return `${git(['rev-parse', '--short', 'HEAD'])}${git(['status', '--porcelain']).length ? ' with uncommitted changes' : ''}`;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

async function main(): Promise<number> {
  const opts = parseOptions(process.argv.slice(2));
  installCleanupHandlers(log);
  const watchdog = setTimeout(() => {
    log(`✗ the run passed its ${opts.maxMinutes}-minute limit; stopping everything`);
    void stopAll(log).finally(() => process.exit(2));
  }, opts.maxMinutes * 60_000);
  watchdog.unref();

  const machine = await describeMachine();
  log(`${opts.quick ? 'quick' : 'full'} run: ${opts.scenarios.length} fault(s), ${opts.n} commitments each, on ${machine.cores} × ${machine.cpuModel}`);
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'followthrough-faults-'));
  // As root the embedded Postgres runs as `postgres`, which must be able to enter this directory.
  chmodSync(workDir, 0o755);
  trackDir(workDir);
  const logDir = path.join(REPO, 'tools', 'faults', 'results', 'logs');
  rmSync(logDir, { recursive: true, force: true });
  mkdirSync(logDir, { recursive: true });
  log(`process logs: ${path.relative(REPO, logDir)}/`);

  // The pump is started with a compressed schedule only for a run that subscribes a receiver.
  const subscribes = SCENARIOS.some((s) => s.events && opts.scenarios.includes(s.id));
  const stack = await startFaultStack({
    repo: REPO,
    workDir,
    logDir,
    log,
    ...(subscribes && opts.eventRetryScheduleMs ? { eventRetryScheduleMs: opts.eventRetryScheduleMs } : {}),
  });
  const run: FaultRun = {
    mode: opts.quick ? 'quick' : 'full',
    command: ['npm run faults', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' '),
    source: describeSource(),
    startedAt: new Date(started).toISOString(),
    durationS: 0,
    options: opts,
    machine,
    lapses: [],
    errors: [],
  };
  const scenarioOpts = {
    runId: randomBytes(4).toString('hex'),
    quietTimeoutMs: opts.quietTimeoutS * 1000,
    log,
    ...(opts.eventRetryScheduleMs ? { eventRetryScheduleMs: opts.eventRetryScheduleMs } : {}),
  };
  // A scenario that fails is reported, and the next one still runs.
  const attempt = async <T>(label: string, fn: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await fn();
    } catch (err) {
      run.errors.push(`${label}: ${err instanceof Error ? err.message : String(err)}`);
      log(`✗ ${label} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      return undefined;
    }
  };
  const rlD = (c: ChannelCount) => `${c.received}/${c.lost}/${c.duplicated}`;
  for (const [index, scenario] of SCENARIOS.entries()) {
    if (!opts.scenarios.includes(scenario.id)) continue;
    const r = await attempt(scenario.label, () => runLapseScenario(stack, scenario, index + 1, opts.n, scenarioOpts));
    if (!r) continue;
    run.lapses.push(r);
    log(
      `  ${scenario.label}: alert SMS ${rlD(r.alert.sms)}, email ${rlD(r.alert.email)}; notice SMS ${rlD(r.notice.sms)}, email ${rlD(r.notice.email)} (received/lost/duplicated)`,
    );
    if (r.events) log(`  ${scenario.label}: ${describeEvents(r.events)}`);
  }
  if (opts.scenarios.includes(STOP_SCENARIO.id)) {
    run.stop = await attempt(STOP_SCENARIO.label, () => runStopScenario(stack, SCENARIOS.length + 1, opts.n, scenarioOpts));
    if (run.stop) log(`  STOP: ${run.stop.optOutsRecorded}/${opts.n} opt-outs recorded, ${run.stop.textedAfterStop} customers texted after STOP`);
  }
  log('stopping…');
  await stack.stop().catch((err: unknown) => log(`stopping: ${String(err)}`));
  run.durationS = Math.round((Date.now() - started) / 1000);

  const resultsDir = path.join(REPO, 'tools', 'faults', 'results');
  const file = path.join(
    resultsDir,
    opts.quick
      ? 'quick.json'
      : `${new Date(started)
          .toISOString()
          .replace(/:\d\d\.\d+Z$/, 'Z')
          .replace(/:/g, '')}.json`,
  );
  writeFileSync(file, `${JSON.stringify(run, null, 2)}\n`);
  log(`results: ${path.relative(REPO, file)}`);
  if (opts.docs) log(`docs: ${path.relative(REPO, writeDocs(REPO, run, opts.docs, path.relative(REPO, file)))} (${opts.docs})`);
  const failed = failures(run);
  for (const f of failed) log(`✗ ${f}`);
  if (!failed.length) log('✓ nothing lost, nothing recorded as sent but lost');
  await stopAll(log);
  return failed.length ? 1 : 0;
}

runMain(main, log, (err): err is OptionsError => err instanceof OptionsError);
