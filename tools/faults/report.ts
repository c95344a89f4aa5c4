/**
 * The verdict of a run and its table in docs/reliability.md. Only the block between a section's
 * markers is generated ("before": today's delivery code, "after": once it is fixed); the
 * hand-written explanation around the blocks survives every run.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { table } from '../bench/report/format';
import type { Machine } from '../bench/machine';
import type { ChannelCount, MessageCount } from './count';
import { EVENT_KINDS, eventsLost, type EventsResult, type EventTypeCount } from './events';
import type { MachineLoad } from './machine-load';
import { SCENARIO_IDS, type FaultOptions, type Section } from './options';
import type { LapseResult } from './scenario';
import { STOP_SCENARIO, type StopResult } from './stop-scenario';

export interface FaultRun {
  mode: 'full' | 'quick';
  command: string;
  /** Which code was measured: commit, and whether the tree had uncommitted changes. */
  source: string;
  startedAt: string;
  durationS: number;
  options: FaultOptions;
  machine: Machine;
  lapses: LapseResult[];
  stop?: StopResult;
  /** Scenarios that could not run to the end, with why. */
  errors: string[];
}

/** The issue's bar for a staff alert while the app's Postgres is down: out within 5 s of the deadline. */
export const ALERT_WITHOUT_POSTGRES_S = 5;

const channelName = (c: 'sms' | 'email') => (c === 'sms' ? 'SMS' : 'email');
const signed = (s: number) => `${s >= 0 ? '+' : '−'}${Math.abs(s).toFixed(1)} s`;

/** The first alert arrived while Postgres was down, within the bar. */
function alertedWhileDown(r: LapseResult): boolean {
  const { firstAlert: first, postgresDown: down } = r;
  return Boolean(first && down && first.afterS >= down.fromS && first.afterS < down.toS && first.afterS <= ALERT_WITHOUT_POSTGRES_S);
}

const lostOrHidden = (m: MessageCount) => m.sms.lost + m.email.lost + m.sms.recordedSentButLost + m.email.recordedSentButLost;

/** Why the run fails: a message lost or recorded as sent but lost, a create not applied exactly once, a STOP not honoured. */
export function failures(run: FaultRun): string[] {
  const out = run.errors.map((e) => `did not finish: ${e}`);
  for (const r of run.lapses) {
    if (lostOrHidden(r.alert)) out.push(`${r.id}: supervisor alerts lost or recorded as sent but lost`);
    if (lostOrHidden(r.notice)) out.push(`${r.id}: customer notices lost or recorded as sent but lost`);
    const rows = r.creates.rowsPerCommitment;
    if (rows && (r.creates.created !== r.n || Object.keys(rows).some((k) => k !== '1'))) out.push(`${r.id}: commitments not created exactly once`);
    if (r.events) {
      const lost = eventsLost(r.events);
      if (lost) out.push(`${r.id}: ${lost} events out lost (${EVENT_KINDS.map((k) => `${k} ${r.events?.byType[k].lost ?? 0}`).join(', ')})`);
      if (r.events.outOfOrder) out.push(`${r.id}: ${r.events.outOfOrder} commitments' events arrived out of order`);
    }
    if (r.postgresDown && !alertedWhileDown(r)) {
      const came = r.firstAlert ? `${signed(r.firstAlert.afterS)} after the deadline` : 'never';
      out.push(`${r.id}: the first alert came ${came}, not within ${ALERT_WITHOUT_POSTGRES_S} s while Postgres was down`);
    }
  }
  if (run.stop && run.stop.textedAfterStop > 0) out.push(`${run.stop.id}: ${run.stop.textedAfterStop} customers texted after STOP`);
  return out;
}

const bold = (v: number) => (v > 0 ? `**${v}**` : String(v));

function cell(c: ChannelCount): string {
  const base = `${c.received} / ${bold(c.lost)} / ${bold(c.duplicated)}`;
  if (!c.copies) return base;
  const each = c.copies.min === c.copies.max ? `${c.copies.min} copies each` : `${c.copies.min}–${c.copies.max} copies each`;
  if (c.folded === undefined) return `${base} (${each})`;
  const folded =
    c.folded === 0
      ? 'each under a new Message-ID, so none folded'
      : c.folded === c.extraCopies
        ? 'all under one Message-ID, folded by mail clients'
        : `${c.folded} of ${c.extraCopies} extra copies reuse a Message-ID (folded)`;
  return `${base} (${each}; ${folded})`;
}

