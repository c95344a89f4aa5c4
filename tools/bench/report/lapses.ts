/** The lapse sections of docs/benchmarks.md: storms against their floors, single lapses, two workers and two APIs. */
import type { CommitmentTrace, RoundTrips } from '../history';
import { describeProfile } from '../profile';
import type { BackendResult, BenchResult } from '../run';
import { cpuMsTotal, type AlertLags } from '../scenarios/alerts';
import type { StormResult } from '../scenarios/storm';
import { TARGETS } from '../targets';
import { cpuLine, lagCells, ms, num, table, title } from './format';

export const CHART_FILE = 'benchmarks-alert-lag.svg';

export type StormRow = { label: string; lags: AlertLags; storm?: StormResult; floor?: 'bare' | 'equal-work' };

/** The rows of the storms of size n: the bare floor, the equal-work floor, the product, the product with the tuned worker. */
export function stormRows(b: BackendResult, n: number): StormRow[] {
  const storm = b.storms.find((s) => s.n === n);
  const tuned = b.stormsTuned?.find((s) => s.n === n);
  const rows: StormRow[] = [];
  if (storm?.floor) rows.push({ label: 'bare floor: bare workflows (timer + one activity)', lags: storm.floor, floor: 'bare' });
  if (storm?.equalFloor)
    rows.push({ label: 'equal-work floor: bare workflows (timer + alert and notice, two activities)', lags: storm.equalFloor, floor: 'equal-work' });
  if (storm) rows.push({ label: 'Followthrough', lags: storm, storm });
  if (tuned) rows.push({ label: `Followthrough, tuned worker (${describeProfile(b.tunedOptions)})`, lags: tuned, storm: tuned });
  return rows;
}

const cpuPerLapse = (l: AlertLags) => `${Math.round(cpuMsTotal(l))} ms`;
const ratio = (a: number, b: number | undefined) => (b ? `${num(a / b, 2)} ×` : '–');

export function stormSection(r: BenchResult): string {
  const sizes = r.options.stormNs;
  const out = ['## 2. Lapse storms', ''];
  out.push(
    `${sizes.join(' and ')} commitments created through the API, all due at the same instant, none fulfilled. Lag is measured per commitment from the deadline to the moment the local SMTP server or the Twilio-compatible server accepted the supervisor's alert ` +
      "(each commitment's owner has a team of their own in the staff directory whose supervisor, the policy's only level, is reached by SMS and email). *p50…max* are for the alert accepted on every channel (the headline); *first channel* when the first one was. " +
      '*Drain* is until all the work was done (customers told, read model written, worker idle). *Slack* is how long before the deadline creation and its recaps were finished, so the deadline hits a quiet system. ' +
      "The *bare floor* runs first in the same run, as many bare workflows that sleep until one instant and then run one activity making the alert's two sends (no read model, no notification rows, no templates): what this machine and Temporal manage at best. " +
      "The *equal-work floor* runs next: the same bare workflows making the two sends of a lapse, the supervisor's alert and the customer's notice (each by SMS and email), as two activities scheduled by one workflow task, the alert at the product's alert priority; its lag is the alert's. A lapse is twice the bare floor's work, so the ratio to the equal-work floor is the one that measures our own overhead. " +
      "*CPU per lapse* adds up the CPU our processes used during the storm, divided by the lapses. *× bare floor* and *× equal-work floor* divide the p99 and the CPU per lapse by that floor's.",
    '',
    `![Alert lag after ${sizes[sizes.length - 1] ?? ''} simultaneous lapses](${CHART_FILE})`,
    '',
  );
  const rows = sizes.flatMap((n) =>
    r.backends.flatMap((b) => {
      const rowsOf = stormRows(b, n);
      const bare = rowsOf.find((x) => x.floor === 'bare')?.lags;
      const equal = rowsOf.find((x) => x.floor === 'equal-work')?.lags;
      const against = (lags: AlertLags, floor: AlertLags | undefined) =>
        floor ? `${ratio(lags.alertLagMs.p99, floor.alertLagMs.p99)} / ${ratio(cpuMsTotal(lags), cpuMsTotal(floor))}` : '–';
      return rowsOf.map(({ label, lags, storm }) => [
        `${n}, ${title(b)}: ${label}`,
        `${lags.alerted}/${lags.started}`,
        storm ? ms(storm.slackMs) : '–',
        ...lagCells(lags.alertLagMs),
        ms(lags.firstChannelLagMs.p99),
        ms(lags.drainMs),
        cpuPerLapse(lags),
        storm ? against(lags, bare) : '–',
        storm ? against(lags, equal) : '–',
        String(lags.extraCopies),
      ]);
    }),
  );
  out.push(
    table(
      [
        'Lapses, run',
        'Alerted',
        'Slack',
        'p50',
        'p95',
        'p99',
        'max',
        'p99 first channel',
        'Drain',
        'CPU per lapse',
        '× bare floor (p99 / CPU)',
        '× equal-work floor (p99 / CPU)',
        'Extra copies',
      ],
      rows,
    ),
    '',
  );
  for (const n of sizes) {
    for (const b of r.backends) {
      for (const { label, lags } of stormRows(b, n)) {
        out.push(`- ${n}, ${title(b)}, ${label}: ${lags.cpuMsPerLapse.map((c) => `${c.component} ${c.ms} ms`).join(', ')} per lapse. ${cpuLine(lags.cpu)}`);
      }
    }
  }
  const traced = r.backends.flatMap((b) =>
    [...b.storms, ...(b.stormsTuned ?? [])].filter((s): s is StormResult => Boolean(s.trace)).map((s) => ({ b, t: s.trace as CommitmentTrace })),
  );
  const first = traced[traced.length - 1];
  if (first) out.push('', roundTrips(first.t, title(first.b)));
  return out.join('\n');
}

