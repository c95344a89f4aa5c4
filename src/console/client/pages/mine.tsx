/**
 * An agent's own work, soonest deadline first (fairness: the loudest caller does not jump the
 * queue), with fulfil, logging a call, extend, pause and note one click away, and the commonest
 * call, no answer, logged in that one click.
 */
import { useEffect, useState } from 'preact/hooks';
import type { CommitmentPage } from '../../../api/query-schemas';
import { get } from '../api';
import { actionsFor, viewerOf, type ActionName } from '../actions';
import { me } from '../boot';
import { ActionDialog, send, type Target } from '../components/action-dialog';
import { Card } from '../components/card';
import { useNow, usePoll } from '../hooks';
import { OUTCOME_WORDS } from '../words';

const PAGE = 25;
/** The API's largest page (src/api/query-schemas.ts MAX_LIMIT). */
const MAX = 200;
const OFFERED: readonly ActionName[] = ['fulfil', 'attempt', 'extend', 'pause', 'resume', 'note'];

export function MinePage() {
  const now = useNow();
  const [limit, setLimit] = useState(PAGE);
  const [acting, setActing] = useState<{ action: ActionName; target: Target }>();
  /** The cards whose "no answer" is being logged, and what became of the last one. */
  const [logging, setLogging] = useState<ReadonlySet<string>>(new Set());
  const [said, setSaid] = useState<{ text: string; failed?: boolean }>();
  const list = usePoll(() => get<CommitmentPage>(`/v1/commitments?owner=${encodeURIComponent(me.id)}&status=open,paused,escalated&limit=${limit}`), [limit]);
  useEffect(() => void (document.title = 'My commitments · Followthrough'), []);
  const items = list.data?.items ?? [];

  async function noAnswer(c: Target) {
    setLogging((l) => new Set([...l, c.id]));
    try {
      await send('attempt', c.id, { outcome: 'no_answer', note: '' });
      await list.reload();
      setSaid({ text: `Logged ${OUTCOME_WORDS.no_answer} for ${c.customer.name}: they are told we called and will try again.` });
    } catch (err) {
      setSaid({ text: `Could not log the call for ${c.customer.name}: ${err instanceof Error ? err.message : String(err)}`, failed: true });
    } finally {
      setLogging((l) => new Set([...l].filter((id) => id !== c.id)));
    }
  }

  return (
    <>
      <h1 tabIndex={-1}>My commitments</h1>
      <p class="muted">
        Soonest deadline first. <a href="/new">New commitment</a>
      </p>
      {list.error ? (
        <p role="alert" class="error">
          Could not load: {list.error.message}
        </p>
      ) : null}
      {/* Always on the page, so a screen reader hears what a one-click call log did. */}
      <p role="status" class={said?.failed ? 'error' : 'muted'}>
        {said?.text ?? ''}
      </p>
      {items.length ? (
        <ol class="cards">
          {items.map((c) => (
            <Card
              item={c}
              now={now}
              actions={actionsFor(c.status, viewerOf(c, me), OFFERED)}
              onAction={(action) => setActing({ action, target: c })}
              quick={{ attempt: { label: 'Log no answer', busy: logging.has(c.id), run: () => void noAnswer(c) } }}
            >
              {c.status === 'escalated' ? <p class="wait">Escalated: a supervisor has been alerted.</p> : null}
            </Card>
          ))}
        </ol>
      ) : (
        <p class="empty">{list.data ? 'Nothing open. Every promise you made is kept or handed on.' : 'Loading…'}</p>
      )}
      {list.data?.nextCursor && limit < MAX ? (
        <button type="button" onClick={() => setLimit(Math.min(MAX, limit + PAGE))}>
          Show more
        </button>
      ) : null}
      {acting ? <ActionDialog action={acting.action} target={acting.target} onClose={() => setActing(undefined)} onDone={() => void list.reload()} /> : null}
    </>
  );
}
