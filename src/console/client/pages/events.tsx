/**
 * Event subscriptions (issue 22): who receives which events, signed, as CloudEvents. Admins see and
 * manage every subscription; a supervisor their own team's (the API decides, src/events/routes.ts).
 * /events lists them and adds one; /events/{id} turns one off or on, sends a test event, rotates
 * its signing secret and reads its delivery log, each delivery with a Resend button. A signing
 * secret is in the API's answer only when made (at creation and at each rotation), so the page
 * shows it then, once, and never again: a reload has nothing to show. The API's errors land beside
 * the field each is about, by its JSON pointer (/url, /types, /teamId).
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { COMMITMENT_EVENT_TYPES, EVENT_PREFIX, TEST_EVENT_TYPE, type CommitmentEventType } from '../../../events/catalogue';
import { api, ApiError, get, post } from '../api';
import { me } from '../boot';
import { Dialog } from '../components/dialog';
import { Check, Choice, Text } from '../components/fields';
import { usePoll } from '../hooks';
import { navigate } from '../router';
import { forViewer } from '../time';
import { counted } from '../words';
import { Refused } from './refused';
import type { components } from '../../../client/schema';

/** The API's answers, as the OpenAPI document describes them (src/client/schema.d.ts, `npm run client`). */
type Subscription = components['schemas']['EventSubscription'];
type WithSecret = components['schemas']['EventSubscriptionWithSecret'];
type Delivery = components['schemas']['EventDelivery'];
interface Team {
  id: string;
  name: string;
}

/** Only admins choose a team (or every team) and the customer's contacts; the API says so too (403). */
const admin = me.role === 'admin';
const LIST = '/v1/event-subscriptions';
const subscriptionPath = (id: string) => `${LIST}/${encodeURIComponent(id)}`;
/** The newest deliveries shown; the API's default page. */
const LOG_SIZE = 50;
/** How often the delivery log is asked again: a test event arrives within a second or two. */
const LOG_POLL_MS = 2_000;

/** What each event type means, as its checkbox says it; the type's own name follows in brackets. */
const TYPE_WORDS: Record<CommitmentEventType, string> = {
  created: 'Made',
  reminded: 'Reminder sent',
  lapsed: 'Deadline missed',
  escalated: 'Escalated',
  acknowledged: 'Escalation acknowledged',
  reassigned: 'Reassigned',
  transferred: 'Transferred to another team',
  extended: 'Deadline extended',
  paused: 'Paused',
  resumed: 'Resumed',
  updated: 'Progress update sent',
  attempted: 'Call attempt logged',
  moved_by_customer: 'Moved by the customer',
  fulfilled: 'Fulfilled',
  confirmed: 'Confirmed by the customer',
  rated: 'Rated by the customer',
  unconfirmed: 'Closed unconfirmed',
  reopened: 'Reopened',
  cancelled: 'Cancelled',
  follow_up_created: 'Follow-up made',
  customer_unreachable: 'Customer unreachable',
  staff_alert_unresolved: 'Staff alert not delivered',
  escalation_unreached: 'Escalation reached nobody',
};

/** The checkboxes, in groups a helpdesk thinks in; a type the catalogue adds later lands in "Other". */
const GROUPED: [string, CommitmentEventType[]][] = [
  ['Made and changed', ['created', 'extended', 'paused', 'resumed', 'updated', 'reassigned', 'transferred', 'moved_by_customer', 'follow_up_created']],
  ['Deadlines and escalation', ['reminded', 'lapsed', 'escalated', 'acknowledged', 'escalation_unreached']],
  ['Kept, checked or cancelled', ['fulfilled', 'confirmed', 'rated', 'unconfirmed', 'reopened', 'cancelled']],
  ['Reaching people', ['attempted', 'customer_unreachable', 'staff_alert_unresolved']],
];
const OTHER = COMMITMENT_EVENT_TYPES.filter((t) => !GROUPED.some(([, list]) => list.includes(t)));
const GROUPS: [string, CommitmentEventType[]][] = OTHER.length ? [...GROUPED, ['Other', OTHER]] : GROUPED;

