/**
 * One commitment in a list (board sections, my commitments): the promise, the customer with their
 * clock now, the owner, the deadline for the viewer and for the customer with a countdown, and the
 * actions the viewer may take, each one click to a ready dialog.
 */
import type { ComponentChildren } from 'preact';
import { ACTIONS, type ActionName } from '../actions';
import { clockIn, countdown, forCustomer, forViewer } from '../time';

export interface CardItem {
  id: string;
  status: string;
  summary: string;
  customer: { name: string; timezone: string };
  owner: { id: string; name: string };
  dueAt: string;
}

export function Card(props: { item: CardItem; now: Date; actions: ActionName[]; onAction: (a: ActionName) => void; children?: ComponentChildren }) {
  const { item, now } = props;
  const late = Date.parse(item.dueAt) < now.getTime();
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
      </dl>
      {props.children}
      {props.actions.length ? (
        <div class="buttons">
          {props.actions.map((a, i) => (
            <button type="button" class={i === 0 ? 'primary' : undefined} aria-label={`${ACTIONS[a].label}: ${item.summary}`} onClick={() => props.onAction(a)}>
              {ACTIONS[a].label}
            </button>
          ))}
        </div>
      ) : null}
    </li>
  );
}
