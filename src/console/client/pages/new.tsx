/**
 * The create form: the customer, the promise with a concrete deadline (a duration on the wall clock
 * or in the team's business hours, close of business, 10 AM next business day, or a time), and the call log. The owner
 * is whoever is signed in; the first escalation goes to their team's supervisor. Once created, the
 * page shows the read-back script (src/messages/read-back.ts) to say before hanging up, and, when
 * a bound on customer messages holds the recap back, says so: the read-back is then all they get.
 * A ticket reference still open in the team is refused (409): the page links that commitment and
 * offers to make a second one on purpose (allowDuplicateRef). A call that was abusive, threatening
 * or distressing can be flagged here with a note (sent as `hardCall`: ../hard-calls.ts); when this
 * customer's calls were flagged before, the answer's notices say so beside the read-back.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { CreatedCommitment } from '../../../api/resource';
import { readBack } from '../../../messages/read-back';
import { whenText, withArticle } from '../../../messages/time';
import { CUSTOMER_LOCALES, LANGUAGE_LABELS, localeOf } from '../../../shared/locale';
import { KNOWN_REGIONS, REGION_NAMES } from '../../../shared/regions';
import { CUSTOMER_STATES, CUSTOMER_WANTS, ROOT_CAUSES, TRIGGERS } from '../../../shared/vocab';
import { ApiError, post } from '../api';
import { boot, me } from '../boot';
import { CLOCK_HINT, CLOCK_LABEL, CLOCKS, deadlineFields, isDuration, isNamed, NAMED } from '../deadline';
import { DURATIONS, instantFromLocal } from '../time';
import { choices } from '../words';
import { Check, Choice, Text } from '../components/fields';
import { HARD_CALL_NOTE_MAX, KIND_OPTIONS } from '../hard-calls';

const AT_A_TIME = 'at';
/** The languages customers are written to in, named in their own words too. */
const LANGUAGES: [string, string][] = [
  ['', "Your team's language for customers"],
  ...CUSTOMER_LOCALES.map((tag): [string, string] => [tag, LANGUAGE_LABELS[tag]]),
];
const REGIONS: [string, string][] = [
  ['', 'From their number, else their time zone'],
  ...KNOWN_REGIONS.map((code): [string, string] => [code, REGION_NAMES[code] ?? code]),
];

/** The deadline as the customer's recap words it, when they are written to in another language: what to say if they ask. */
function theirWords(c: CreatedCommitment, now: Date): string | undefined {
  const locale = localeOf(c.customer);
  if (locale === 'en-US') return undefined;
  const due = new Date(c.dueAt);
  return withArticle(whenText(due, c.customer.timezone, now, locale), due, c.customer.timezone, locale);
}
/** The API's field a problem names → the control it is about, to focus it. */
const CONTROL: Record<string, string> = { dueIn: 'when', dueBy: 'when', kind: 'hardCallKind', note: 'hardCallNote' };
const zones = Intl.supportedValuesOf('timeZone');
const trimmed = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
};

/** The request body from the form; the deadline typed as a wall-clock time is read in the customer's zone. */
function bodyOf(form: FormData, allowDuplicateRef: boolean): Record<string, unknown> {
  const timezone = trimmed(form, 'timezone') ?? me.timezone;
  const when = trimmed(form, 'when') ?? 'PT2H';
  const at = trimmed(form, 'dueAt');
  const due = when === AT_A_TIME ? { dueAt: instantFromLocal(at ?? '', timezone) } : deadlineFields(when, trimmed(form, 'clock'));
  const log: Record<string, string> = {};
  for (const k of ['trigger', 'customerState', 'customerWants', 'rootCause', 'neededFix', 'businessConstraint']) {
    const v = trimmed(form, k);
    if (v) log[k] = v;
  }
  return {
    customer: {
      name: trimmed(form, 'name') ?? '',
      phone: trimmed(form, 'phone'),
      email: trimmed(form, 'email'),
      timezone,
      locale: trimmed(form, 'locale'),
      region: trimmed(form, 'region'),
    },
    summary: trimmed(form, 'summary') ?? '',
    ...due,
    log,
    externalRef: trimmed(form, 'externalRef'),
    ...(allowDuplicateRef ? { allowDuplicateRef } : {}),
    ...hardCallOf(form),
  };
}

