/**
 * Hard calls in the console (../hard-calls.ts): the panel of a commitment's flags (and the
 * customer's count when it is a pattern), the board's check-ins for a supervisor (each one click
 * to done, polled like the rest of the board), and the reports' table of flags per agent and week.
 * Staff pages only: the customer never sees a flag.
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiError, get, post } from '../api';
import { checkInTitle, kindWords, PATTERN, type CheckIn, type HardCall, type HardCallList, type HardCallReport } from '../hard-calls';
import { usePoll } from '../hooks';
import { forViewer } from '../time';
import { counted } from '../words';

/** "This customer's calls were flagged 3 times in the last 30 days." */
export const customerFlagsText = (n: number) => `This customer's calls were flagged ${counted(n, 'time')} in the last 30 days.`;

function Flag(props: { h: HardCall; now: Date }) {
  const { h, now } = props;
  return (
    <li data-hard-call={h.id}>
      <strong>{kindWords(h.kind)}</strong>: <span class="note">{h.note}</span>
      <br />
      <span class="muted">
        Flagged by {h.flaggedBy.name}, <time dateTime={h.flaggedAt}>{forViewer(h.flaggedAt, now)}</time>
        {h.agent.id !== h.flaggedBy.id ? ` · ${h.agent.name}'s call` : ''}
      </span>
    </li>
  );
}

/**
 * One commitment's hard calls, its customer's count when it is a pattern, and the button that
 * flags one (for whoever may speak to the customer, in any status). `list` is undefined while it
 * loads, an Error when it could not be.
 */
export function HardCallsPanel(props: { list: HardCallList | Error | undefined; now: Date; canFlag: boolean; onFlag: () => void }) {
  const { list, now } = props;
  return (
    <section aria-labelledby="hard-calls-title" class="hard-calls">
      <h2 id="hard-calls-title">Hard calls</h2>
      {list instanceof Error ? (
        <p class="error">Could not load the hard calls: {list.message}</p>
      ) : list ? (
        <>
          {list.customerFlagsLast30Days >= PATTERN ? (
            <p class="warning" data-customer-flags={list.customerFlagsLast30Days}>
              {customerFlagsText(list.customerFlagsLast30Days)}
            </p>
          ) : null}
          {list.items.length ? (
            <ul class="plain flags">
              {list.items.map((h) => (
                <Flag key={h.id} h={h} now={now} />
              ))}
            </ul>
          ) : (
            <p class="empty">No call about this promise was flagged.</p>
          )}
        </>
      ) : (
        <p class="muted">Loading…</p>
      )}
      {props.canFlag ? (
        <button type="button" onClick={props.onFlag}>
          Flag a hard call
        </button>
      ) : null}
    </section>
  );
}

/**
 * The board's check-ins: after a hard call, a word with the agent, not an alert. Open ones oldest
 * first, asked again as often as the board; Done takes one off at once and says so in a status
 * message, and the keyboard's focus moves to the next one's Done (or the heading when none is left).
 */