function hidden(r: LapseResult): string {
  const sent = [r.alert.sms, r.alert.email, r.notice.sms, r.notice.email].reduce((sum, c) => sum + c.recordedSentButLost, 0);
  const claimed = r.alert.claimedButNothingArrived + r.notice.claimedButNothingArrived;
  return `${bold(sent)}${claimed ? ` (timeline says alerted/told, nothing arrived: **${claimed}**)` : ''}`;
}

function lapseTable(run: FaultRun): string {
  const rows = run.lapses.map((r) => [
    r.label,
    cell(r.alert.sms),
    cell(r.alert.email),
    cell(r.notice.sms),
    cell(r.notice.email),
    hidden(r),
    r.quiet ? `${r.settledAfterS} s` : `not quiet after ${r.settledAfterS} s (${r.busy} busy)`,
  ]);
  return table(
    ['fault', 'supervisor SMS', 'supervisor email', 'customer notice SMS', 'customer notice email', 'recorded as sent but lost', 'quiet after the deadline'],
    rows,
  );
}

function createsTable(run: FaultRun): string | undefined {
  const rows = run.lapses
    .filter((r) => r.creates.rowsPerCommitment)
    .map((r) => [
      r.label,
      `${r.creates.created} / ${r.n}`,
      String(r.creates.retried),
      Object.entries(r.creates.rowsPerCommitment ?? {})
        .map(([copies, k]) => `${k} × ${copies}`)
        .join(', '),
      cell((r.recap as MessageCount).sms),
      Object.entries(r.creates.answers)
        .map(([a, k]) => `${a} × ${k}`)
        .join(', ') || '–',
    ]);
  return rows.length
    ? table(['fault', 'answered 201', 'needed a retry', 'commitments per create (count × rows)', 'recap SMS', 'failed attempts'], rows)
    : undefined;
}

/** Rows whose fault took Postgres away: when the first alert came, and whether Postgres was still down. */
function postgresTable(run: FaultRun): string | undefined {
  const rows = run.lapses.flatMap((r) => {
    const down = r.postgresDown;
    if (!down) return [];
    const first = r.firstAlert;
    const stillDown = Boolean(first && first.afterS < down.toS);
    const arrived = first ? `${signed(first.afterS)} (${channelName(first.channel)})` : '**none**';
    return [[r.label, `${signed(down.fromS)} to ${signed(down.toS)}`, arrived, stillDown ? 'yes' : '**no**']];
  });
  const head = ['fault', 'Postgres down (from the deadline)', 'first supervisor alert received', 'Postgres still down then'];
  return rows.length ? table(head, rows) : undefined;
}

