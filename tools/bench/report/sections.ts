/** The measurement sections of docs/benchmarks.md: create and scale (the lapses are in lapses.ts). */
import type { BenchResult } from '../run';
import type { CreateKind } from '../scenarios/create';
import type { EndpointResult, ScaleResult } from '../scenarios/scale';
import { TARGETS } from '../targets';
import { cpuLine, KIND_LABEL, ms, num, table, title } from './format';

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
        c.kinds.map((k) => [
          KIND_LABEL[k.kind],
          k.n,
          k.errors,
          `${num(k.throughput)}/s`,
          `${num(k.medianRoundThroughput)}/s`,
          ms(k.latencyMs.p50),
          ms(k.latencyMs.p95),
          ms(k.latencyMs.p99),
          k.settledThroughput === undefined ? '–' : `${num(k.settledThroughput)}/s`,
        ]),
      ),
    );
    const components = [...new Set(c.kinds.flatMap((k) => Object.keys(k.cpuMsPerCall ?? {})))].filter((comp) =>
      c.kinds.some((k) => (k.cpuMsPerCall?.[comp] ?? 0) >= 0.05),
    );
    if (components.length) {
      out.push('', 'CPU per call while the calls were made (ms of one core; the worker runs the workflows the calls start):', '');
      out.push(
        table(
          ['Kind', ...components, 'total'],
          c.kinds.map((k) => [
            KIND_LABEL[k.kind],
            ...components.map((comp) => num(k.cpuMsPerCall?.[comp], 1)),
            num(
              Object.values(k.cpuMsPerCall ?? {}).reduce((x, y) => x + y, 0),
              1,
            ),
          ]),
        ),
      );
    }
    out.push(
      '',
      `REST ÷ bare: **${num(c.ratio.median, 2)}** (median of rounds ${c.ratio.perRound.map((x) => x.toFixed(2)).join(', ')}; ${num(c.ratio.overall, 2)} over all calls); target ≥ ${TARGETS.createRatio}.`,
    );
    for (const [kind, ratio] of Object.entries(c.otherRatios)) {
      out.push(`${KIND_LABEL[kind as CreateKind]} ÷ bare: ${num(ratio.median, 2)} (rounds ${ratio.perRound.map((x) => x.toFixed(2)).join(', ')}).`);
    }
    out.push('', cpuLine(c.cpu), '');
  }
  return out.join('\n');
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
  const out = ['## 5. Scale', ''];
  out.push(
    `Topped up to ${r.options.scaleOpen} running commitment workflows (open, plus the storm's escalated ones waiting for an acknowledgement), all recaps delivered, then measured. ` +
      "The worker's cache is full when memory is read (a restarted worker first gets enough new commitments to fill it). " +
      'RSS is `VmRSS` from `/proc/<pid>/status` (summed over the process tree for Postgres, which counts shared buffers once per process); PSS splits shared pages fairly and is the better cost figure for Postgres. ' +
      `The list, report and board requests run ${r.options.requests} times each, 4 at a time, as the bench team's supervisor (who sees that team's commitments; the storms' commitments belong to one-person teams of their own): \`GET /v1/commitments?${r.options.listQuery}\`, \`GET /v1/reports/summary?…groupBy=owner\` over the last day, and \`GET /v1/board\`. ` +
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
