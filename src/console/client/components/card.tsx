/**
 * One commitment in a list (board sections, my commitments): the promise, the customer with their
 * clock now, the owner, the deadline for the viewer and for the customer with a countdown, the calls
 * tried, and the actions the viewer may take, each one click to a ready dialog, or one click to done
 * (a quick action, placed before the dialog it short-cuts: "Log no answer" before "Log a call").
 */
import type { ComponentChildren } from 'preact';
import { ACTIONS, type ActionName } from '../actions';
import { attemptsCount, type Attempt } from '../attempts';
import { clockIn, countdown, forCustomer, forViewer, viewerZone } from '../time';

export interface CardItem {
  id: string;
  status: string;
  summary: string;
  customer: { name: string; timezone: string };
  owner: { id: string; name: string };
  dueAt: string;
  /** The attempts (a commitment in a list), or their count beside the latest (a board row). */
  attempts?: Attempt[] | number | undefined;
  lastAttempt?: Pick<Attempt, 'at' | 'outcome'> | null | undefined;
}

/** An action taken in one click from the card, without a dialog. */
export interface QuickAction {
  label: string;
  /** Said on the button while it works. */
  busy?: boolean;
  run: () => void;
}

export function Card(props: {
  item: CardItem;
  now: Date;
  actions: ActionName[];
  onAction: (a: ActionName) => void;
  quick?: Partial<Record<ActionName, QuickAction>>;
  children?: ComponentChildren;
}) {
  const { item, now } = props;
  const late = Date.parse(item.dueAt) < now.getTime();
  const tried = attemptsCount(item.attempts, item.lastAttempt, viewerZone, now);
  return (
    <li class="card" data-id={item.id}>
      <h3 class="card-title">
        <a href={`/commitments/${item.id}`}>{item.summary}</a>
      </h3>
      <dl class="facts">
        <dt>Customer</dt>
        <dd>
          {item.customer.name} <span class="muted">(their time {clockIn(item.customer.timezone, now)})</span>
        </dd>
        <dt>Owner</dt>
        <dd>{item.owner.name}</dd>
        <dt>Due</dt>
        <dd>
          {forViewer(item.dueAt, now)} · <span class={late ? 'late' : 'soon'}>{item.status === 'paused' ? 'paused' : countdown(item.dueAt, now)}</span>
          <br />
          <span class="muted">customer: {forCustomer(item.dueAt, item.customer.timezone, now)}</span>
        </dd>
        {tried ? (
          <>
            <dt>Calls</dt>
            <dd>{tried}</dd>
          </>
        ) : null}
      </dl>
      {props.children}
      {props.actions.length ? (
        <div class="buttons">
          {props.actions.map((a, i) => {
            const quick = props.quick?.[a];
            return (
              <>
                {quick ? (
                  // Not disabled while it works: a disabled button drops the keyboard's focus.
                  <button
                    type="button"
                    aria-label={`${quick.label}: ${item.summary}`}
                    aria-disabled={quick.busy || undefined}
                    onClick={quick.busy ? undefined : quick.run}
                  >
                    {quick.busy ? 'Working…' : quick.label}
                  </button>
                ) : null}
                <button
                  type="button"
                  class={i === 0 ? 'primary' : undefined}
                  aria-label={`${ACTIONS[a].label}: ${item.summary}`}
                  onClick={() => props.onAction(a)}
                >
                  {ACTIONS[a].label}
                </button>
              </>
            );
          })}
        </div>
      ) : null}
    </li>
  );
}
