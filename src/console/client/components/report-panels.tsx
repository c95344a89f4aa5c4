/**
 * The panels of the reports page (../pages/reports.tsx), each a chart with its table and a link to
 * the CSV of its endpoint: kept-on-time rate by week of the deadline (per team or owner; decided
 * promises only, the open ones counted apart), lapses by trigger × root cause, the satisfaction
 * check (CSAT and confirmed / unconfirmed / reopened), time to acknowledge (wall clock and
 * business hours), and callback attempts (attempts per kept promise, unreachable rate: two figures
 * of the summary report, which this panel fetches itself).
 */
import type { ComponentChildren } from 'preact';
import type { z } from 'zod';
import type { AcknowledgementReport, SatisfactionReport, WeeklyReport } from '../../../api/console-schemas';
import type { PatternsReport, SummaryReport } from '../../../api/query-schemas';
import { get } from '../api';
import { usePoll } from '../hooks';
import { counted } from '../words';
import { ChartView, PALETTE } from './chart';

export type ReportData = [
  z.infer<typeof WeeklyReport>,
  z.infer<typeof PatternsReport>,
  z.infer<typeof SatisfactionReport>,
  z.infer<typeof AcknowledgementReport>,
];
/** Each report's endpoint, with the range (and grouping) chosen; `&format=csv` downloads it. */
export interface ReportUrls {
  weekly: string;
  patterns: string;
  satisfaction: string;
  acks: string;
  /** The summary report over the same range; when not given, the patterns URL's range is used. */
  summary?: string;
}

const words = (v: string) => v.replace(/_/g, ' ');
const minutes = (s: number | null) => (s === null ? 0 : Math.round(s / 6) / 10);
const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);

function Panel(props: { id: string; title: string; csv?: string; children: ComponentChildren }) {
  return (
    <section class="panel report" aria-labelledby={`${props.id}-title`}>
      <h2 id={`${props.id}-title`}>{props.title}</h2>
      {props.children}
      {props.csv ? (
        <p>
          <a href={props.csv} download>
            Download CSV<span class="sr-only">: {props.title}</span>
          </a>
        </p>
      ) : null}
    </section>
  );
}

function Weekly(props: { report: ReportData[0]; url: string; groupBy: string }) {
  const { report, groupBy } = props;
  const weeks = [...new Set(report.rows.map((r) => r.week))];
  const groups = [...new Set(report.rows.map((r) => r.group))];
  const rate = (w: string, g: string) => report.rows.find((r) => r.week === w && r.group === g)?.keptOnTimeRate ?? null;
  const stillOpen = report.rows.reduce((n, r) => n + r.open, 0);
  return (
    <Panel id="weekly" title={`Kept on time, by week and ${groupBy}`} csv={`${props.url}&format=csv`}>
      <ChartView
        label={`Line chart of the share of promises kept on time per week, one line per ${groupBy}`}
        config={{
          type: 'line',
          data: {
            labels: weeks,
            datasets: groups.map((g, i) => ({
              label: g,
              data: weeks.map((w) => pct(rate(w, g))),
              borderColor: PALETTE[i % PALETTE.length],
              backgroundColor: PALETTE[i % PALETTE.length],
              spanGaps: true,
            })),
          },
          options: { scales: { y: { min: 0, max: 100, title: { display: true, text: '% kept on time' } } } },
        }}
        table={{
          head: ['Week due', groupBy, 'Promised', 'Kept on time', 'Missed', 'Still open', '% kept of decided'],
          rows: report.rows.map((r) => [r.week, r.group, r.promised, r.keptOnTime, r.missed, r.open, pct(r.keptOnTimeRate) ?? '–']),
        }}
      />
      <p class="muted" data-open={stillOpen}>
        Each promise counts in the week it was due, as first promised, once it is decided: kept on time against missed.{' '}
        {stillOpen ? `Still open, counted apart and not as missed: ${counted(stillOpen, 'promise')}.` : 'None is still open.'}
      </p>
    </Panel>
  );
}

function Patterns(props: { report: ReportData[1]; url: string }) {
  const { report } = props;
  const triggers = [...new Set(report.rows.map((r) => r.trigger))];
  const causes = [...new Set(report.rows.map((r) => r.rootCause))];
  const lapsed = (t: string, c: string) => report.rows.find((r) => r.trigger === t && r.rootCause === c)?.lapsed ?? 0;
  return (
    <Panel id="patterns" title="Lapses by trigger and root cause" csv={`${props.url}&format=csv`}>
      <ChartView
        label="Stacked bar chart of lapses per trigger, stacked by root cause"
        config={{
          type: 'bar',
          data: {
            labels: triggers.map(words),
            datasets: causes.map((c, i) => ({ label: words(c), data: triggers.map((t) => lapsed(t, c)), backgroundColor: PALETTE[i % PALETTE.length] })),
          },
          options: { scales: { x: { stacked: true }, y: { stacked: true, title: { display: true, text: 'lapses' } } } },
        }}
        table={{
          head: ['Trigger', 'Root cause', 'Commitments', 'Lapsed', 'Previous period'],
          rows: report.rows.map((r) => [words(r.trigger), words(r.rootCause), r.count, r.lapsed, r.previousCount]),
        }}
      />
    </Panel>
  );
}

