/** The measurement sections of docs/benchmarks.md: create, lapse storm, scale. */
import type { CommitmentTrace, RoundTrips } from '../history';
import { describeProfile } from '../profile';
import type { BackendResult, BenchResult } from '../run';
import type { CreateKind } from '../scenarios/create';
import type { EndpointResult, ScaleResult } from '../scenarios/scale';
import type { AlertLags, StormResult } from '../scenarios/storm';
import { TARGETS } from '../targets';
import { cpuLine, KIND_LABEL, lagCells, ms, num, table, title } from './format';

export const CHART_FILE = 'benchmarks-alert-lag.svg';

export function createSection(r: BenchResult): string {
  const out = ['## 1. Create: REST API against bare `workflow.start`', ''];
  out.push(
    `${r.options.createN} calls of each kind at concurrency ${r.options.concurrency}, in ${r.options.rounds} alternating rounds (order rotated each round), after ${r.options.warmup} unmeasured calls of each. ` +
      '*bare*: `client.workflow.start` of an empty workflow from the benchmark process (its own worker runs it). ' +
      '*REST*: `POST /v1/commitments` over HTTP to the API process, which validates and starts the commitment workflow; the real worker then records it and sends the recap (SMS + email) and the owner confirmation. ' +
      '*REST + Idempotency-Key*: the same with the header, which adds a describe and a read of the commitment. ' +
      '*REST, worker stopped*: a diagnostic, the same as REST with the worker stopped during the batch (it catches up afterwards), so the API is measured without the workflows it starts competing for the CPU. ' +
      'Each round waits until every message of the previous one was delivered and the worker is idle. *Settled/s* counts commitments whose three messages were delivered, per second of the round.',
    '',
  );
  for (const b of r.backends) {
    const c = b.create;
    if (!c) continue;
    out.push(`### ${title(b)}`, '');
    out.push(
      table(
        ['Kind', 'Calls', 'Errors', 'Throughput', 'Median round', 'p50', 'p95', 'p99', 'Settled/s'],
        c.kinds.map((k) => [KIND_LABEL[k.kind], k.n, k.errors, `${num(k.throughput)}/s`, `${num(k.medianRoundThroughput)}/s`, ms(k.latencyMs.p50), ms(k.latencyMs.p95), ms(k.latencyMs.p99), k.settledThroughput === undefined ? '–' : `${num(k.settledThroughput)}/s`]),
      ),
    );
    const components = [...new Set(c.kinds.flatMap((k) => Object.keys(k.cpuMsPerCall ?? {})))].filter((comp) => c.kinds.some((k) => (k.cpuMsPerCall?.[comp] ?? 0) >= 0.05));
    if (components.length) {
      out.push('', 'CPU per call while the calls were made (ms of one core; the worker runs the workflows the calls start):', '');
      out.push(table(['Kind', ...components, 'total'], c.kinds.map((k) => [KIND_LABEL[k.kind], ...components.map((comp) => num(k.cpuMsPerCall?.[comp], 1)), num(Object.values(k.cpuMsPerCall ?? {}).reduce((x, y) => x + y, 0), 1)])));
    }
    out.push('', `REST ÷ bare: **${num(c.ratio.median, 2)}** (median of rounds ${c.ratio.perRound.map((x) => x.toFixed(2)).join(', ')}; ${num(c.ratio.overall, 2)} over all calls); target ≥ ${TARGETS.createRatio}.`);
    for (const [kind, ratio] of Object.entries(c.otherRatios)) {
      out.push(`${KIND_LABEL[kind as CreateKind]} ÷ bare: ${num(ratio.median, 2)} (rounds ${ratio.perRound.map((x) => x.toFixed(2)).join(', ')}).`);
    }
    out.push('', cpuLine(c.cpu), '');
  }
  return out.join('\n');
}

export type StormRow = { label: string; lags: AlertLags; storm?: StormResult };

