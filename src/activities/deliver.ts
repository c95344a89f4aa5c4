/**
 * The deliver activity: one message to one person on each channel asked for, at once, at least
 * once (./send-on.ts). A channel the provider failed for now makes the whole attempt fail, so
 * Temporal retries it; the channels that already went out are found done in the ledger and are
 * not sent twice. A text refused for good goes by email instead when the workflow allows it. A
 * repeat-contact alert the supervisor already had one of about this customer today is folded into
 * it (../db/repeat-contact.ts): recorded, not sent.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import { DeliveryError } from '../channels/types';
import { FailureType } from '../shared/contract';
import { claimRepeatContactAlert } from '../db/repeat-contact';
import type { ChannelResult, MessageOutcome, MessageRequest } from '../shared/messages';
import { createComposer, recipientOf, type ComposeDeps } from './compose';
import { sendOn, type ChannelDeps } from './send-on';

export type DeliverDeps = ChannelDeps & ComposeDeps & { log?: (line: string) => void };

/** How often the activity tells Temporal it is alive while it waits on a provider. */
const HEARTBEAT_EVERY_MS = 1_000;
/** The longest wait a provider's Retry-After is obeyed for; beyond it the retry policy decides. */
const MAX_RETRY_AFTER_MS = 5 * 60_000;

function keepBeating(): () => void {
  let context: Context | undefined;
  try {
    context = Context.current();
  } catch {
    return () => undefined; // called outside an activity (unit tests)
  }
  // 👉 No beat at the start: the heartbeat timeout runs from the attempt's start anyway, so a
  //    worker that dies before its first beat is noticed as fast. A send done within a second then
  //    costs no heartbeat at all: one server write less per message, and on Temporal Cloud one
  //    billed action less (docs/scaling.md, docs/benchmarks.md).
  const timer = setInterval(() => context.heartbeat(), HEARTBEAT_EVERY_MS);
  return () => clearInterval(timer);
}

export function createDeliverMessage(deps: DeliverDeps) {
  const compose = createComposer(deps);

  return async function deliverMessage(r: MessageRequest): Promise<MessageOutcome> {
    const stop = keepBeating();
    try {
      const to = await recipientOf(deps, r);
      const folded = await foldedInto(deps, r);
      const opts = folded ? { folded } : {};
      const settled = await Promise.allSettled(r.channels.map((channel) => sendOn(deps, compose, r, to, channel, opts)));
      const results: ChannelResult[] = [];
      const transient: unknown[] = [];
      for (const s of settled) {
        if (s.status === 'fulfilled') results.push(s.value);
        else transient.push(s.reason);
      }
      const sms = results.find((x) => x.channel === 'sms');
      // A text held back by a bound is not a text that could not be delivered: no email goes in its place.
      if (r.emailFallback && sms?.status === 'failed' && !sms.capped && !r.channels.includes('email')) {
        results.push(await sendOn(deps, compose, r, to, 'email', { fallback: true }));
      }
      if (transient.length > 0) throw retryLater(transient, r, deps.log);
      return { results };
    } finally {
      stop();
    }
  };
}

/** Why a repeat-contact alert is not sent: the supervisor had one about this customer earlier today. */
async function foldedInto(deps: DeliverDeps, r: MessageRequest): Promise<string | undefined> {
  if (r.purpose !== 'repeat_contact_alert' || !r.to) return undefined;
  const { customer, id: commitmentId } = r.commitment;
  const earlier = await claimRepeatContactAlert(deps.db, { supervisorId: r.to.id, customer, commitmentId });
  if (!earlier) return undefined;
  const minutes = Math.max(0, Math.round((Date.now() - earlier.at.getTime()) / 60_000));
  const ago = minutes === 0 ? 'less than a minute ago' : minutes === 1 ? 'a minute ago' : `${minutes} minutes ago`;
  return (
    `Not sent: folded into the alert about this customer that ${r.to.name} had ${ago} (commitment ${earlier.commitmentId}); ` +
    'one repeat-contact alert per customer and supervisor in 24 hours.'
  );
}

/** A retryable failure; when a provider said how long to wait, the next attempt waits that long. */
function retryLater(errors: unknown[], r: MessageRequest, log?: (line: string) => void): ApplicationFailure {
  const waits = errors.flatMap((e) => (e instanceof DeliveryError && e.retryAfterMs !== undefined ? [Math.min(e.retryAfterMs, MAX_RETRY_AFTER_MS)] : []));
  const reasons = errors.map((e) => (e instanceof Error ? e.message : String(e)));
  let attempt = 0;
  try {
    attempt = Context.current().info.attempt;
  } catch {
    // outside an activity
  }
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