function Satisfaction(props: { report: ReportData[2]; url: string }) {
  const { report } = props;
  return (
    <Panel id="satisfaction" title="Satisfaction check" csv={`${props.url}&format=csv`}>
      <div class="pair">
        <ChartView
          height={220}
          label="Bar chart of customer ratings from 1 to 5"
          config={{
            type: 'bar',
            data: {
              labels: ['1', '2', '3', '4', '5'],
              datasets: [{ label: 'ratings', data: report.ratings.map((r) => r.count), backgroundColor: PALETTE[0] }],
            },
            options: {
              plugins: { legend: { display: false } },
              scales: { x: { title: { display: true, text: 'rating (1 to 5)' } }, y: { title: { display: true, text: 'customers' } } },
            },
          }}
          table={{ head: ['Rating', 'Count'], rows: report.ratings.map((r) => [r.rating, r.count]) }}
        />
        <ChartView
          height={220}
          label="Doughnut chart of confirmed, unconfirmed and reopened commitments"
          config={{
            type: 'doughnut',
            data: {
              labels: ['confirmed', 'unconfirmed', 'reopened'],
              datasets: [{ data: [report.confirmed, report.unconfirmed, report.reopened], backgroundColor: [PALETTE[2], PALETTE[1], PALETTE[3]] }],
            },
          }}
          table={{ head: ['Asked', 'Confirmed', 'Unconfirmed', 'Reopened'], rows: [[report.asked, report.confirmed, report.unconfirmed, report.reopened]] }}
        />
      </div>
    </Panel>
  );
}

function Acknowledgements(props: { report: ReportData[3]; url: string }) {
  const { report } = props;
  return (
    <Panel id="acks" title="Time to acknowledge, per supervisor" csv={`${props.url}&format=csv`}>
      <ChartView
        label="Bar chart of median and 90th percentile minutes from escalation to acknowledgement, and the median in business hours, per supervisor"
        config={{
          type: 'bar',
          data: {
            labels: report.rows.map((r) => r.supervisor),
            datasets: [
              { label: 'median (min)', data: report.rows.map((r) => minutes(r.medianSeconds)), backgroundColor: PALETTE[0] },
              { label: '90th percentile (min)', data: report.rows.map((r) => minutes(r.p90Seconds)), backgroundColor: PALETTE[1] },
              { label: 'median in business hours (min)', data: report.rows.map((r) => minutes(r.medianBusinessSeconds)), backgroundColor: PALETTE[2] },
            ],
          },
          options: { scales: { y: { title: { display: true, text: 'minutes' } } } },
        }}
        table={{
          head: ['Supervisor', 'Acknowledged', 'Median (min)', 'p90 (min)', 'Median in business hours (min)'],
          rows: report.rows.map((r) => [r.supervisor, r.acknowledged, minutes(r.medianSeconds), minutes(r.p90Seconds), minutes(r.medianBusinessSeconds)]),
        }}
      />
      <p class="muted">
        In business hours: only the time the team's calendar was open between the escalation and the acknowledgement, read on the calendar as it is now. A team
        without a calendar is open all the time, so both medians are the same there.
      </p>
    </Panel>
  );
}

/**
 * Callback attempts over the promises made in the range: attempts per kept promise, and the share
 * of decided promises tried and never reached. Two figures of the summary report's overall row,
 * so no chart; the summary's CSV (GET /v1/reports/summary?format=csv) has them as columns.
 */
function Callbacks(props: { url: string }) {
  const summary = usePoll(() => get<z.infer<typeof SummaryReport>>(props.url), [props.url], 0);
  const row = summary.data?.rows[0];
  const perKept = row?.attemptsPerKeptPromise ?? null;
  const unreachable = pct(row?.unreachableRate ?? null);
  return (
    <Panel id="callbacks" title="Callback attempts">
      {summary.error ? (
        <p role="alert" class="error">
          Could not load the figures: {summary.error.message}
        </p>
      ) : summary.data ? (
        <dl class="facts" data-figures="callbacks">
          <dt>Attempts per kept promise</dt>
          <dd data-figure="attemptsPerKeptPromise">{perKept === null ? '– (none kept yet)' : perKept}</dd>
          <dt>Unreachable</dt>
          <dd data-figure="unreachableRate">{unreachable === null ? '– (nothing decided yet)' : `${unreachable}% of decided promises`}</dd>
          <dt>Moved by the customer</dt>
          <dd data-figure="customerMoves">{row ? `${row.customerMoves} ${row.customerMoves === 1 ? 'time' : 'times'} (not extensions)` : '–'}</dd>
        </dl>
      ) : (
        <p role="status">Loading…</p>
      )}
      <p class="muted">
        Of the promises made in the range. Attempts per kept promise: the calls logged on the promises kept, on time or late, for each one kept. Unreachable: of
        the promises kept or missed, those tried and never reached (at least one call that did not get through, none that did). Moved by the customer: times
        customers picked another time on their own page.
      </p>
    </Panel>
  );
}

/** The summary report over the range the patterns report is asked for (both count promises by when they were made). */
const summaryUrl = (url: ReportUrls) => url.summary ?? url.patterns.replace(/^\/v1\/reports\/patterns\?/, '/v1/reports/summary?');

export function ReportPanels(props: { data: ReportData; url: ReportUrls; groupBy: string }) {
  const [weekly, patterns, satisfaction, acks] = props.data;
  return (
    <div class="reports">
      <Weekly report={weekly} url={props.url.weekly} groupBy={props.groupBy} />
      <Patterns report={patterns} url={props.url.patterns} />
      <Satisfaction report={satisfaction} url={props.url.satisfaction} />
      <Acknowledgements report={acks} url={props.url.acks} />
      <Callbacks url={summaryUrl(props.url)} />
    </div>
  );
}