export function stormRows(b: BackendResult): StormRow[] {
  const rows: StormRow[] = [];
  if (b.storm?.floor) rows.push({ label: 'floor: bare workflows (timer + one activity)', lags: b.storm.floor });
  if (b.storm) rows.push({ label: 'Followthrough, worker as deployed today', lags: b.storm, storm: b.storm });
  if (b.stormTuned) rows.push({ label: `Followthrough, tuned worker (${describeProfile(b.tunedOptions)})`, lags: b.stormTuned, storm: b.stormTuned });
  return rows;
}

const cpuPerLapse = (l: AlertLags) => `${Math.round(l.cpuMsPerLapse.reduce((sum, c) => sum + c.ms, 0))} ms`;

export function stormSection(r: BenchResult): string {
  const out = ['## 2. Lapse storm', ''];
  out.push(
    `${r.options.stormN} commitments created through the API, all due at the same instant, none fulfilled. Lag is measured per commitment from the deadline to the moment the local SMTP server or the Twilio-compatible server accepted the supervisor's alert ` +
      '(each commitment has its own supervisor, reached by SMS and email). *p50…max* are for the alert accepted on every channel (the headline); *first channel* when the first one was. ' +
      '*Drain* is until all the work was done (customers told, read model written, worker idle). *Slack* is how long before the deadline creation and its recaps were finished, so the deadline hits a quiet system. ' +
      `The *floor* runs first in the same run: ${r.options.stormN} bare workflows that sleep until one instant and then run one activity making the same two sends (no read model, no notification rows, no templates): what this machine and Temporal manage at best. ` +
      '*CPU per lapse* adds up the CPU our processes used during the storm, divided by the lapses.',
    '',
    `![Alert lag after ${r.options.stormN} simultaneous lapses](${CHART_FILE})`,
    '',
  );
  const rows = r.backends.flatMap((b) =>
    stormRows(b).map(({ label, lags, storm }) => [
      `${title(b)}: ${label}`,
      `${lags.alerted}/${lags.started}`,
      storm ? ms(storm.slackMs) : '–',
      ...lagCells(lags.alertLagMs),
      ms(lags.firstChannelLagMs.p99),
      ms(lags.drainMs),
      cpuPerLapse(lags),
    ]),
  );
  out.push(table(['Run', 'Alerted', 'Slack', 'p50', 'p95', 'p99', 'max', 'p99 first channel', 'Drain', 'CPU per lapse'], rows), '');
  for (const b of r.backends) {
    for (const { label, lags } of stormRows(b)) {
      out.push(`- ${title(b)}, ${label}: ${lags.cpuMsPerLapse.map((c) => `${c.component} ${c.ms} ms`).join(', ')} per lapse. ${cpuLine(lags.cpu)}`);
    }
  }
  const traced = r.backends.flatMap((b) => [b.storm, b.stormTuned].filter((s): s is StormResult => Boolean(s?.trace)).map((s) => ({ b, t: s.trace as CommitmentTrace })));
  const first = traced[0];
  if (first) {
    const { t } = first;
    out.push(
      '',
      '### Round trips per commitment',
      '',
      `Read from the history of one storm commitment (\`${t.workflowId}\`, ${title(first.b)}); the counts do not depend on the machine. The floor's workflow needs 3 workflow tasks and 1 activity in all.`,
      '',
      table(['Part', 'Workflow tasks', 'Activities', 'Timers started', 'History events'], [
        ['Creation (start → waiting for the deadline)', t.creation.workflowTasks, activityList(t.creation), t.creation.timersStarted, t.creation.events],
        ['Lapse (deadline → all work done)', t.lapse.workflowTasks, activityList(t.lapse), t.lapse.timersStarted, t.lapse.events],
      ]),
      '',
      t.workflowTasksBeforeAlert === undefined
        ? 'The supervisor alert could not be located in the history.'
        : `The supervisor alert's activities are scheduled by workflow task ${t.workflowTasksBeforeAlert} after the deadline; everything before it (the customer's message, read-model writes) stands between the deadline and the alert.`,
    );
  }
  return out.join('\n');
}

function activityList(r: RoundTrips): string {
  return Object.entries(r.activities).map(([name, n]) => `${n} × ${name}`).join(', ') || '0';
}