export function CheckIns(props: { now: Date }) {
  const list = usePoll(() => get<{ items: CheckIn[] }>('/v1/check-ins'), []);
  /** Marked done here: gone at once, whatever a poll already on its way answers. */
  const [gone, setGone] = useState<ReadonlySet<string>>(new Set());
  const [busy, setBusy] = useState<string>();
  const [said, setSaid] = useState<{ text: string; failed?: boolean }>();
  /** Where the keyboard goes once the one marked done has left: the next one's Done, or '' for the heading. */
  const [focusNext, setFocusNext] = useState<string>();
  const items = (list.data?.items ?? []).filter((c) => !gone.has(c.id));

  useEffect(() => {
    if (focusNext === undefined) return;
    const next = focusNext ? document.querySelector<HTMLElement>(`[data-check-in="${CSS.escape(focusNext)}"] button[data-done]`) : null;
    (next ?? document.getElementById('checkIns-title'))?.focus();
    setFocusNext(undefined);
  }, [focusNext]);

  // Only supervisors and admins have check-ins, and only they see the board.
  if (list.error instanceof ApiError && list.error.status === 403) return null;

  async function done(c: CheckIn) {
    const i = items.findIndex((x) => x.id === c.id);
    const next = items[i + 1] ?? items[i - 1];
    setBusy(c.id);
    try {
      await post<CheckIn>(`/v1/check-ins/${encodeURIComponent(c.id)}/done`, {});
      setSaid({ text: `Marked done: check-in with ${c.agent.name}` });
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 409)) {
        setSaid({ text: `Could not mark the check-in with ${c.agent.name} done: ${err instanceof Error ? err.message : String(err)}`, failed: true });
        setBusy(undefined);
        return;
      }
      // Someone else marked it done first: it leaves the list all the same.
      setSaid({ text: `Already marked done: check-in with ${c.agent.name}` });
    }
    setGone((g) => new Set([...g, c.id]));
    setBusy(undefined);
    setFocusNext(next?.id ?? '');
    void list.reload();
  }

  return (
    <section id="checkIns" aria-labelledby="checkIns-title" class="board-section">
      <h2 id="checkIns-title" tabIndex={-1}>
        Check-ins
      </h2>
      <p class="muted">After a hard call: a word with whoever took it. Oldest first.</p>
      {/* Always on the page, so a screen reader hears what Done did. */}
      <p role="status" class={said?.failed ? 'error' : 'muted'}>
        {said?.text ?? ''}
      </p>
      {list.error ? <p class="error">Could not load the check-ins: {list.error.message}</p> : null}
      {items.length ? (
        <ol class="cards">
          {items.map((c) => {
            const title = checkInTitle(c);
            return (
              <li key={c.id} class="card check-in" data-check-in={c.id}>
                <h3>{title}</h3>
                <dl class="facts">
                  <dt>Call</dt>
                  <dd>{kindWords(c.kind)}</dd>
                  <dt>Note</dt>
                  <dd>{c.note}</dd>
                  <dt>Flagged</dt>
                  <dd>
                    <time dateTime={c.flaggedAt}>{forViewer(c.flaggedAt, props.now)}</time>, by {c.flaggedBy.name}
                  </dd>
                  <dt>Team</dt>
                  <dd>{c.team.name}</dd>
                </dl>
                <div class="buttons">
                  {/* Not disabled while it works: a disabled button drops the keyboard's focus. */}
                  <button
                    type="button"
                    class="primary"
                    data-done
                    aria-label={`Done: ${title}`}
                    aria-disabled={busy === c.id || undefined}
                    onClick={busy === c.id ? undefined : () => void done(c)}
                  >
                    {busy === c.id ? 'Working…' : 'Done'}
                  </button>
                  <a class="button-link" href={`/commitments/${c.commitmentId}`}>
                    Open the commitment<span class="sr-only"> of the check-in with {c.agent.name}</span>
                  </a>
                </div>
              </li>
            );
          })}
        </ol>
      ) : (
        <p class="empty">{list.data ? 'Nobody needs a check-in.' : 'Loading…'}</p>
      )}
    </section>
  );
}

/** The reports' table: calls flagged per agent and week, and the check-ins done for them, over the report's range (and the viewer's team). */
export function HardCallsReport(props: { range: string }) {
  const report = usePoll(() => get<HardCallReport>(`/v1/reports/hard-calls?${props.range}`), [props.range], 0);
  const rows = report.data?.rows ?? [];
  return (
    <section class="panel report hard-calls-report" aria-labelledby="hard-calls-title">
      <h2 id="hard-calls-title">Hard calls by agent and week</h2>
      {report.error ? (
        <p role="alert" class="error">
          Could not load the hard calls: {report.error.message}
        </p>
      ) : !report.data ? (
        <p role="status">Loading…</p>
      ) : rows.length ? (
        <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="hard-calls-title">
          <table data-report="hard-calls">
            <thead>
              <tr>
                <th scope="col">Week of</th>
                <th scope="col">Agent</th>
                <th scope="col">Flagged</th>
                <th scope="col">Check-ins done</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr data-week={r.week} data-agent={r.agent.id}>
                  <td>
                    <time dateTime={r.week}>{r.week}</time>
                  </td>
                  <th scope="row">{r.agent.name}</th>
                  <td>{r.flagged}</td>
                  <td>{r.checkInsDone}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="empty">No call was flagged in this period.</p>
      )}
      <p class="muted">
        Calls flagged abusive, threatening or distressing, by the week they were flagged and whose call it was, and the check-ins with them their supervisors
        marked done.
      </p>
    </section>
  );
}
