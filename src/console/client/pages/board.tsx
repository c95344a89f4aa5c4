/**
 * The supervisors' board: counts at a glance, then what needs a supervisor now (escalations nobody
 * has acknowledged, longest waiting first), what is about to lapse, what lapsed today, the check-ins
 * owed to agents after a hard call (../components/hard-calls.tsx), and the open work per owner.
 * Asked again every few seconds, so a lapse appears without a reload; "Show more" pages a section
 * on the server. A banner says so when no worker is running, because then nothing
 * here moves on by itself.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Board } from '../../../api/console-schemas';
import { get } from '../api';
import type { ActionName } from '../actions';
import { ActionDialog, type Target } from '../components/action-dialog';
import { Card } from '../components/card';
import { CheckIns } from '../components/hard-calls';
import { useNow, usePoll } from '../hooks';
import { countdown, forViewer, secondsForViewer, span } from '../time';
import { counted } from '../words';

type Section = keyof Board['sections'];
type Item = NonNullable<Board['sections']['escalated']>['items'][number];
const ITEM_SECTIONS = ['escalated', 'atRisk', 'lapsedToday'] as const;

const SECTION: Record<Section, { title: string; empty: string; actions: ActionName[] }> = {
  escalated: { title: 'Escalated, not acknowledged', empty: 'Nothing is waiting for a supervisor.', actions: ['acknowledge'] },
  atRisk: { title: 'At risk: due within the hour', empty: 'Nothing is due within the hour.', actions: ['extend', 'reassign'] },
  lapsedToday: { title: 'Lapsed today', empty: 'Nothing has lapsed today.', actions: [] },
  owners: { title: 'Open work by owner', empty: 'Nobody has open work.', actions: [] },
};

/** The first page of every section, then as many more pages of a section as were asked for. */
async function loadBoard(more: Partial<Record<Section, number>>): Promise<Board> {
  const board = await get<Board>('/v1/board');
  for (const s of Object.keys(more) as Section[]) {
    for (let n = more[s] ?? 0; n > 0; n--) {
      const current = board.sections[s];
      if (!current?.nextCursor) break;
      const next = (await get<Board>(`/v1/board?section=${s}&cursor=${encodeURIComponent(current.nextCursor)}`)).sections[s];
      if (!next) break;
      Object.assign(board.sections, { [s]: { items: [...current.items, ...next.items], nextCursor: next.nextCursor } });
    }
  }
  return board;
}

function since(item: Item, board: Board, now: Date): string {
  const waited = (item.waitingSeconds ?? 0) * 1000 + (now.getTime() - Date.parse(board.generatedAt));
  const e = item.escalation;
  const level = e ? `${e.current ? `${e.current} alerted` : 'alerting'} (level ${e.level + 1}${e.round ? `, round ${e.round + 1}` : ''})` : '';
  return `Waiting ${span(waited)}${level ? ` · ${level}` : ''}`;
}

function lapseState(item: Item, now: Date): string {
  if (item.status === 'escalated') return 'Escalated, waiting for a supervisor';
  // Whoever acknowledges takes it over, so they are usually its owner now: named, not an id.
  const ackBy = item.escalation?.acknowledgedBy;
  const by = ackBy === item.owner.id ? item.owner.name : ackBy;
  const lapsed = item.lapsedOwnerId && item.lapsedOwnerId !== item.owner.id ? ` (lapsed in ${item.lapsedOwnerName ?? item.lapsedOwnerId}'s hands)` : '';
  return `${item.status === 'open' ? `Acknowledged${by ? ` by ${by}` : ''}, ${countdown(item.dueAt, now)}` : `Now ${item.status}`}${lapsed}`;
}

