/**
 * One message on one channel, at least once: claim the ledger row, settle an earlier attempt's
 * unknown outcome before sending again, send, record what the provider said.
 *
 * 👉 An attempt can die or lose the provider's answer after the provider took the message. The
 *    next attempt then finds the row `sending` or `ambiguous` and resolves it: for a text it asks
 *    Twilio's Messages list for our words since the first attempt, and sends only if they are not
 *    there; an email goes again under the same Message-ID, which mail clients fold into one.
 */
import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { DeliveryError, type MailSender, type SmsSender } from '../channels/types';
import { CAPPED, recordWithinBounds, type MessageBounds } from '../db/message-cap';
import { claimNotification, isFirstText, knownProviderIds, rememberTexted, settleNotification, type Claim, type NotificationDraft } from '../db/notifications';
import { isOptedOut, optOut } from '../db/opt-outs';
import { recordFolded } from '../db/repeat-contact';
import { notificationKey, type Channel, type ChannelResult, type MessageRequest } from '../shared/messages';
import type { Composer, Recipient } from './compose';
import type { ConsentHeld } from './consent-held';

/** How long a customer text waits for a held STOP or START before it looks again. */
const CONSENT_WAIT_MS = 5_000;

export interface ChannelDeps {
  db: Pool;
  sms: SmsSender;
  mail: MailSender;
  /** Whether Temporal still holds a STOP or START for a number that Postgres has not written yet (./consent-held.ts). */
  consentHeld?: ConsentHeld;
  /** Where Twilio reports delivery; set when Twilio is live and the public URL is known. */
  statusCallback?: string;
  /** The domain of our Message-IDs (MAIL_FROM's). */
  messageIdDomain: string;
  /** The bounds on customer messages (../db/message-cap.ts): per commitment, per address, per creating key; unset, none. */
  messageBounds?: MessageBounds;
}

/** How one channel of a message goes: as a fallback for a refused text, or folded into an earlier alert (not sent). */
export interface SendOptions {
  fallback?: boolean;
  folded?: string;
}

/** A stable Message-ID per message: every copy of it carries the same one. */
export function messageIdFor(key: string, domain: string): string {
  return `<${createHash('sha256').update(key).digest('hex').slice(0, 40)}@${domain}>`;
}

export async function sendOn(
  deps: ChannelDeps,
  compose: Composer,
  r: MessageRequest,
  to: Recipient,
  channel: Channel,
  opts: SendOptions = {},
): Promise<ChannelResult> {
  const address = channel === 'sms' ? to.phone : to.email;
  if (!address) return { channel, status: 'skipped', reason: `no ${channel === 'sms' ? 'phone number' : 'email address'} on file` };
  const customerText = channel === 'sms' && r.audience === 'customer';
  if (customerText && (await isOptedOut(deps.db, address))) return { channel, status: 'failed', reason: 'the customer opted out of texts (STOP)', optedOut: true };
  if (customerText && (await deps.consentHeld?.(address))) {
    // Retried: once the choice is written, the check above decides.
    throw new DeliveryError('the number answered STOP or START while Postgres was down; the text waits until that is recorded', { permanent: false, retryAfterMs: CONSENT_WAIT_MS });
  }

  const key = notificationKey(r.commitment.workflowId, r, channel);
  const message = await compose(r, to, { firstText: customerText && (await isFirstText(deps.db, address)) });
  const draft: NotificationDraft = {
    key,
    commitmentId: r.commitment.id,
    purpose: r.purpose,
    occurrence: r.occurrence,
    channel,
    recipientRole: r.audience,
    recipientId: r.audience === 'customer' ? null : (r.to?.id ?? null),
    recipient: address,
    subject: channel === 'email' ? message.subject : null,
    body: channel === 'email' ? message.text : message.sms,
  };
  const mark = opts.fallback ? { fallback: true } : {};
  // Customer messages only: a staff alert is never held back by a bound.
  if (r.audience === 'customer' && deps.messageBounds) {
    const capped = await recordWithinBounds(deps.db, draft, r.commitment.createdByKey, deps.messageBounds);
    if (capped) return { channel, status: 'failed', reason: capped, capped: true, ...mark };
  }
  if (opts.folded && (await recordFolded(deps.db, draft, opts.folded))) return { channel, status: 'folded', reason: opts.folded };
  const claim = await claimNotification(deps.db, draft);
  if (claim.kind === 'done') return { channel, ...fromRow(claim), ...mark };
  if (claim.maybeSent && channel === 'sms' && deps.sms.findSent) {
    const sid = await deps.sms.findSent({ to: claim.recipient, body: claim.body, since: claim.firstAttemptAt, exclude: await knownProviderIds(deps.db, claim.recipient) });
    if (sid) {
      await settleNotification(deps.db, key, { status: 'accepted', providerId: sid });
      return { channel, status: 'accepted', ...mark };
    }
  }

  try {
    const receipt =
      channel === 'sms'
        ? await deps.sms.send({ to: claim.recipient, body: claim.body, ...(deps.sms.live && deps.statusCallback ? { statusCallback: deps.statusCallback } : {}) })
        : await deps.mail.send({ to: claim.recipient, subject: claim.subject ?? message.subject, text: claim.body, messageId: messageIdFor(key, deps.messageIdDomain) });
    const status = receipt.via === 'outbox' ? 'outbox' : 'accepted';
    await settleNotification(deps.db, key, { status, providerId: receipt.providerId, resent: claim.maybeSent });
    if (customerText && status === 'accepted') await rememberTexted(deps.db, claim.recipient);
    return { channel, status, ...mark };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    if (err instanceof DeliveryError && err.permanent) {
      await settleNotification(deps.db, key, { status: 'failed', error: reason });
      // 21610: Twilio knows the number replied STOP; remember it so later texts go by email.
      const optedOut = err.code === '21610';
      if (optedOut) await optOut(deps.db, claim.recipient);
      return { channel, status: 'failed', reason: optedOut ? 'the customer opted out of texts (Twilio 21610)' : reason, ...(optedOut ? { optedOut } : {}), ...mark };
    }
    // Unknown errors are treated as possibly sent: the next attempt checks before it resends.
    const ambiguous = !(err instanceof DeliveryError) || err.ambiguous;
    await settleNotification(deps.db, key, { status: ambiguous ? 'ambiguous' : 'retrying', error: reason });
    throw err;
  }
}

function fromRow(claim: Extract<Claim, { kind: 'done' }>): Omit<ChannelResult, 'channel'> {
  if (claim.status === 'outbox') return { status: 'outbox' };
  if (claim.status === 'folded') return { status: 'folded', reason: claim.error ?? 'folded into an earlier alert' };
  if (claim.status === 'failed') return { status: 'failed', reason: claim.error ?? 'refused by the provider', ...(claim.error?.startsWith(CAPPED) ? { capped: true } : {}) };
  // accepted, sent, delivered, and undelivered (the callback's fallback already ran): taken.
  return { status: 'accepted' };
}