const typeName = (t: CommitmentEventType) => `${EVENT_PREFIX}${t}`;
/** "Deadline missed (lapsed)"; a type this page does not know, as the API names it. */
function typeLabel(full: string): string {
  if (full === TEST_EVENT_TYPE) return 'Test event';
  const short = full.startsWith(EVENT_PREFIX) ? (full.slice(EVENT_PREFIX.length) as CommitmentEventType) : undefined;
  const words = short ? TYPE_WORDS[short] : undefined;
  return words ? `${words} (${short})` : full;
}

/** "On", "Off: the receiver answered 410 Gone", "Off". */
const stateText = (s: Subscription) => (s.enabled ? 'On' : s.disabledReason ? `Off: ${s.disabledReason}` : 'Off');

/** The API's errors by the body's field: "/types/2" is "types"; the whole body's is "". */
function errorsOf(err: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(err instanceof ApiError)) return out;
  for (const e of err.problem.errors ?? []) out[e.pointer.split('/')[1] ?? ''] ??= e.detail;
  return out;
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** As on the calendar pages: the new heading takes the focus when nothing else has it. */
function focusHeading(): void {
  const at = document.activeElement;
  if (!at || at === document.body) document.querySelector<HTMLElement>('main h1')?.focus();
}

/** Said once on the subscription's page after the list made it: its secret, never kept anywhere else. */
let created: WithSecret | undefined;
/** Said once on the list after a subscription's page removed one. */
let flash: string | undefined;

function useTeams(): Map<string, string> {
  const teams = usePoll(() => get<{ items: Team[] }>('/v1/teams'), [], 0);
  return new Map((teams.data?.items ?? []).map((t) => [t.id, t.name]));
}
const teamText = (teams: Map<string, string>, id: string | null) => (id === null ? 'Every team' : (teams.get(id) ?? id));

/** /events, or /events/{id}: what main.tsx loads when either is opened. */
export function EventPages(props: { id: string | undefined }) {
  return props.id ? <SubscriptionPage key={props.id} id={props.id} /> : <SubscriptionsPage />;
}

// ---------------------------------------------------------------------------------------------
// The list, and adding a subscription.