const duration = (ms: number) => (ms < 60_000 ? `${ms / 1000} s` : ms < 3_600_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 360_000) / 10} h`);

/** "1 s, 5 s, 15 s, 30 s × 6": the steps, equal neighbours folded. */
export function describeSchedule(e: Pick<EventsResult, 'retryScheduleMs' | 'realSchedule'>): string {
  if (e.realSchedule) return `real (${e.retryScheduleMs.slice(0, 3).map(duration).join(', ')}, …)`;
  const runs: { ms: number; k: number }[] = [];
  for (const ms of e.retryScheduleMs) {
    const last = runs[runs.length - 1];
    if (last && last.ms === ms) last.k += 1;
    else runs.push({ ms, k: 1 });
  }
  return `compressed: ${runs.map((r) => `${duration(r.ms)}${r.k > 1 ? ` × ${r.k}` : ''}`).join(', ')}`;
}

function eventCell(c: EventTypeCount): string {
  const base = `${c.received} / ${bold(c.lost)} / ${bold(c.duplicated)}`;
  const where = Object.entries(c.lostBy).map(([state, k]) => `${k} ${state === 'delivered' ? '**recorded as delivered**' : state}`);
  return where.length ? `${base} (lost: ${where.join(', ')})` : base;
}

/** Rows whose fault subscribed a receiver: each event type received / lost / duplicated, order, and how long the recovery took. */
function eventsTable(run: FaultRun): string | undefined {
  const rows = run.lapses.flatMap((r) => {
    const e = r.events;
    if (!e) return [];
    return [
      [
        r.label,
        ...EVENT_KINDS.map((k) => eventCell(e.byType[k])),
        bold(e.outOfOrder),
        e.down ? `${signed(e.down.fromS)} to ${signed(e.down.toS)}` : '–',
        e.recoveryToLastS === undefined ? '–' : `${e.recoveryToLastS.toFixed(1)} s`,
        describeSchedule(e),
      ],
    ];
  });
  const head = [
    'fault',
    'lapsed events',
    'escalated events',
    'created events',
    'commitments out of order',
    'receiver down (from the deadline)',
    'receiver back → last event',
    'retry schedule',
  ];
  return rows.length ? table(head, rows) : undefined;
}

/** "the pump made 600 attempts (HTTP 503 × 450, HTTP 204 × 150); the receiver refused 0 signatures": for the notes and the log. */
export function describeEvents(e: EventsResult): string {
  const counts = EVENT_KINDS.map((k) => `${k} ${e.byType[k].received}/${e.byType[k].lost}/${e.byType[k].duplicated}`).join(', ');
  const attempts = Object.entries(e.attempts)
    .sort((a, b) => b[1] - a[1])
    .map(([answer, k]) => `${answer} × ${k}`)
    .join(', ');
  const lag = e.byType.lapsed.lagS
    ? `lapsed events ${e.byType.lapsed.lagS.p50} s (median) to ${e.byType.lapsed.lagS.max} s after the deadline`
    : 'no lapsed event';
  return [
    `events ${counts} (received/lost/duplicated)`,
    `${lag}${e.recoveryToLastS !== undefined ? `, the last ${e.recoveryToLastS} s after the receiver was back` : ''}`,
    `the pump logged ${Object.values(e.attempts).reduce((a, b) => a + b, 0)} attempts (${attempts || 'none'})`,
    `deliveries ${
      Object.entries(e.deliveries)
        .map(([state, k]) => `${state} × ${k}`)
        .join(', ') || 'none'
    }${e.settled ? '' : ', **still pending when counting stopped**'}`,
    `retry schedule ${describeSchedule(e)}`,
    `${e.refused} requests failed verification, ${e.unexpected} other events`,
  ].join('; ');
}

function stopTable(s: StopResult): string {
  const answers = (a: Record<string, number>) =>
    Object.entries(a)
      .map(([k, v]) => `${k} × ${v}`)
      .join(', ');
  return table(
    ['fault', 'STOP webhooks answered', 'opt-outs recorded', 'timelines say opted out', 'customers texted after STOP', 'extension emailed'],
    [
      [
        s.label,
        answers(s.stopAnswers),
        `${s.optOutsRecorded} / ${s.n}`,
        `${s.optedOutInTimeline} / ${s.n}`,
        bold(s.textedAfterStop),
        `${s.extension.email.received} / ${s.n}`,
      ],
    ],
  );
}

/** "the worker exited by itself 2 times (restarted)": a crash the fault caused is a finding too. */
function exits(byProcess: Record<string, number>): string[] {
  return Object.entries(byProcess)
    .filter(([, k]) => k > 0)
    .map(([name, k]) => `**the ${name} exited by itself ${k === 1 ? 'once' : `${k} times`}** (restarted as a supervisor would)`);
}

/** "first supervisor alert +0.9 s (SMS), Postgres still down", for a row whose fault took Postgres away. */
function firstAlertNote(r: LapseResult | StopResult): string[] {
  if (!('postgresDown' in r) || !r.postgresDown || !r.firstAlert) return [];
  const still = r.firstAlert.afterS < r.postgresDown.toS ? 'Postgres still down' : 'after Postgres was back';
  return [`first supervisor alert ${signed(r.firstAlert.afterS)} after the deadline (${channelName(r.firstAlert.channel)}), ${still}`];
}

function eventsSection(run: FaultRun): string[] {
  const t = eventsTable(run);
  if (!t) return [];
  return [
    '',
    'Events out, to a receiver subscribed before the creates (each cell: received / lost / duplicated by `webhook-id`, out of the timeline entries of that type). ' +
      '*Out of order*: commitments one of whose events first arrived before an earlier one of the same commitment. *Receiver back → last event*: from the moment it answered 2xx again to the first copy of the last lapsed or escalated event.',
    '',
    t,
  ];
}

const busy = (l: MachineLoad) => `CPU: the suite's processes ${l.suitePercent}% of a core, other processes on the machine ${l.otherPercent}%.`;

/** An earlier run a block cites, and its results file (relative to the repository). */
export interface Earlier {
  run: FaultRun;
  file: string;
}

const EARLIER_MARK = ' †';

/**
 * A run of some faults only keeps the rows of the others from the runs the block cited, each marked
 * and its run named: a run of one fault does not wipe the table. A run of every fault replaces it all.
 */