function roundTrips(t: CommitmentTrace, backend: string): string {
  return [
    '### Round trips per commitment',
    '',
    `Read from the history of one storm commitment (\`${t.workflowId}\`, ${backend}); the counts do not depend on the machine. The bare floor's workflow needs 3 workflow tasks and 1 activity in all, the equal-work floor's 3 or 4 workflow tasks (4 when its two activities finish in separate tasks) and 2 activities. Local activities (read-model writes) run inside workflow tasks and are not counted here; docs/scaling.md counts every path.`,
    '',
    table(
      ['Part', 'Workflow tasks', 'Activities', 'Timers started', 'History events'],
      [
        ['Creation (start → waiting for the deadline)', t.creation.workflowTasks, activityList(t.creation), t.creation.timersStarted, t.creation.events],
        ['Lapse (deadline → all work done)', t.lapse.workflowTasks, activityList(t.lapse), t.lapse.timersStarted, t.lapse.events],
      ],
    ),
    '',
    t.workflowTasksBeforeAlert === undefined
      ? 'The supervisor alert could not be located in the history.'
      : `The supervisor alert's activity is scheduled by workflow task ${t.workflowTasksBeforeAlert} after the deadline.`,
  ].join('\n');
}

function activityList(r: RoundTrips): string {
  return (
    Object.entries(r.activities)
      .map(([name, n]) => `${n} × ${name}`)
      .join(', ') || '0'
  );
}

export function singleSection(r: BenchResult): string {
  const measured = r.backends.filter((b) => b.single);
  if (!measured.length) return '';
  return [
    '## 3. Single lapses on an idle stack',
    '',
    `${r.options.singleRounds} times, one commitment due a few seconds after its recaps went out, alone on the stack, and next to it the floor's single bare workflow (a timer, then one activity with the same two sends). Lag: deadline → the alert accepted on every channel. Target: p50 ≤ ${TARGETS.singleLapseP50Ms / 1000} s.`,
    '',
    table(
      ['Backend', 'Followthrough p50 / max', 'Floor p50 / max', 'Each lapse (ms)'],
      measured.map((b) => {
        const s = b.single as NonNullable<BackendResult['single']>;
        return [title(b), `${ms(s.lapse.p50)} / ${ms(s.lapse.max)}`, `${ms(s.floor.p50)} / ${ms(s.floor.max)}`, s.lapseMs.map((x) => Math.round(x)).join(', ')];
      }),
    ),
  ].join('\n');
}

export function spreadSection(r: BenchResult): string {
  const measured = r.backends.filter((b) => b.spread);
  if (!measured.length) return '';
  const out = [
    '## 4. Two workers and two APIs, one Temporal server',
    '',
    `${r.options.spreadN} commitments created half through each of two API processes, every create then sent again with the same \`Idempotency-Key\` to the other API (a client retrying through a load balancer), all due at one instant, with two worker processes polling the task queue. ` +
      'Who did what is read from the histories (each workflow task and activity task records the identity of the worker that took it; local activities run inside workflow tasks). ' +
      '*Done twice* adds up alert copies beyond the first, retries answered with another commitment, read-model rows beyond one per create, and messages beyond three per create.',
    '',
  ];
  for (const b of measured) {
    const s = b.spread as NonNullable<BackendResult['spread']>;
    const tasks = s.byWorker.reduce((t, w) => t + w.workflowTasks, 0);
    const acts = s.byWorker.reduce((t, w) => t + w.activityTasks, 0);
    const rows = Object.entries(s.rowsPerCreate)
      .map(([copies, k]) => `${k} × ${copies}`)
      .join(', ');
    out.push(
      `### ${title(b)}`,
      '',
      table(
        ['Worker', 'Workflow tasks', 'Share', 'Activity tasks', 'Share'],
        s.byWorker.map((w) => [
          w.worker,
          w.workflowTasks,
          `${Math.round((w.workflowTasks / Math.max(1, tasks)) * 100)}%`,
          w.activityTasks,
          `${Math.round((w.activityTasks / Math.max(1, acts)) * 100)}%`,
        ]),
      ),
      '',
      `Creates answered 201: ${s.created}/${s.n}, and ${s.retriedElsewhere} of the retries on the other API; retries answered with another commitment: ${s.retryAnsweredOtherId}. Read-model rows per create: ${rows || '–'}. Messages beyond three per create: ${s.extraCreateMessages}. ` +
        `Alerts: ${s.alerts.alerted}/${s.alerts.started} on every channel, ${s.alerts.extraCopies} extra copies; p50 ${ms(s.alerts.alertLagMs.p50)}, p99 ${ms(s.alerts.alertLagMs.p99)}, drained in ${ms(s.alerts.drainMs)}.`,
      '',
      cpuLine(s.alerts.cpu),
      '',
    );
  }
  return out.join('\n');
}
