/**
 * One message on one channel, at least once: claim the ledger row, settle an earlier attempt's
 * unknown outcome before sending again, send, record what the provider said.
 *
 * 👉 An attempt can die or lose the provider's answer after the provider took the message. The
 *    next attempt then finds the row `sending` or `ambiguous` and resolves it: for a text it asks
 *    Twilio's Messages list for our words since the first attempt, and sends only if they are not
 *    there; an email goes again under the same Message-ID, which mail clients fold into one.
 *    A staff alert does not wait for the row when Postgres is out of reach (./alert-ledger.ts).
 */
import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { DeliveryError, type MailSender, type SmsSender } from '../channels/types';
import type { ConsentHeld } from '../consent/held';
import { consentWithdrawn, withdrawConsent } from '../consent/ledger';
import { CAPPED, recordWithinBounds, type MessageBounds } from '../db/message-cap';
import {
  claimNotification,
  isFirstText,
  knownProviderIds,
  rememberTexted,
  settleNotification,
  type Claim,
  type NotificationDraft,
  type Settlement,
} from '../db/notifications';
import { recordFolded } from '../db/repeat-contact';
import { notificationKey, type Channel, type ChannelResult, type LedgerEntry, type MessageRequest } from '../shared/messages';
import { claimAlert, knownWithin, mayGoWithoutLedger, settleAlert } from './alert-ledger';
import type { AlertClaim, Attempt, SentWithoutRow } from './alert-ledger';
import type { Composer, Recipient } from './compose';
import type { PostgresWait } from './postgres-wait';

/** How long a customer text waits for a held STOP or START before it looks again. */
const CONSENT_WAIT_MS = 5_000;

export interface ChannelDeps {
  db: Pool;
  sms: SmsSender;
  mail: MailSender;
  /** Whether Temporal still holds a STOP or START for a number that Postgres has not written yet (src/consent/held.ts). */
  consentHeld?: ConsentHeld;
  /** Where Twilio reports delivery; set when Twilio is live and the public URL is known. */
  statusCallback?: string;
  /** The domain of our Message-IDs (MAIL_FROM's). */
  messageIdDomain: string;
  /** The bounds on customer messages (../db/message-cap.ts): per commitment, per address, per creating key; unset, none. */
  messageBounds?: MessageBounds;
}

/** One attempt of the deliver activity, as every channel of it sees it. */
export interface SendContext {
  /** How long Postgres may keep this attempt waiting: a staff alert's budget, unbounded for the rest. */
  wait: PostgresWait;
  attempt: Attempt;
  /** The channels this alert already went out on without a row (this attempt or one before). */
  sent: SentWithoutRow;
  /** Why a repeat-contact alert is not sent: folded into one the supervisor already has (./deliver.ts). */
  folded?: string;
}

