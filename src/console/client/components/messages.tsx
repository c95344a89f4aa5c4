/**
 * Every message sent for a commitment: to whom (audience and address), on which channel, what it
 * said, and its delivery status as the ledger has it, a fallback email marked as such.
 */
import type { MessageList } from '../../../api/console-schemas';
import { forViewer } from '../time';

type Message = MessageList['items'][number];

/** The ledger's statuses in a reader's words; the raw status is kept beside them. */
const STATUS: Record<Message['status'], string> = {
  pending: 'not sent yet',
  sending: 'sending',
  retrying: 'will retry',
  ambiguous: 'outcome unknown, being checked',
  accepted: 'accepted by the provider',
  sent: 'sent by the carrier',
  delivered: 'delivered',
  failed: 'refused',
  undelivered: 'not delivered',
  unresolved: 'outcome never learned',
  outbox: 'outbox only (no provider configured)',
  folded: 'not sent: folded into an earlier alert',
};
/** The start of a text, for its one-line summary; the whole body is one click away. */
const excerpt = (body: string) => (body.length > 90 ? `${body.slice(0, 88).trimEnd()}…` : body);
const BAD = new Set<Message['status']>(['failed', 'undelivered', 'unresolved', 'ambiguous']);

export function Messages(props: { items: Message[]; now: Date }) {
  return (
    <section aria-labelledby="messages-title">
      <h2 id="messages-title">Messages sent</h2>
      {props.items.length ? (
        <ol class="messages">
          {props.items.map((m) => (
            <li class={BAD.has(m.status) ? 'bad' : undefined}>
              <p class="meta">
                <time dateTime={m.createdAt}>{forViewer(m.createdAt, props.now)}</time> · {m.channel === 'sms' ? 'Text' : 'Email'} to the {m.audience}
                {m.recipientId ? ` (${m.recipientId})` : ''} at {m.recipient} · <span class={`delivery ${m.status}`}>{STATUS[m.status]}</span>
                {m.fallback ? <span class="tag">fallback for a text</span> : null}
                {m.resends ? <span class="tag">sent {m.resends + 1} times</span> : null}
              </p>
              <details>
                <summary>{m.subject ?? excerpt(m.body)}</summary>
                <pre>{m.body}</pre>
                {m.error ? <p class="error">{m.error}</p> : null}
              </details>
            </li>
          ))}
        </ol>
      ) : (
        <p class="empty">No messages yet.</p>
      )}
    </section>
  );
}
