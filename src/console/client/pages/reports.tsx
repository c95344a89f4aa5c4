/**
 * Reports for supervisors, drawn with Chart.js: kept-on-time rate by week of the deadline (per
 * team or owner; decided promises only, the open ones counted apart), lapses by trigger × root
 * cause, the satisfaction check (CSAT and confirmed / unconfirmed / reopened), and time to
 * acknowledge. Each chart downloads as the CSV its endpoint gives.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { z } from 'zod';
import type { AcknowledgementReport, SatisfactionReport, WeeklyReport } from '../../../api/console-schemas';
import type { PatternsReport } from '../../../api/query-schemas';
import { instantOf, wallOf } from '../../../shared/zoned-time';
import { get } from '../api';
import { ChartView, PALETTE } from '../components/chart';
import { Choice } from '../components/fields';
import { usePoll } from '../hooks';
import { viewerZone } from '../time';
import { counted } from '../words';

type Data = [z.infer<typeof WeeklyReport>, z.infer<typeof PatternsReport>, z.infer<typeof SatisfactionReport>, z.infer<typeof AcknowledgementReport>];

const DAY_MS = 86_400_000;
const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** The Monday after this week: the weekly rate reads promises by their deadline, so this week is shown whole. */
const afterThisWeek = (ms: number) => dateOf(ms + ((8 - new Date(ms).getUTCDay()) % 7 || 7) * DAY_MS);
/** Midnight at the start of a calendar day in the viewer's zone. */
const midnight = (date: string) => new Date(instantOf(wallOf(date, '00:00'), viewerZone)).toISOString();
const words = (v: string) => v.replace(/_/g, ' ');
const minutes = (s: number | null) => (s === null ? 0 : Math.round(s / 6) / 10);

function Panel(props: { id: string; title: string; csv: string; children: ComponentChildren }) {
  return (
    <section class="panel report" aria-labelledby={`${props.id}-title`}>
      <h2 id={`${props.id}-title`}>{props.title}</h2>
      {props.children}
      <p><a href={props.csv} download>Download CSV<span class="sr-only">: {props.title}</span></a></p>
    </section>
  );
}