/** A channel's result, with the row the workflow must write because the activity could not. */
export type Sent = ChannelResult & { owed?: LedgerEntry };

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
  at: SendContext,
  fallback = false,
): Promise<Sent> {
  const address = channel === 'sms' ? to.phone : to.email;
  if (!address) return { channel, status: 'skipped', reason: `no ${channel === 'sms' ? 'phone number' : 'email address'} on file` };
  const customerText = channel === 'sms' && r.audience === 'customer';
  if (customerText && (await consentWithdrawn(deps.db, address))) {
    return { channel, status: 'failed', reason: 'the customer opted out of texts (STOP)', optedOut: true };
  }
  if (customerText && (await deps.consentHeld?.(address))) {
    // Retried: once the choice is written, the check above decides.
    throw new DeliveryError('the number answered STOP or START while Postgres was down; the text waits until that is recorded', {
      permanent: false,
      retryAfterMs: CONSENT_WAIT_MS,
    });
  }

  const key = notificationKey(r.commitment.workflowId, r, channel);
  // Only a staff alert goes without its row; everything else waits for the ledger.
  const alert = mayGoWithoutLedger(r);
  const mark = fallback ? { fallback: true } : {};
  const before = alert ? at.sent.get(key) : undefined;
  if (before) return { channel, status: before.status, ...(before.error ? { reason: before.error } : {}), ...mark, owed: before };
  const message = await compose(r, to, { firstText: customerText && (await isFirstText(deps.db, address)), wait: at.wait });
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
  // Customer messages only: a staff alert is never held back by a bound.
  if (r.audience === 'customer' && deps.messageBounds) {
    const capped = await recordWithinBounds(deps.db, draft, r.commitment.createdByKey, deps.messageBounds);
    if (capped) return { channel, status: 'failed', reason: capped, capped: true, ...mark };
  }
  if (at.folded && (await recordFolded(deps.db, draft, at.folded))) return { channel, status: 'folded', reason: at.folded };
  const claim: AlertClaim = alert ? await claimAlert(deps.db, draft, at.wait, at.attempt) : recorded(await claimNotification(deps.db, draft));
  if (claim.kind === 'done') return { channel, ...fromRow(claim), ...mark };
  const sending = claim;
  const settle = async (s: Settlement): Promise<{ owed?: LedgerEntry }> => {
    if (alert) {
      const owed = await settleAlert(deps.db, draft, sending, s, at.attempt);
      if (!owed) return {};
      at.sent.add(owed);
      return { owed };
    }
    await settleNotification(deps.db, key, s);
    return {};
  };
  if (sending.maybeSent && channel === 'sms' && deps.sms.findSent) {
    const exclude = alert ? await knownWithin(deps.db, sending.recipient, at.wait) : await knownProviderIds(deps.db, sending.recipient);
    const sid = await deps.sms.findSent({ to: sending.recipient, body: sending.body, since: sending.firstAttemptAt, exclude });
    if (sid) return { channel, status: 'accepted', ...mark, ...(await settle({ status: 'accepted', providerId: sid })) };
  }

  try {
    const receipt =
      channel === 'sms'
        ? await deps.sms.send({
            to: sending.recipient,
            body: sending.body,
            ...(deps.sms.live && deps.statusCallback ? { statusCallback: deps.statusCallback } : {}),
          })
        : await deps.mail.send({
            to: sending.recipient,
            subject: sending.subject ?? message.subject,
            text: sending.body,
            messageId: messageIdFor(key, deps.messageIdDomain),
          });
    const status = receipt.via === 'outbox' ? 'outbox' : 'accepted';
    const owed = await settle({ status, providerId: receipt.providerId, resent: sending.maybeSent });
    if (customerText && status === 'accepted') await rememberTexted(deps.db, sending.recipient);
    return { channel, status, ...mark, ...owed };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    if (err instanceof DeliveryError && err.permanent) {
      const owed = await settle({ status: 'failed', error: reason });
      // 21610: Twilio knows the number replied STOP; remember it so later texts go by email.
      const optedOut = err.code === '21610';
      const withdraw = () => withdrawConsent(deps.db, sending.recipient);
      if (optedOut) await (alert ? at.wait.within(withdraw) : withdraw());
      const why = optedOut ? 'the customer opted out of texts (Twilio 21610)' : reason;
      return { channel, status: 'failed', reason: why, ...(optedOut ? { optedOut } : {}), ...mark, ...owed };
    }
    // Unknown errors are treated as possibly sent: the next attempt checks before it resends.
    const ambiguous = !(err instanceof DeliveryError) || err.ambiguous;
    await settle({ status: ambiguous ? 'ambiguous' : 'retrying', error: reason });
    throw err;
  }
}

const recorded = (c: Claim): AlertClaim => (c.kind === 'done' ? c : { ...c, recorded: true });

function fromRow(claim: Extract<Claim, { kind: 'done' }>): Omit<ChannelResult, 'channel'> {
  if (claim.status === 'outbox') return { status: 'outbox' };
  if (claim.status === 'failed')
    return { status: 'failed', reason: claim.error ?? 'refused by the provider', ...(claim.error?.startsWith(CAPPED) ? { capped: true } : {}) };
  if (claim.status === 'folded') return { status: 'folded', reason: claim.error ?? 'folded into an earlier alert' };
  // accepted, sent, delivered, and undelivered (the callback's fallback already ran): taken.
  return { status: 'accepted' };
}
