/**
 * The deliver activity: one message to one person on each channel asked for, at once, at least
 * once (./send-on.ts). A channel the provider failed for now makes the whole attempt fail, so
 * Temporal retries it; the channels that already went out are found done in the ledger and are
 * not sent twice. A text refused for good goes by email instead when the workflow allows it.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import { DeliveryError } from '../channels/types';
import { FailureType } from '../shared/contract';
import { claimRepeatContactAlert } from '../db/repeat-contact';
import type { ChannelResult, MessageOutcome, MessageRequest } from '../shared/messages';
import type { TimelineEvent } from '../shared/model';
import { readResults, sentEntry } from '../core/sends';
import { appendSentEntry } from '../db/commitments';
import { isEventEntry } from '../events/catalogue';
import { currentAttempt, mayGoWithoutLedger, SentWithoutRow } from './alert-ledger';
import { createComposer, recipientOf, type ComposeDeps } from './compose';
import { postgresWait, WAIT_FOR_POSTGRES, type PostgresWait } from './postgres-wait';
import { sendOn, type ChannelDeps, type SendContext, type Sent } from './send-on';

export type DeliverDeps = ChannelDeps & ComposeDeps & { log?: (line: string) => void };

/** How often the activity tells Temporal it is alive while it waits on a provider. */
const HEARTBEAT_EVERY_MS = 1_000;
/** The longest wait a provider's Retry-After is obeyed for; beyond it the retry policy decides. */
const MAX_RETRY_AFTER_MS = 5 * 60_000;

interface Beating {
  /** Tells Temporal now (throttled by the SDK; a failed attempt's report carries the last details anyway). */
  beat(): void;
  stop(): void;
}

/** Beats every second with `details()`, which the next attempt reads (./alert-ledger.ts). */
function keepBeating(details: () => unknown): Beating {
  let context: Context | undefined;
  try {
    context = Context.current();
  } catch {
    return { beat: () => undefined, stop: () => undefined }; // called outside an activity (unit tests)
  }
  // 👉 No beat at the start: the heartbeat timeout runs from the attempt's start anyway, so a
  //    worker that dies before its first beat is noticed as fast. A send done within a second then
  //    costs no heartbeat at all: one server write less per message, and on Temporal Cloud one
  //    billed action less (docs/scaling.md, docs/benchmarks.md).
  const beat = () => context.heartbeat(details());
  const timer = setInterval(beat, HEARTBEAT_EVERY_MS);
  return { beat, stop: () => clearInterval(timer) };
}

export function createDeliverMessage(deps: DeliverDeps) {
  const compose = createComposer(deps);

  return async function deliverMessage(r: MessageRequest): Promise<MessageOutcome> {
    const attempt = currentAttempt();
    const sentWithoutRow = new SentWithoutRow(attempt.previous, () => beating.beat());
    const beating = keepBeating(() => sentWithoutRow.details);
    try {
      // A staff alert waits on Postgres for a second at most in all (./postgres-wait.ts); the rest wait as long as it takes.
      const wait = mayGoWithoutLedger(r) ? postgresWait() : WAIT_FOR_POSTGRES;
      const to = await recipientOf(deps, r, wait);
      const folded = await foldedInto(deps, r, wait);
      const at: SendContext = { wait, attempt, sent: sentWithoutRow, ...(folded ? { folded } : {}) };
      const settled = await Promise.allSettled(r.channels.map((channel) => sendOn(deps, compose, r, to, channel, at)));
      const sent: Sent[] = [];
      const transient: unknown[] = [];
      for (const s of settled) {
        if (s.status === 'fulfilled') sent.push(s.value);
        else transient.push(s.reason);
      }
      const sms = sent.find((x) => x.channel === 'sms');
      // A text held back by a bound is not a text that could not be delivered: no email goes in its place.
      if (r.emailFallback && sms?.status === 'failed' && !sms.capped && !r.channels.includes('email')) {
        sent.push(await sendOn(deps, compose, r, to, 'email', at, true));
      }
      if (transient.length > 0) throw retryLater(transient, r, at.attempt.number, deps.log);
      const ledger = sent.flatMap((s) => (s.owed ? [s.owed] : []));
      // Ids only, as every log line here.
      if (ledger.length) deps.log?.(`deliver ${r.commitment.id} ${r.purpose}: sent without its ledger row (Postgres out of reach)`);
      const results = sent.map(({ owed: _owed, ...result }) => result);
      const entry = r.entry && !ledger.length ? await writeSentEntry(deps, r, r.entry, results) : undefined;
      return { results, ...(ledger.length ? { ledger } : {}), ...(entry ? { entry } : {}) };
    } finally {
      beating.stop();
    }
  };
}