function combine(run: FaultRun, earlier: Earlier[]): { combined: FaultRun; kept: Map<Earlier, string[]> } {
  const kept = new Map<Earlier, string[]>();
  if (run.options.scenarios.length >= SCENARIO_IDS.length) return { combined: run, kept };
  const mark = <T extends { label: string }>(e: Earlier, r: T): T => {
    kept.set(e, [...(kept.get(e) ?? []), r.label]);
    return { ...r, label: `${r.label}${EARLIER_MARK}` };
  };
  const lapses = SCENARIO_IDS.flatMap((id) => {
    const own = run.lapses.find((r) => r.id === id);
    if (own || run.options.scenarios.includes(id)) return own ? [own] : [];
    for (const e of earlier) {
      const r = e.run.lapses.find((l) => l.id === id);
      if (r) return [mark(e, r)];
    }
    return [];
  });
  let stop = run.stop;
  if (!run.options.scenarios.includes(STOP_SCENARIO.id)) {
    const e = earlier.find((x) => x.run.stop);
    if (e?.run.stop) stop = mark(e, e.run.stop);
  }
  return { combined: { ...run, lapses, ...(stop ? { stop } : {}) }, kept };
}

export function renderSection(run: FaultRun, jsonFile: string, earlier: Earlier[] = []): string {
  const m = run.machine;
  const { combined, kept } = combine(run, earlier);
  const verdict = failures(combined);
  return [
    `Run of \`${run.command}\` on ${run.startedAt.slice(0, 10)}: code ${run.source}; ${m.cores} × ${m.cpuModel}, Node ${m.node}, Temporal SDK ${m.temporalSdk}, ${m.temporalCli}; ${Math.round(run.durationS / 60)} min. Results: \`${jsonFile}\`.`,
    ...[...kept].map(
      ([e, labels]) =>
        `\nRows marked${EARLIER_MARK} were not measured by this run; they are from the run of \`${e.run.command}\` on ${e.run.startedAt.slice(0, 10)} (code ${e.run.source}; ${Math.round(e.run.durationS / 60)} min), results \`${e.file}\`: ${labels.join('; ')}.`,
    ),
    '',
    'Each cell: received / lost / duplicated, out of the commitments created.',
    '',
    lapseTable(combined),
    ...[postgresTable(combined), createsTable(combined)].filter((t): t is string => Boolean(t)).flatMap((t) => ['', t]),
    ...eventsSection(combined),
    ...(combined.stop ? ['', stopTable(combined.stop)] : []),
    '',
    kept.size ? 'What each fault did in its run:' : 'What each fault did in this run:',
    '',
    ...[...combined.lapses, ...(combined.stop ? [combined.stop] : [])].map((r) => {
      const notes = [...r.fault, ...firstAlertNote(r), ...('events' in r && r.events ? [describeEvents(r.events)] : []), ...exits(r.unexpectedExits)];
      return `- ${r.label}: ${notes.join('; ') || 'no fault'}. ${busy(r.load)}`;
    }),
    '',
    verdict.length ? `Verdict: **fails** (${verdict.join('; ')}).` : 'Verdict: passes (nothing lost, nothing recorded as sent but lost).',
  ].join('\n');
}

const marker = (section: Section, end: boolean) =>
  `<!-- faults:${section}:${end ? 'end' : 'start'} (npm run faults -- --docs ${section} rewrites this block) -->`;

/** The runs a block cites (its results files), newest first, those that can still be read. */
function citedRuns(repo: string, block: string, except: string): Earlier[] {
  const files = [...new Set([...block.matchAll(/`(tools\/faults\/results\/[^`]+\.json)`/g)].map((x) => x[1] as string))].filter((f) => f !== except);
  return files.flatMap((f) => {
    try {
      return [{ run: JSON.parse(readFileSync(path.join(repo, f), 'utf8')) as FaultRun, file: f }];
    } catch {
      return [];
    }
  });
}

export function writeDocs(repo: string, run: FaultRun, section: Section, jsonFile: string): string {
  const file = path.join(repo, 'docs', 'reliability.md');
  const doc = existsSync(file) ? readFileSync(file, 'utf8') : '# Reliability\n';
  const start = doc.indexOf(marker(section, false));
  const end = doc.indexOf(marker(section, true));
  const earlier = start >= 0 && end > start ? citedRuns(repo, doc.slice(start, end), jsonFile) : [];
  const block = `${marker(section, false)}\n${renderSection(run, jsonFile, earlier)}\n${marker(section, true)}`;
  const next =
    start >= 0 && end > start
      ? doc.slice(0, start) + block + doc.slice(end + marker(section, true).length)
      : `${doc.trimEnd()}\n\n## ${section === 'before' ? 'Before' : 'After'}\n\n${block}\n`;
  writeFileSync(file, next);
  return file;
}