function endpointCell(e: EndpointResult | undefined): string {
  if (!e) return '–';
  if (e.status !== 'measured' || !e.latencyMs) return `${e.status}${e.note ? ` (${e.note})` : ''}`;
  return `p50 ${ms(e.latencyMs.p50)}, p99 ${ms(e.latencyMs.p99)}${e.rows !== undefined ? ` (${e.rows} rows)` : ''}`;
}

function boardCell(s: ScaleResult): string {
  const b = s.board;
  if (!b?.firstLoadMs) return b ? `${b.status}${b.note ? ` (${b.note})` : ''}` : '–';
  return `p50 ${ms(b.firstLoadMs.p50)}, max ${ms(b.firstLoadMs.max)} (${b.firstLoadMs.count} loads, ${b.openCounted ?? '?'} open counted)`;
}

export function scaleSection(r: BenchResult): string {
  const out = ['## 3. Scale', ''];
  out.push(
    `Topped up to ${r.options.scaleOpen} running commitment workflows (open, plus the storm's escalated ones waiting for an acknowledgement), all recaps delivered, then measured. ` +
      "The worker's cache is full when memory is read (a restarted worker first gets enough new commitments to fill it). " +
      'RSS is `VmRSS` from `/proc/<pid>/status` (summed over the process tree for Postgres, which counts shared buffers once per process); PSS splits shared pages fairly and is the better cost figure for Postgres. ' +
      `The list, report and board requests run ${r.options.requests} times each, 4 at a time, as the supervisor: \`GET /v1/commitments?${r.options.listQuery}\`, \`GET /v1/reports/summary?…groupBy=owner\` over the last day, and \`GET /v1/board\`. ` +
      'The board is then opened 10 times in Chromium, each time in a new context (empty cache) with the session cookie: from navigation to the counts and the first section on the screen.',
    '',
  );
  const cols = r.backends.flatMap((b) => [
    ...(b.scale ? [{ head: `${title(b)}, worker as deployed today`, s: b.scale }] : []),
    ...(b.scaleTuned ? [{ head: `${title(b)}, tuned worker`, s: b.scaleTuned }] : []),
  ]);
  const row = (name: string, f: (s: ScaleResult) => string) => [name, ...cols.map((c) => f(c.s))];
  const mb = (v: number | undefined) => `${num(v, 0)} MB`;
  const rows: string[][] = [
    row('Running commitment workflows', (s) => String(s.openWorkflows)),
    row('Worker RSS (peak)', (s) => `**${mb(s.worker.rssMb)}** (${mb(s.worker.peakRssMb)})`),
    row('Worker RSS just after start, nothing cached', (s) => mb(s.worker.idleRssMb)),
    row('Workflows in the worker cache (its size)', (s) => `${s.worker.cachedWorkflows} (${s.worker.maxCachedWorkflows})`),
    row('Worker main-thread heap used / total', (s) => `${num(s.worker.heapUsedMb, 0)} / ${mb(s.worker.heapTotalMb)}`),
    row('Temporal server RSS / PSS', (s) => `${num(s.temporal.rssMb, 0)} / ${mb(s.temporal.pssMb)}`),
    row("Temporal's Postgres RSS / PSS", (s) => (s.temporalPostgres ? `${num(s.temporalPostgres.rssMb, 0)} / ${mb(s.temporalPostgres.pssMb)}` : '–')),
    row('Temporal data on disk', (s) => mb(s.temporal.diskMb)),
    row('App Postgres RSS / PSS', (s) => `${num(s.appPostgres.rssMb, 0)} / ${mb(s.appPostgres.pssMb)}`),
    row('App Postgres on disk', (s) => mb(s.appPostgres.diskMb)),
    row('API RSS', (s) => mb(s.api.rssMb)),
    row('Filtered list', (s) => endpointCell(s.endpoints[0])),
    row('Summary report', (s) => endpointCell(s.endpoints[1])),
    row('Board API (`GET /v1/board`)', (s) => endpointCell(s.endpoints[2])),
    row('Board first load in Chromium, cold cache', (s) => boardCell(s)),
  ];
  out.push(table(['', ...cols.map((c) => c.head)], rows));
  return out.join('\n');
}
