/**
 * docs/benchmarks.md and its chart, from one run's results. Only the block between the markers is
 * generated; whatever people wrote around it (findings, decisions) survives the next run.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BenchResult } from '../run';
import { TARGETS } from '../targets';
import { BACKEND_SHORT, BACKEND_TITLE, ms, table, title } from './format';
import { CHART_FILE, singleSection, spreadSection, stormRows, stormSection } from './lapses';
import { EVENTS_END, EVENTS_START, eventsSection, hasEvents } from './events';
import { createSection, scaleSection } from './sections';
import { alertLagChart, type Series } from './svg';

const START = '<!-- bench:generated:start (npm run bench rewrites everything up to the end marker) -->';
const END = '<!-- bench:generated:end -->';

function machineSection(r: BenchResult): string {
  const m = r.machine;
  return [
    '## Machine and versions',
    '',
    table(
      ['', ''],
      [
        ['CPU', `${m.cores} × ${m.cpuModel} (\`nproc\` = ${m.cores})`],
        ['Memory', `${m.memoryGb} GB`],
        ['OS', m.kernel],
        ['Node', m.node],
        ['Temporal TypeScript SDK', m.temporalSdk],
        ['Temporal CLI (dev server)', `${m.temporalCli}`],
        ['Temporal server (Postgres backend)', m.temporalServer],
        ['Postgres', m.postgres],
        ['Code', r.source ?? 'unknown'],
        ['Run', `${r.startedAt}, ${Math.round(r.durationS / 60)} min, \`${r.command}\``],
      ],
    ),
  ].join('\n');
}

/** Why the storms have two floors (issue 25); also the paragraph under *Targets* in docs/benchmarks.md. */
const FLOORS_NOTE =
  "The lapse storms are held to two floors measured in the same run. The *bare floor* is bare workflows that sleep until the deadline and run one activity sending the supervisor's alert by SMS and email: half of a lapse's work, since a lapse of the product also sends the customer's notice. " +
  "The *equal-work floor* is the same bare workflows making exactly a lapse's two sends, the alert and the notice, each by SMS and email, as two activities scheduled by one workflow task; the lag is the alert's. " +
  `Issue 25's targets: a storm's alert p99, and its CPU per lapse, at most ${TARGETS.bareFloorRatio.toFixed(1)} × the bare floor's and at most ${TARGETS.equalWorkFloorRatio.toFixed(1)} × the equal-work floor's. The equal-work ratio is the one that measures our own overhead.`;

function targetsSection(r: BenchResult): string {
  const rows = r.targets.map((t) => [
    BACKEND_TITLE[t.backend] ?? t.backend,
    t.target + (t.binding ? '' : ' (binding on Postgres only)'),
    t.actual,
    t.met === undefined ? '–' : t.met ? 'met' : '**missed**',
  ]);
  return ['## Targets', '', FLOORS_NOTE, '', table(['Backend', 'Target', 'Result', ''], rows)].join('\n');
}

function reproduceSection(r: BenchResult, jsonFile: string): string {
  return [
    '## How to reproduce',
    '',
    '```sh',
    'npm ci',
    'npm run bench                  # both backends, the numbers above (about an hour on 2 cores)',
    'npm run bench -- --quick       # CI smoke run: small numbers, dev server only, under 2 minutes',
    'npm run bench -- --help        # every option (sizes, concurrency, backends, worker options)',
    '```',
    '',
    '- Needs Linux (`/proc`) and, for the Postgres backend on first use, Go: the harness runs ' +
      '`go install go.temporal.io/server/cmd/server@v1.29.1 go.temporal.io/server/cmd/tools/sql@v1.29.1` into ' +
      '`~/.cache/followthrough/temporal-server-1.29.1/` (with the schema files from the module) and reuses it afterwards.',
    '- Everything runs on loopback from empty temp directories and is stopped at the end, on Ctrl-C and on failure; ' +
      `a run also stops itself after \`--max-minutes\` (${r.options.maxMinutes} here).`,
    '- The dev backend is `temporal server start-dev` with a SQLite file (what `npm start` runs). The Postgres backend is the ' +
      'standalone server with the `postgres12` plugin on its own embedded Postgres, schemas set up with `temporal-sql-tool`, ' +
      `single node, ${r.options.historyShards} history shards, a config file the harness writes.`,
    '- The worker and the API are separate processes composed like `src/bin/worker.ts` and `src/bin/api.ts` (config from an environment, ' +
      'the real nodemailer and Twilio SDK channels) pointed at `tools/testkit/smtp-server.ts` and `tools/testkit/twilio-server.ts`. ' +
      '`QUIET_HOURS=off` and `TEXTING_HOURS=off`, so results do not depend on the hour; storm commitments skip the owner reminder and do not re-alert during the run. ' +
      'People come from the staff directory: a team of ten agents who create the load with their own keys, and for every lapse measured a one-person team whose supervisor is the only level of its policy.',
    `- Raw numbers of this run: [\`${jsonFile}\`](../${jsonFile}). Other people's processes on the machine are reported as *outside the benchmark* in the CPU lines.`,
  ].join('\n');
}

