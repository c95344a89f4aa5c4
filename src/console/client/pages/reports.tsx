/**
 * Reports for supervisors, drawn with Chart.js: kept-on-time rate by week of the deadline (per
 * team or owner; decided promises only, the open ones counted apart), lapses by trigger × root
 * cause, the satisfaction check (CSAT and confirmed / unconfirmed / reopened), and time to
 * acknowledge. Each chart downloads as the CSV its endpoint gives. The page chooses the range and
 * fetches; the panels are ../components/report-panels.tsx. Below them, the hard calls flagged per
 * agent and week and the check-ins done (../components/hard-calls.tsx), over the same range.
 */
import { useEffect, useState } from 'preact/hooks';
import { instantOf, wallOf } from '../../../shared/zoned-time';
import { get } from '../api';
import { Choice } from '../components/fields';
import { HardCallsReport } from '../components/hard-calls';
import { ReportPanels, type ReportData, type ReportUrls } from '../components/report-panels';
import { usePoll } from '../hooks';
import { viewerZone } from '../time';

const DAY_MS = 86_400_000;
const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** The Monday after this week: the weekly rate reads promises by their deadline, so this week is shown whole. */
const afterThisWeek = (ms: number) => dateOf(ms + ((8 - new Date(ms).getUTCDay()) % 7 || 7) * DAY_MS);
/** Midnight at the start of a calendar day in the viewer's zone. */
const midnight = (date: string) => new Date(instantOf(wallOf(date, '00:00'), viewerZone)).toISOString();

export function ReportsPage() {
  const [from, setFrom] = useState(dateOf(Date.now() - 56 * DAY_MS));
  const [to, setTo] = useState(afterThisWeek(Date.now()));
  const [groupBy, setGroupBy] = useState('team');
  const range = `from=${encodeURIComponent(midnight(from))}&to=${encodeURIComponent(midnight(to))}`;
  const url: ReportUrls = {
    weekly: `/v1/reports/weekly?${range}&groupBy=${groupBy}`,
    patterns: `/v1/reports/patterns?${range}`,
    satisfaction: `/v1/reports/satisfaction?${range}`,
    acks: `/v1/reports/acknowledgements?${range}`,
  };
  const data = usePoll(
    () => Promise.all([get(url.weekly), get(url.patterns), get(url.satisfaction), get(url.acks)]) as Promise<ReportData>,
    [range, groupBy],
    0,
  );
  useEffect(() => {
    document.title = 'Reports · Followthrough';
    if (document.activeElement === document.body) document.querySelector<HTMLElement>('main h1')?.focus();
  }, []);

  return (
    <>
      <h1 tabIndex={-1}>Reports</h1>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for="from">From</label>
          <input id="from" type="date" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="to">Until (not included)</label>
          <input id="to" type="date" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
        </div>
        <Choice
          name="groupBy"
          label="Kept-on-time per"
          value={groupBy}
          onChange={setGroupBy}
          options={[
            ['team', 'team'],
            ['owner', 'owner'],
          ]}
        />
      </form>
      {data.error ? (
        <p role="alert" class="error">
          Could not load the reports: {data.error.message}
        </p>
      ) : null}
      {data.data ? <ReportPanels data={data.data} url={url} groupBy={groupBy} /> : <p role="status">Loading…</p>}
      <HardCallsReport range={range} />
    </>
  );
}