/** The call flagged as hard, when it was: what made it so and the note. */
function hardCallOf(form: FormData): { hardCall?: { kind: string; note: string } } {
  const kind = trimmed(form, 'hardCallKind');
  return kind ? { hardCall: { kind, note: trimmed(form, 'hardCallNote') ?? '' } } : {};
}

export function NewPage() {
  const [when, setWhen] = useState('PT2H');
  const [clock, setClock] = useState('wall');
  const [zone, setZone] = useState(me.timezone);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string>();
  /** The commitment still open for the reference typed, when the API refused a second one. */
  const [duplicateOf, setDuplicateOf] = useState<string>();
  const [allowDuplicate, setAllowDuplicate] = useState(false);
  const [created, setCreated] = useState<CreatedCommitment>();
  /** What made the call hard ('' when it was not): the note is asked for only then. */
  const [hardKind, setHardKind] = useState('');
  const [busy, setBusy] = useState(false);
  // One key per form: a retried submit (a timeout, a double click) creates one commitment.
  const idempotencyKey = useRef(crypto.randomUUID());
  const readBackTitle = useRef<HTMLHeadingElement>(null);
  useEffect(() => void (document.title = 'New commitment · Followthrough'), []);
  useEffect(() => readBackTitle.current?.focus(), [created?.id]);

  async function submit(e: Event) {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    // A hard call needs its note: said beside it before anything is sent.
    if (hardKind && !trimmed(new FormData(form), 'hardCallNote')) {
      setErrors({ note: 'Say what happened on the call.' });
      setFailure('A hard call needs a note; see beside the field.');
      form.querySelector<HTMLElement>('[name="hardCallNote"]')?.focus();
      return;
    }
    setBusy(true);
    try {
      const body = bodyOf(new FormData(form), duplicateOf !== undefined && allowDuplicate);
      const c = await post<CreatedCommitment>('/v1/commitments', body, { 'idempotency-key': idempotencyKey.current });
      setCreated(c);
      setErrors({});
      setFailure(undefined);
      setDuplicateOf(undefined);
      setAllowDuplicate(false);
      form.reset();
      setWhen('PT2H');
      setClock('wall');
      setHardKind('');
      idempotencyKey.current = crypto.randomUUID();
    } catch (err) {
      const fields = err instanceof ApiError ? err.fieldErrors() : {};
      setErrors(fields);
      setFailure(err instanceof Error ? err.message : String(err));
      setDuplicateOf(err instanceof ApiError ? err.problem.existingId : undefined);
      const first = Object.keys(fields)[0] ?? '';
      form.querySelector<HTMLElement>(`[name="${CONTROL[first] ?? first}"]`)?.focus();
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <h1 tabIndex={-1}>New commitment</h1>
      {created ? (
        <section class="readback" aria-labelledby="readback-title">
          <h2 id="readback-title" tabIndex={-1} ref={readBackTitle}>
            Read this back before you hang up
          </h2>
          <blockquote>
            {readBack({ ownerName: me.name, summary: created.summary, dueAt: created.dueAt, customerTimezone: created.customer.timezone, now: new Date() })}
          </blockquote>
          {theirWords(created, new Date()) ? (
            <p data-their-words>
              Their messages are in {LANGUAGE_LABELS[localeOf(created.customer)]}: the recap says the time as{' '}
              <q lang={created.customer.locale}>{theirWords(created, new Date())}</q>.
            </p>
          ) : null}
          {created.warnings?.length ? (
            <div role="alert" class="warning">
              {created.warnings.map((w) => (
                <p data-code={w.code}>{w.detail}</p>
              ))}
            </div>
          ) : null}
          {created.notices?.length ? (
            <div role="alert" class="warning" data-notices>
              {created.notices.map((n) => (
                <p data-code={n.code}>{n.detail}</p>
              ))}
            </div>
          ) : null}
          <p>
            <a href={`/commitments/${created.id}`}>Open the commitment</a>
            {created.warnings?.length ? '' : " · the customer's recap is on its way."}
          </p>
        </section>
      ) : null}
      {boot.supervisor ? null : (
        <p role="alert" class="error">
          Your team has no active supervisor in the staff directory, so a promise could not be escalated. Ask an admin to set one.
        </p>
      )}
      <form onSubmit={(e) => void submit(e)} class="stack wide" noValidate>
        <fieldset>
          <legend>Customer</legend>
          <Text name="name" label="Name" required autoComplete="off" error={errors.name} />
          <Text name="phone" label="Mobile phone" type="tel" hint="E.164, e.g. +14155550123. Texts go here." error={errors.phone} />
          <Text name="email" label="Email" type="email" error={errors.email} />
          <Text
            name="timezone"
            label="Their time zone"
            list="zones"
            value={zone}
            onChange={setZone}
            hint="The deadline is told to them in this zone."
            error={errors.timezone}
          />
          <datalist id="zones">
            {zones.map((z) => (
              <option value={z} />
            ))}
          </datalist>
          <Choice name="locale" label="Their language" options={LANGUAGES} hint="Every text, email and page they get is in it." error={errors.locale} />
          <Choice
            name="region"
            label="Their state"
            options={REGIONS}
            hint="Whose texting hours apply: Florida's 8 AM to 8 PM, say. Left alone, it is worked out from their number."
            error={errors.region}
          />
        </fieldset>
        <fieldset>
          <legend>Promise</legend>
          <Text
            name="summary"
            label="What you promised, in the customer's words"
            required
            hint='e.g. "Call you back about the duplicate charge".'
            error={errors.summary}
          />
          <Choice
            name="when"
            label="Due"
            value={when}
            onChange={setWhen}
            options={[...DURATIONS, ...NAMED, [AT_A_TIME, 'at a time I choose…']]}
            hint={isNamed(when) ? "Counted on your team's business-hours calendar." : undefined}
            error={errors.dueIn ?? errors.dueBy}
          />
          {isDuration(when) ? (
            <Choice name="clock" label={CLOCK_LABEL} value={clock} onChange={setClock} options={CLOCKS} hint={CLOCK_HINT} error={errors.clock} />
          ) : null}
          {when === AT_A_TIME ? <Text name="dueAt" label="Due at (the customer's local time)" type="datetime-local" required error={errors.dueAt} /> : null}
          <Text name="externalRef" label="Ticket or CRM reference (optional)" error={errors.externalRef} />
          {duplicateOf ? (
            <Check name="allowDuplicateRef" label="Make a second commitment for this reference anyway" checked={allowDuplicate} onChange={setAllowDuplicate} />
          ) : null}
        </fieldset>
        <fieldset>
          <legend>Call log</legend>
          <Choice name="trigger" label="Trigger" options={[['', 'Not recorded'], ...choices(TRIGGERS)]} error={errors.trigger} />
          <Choice name="customerState" label="Customer state" options={[['', 'Not recorded'], ...choices(CUSTOMER_STATES)]} error={errors.customerState} />
          <Choice name="customerWants" label="Customer wants" options={[['', 'Not recorded'], ...choices(CUSTOMER_WANTS)]} error={errors.customerWants} />
          <Choice name="rootCause" label="Root cause" options={[['', 'Not recorded'], ...choices(ROOT_CAUSES)]} error={errors.rootCause} />
          <Text name="neededFix" label="Needed fix" multiline error={errors.neededFix} />
          <Text
            name="businessConstraint"
            label="Business constraint"
            multiline
            hint="What stood in the way: a policy, a system, a third party."
            error={errors.businessConstraint}
          />
        </fieldset>
        <fieldset>
          <legend>This was a hard call</legend>
          <Choice
            name="hardCallKind"
            label="What made it hard"
            value={hardKind}
            onChange={setHardKind}
            options={[['', 'No'], ...KIND_OPTIONS]}
            hint="Your team's supervisor checks in with you afterwards. Never shown to the customer."
            error={errors.kind ?? errors.hardCall}
          />
          {hardKind ? <Text name="hardCallNote" label="What happened" multiline required maxLength={HARD_CALL_NOTE_MAX} error={errors.note} /> : null}
        </fieldset>
        {failure && duplicateOf ? (
          <p role="alert" class="error">
            This reference already has a commitment still open: <a href={`/commitments/${duplicateOf}`}>open it</a> instead, or tick "Make a second commitment
            for this reference anyway" and create again.
          </p>
        ) : failure ? (
          <p role="alert" class="error">
            {failure}
          </p>
        ) : null}
        <button type="submit" class="primary" disabled={busy || !boot.supervisor}>
          {busy ? 'Creating…' : 'Create commitment'}
        </button>
      </form>
    </>
  );
}