export function SubscriptionsPage() {
  const list = usePoll(() => get<{ items: Subscription[] }>(LIST), []);
  const teams = useTeams();
  const [notice] = useState(() => {
    const said = flash;
    flash = undefined;
    return said;
  });
  useEffect(() => {
    document.title = 'Events · Followthrough';
    focusHeading();
  }, []);
  const items = list.data?.items ?? [];
  const now = list.at ?? new Date();
  return (
    <>
      <h1 tabIndex={-1}>Events</h1>
      <p class="muted">
        Followthrough POSTs what happens to commitments to the receivers below, as CloudEvents signed the Standard Webhooks way.{' '}
        {admin
          ? 'You see every team’s subscriptions.'
          : `You see and manage those of your team, ${me.teamId ? teamText(teams, me.teamId) : 'none'}; subscriptions to every team are for admins.`}
      </p>
      {notice ? (
        <p role="status" class="notice">
          {notice}
        </p>
      ) : null}
      {list.error ? (
        <p role="alert" class="error">
          Could not load: {list.error.message}
        </p>
      ) : null}
      {items.length ? (
        <div class="table-wrap" tabIndex={0} role="region" aria-label="Event subscriptions">
          <table class="subscriptions">
            <thead>
              <tr>
                <th scope="col">Receiver</th>
                <th scope="col">Event types</th>
                <th scope="col">Team</th>
                <th scope="col">State</th>
                <th scope="col">Failing since</th>
              </tr>
            </thead>
            <tbody>
              {items.map((s) => (
                <tr data-subscription={s.id}>
                  <th scope="row" class="wrap">
                    <a href={`/events/${s.id}`}>{s.url}</a>
                    {s.description ? <span class="muted block">{s.description}</span> : null}
                  </th>
                  <td>{s.types.length === COMMITMENT_EVENT_TYPES.length ? `All ${s.types.length}` : s.types.length}</td>
                  <td>{teamText(teams, s.teamId)}</td>
                  <td class="wrap">
                    <span class={s.enabled ? 'delivery delivered' : 'delivery failed'}>{stateText(s)}</span>
                  </td>
                  <td>{s.failingSince ? <span class="late">{forViewer(s.failingSince, now)}</span> : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="empty">{list.data ? 'No subscriptions yet.' : 'Loading…'}</p>
      )}
      <NewSubscription teams={teams} />
    </>
  );
}

/** The fields in the order the form shows them: the first with an error takes the focus. */
const FIELD_IDS: [string, string][] = [
  ['url', 'new-url'],
  ['types', `new-type-${COMMITMENT_EVENT_TYPES[0]}`],
  ['teamId', 'new-teamId'],
  ['description', 'new-description'],
  ['includeContacts', 'new-includeContacts'],
];

function NewSubscription(props: { teams: Map<string, string> }) {
  const [url, setUrl] = useState('');
  const [types, setTypes] = useState<ReadonlySet<CommitmentEventType>>(new Set());
  const [teamId, setTeamId] = useState('');
  const [description, setDescription] = useState('');
  const [includeContacts, setIncludeContacts] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [focusFirst, setFocusFirst] = useState(0);
  useEffect(() => {
    const first = FIELD_IDS.find(([field]) => errors[field] !== undefined);
    if (first) document.getElementById(first[1])?.focus();
  }, [focusFirst]);

  const toggle = (t: CommitmentEventType, on: boolean) => {
    const next = new Set(types);
    if (on) next.add(t);
    else next.delete(t);
    setTypes(next);
  };

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    try {
      const made = await post<WithSecret>(LIST, {
        url: url.trim(),
        // In the catalogue's order, so an error's /types/N names the Nth box ticked.
        types: COMMITMENT_EVENT_TYPES.filter((t) => types.has(t)).map(typeName),
        ...(admin && teamId ? { teamId } : {}),
        ...(description.trim() ? { description: description.trim() } : {}),
        ...(admin && includeContacts ? { includeContacts: true } : {}),
      });
      created = made;
      navigate(`/events/${made.id}`);
    } catch (err) {
      const fields = errorsOf(err);
      const placed = Object.keys(fields).some((k) => FIELD_IDS.some(([f]) => f === k));
      setErrors(fields);
      setFailure(placed ? 'Nothing was added: see the fields marked.' : `Nothing was added: ${fields[''] ?? messageOf(err)}`);
      setFocusFirst((n) => n + 1);
    } finally {
      setBusy(false);
    }
  }

  const typesHint = 'At least one. Each is sent as followthrough.commitment.<name>, the name in brackets.';
  return (
    <section aria-labelledby="new-subscription-title">
      <h2 id="new-subscription-title">Add a subscription</h2>
      <form onSubmit={(e) => void submit(e)} class="stack wide subscription" noValidate>
        <fieldset>
          <legend>Receiver</legend>
          <div class="field">
            <label for="new-url">
              URL<span aria-hidden="true"> *</span>
            </label>
            <input
              id="new-url"
              name="url"
              type="url"
              inputMode="url"
              autoComplete="off"
              spellcheck={false}
              required
              maxLength={2000}
              value={url}
              onInput={(e) => setUrl(e.currentTarget.value)}
              aria-invalid={errors.url ? true : undefined}
              aria-describedby={`new-url-hint${errors.url ? ' new-url-error' : ''}`}
            />
            <p class="hint wrap" id="new-url-hint">
              Where each event is POSTed: https, e.g. https://helpdesk.example.com/hooks/followthrough.
            </p>
            {errors.url ? (
              <p class="field-error" id="new-url-error">
                {errors.url}
              </p>
            ) : null}
          </div>
          <Text
            idPrefix="new"
            name="description"
            label="Description (optional)"
            value={description}
            onChange={setDescription}
            autoComplete="off"
            hint="What it is for, e.g. Notes on Zendesk tickets."
            error={errors.description}
          />
          {admin ? (
            <>
              <Choice
                idPrefix="new"
                name="teamId"
                label="Team"
                value={teamId}
                onChange={setTeamId}
                options={[['', 'Every team'], ...[...props.teams].map(([id, name]): [string, string] => [id, name])]}
                hint="Only this team's commitments, or every team's."
                error={errors.teamId}
              />
              <Check
                idPrefix="new"
                name="includeContacts"
                label="Include the customer's phone and email"
                checked={includeContacts}
                onChange={setIncludeContacts}
                hint="Off, events carry everything else about the commitment."
                error={errors.includeContacts}
              />
            </>
          ) : (
            <p class="muted">Events of your team&apos;s commitments only.</p>
          )}
        </fieldset>
        <fieldset class="types" aria-describedby={`new-types-hint${errors.types ? ' new-types-error' : ''}`}>
          <legend>
            Event types<span aria-hidden="true"> *</span>
          </legend>
          <p class="hint" id="new-types-hint">
            {typesHint} {counted(types.size, 'type')} chosen.
          </p>
          {errors.types ? (
            <p class="field-error" id="new-types-error">
              {errors.types}
            </p>
          ) : null}
          <div class="buttons">
            <button type="button" onClick={() => setTypes(new Set(COMMITMENT_EVENT_TYPES))}>
              Choose every type
            </button>
            <button type="button" onClick={() => setTypes(new Set())} disabled={!types.size}>
              Clear
            </button>
          </div>
          <div class="type-groups">
            {GROUPS.map(([title, list]) => (
              <fieldset class="day">
                <legend>{title}</legend>
                {list.map((t) => (
                  <Check idPrefix="new" name={`type-${t}`} label={typeLabel(typeName(t))} checked={types.has(t)} onChange={(on) => toggle(t, on)} />
                ))}
              </fieldset>
            ))}
          </div>
        </fieldset>
        {failure ? (
          <p role="alert" class="error">
            {failure}
          </p>
        ) : null}
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Adding…' : 'Add subscription'}
        </button>
      </form>
    </section>
  );
}

// ---------------------------------------------------------------------------------------------
// One subscription.

/** A signing secret, the one time the API gives it. */
function SecretBox(props: { secret: string; title: string; detail: string; onDone: () => void }) {
  const [copied, setCopied] = useState<string>();
  const input = useRef<HTMLInputElement>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(props.secret);
      setCopied('Copied to the clipboard.');
    } catch {
      input.current?.select();
      setCopied('Selected: press Ctrl+C (⌘C on a Mac) to copy it.');
    }
  }
  return (
    <section class="secret" aria-labelledby="secret-title">
      <h2 id="secret-title" tabIndex={-1}>
        {props.title}
      </h2>
      <p>
        <strong>Copy it now: it will not be shown again.</strong> {props.detail}
      </p>
      <div class="field">
        <label for="secret-value">Signing secret</label>
        <input
          id="secret-value"
          ref={input}
          class="mono"
          readOnly
          value={props.secret}
          spellcheck={false}
          autoComplete="off"
          onFocus={(e) => e.currentTarget.select()}
        />
      </div>
      <div class="buttons">
        <button type="button" class="primary" onClick={() => void copy()}>
          Copy the secret
        </button>
        <button type="button" onClick={props.onDone}>
          I have copied it
        </button>
      </div>
      <div role="status">{copied ? <p>{copied}</p> : null}</div>
    </section>
  );
}

export function SubscriptionPage(props: { id: string }) {
  const sub = usePoll(() => get<Subscription>(subscriptionPath(props.id)), [props.id]);
  const teams = useTeams();
  const [secret, setSecret] = useState<{ value: string; rotated: boolean } | undefined>(() => {
    const made = created?.id === props.id ? created : undefined;
    created = undefined;
    return made && { value: made.secret, rotated: false };
  });
  /** Bumped by a test event or a resend: the log is asked again at once. */
  const [asked, setAsked] = useState(0);
  const s = sub.data;
  useEffect(() => {
    if (s) document.title = `${s.description || s.url} · Events · Followthrough`;
  }, [s?.description, s?.url]);
  useEffect(focusHeading, [s === undefined]);

  const err = sub.error;
  if (!s && err instanceof ApiError && (err.status === 404 || err.status === 400 || err.status === 403))
    return <Refused status={err.status === 403 ? 403 : 404} detail={err.status === 400 ? `No event subscription has the id ${props.id}.` : err.message} />;
  if (!s) return <h1 tabIndex={-1}>{err ? `Could not load: ${err.message}` : 'Loading…'}</h1>;
  const now = sub.at ?? new Date();
  return (
    <>
      <h1 tabIndex={-1} class="wrap">
        {s.description || 'Event subscription'}
      </h1>
      <p class="lead wrap">
        <code>{s.url}</code>
      </p>
      <p>
        <a href="/events">All subscriptions</a>
      </p>
      {secret ? (
        <SecretBox
          secret={secret.value}
          title={secret.rotated ? 'The new signing secret' : 'Subscribed: its signing secret'}
          detail={
            secret.rotated
              ? `Your receiver verifies each request with it (Standard Webhooks).${s.previousSecretUntil ? ` Until ${forViewer(s.previousSecretUntil, now)} each request is signed with the old secret too, so update your receiver before then.` : ''}`
              : 'Your receiver verifies each request with it (Standard Webhooks). Lost, it can only be replaced: rotate the secret below.'
          }
          onDone={() => {
            setSecret(undefined);
            document.querySelector<HTMLElement>('main h1')?.focus();
          }}
        />
      ) : null}
      <section aria-labelledby="about-title" class="panel">
        <h2 id="about-title">The subscription</h2>
        <dl class="facts">
          <dt>State</dt>
          <dd data-state>
            <span class={s.enabled ? 'delivery delivered' : 'delivery failed'}>{stateText(s)}</span>
          </dd>
          {s.failingSince ? (
            <>
              <dt>Failing since</dt>
              <dd class="late">{forViewer(s.failingSince, now)}</dd>
            </>
          ) : null}
          <dt>Team</dt>
          <dd>{teamText(teams, s.teamId)}</dd>
          <dt>Event types</dt>
          <dd>
            <details>
              <summary>{s.types.length === COMMITMENT_EVENT_TYPES.length ? `All ${s.types.length}` : counted(s.types.length, 'type')}</summary>
              <ul class="plain">
                {s.types.map((t) => (
                  <li>{typeLabel(t)}</li>
                ))}
              </ul>
            </details>
          </dd>
          <dt>Customer&apos;s phone and email</dt>
          <dd>{s.includeContacts ? 'Included' : 'Left out'}</dd>
          {s.previousSecretUntil ? (
            <>
              <dt>Old secret signs too until</dt>
              <dd>{forViewer(s.previousSecretUntil, now)}</dd>
            </>
          ) : null}
          <dt>Added</dt>
          <dd>
            {forViewer(s.createdAt, now)} by {s.createdBy}
          </dd>
          <dt>Id</dt>
          <dd>
            <code>{s.id}</code>
          </dd>
        </dl>
      </section>
      <Manage
        s={s}
        onChanged={() => void sub.reload()}
        onTestSent={() => setAsked((n) => n + 1)}
        onRotated={(value) => {
          setSecret({ value, rotated: true });
          void sub.reload();
        }}
      />
      <DeliveryLog s={s} asked={asked} onResent={() => setAsked((n) => n + 1)} />
    </>
  );
}

type Confirming = 'rotate' | 'remove' | undefined;

/** Turning it off or on, a test event, rotating the secret and removing it. */
function Manage(props: { s: Subscription; onChanged: () => void; onTestSent: () => void; onRotated: (secret: string) => void }) {
  const { s } = props;
  const [busy, setBusy] = useState<string>();
  const [status, setStatus] = useState<string>();
  const [failure, setFailure] = useState<string>();
  const [confirming, setConfirming] = useState<Confirming>();
  /** Set when a rotation succeeds, so its dialog hands the focus to the new secret. */
  const rotated = useRef(false);

  async function act(what: string, run: () => Promise<string | undefined>) {
    setBusy(what);
    setFailure(undefined);
    try {
      const said = await run();
      setStatus(said);
    } catch (err) {
      setStatus(undefined);
      setFailure(`${what} failed: ${messageOf(err)}`);
    } finally {
      setBusy(undefined);
    }
  }

  const toggle = () =>
    act(s.enabled ? 'Turning it off' : 'Turning it on', async () => {
      const changed = await api<Subscription>('PATCH', subscriptionPath(s.id), { enabled: !s.enabled });
      props.onChanged();
      return changed.enabled
        ? 'Turned on: events owed to it while it was off are sent first, then the new ones.'
        : 'Turned off: its events wait until it is turned on again.';
    });
  const test = () =>
    act('Sending a test event', async () => {
      const queued = await post<{ eventId: string; deliveryId: string }>(`${subscriptionPath(s.id)}/test`, undefined);
      props.onTestSent();
      return `Test event sent (delivery ${queued.deliveryId}): see the delivery log below.`;
    });
  const rotate = () =>
    act('Rotating the secret', async () => {
      const made = await post<WithSecret>(`${subscriptionPath(s.id)}/rotate-secret`, undefined);
      rotated.current = true;
      setConfirming(undefined);
      props.onRotated(made.secret);
      return undefined;
    });
  const remove = () =>
    act('Removing it', async () => {
      await api<void>('DELETE', subscriptionPath(s.id));
      setConfirming(undefined);
      flash = `Removed the subscription for ${s.url} and its delivery log.`;
      navigate('/events');
      return undefined;
    });

  return (
    <section aria-labelledby="manage-title">
      <h2 id="manage-title">Manage</h2>
      {s.enabled ? null : (
        <p class="muted" id="test-off">
          Turn it on to send a test event.
        </p>
      )}
      <div class="buttons">
        <button type="button" onClick={() => void toggle()} disabled={busy !== undefined}>
          {s.enabled ? 'Turn off' : 'Turn on'}
        </button>
        <button type="button" onClick={() => void test()} disabled={busy !== undefined || !s.enabled} aria-describedby={s.enabled ? undefined : 'test-off'}>
          Send a test event
        </button>
        <button
          type="button"
          onClick={() => {
            setFailure(undefined);
            rotated.current = false;
            setConfirming('rotate');
          }}
          disabled={busy !== undefined}
        >
          Rotate the secret…
        </button>
        <button
          type="button"
          onClick={() => {
            setFailure(undefined);
            setConfirming('remove');
          }}
          disabled={busy !== undefined}
        >
          Remove…
        </button>
      </div>
      {failure && !confirming ? (
        <p role="alert" class="error">
          {failure}
        </p>
      ) : null}
      <div role="status" class="saved">
        {status ? <p>{status}</p> : null}
      </div>
      {confirming === 'rotate' ? (
        <Confirm
          title="Rotate the signing secret?"
          act="Rotate the secret"
          acting="Rotating…"
          busy={busy !== undefined}
          failure={failure}
          onConfirm={() => void rotate()}
          onCancel={() => setConfirming(undefined)}
          // Rotated, the new secret is what to read next: it is on the page as the dialog closes.
          returnFocus={() => (rotated.current ? document.getElementById('secret-title') : null)}
        >
          <p>
            A new secret is made now and shown once. For 24 hours each request is signed with the old and the new secret, so your receiver keeps verifying while
            you change it.
          </p>
        </Confirm>
      ) : null}
      {confirming === 'remove' ? (
        <Confirm
          title="Remove this subscription?"
          act="Remove the subscription"
          acting="Removing…"
          busy={busy !== undefined}
          failure={failure}
          onConfirm={() => void remove()}
          onCancel={() => setConfirming(undefined)}
        >
          <p class="wrap">Nothing more is sent to {s.url}, and its delivery log goes with it.</p>
        </Confirm>
      ) : null}
    </section>
  );
}

/** A question before something that cannot be undone: what it does, the API's refusal if any, do it or not. */
function Confirm(props: {
  title: string;
  act: string;
  acting: string;
  busy: boolean;
  failure: string | undefined;
  onConfirm: () => void;
  onCancel: () => void;
  returnFocus?: () => HTMLElement | null;
  children: ComponentChildren;
}) {
  return (
    <Dialog title={props.title} onClose={props.onCancel} returnFocus={props.returnFocus}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          props.onConfirm();
        }}
      >
        {props.children}
        {props.failure ? (
          <p role="alert" class="error">
            {props.failure}
          </p>
        ) : null}
        <div class="buttons">
          <button type="submit" class="primary" disabled={props.busy}>
            {props.busy ? props.acting : props.act}
          </button>
          <button type="button" onClick={props.onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}

const STATE_WORDS: Record<Delivery['state'], string> = { pending: 'Pending', delivered: 'Delivered', failed: 'Failed' };
const took = (ms: number) => (ms < 1_000 ? `${ms} ms` : `${(ms / 1_000).toFixed(1)} s`);

/** The deliveries, newest first, each with its attempts and a Resend button. */
function DeliveryLog(props: { s: Subscription; asked: number; onResent: () => void }) {
  const { s } = props;
  const log = usePoll(() => get<{ items: Delivery[] }>(`${subscriptionPath(s.id)}/deliveries?limit=${LOG_SIZE}`), [s.id, props.asked], LOG_POLL_MS);
  const [busy, setBusy] = useState<string>();
  const [status, setStatus] = useState<string>();
  const [failure, setFailure] = useState<string>();
  const items = log.data?.items ?? [];
  const now = log.at ?? new Date();

  async function resend(d: Delivery) {
    setBusy(d.id);
    setFailure(undefined);
    try {
      await post<Delivery>(`${subscriptionPath(s.id)}/deliveries/${encodeURIComponent(d.id)}/resend`, undefined);
      setStatus(`${typeLabel(d.type)}, delivery ${d.id}, is sent again with the same webhook-id, so the receiver can tell it is the same event.`);
      props.onResent();
    } catch (err) {
      setStatus(undefined);
      setFailure(`Resending delivery ${d.id} failed: ${messageOf(err)}`);
    } finally {
      setBusy(undefined);
    }
  }

  return (
    <section aria-labelledby="log-title">
      <h2 id="log-title">Delivery log</h2>
      <p class="muted">
        Newest first{items.length >= LOG_SIZE ? `, the newest ${LOG_SIZE}` : ''}: each event, and each attempt to deliver it with the receiver&apos;s status,
        the time it took and the first KB of its answer.
      </p>
      {log.error ? (
        <p role="alert" class="error">
          Could not load the log: {log.error.message}
        </p>
      ) : null}
      {failure ? (
        <p role="alert" class="error">
          {failure}
        </p>
      ) : null}
      <div role="status" class="saved">
        {status ? <p>{status}</p> : null}
      </div>
      {items.length ? (
        <ol class="log">
          {items.map((d) => (
            <li class="panel" data-delivery={d.id}>
              <h3 id={`delivery-${d.id}`} class="wrap">
                {typeLabel(d.type)}
              </h3>
              <p class="meta">
                <span class={`delivery ${d.state}`} data-delivery-state>
                  {STATE_WORDS[d.state]}
                </span>{' '}
                ·{' '}
                {d.commitmentId ? (
                  <a href={`/commitments/${d.commitmentId}`}>
                    <span class="sr-only">Commitment </span>
                    {d.commitmentId}
                  </a>
                ) : (
                  'no commitment'
                )}{' '}
                · made {forViewer(d.createdAt, now)}
                {d.deliveredAt ? ` · delivered ${forViewer(d.deliveredAt, now)}` : d.nextAttemptAt ? ` · next attempt ${forViewer(d.nextAttemptAt, now)}` : ''}
              </p>
              {d.attempts.length ? (
                <ol class="attempts" aria-label={`Attempts, delivery ${d.id}`}>
                  {d.attempts.map((a) => (
                    <li data-attempt={a.attempt}>
                      <span>
                        Attempt {a.attempt}, {forViewer(a.at, now)}: <strong>{a.status === undefined ? 'no answer' : `status ${a.status}`}</strong> in{' '}
                        {took(a.durationMs)}
                      </span>
                      {a.error ? <span class="error"> {a.error}</span> : null}
                      {a.response ? (
                        <details>
                          <summary>
                            The answer&apos;s first KB<span class="sr-only">, attempt {a.attempt}</span>
                          </summary>
                          <pre>{a.response}</pre>
                        </details>
                      ) : null}
                    </li>
                  ))}
                </ol>
              ) : (
                <p class="muted">Not attempted yet.</p>
              )}
              <button type="button" onClick={() => void resend(d)} disabled={busy !== undefined}>
                {busy === d.id ? 'Resending…' : 'Resend'}
                <span class="sr-only">
                  {' '}
                  {typeLabel(d.type)}, delivery {d.id}
                </span>
              </button>
            </li>
          ))}
        </ol>
      ) : (
        <p class="empty">{log.data ? 'Nothing sent to it yet. Send a test event to see one arrive.' : 'Loading…'}</p>
      )}
    </section>
  );
}