export function renderGenerated(r: BenchResult, jsonFile: string): string {
  return [
    START,
    '',
    `Generated by \`npm run bench\` on ${r.startedAt.slice(0, 10)}. Backends: ${r.backends.map((b) => `**${title(b)}**: ${b.description ?? 'did not start'}`).join('; ')}.`,
    ...r.backends.filter((b) => b.errors.length).map((b) => `\n> ${title(b)}: ${b.errors.join('; ')}`),
    '',
    targetsSection(r),
    '',
    createSection(r),
    stormSection(r),
    '',
    singleSection(r),
    '',
    spreadSection(r),
    '',
    scaleSection(r),
    '',
    machineSection(r),
    '',
    reproduceSection(r, jsonFile),
    '',
    END,
  ].join('\n');
}

/** `text` with the block between `start` and `end` replaced by `block` (the markers included), or `block` appended after `after` (or at the end). */
function replaceBlock(text: string, start: string, end: string, block: string, after?: string): string {
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a >= 0 && b > a) return text.slice(0, a) + block + text.slice(b + end.length);
  const at = after ? text.indexOf(after) : -1;
  if (at >= 0) return `${text.slice(0, at + (after as string).length)}\n\n${block}${text.slice(at + (after as string).length)}`;
  return `${text.trimEnd()}\n\n${block}\n`;
}

/**
 * Writes docs/benchmarks.md (keeping text outside the markers) and the chart; returns the files
 * written. The main block and its chart only when the run measured one of its phases; the events
 * block (its own markers, after the main one) only when the run measured the events phase.
 */
export function writeDocs(repo: string, r: BenchResult, jsonFile: string): string[] {
  const doc = path.join(repo, 'docs', 'benchmarks.md');
  const chart = path.join(repo, 'docs', CHART_FILE);
  const main = r.options.phases.some((p) => p !== 'events');
  let text = existsSync(doc)
    ? readFileSync(doc, 'utf8')
    : '# Benchmarks\n\nHow fast Followthrough is and what it costs, measured against the limit of the machine it runs on.\n';
  if (main) text = replaceBlock(text, START, END, renderGenerated(r, jsonFile));
  if (hasEvents(r)) text = replaceBlock(text, EVENTS_START, EVENTS_END, `${EVENTS_START}\n\n${eventsSection(r, jsonFile)}\n\n${EVENTS_END}`, END);
  writeFileSync(doc, text);
  if (!main) return [doc];

  // The largest storm, where the gap to the floors is widest; its target is 1.5 × the Postgres-backed
  // equal-work floor (2.0 × the bare floor when the run has no equal-work floor).
  const n = r.options.stormNs[r.options.stormNs.length - 1] ?? 0;
  const series: Series[] = r.backends.flatMap((b) =>
    stormRows(b, n).map(({ label, lags }) => ({
      label: `${BACKEND_SHORT[b.name] ?? b.name}, ${label.replace(/ \(.*\)$/, '')}: p99 ${ms(lags.alertLagMs.p99)}`,
      lagsMs: lags.lagsMs,
      total: lags.started,
    })),
  );
  const floors = r.backends.flatMap((b) => {
    const storm = b.storms.find((s) => s.n === n);
    return [
      { b, name: 'equal-work floor', floor: storm?.equalFloor, limit: TARGETS.equalWorkFloorRatio },
      { b, name: 'bare floor', floor: storm?.floor, limit: TARGETS.bareFloorRatio },
    ];
  });
  const target = floors.find((f) => f.b.name === 'postgres' && f.floor) ?? floors.find((f) => f.floor);
  const targetMs = target?.floor ? target.floor.alertLagMs.p99 * target.limit : 0;
  const targetLabel = `target: p99 ≤ ${target ? target.limit.toFixed(1) : ''} × ${BACKEND_SHORT[target?.b.name ?? ''] ?? ''} ${target?.name ?? 'floor'} (${ms(targetMs)})`;
  writeFileSync(chart, alertLagChart(series, targetMs, `Deadline → supervisor alert accepted, ${n} simultaneous lapses`, targetLabel));
  return [doc, chart];
}