export function ReportsPage() {
  const [from, setFrom] = useState(dateOf(Date.now() - 56 * DAY_MS));
  const [to, setTo] = useState(afterThisWeek(Date.now()));
  const [groupBy, setGroupBy] = useState('team');
  const range = `from=${encodeURIComponent(midnight(from))}&to=${encodeURIComponent(midnight(to))}`;
  const url = { weekly: `/v1/reports/weekly?${range}&groupBy=${groupBy}`, patterns: `/v1/reports/patterns?${range}`, satisfaction: `/v1/reports/satisfaction?${range}`, acks: `/v1/reports/acknowledgements?${range}` };
  const data = usePoll(() => Promise.all([get(url.weekly), get(url.patterns), get(url.satisfaction), get(url.acks)]) as Promise<Data>, [range, groupBy], 0);
  useEffect(() => {
    document.title = 'Reports · Followthrough';
    if (document.activeElement === document.body) document.querySelector<HTMLElement>('main h1')?.focus();
  }, []);
  const [weekly, patterns, satisfaction, acks] = data.data ?? [];

  const weeks = [...new Set(weekly?.rows.map((r) => r.week))];
  const groups = [...new Set(weekly?.rows.map((r) => r.group))];
  const triggers = [...new Set(patterns?.rows.map((r) => r.trigger))];
  const causes = [...new Set(patterns?.rows.map((r) => r.rootCause))];
  const lapsed = (t: string, c: string) => patterns?.rows.find((r) => r.trigger === t && r.rootCause === c)?.lapsed ?? 0;
  const rate = (w: string, g: string) => weekly?.rows.find((r) => r.week === w && r.group === g)?.keptOnTimeRate ?? null;
  const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);
  const stillOpen = (weekly?.rows ?? []).reduce((n, r) => n + r.open, 0);

  return (
    <>
      <h1 tabIndex={-1}>Reports</h1>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <div class="field"><label for="from">From</label><input id="from" type="date" value={from} onChange={(e) => setFrom(e.currentTarget.value)} /></div>
        <div class="field"><label for="to">Until (not included)</label><input id="to" type="date" value={to} onChange={(e) => setTo(e.currentTarget.value)} /></div>
        <Choice name="groupBy" label="Kept-on-time per" value={groupBy} onChange={setGroupBy} options={[['team', 'team'], ['owner', 'owner']]} />
      </form>
      {data.error ? <p role="alert" class="error">Could not load the reports: {data.error.message}</p> : null}
      {data.data ? (
        <div class="reports">
          <Panel id="weekly" title={`Kept on time, by week and ${groupBy}`} csv={`${url.weekly}&format=csv`}>
            <ChartView
              label={`Line chart of the share of promises kept on time per week, one line per ${groupBy}`}
              config={{ type: 'line', data: { labels: weeks, datasets: groups.map((g, i) => ({ label: g, data: weeks.map((w) => pct(rate(w, g))), borderColor: PALETTE[i % PALETTE.length], backgroundColor: PALETTE[i % PALETTE.length], spanGaps: true })) }, options: { scales: { y: { min: 0, max: 100, title: { display: true, text: '% kept on time' } } } } }}
              table={{
                head: ['Week due', groupBy, 'Promised', 'Kept on time', 'Missed', 'Still open', '% kept of decided'],
                rows: (weekly?.rows ?? []).map((r) => [
                  r.week, r.group, r.promised, r.keptOnTime, r.missed, r.open, pct(r.keptOnTimeRate) ?? '–',
                ]),
              }}
            />
            <p class="muted" data-open={stillOpen}>
              Each promise counts in the week it was due, as first promised, once it is decided: kept on time against missed.{' '}
              {stillOpen ? `Still open, counted apart and not as missed: ${counted(stillOpen, 'promise')}.` : 'None is still open.'}
            </p>
          </Panel>
          <Panel id="patterns" title="Lapses by trigger and root cause" csv={`${url.patterns}&format=csv`}>
            <ChartView
              label="Stacked bar chart of lapses per trigger, stacked by root cause"
              config={{ type: 'bar', data: { labels: triggers.map(words), datasets: causes.map((c, i) => ({ label: words(c), data: triggers.map((t) => lapsed(t, c)), backgroundColor: PALETTE[i % PALETTE.length] })) }, options: { scales: { x: { stacked: true }, y: { stacked: true, title: { display: true, text: 'lapses' } } } } }}
              table={{ head: ['Trigger', 'Root cause', 'Commitments', 'Lapsed', 'Previous period'], rows: (patterns?.rows ?? []).map((r) => [words(r.trigger), words(r.rootCause), r.count, r.lapsed, r.previousCount]) }}
            />
          </Panel>
          <Panel id="satisfaction" title="Satisfaction check" csv={`${url.satisfaction}&format=csv`}>
            <div class="pair">
              <ChartView height={220} label="Bar chart of customer ratings from 1 to 5" config={{ type: 'bar', data: { labels: ['1', '2', '3', '4', '5'], datasets: [{ label: 'ratings', data: satisfaction?.ratings.map((r) => r.count) ?? [], backgroundColor: PALETTE[0] }] }, options: { plugins: { legend: { display: false } }, scales: { x: { title: { display: true, text: 'rating (1 to 5)' } }, y: { title: { display: true, text: 'customers' } } } } }} table={{ head: ['Rating', 'Count'], rows: (satisfaction?.ratings ?? []).map((r) => [r.rating, r.count]) }} />
              <ChartView height={220} label="Doughnut chart of confirmed, unconfirmed and reopened commitments" config={{ type: 'doughnut', data: { labels: ['confirmed', 'unconfirmed', 'reopened'], datasets: [{ data: [satisfaction?.confirmed ?? 0, satisfaction?.unconfirmed ?? 0, satisfaction?.reopened ?? 0], backgroundColor: [PALETTE[2], PALETTE[1], PALETTE[3]] }] } }} table={{ head: ['Asked', 'Confirmed', 'Unconfirmed', 'Reopened'], rows: [[satisfaction?.asked ?? 0, satisfaction?.confirmed ?? 0, satisfaction?.unconfirmed ?? 0, satisfaction?.reopened ?? 0]] }} />
            </div>
          </Panel>
          <Panel id="acks" title="Time to acknowledge, per supervisor" csv={`${url.acks}&format=csv`}>
            <ChartView
              label="Bar chart of median and 90th percentile minutes from escalation to acknowledgement, per supervisor"
              config={{ type: 'bar', data: { labels: acks?.rows.map((r) => r.supervisor) ?? [], datasets: [{ label: 'median (min)', data: acks?.rows.map((r) => minutes(r.medianSeconds)) ?? [], backgroundColor: PALETTE[0] }, { label: '90th percentile (min)', data: acks?.rows.map((r) => minutes(r.p90Seconds)) ?? [], backgroundColor: PALETTE[1] }] }, options: { scales: { y: { title: { display: true, text: 'minutes' } } } } }}
              table={{ head: ['Supervisor', 'Acknowledged', 'Median (min)', 'p90 (min)'], rows: (acks?.rows ?? []).map((r) => [r.supervisor, r.acknowledged, minutes(r.medianSeconds), minutes(r.p90Seconds)]) }}
            />
          </Panel>
        </div>
      ) : (
        <p role="status">Loading…</p>
      )}
    </>
  );
}