export function BoardPage() {
  const now = useNow();
  const [more, setMore] = useState<Partial<Record<Section, number>>>({});
  const [acting, setActing] = useState<{ action: ActionName; target: Target }>();
  const board = usePoll(() => loadBoard(more), [JSON.stringify(more)]);
  useEffect(() => void (document.title = 'Board · Followthrough'), []);
  const b = board.data;
  const counts = b?.counts;

  const owners = counted(counts?.owners ?? 0, 'owner');
  const tiles: [Section, number | undefined, string][] = [
    ['escalated', counts?.escalatedUnacknowledged, 'escalated, not acknowledged'],
    ['atRisk', counts?.atRisk, 'at risk (due within the hour)'],
    ['lapsedToday', counts?.lapsedToday, 'lapsed today'],
    ['owners', counts ? counts.open + counts.paused + counts.escalated : undefined, `open, across ${owners}`],
  ];

  return (
    <>
      <h1 tabIndex={-1}>Board</h1>
      {b?.worker === 'absent' ? <NoWorker /> : null}
      <p class="muted live">
        {board.at ? `Live: updated ${secondsForViewer(board.at)}` : 'Loading…'}
        {board.error ? ` · last update failed: ${board.error.message}` : ''}
      </p>
      <ul class="counts" aria-label="Counts">
        {tiles.map(([s, n, label]) => (
          <li class={s === 'escalated' && n ? 'alarm' : undefined}>
            <a
              href={`#${s}`}
              onClick={(e) => {
                e.preventDefault();
                document.getElementById(s)?.scrollIntoView();
              }}
            >
              <strong data-count={s}>{n ?? '–'}</strong> {label}
            </a>
          </li>
        ))}
      </ul>
      {b
        ? ITEM_SECTIONS.map((s) => {
            const page = b.sections[s];
            return (
              <section id={s} aria-labelledby={`${s}-title`} class="board-section">
                <h2 id={`${s}-title`}>{SECTION[s].title}</h2>
                {page?.items.length ? (
                  <ol class="cards">
                    {page.items.map((item) => (
                      <Card
                        item={{ ...item, attempts: item.attemptCount }}
                        now={now}
                        actions={SECTION[s].actions}
                        onAction={(action) => setActing({ action, target: item })}
                      >
                        {s === 'escalated' ? <p class="wait">{since(item, b, now)}</p> : null}
                        {s === 'lapsedToday' ? (
                          <p class="wait">
                            Lapsed {forViewer(item.lapsedAt ?? item.dueAt, now)} · {lapseState(item, now)}
                          </p>
                        ) : null}
                      </Card>
                    ))}
                  </ol>
                ) : (
                  <p class="empty">{SECTION[s].empty}</p>
                )}
                {page?.nextCursor ? (
                  <button type="button" onClick={() => setMore({ ...more, [s]: (more[s] ?? 0) + 1 })}>
                    Show more
                  </button>
                ) : null}
              </section>
            );
          })
        : null}
      <CheckIns now={now} />
      {b ? <Owners board={b} now={now} onMore={() => setMore({ ...more, owners: (more.owners ?? 0) + 1 })} /> : null}
      {acting ? <ActionDialog action={acting.action} target={acting.target} onClose={() => setActing(undefined)} onDone={() => void board.reload()} /> : null}
    </>
  );
}

/** No worker polls the task queue: nothing on this board moves on by itself until one does. */
function NoWorker() {
  return (
    <div role="alert" class="banner" data-banner="no-worker">
      <p>
        <strong>No worker is running:</strong> deadlines, reminders, escalation alerts and messages to customers are waiting. Start one with{' '}
        <code>npm run worker</code> (or ask whoever runs Followthrough to). Nothing is lost: what is waiting goes ahead as soon as a worker runs.
      </p>
    </div>
  );
}

function Owners(props: { board: Board; now: Date; onMore: () => void }) {
  const page = props.board.sections.owners;
  return (
    <section id="owners" aria-labelledby="owners-title" class="board-section">
      <h2 id="owners-title">{SECTION.owners.title}</h2>
      {page?.items.length ? (
        <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="owners-title">
          <table>
            <thead>
              <tr>
                <th scope="col">Owner</th>
                <th scope="col">Open</th>
                <th scope="col">At risk</th>
                <th scope="col">Escalated</th>
                <th scope="col">Paused</th>
                <th scope="col">Next deadline</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((o) => (
                <tr>
                  <th scope="row">{o.owner.name}</th>
                  <td>{o.open}</td>
                  <td class={o.atRisk ? 'soon' : undefined}>{o.atRisk}</td>
                  <td>{o.escalated}</td>
                  <td>{o.paused}</td>
                  <td>{o.nextDueAt ? `${forViewer(o.nextDueAt, props.now)} (${countdown(o.nextDueAt, props.now)})` : '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="empty">{SECTION.owners.empty}</p>
      )}
      {page?.nextCursor ? (
        <button type="button" onClick={props.onMore}>
          Show more
        </button>
      ) : null}
    </section>
  );
}
