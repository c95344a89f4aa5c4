/**
 * One commitment: the promise and the customer (with their clock now), owner, deadline with a
 * countdown, why it was escalated (and by whom, when by hand), the follow-up it led to or came from,
 * call log (those panels are ../components/commitment-facts.tsx), timeline (who did what), every
 * message sent with its delivery status, notes, the hard calls flagged on it (with the customer's
 * count when it is a pattern; ../components/hard-calls.tsx), and only the actions this viewer may
 * take. `?do=acknowledge` (the link in alert emails) opens the acknowledge dialog ready to submit.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { MessageList } from '../../../api/console-schemas';
import type { Commitment } from '../../../api/resource';
import { ApiError, get } from '../api';
import { actionsFor, ACTIONS, viewerOf, type ActionName } from '../actions';
import { me } from '../boot';
import { ActionDialog } from '../components/action-dialog';
import { CommitmentFacts } from '../components/commitment-facts';
import { HardCallsPanel } from '../components/hard-calls';
import { FLAG_HARD_CALL, mayFlag, type HardCallList } from '../hard-calls';
import { Messages } from '../components/messages';
import { useNow, usePoll } from '../hooks';
import { countdown, forViewer } from '../time';
import { Refused } from './refused';

export function CommitmentPage(props: { id: string; intent: string | null }) {
  const now = useNow();
  const data = usePoll(
    () =>
      Promise.all([
        get<Commitment>(`/v1/commitments/${props.id}`),
        get<MessageList>(`/v1/commitments/${props.id}/messages`),
        // The page stands without its hard calls: their panel says when they could not be read.
        get<HardCallList>(`/v1/commitments/${props.id}/hard-calls`).catch((err: unknown) => (err instanceof Error ? err : new Error(String(err)))),
      ]),
    [props.id],
  );
  const [acting, setActing] = useState<ActionName | 'flag'>();
  const intentUsed = useRef(false);
  const c = data.data?.[0];

  useEffect(() => {
    if (c) document.title = `${c.summary} · Followthrough`;
    // The alert email's link: once the commitment is here, the acknowledge form opens, ready.
    if (c && !intentUsed.current && props.intent === 'acknowledge') {
      intentUsed.current = true;
      if (actionsFor(c.status, viewerOf(c, me)).includes('acknowledge')) setActing('acknowledge');
      window.history.replaceState(null, '', `/commitments/${props.id}`);
    }
  }, [c?.id, c?.status]);

  if (data.error instanceof ApiError && (data.error.status === 403 || data.error.status === 404))
    return <Refused status={data.error.status} detail={data.error.message} />;
  if (!c) return <h1 tabIndex={-1}>{data.error ? `Could not load: ${data.error.message}` : 'Loading…'}</h1>;

  const viewer = viewerOf(c, me);
  const actions = actionsFor(c.status, viewer);
  // Notes people wrote; the workflow's own remarks stay in the timeline.
  const notes = c.timeline.filter((e) => e.type === 'note' && e.actor?.kind === 'staff');
  const late = Date.parse(c.dueAt) < now.getTime();
  return (
    <>
      <h1 tabIndex={-1}>{c.summary}</h1>
      <p class="lead">
        <span class={`badge ${c.status}`}>{c.status}</span> {c.owner.name} · due {forViewer(c.dueAt, now)}{' '}
        {['open', 'escalated'].includes(c.status) ? (
          <strong class={late ? 'late' : 'soon'} role="timer">
            {countdown(c.dueAt, now)}
          </strong>
        ) : null}
      </p>
      {actions.length ? (
        <div class="buttons" role="group" aria-label="Actions">
          {actions.map((a, i) => (
            <button type="button" class={i === 0 ? 'primary' : undefined} onClick={() => setActing(a)}>
              {ACTIONS[a].label}
            </button>
          ))}
        </div>
      ) : null}
      <CommitmentFacts c={c} now={now} />
      <section aria-labelledby="notes-title">
        <h2 id="notes-title">Notes</h2>
        {notes.length ? (
          <ul class="plain">
            {notes.map((e) => (
              <li>
                {e.detail}{' '}
                <span class="muted">
                  ({forViewer(e.at, now)}
                  {e.actor ? `, ${e.actor.name}` : ''})
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p class="empty">No notes yet.</p>
        )}
        <button type="button" onClick={() => setActing('note')}>
          Add note
        </button>
      </section>
      <HardCallsPanel list={data.data?.[2]} now={now} canFlag={mayFlag(viewer)} onFlag={() => setActing('flag')} />
      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">Timeline</h2>
        <ol class="timeline">
          {c.timeline.map((e) => (
            <li>
              <time dateTime={e.at}>{forViewer(e.at, now)}</time> {e.detail}
              {e.actor ? (
                <span class="muted">
                  {' '}
                  · {e.actor.name}
                  {e.actor.role ? ` (${e.actor.role})` : ''}
                </span>
              ) : null}
            </li>
          ))}
        </ol>
      </section>
      <Messages items={data.data?.[1].items ?? []} now={now} />
      {acting ? (
        <ActionDialog action={acting === 'flag' ? FLAG_HARD_CALL : acting} target={c} onClose={() => setActing(undefined)} onDone={() => void data.reload()} />
      ) : null}
    </>
  );
}