/**
 * The message's "sent" entry, written here when the workflow would write nothing else about this
 * send (the core reads the results to no step of its own: no failure, no fallback, no command) and
 * the entry is no event for subscriptions (those the workflow writes, in order). Postgres gets a
 * second; without an answer the workflow writes the entry as it always did.
 */
async function writeSentEntry(
  deps: DeliverDeps,
  r: MessageRequest,
  reserved: NonNullable<MessageRequest['entry']>,
  results: ChannelResult[],
): Promise<TimelineEvent | undefined> {
  const spec = { purpose: r.purpose, audience: r.audience, occurrence: r.occurrence, sent: reserved.sent };
  const { steps, ...delivery } = readResults(spec, results);
  const draft = steps.length ? undefined : sentEntry(spec, delivery);
  if (!draft || isEventEntry(draft)) return undefined;
  const event: TimelineEvent = { seq: reserved.seq, at: new Date().toISOString(), ...draft };
  try {
    const at = await postgresWait().within(() => appendSentEntry(deps.db, r.commitment.id, event));
    return at === undefined ? undefined : { ...event, at };
  } catch (err) {
    deps.log?.(`deliver ${r.commitment.id} ${r.purpose}: the sent entry was left to the workflow (${err instanceof Error ? err.message : String(err)})`);
    return undefined;
  }
}

/**
 * Why a repeat-contact alert is not sent: the supervisor had one about this customer earlier today.
 * It waits for Postgres to say (./alert-ledger.ts `mayGoWithoutLedger`).
 */
async function foldedInto(deps: DeliverDeps, r: MessageRequest, wait: PostgresWait): Promise<string | undefined> {
  if (r.purpose !== 'repeat_contact_alert' || !r.to) return undefined;
  const { customer, id: commitmentId } = r.commitment;
  const supervisor = r.to;
  const earlier = await wait.within(() => claimRepeatContactAlert(deps.db, { supervisorId: supervisor.id, customer, commitmentId }));
  if (!earlier) return undefined;
  const minutes = Math.max(0, Math.round((Date.now() - earlier.at.getTime()) / 60_000));
  const ago = minutes === 0 ? 'less than a minute ago' : minutes === 1 ? 'a minute ago' : `${minutes} minutes ago`;
  return (
    `Not sent: folded into the alert about this customer that ${supervisor.name} had ${ago} (commitment ${earlier.commitmentId}); ` +
    'one repeat-contact alert per customer and supervisor in 24 hours.'
  );
}

/** A retryable failure; when a provider said how long to wait, the next attempt waits that long. */
function retryLater(errors: unknown[], r: MessageRequest, attempt: number, log?: (line: string) => void): ApplicationFailure {
  const waits = errors.flatMap((e) => (e instanceof DeliveryError && e.retryAfterMs !== undefined ? [Math.min(e.retryAfterMs, MAX_RETRY_AFTER_MS)] : []));
  const reasons = errors.map((e) => (e instanceof Error ? e.message : String(e)));
  // Ids only: addresses and bodies stay out of logs.
  log?.(`deliver ${r.commitment.id} ${r.purpose}: attempt ${attempt} will be retried (${reasons.length} channel(s) failed for now)`);
  return ApplicationFailure.create({
    type: 'DeliveryRetry',
    message: reasons.join('; '),
    nonRetryable: false,
    ...(waits.length ? { nextRetryDelay: Math.max(...waits) } : {}),
    cause: errors[0] instanceof Error ? errors[0] : undefined,
  });
}

export { FailureType };
