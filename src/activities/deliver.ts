/**
 * One message to one person on one channel, sent at most once per key.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Pool } from 'pg';
import { DeliveryError, type MailSender, type SmsSender } from '../channels/types';
import { findCommitment } from '../db/commitments';
import { claimNotification, settleNotification } from '../db/notifications';
import { isOptedOut, optOut } from '../db/opt-outs';
import { answerLinks } from '../links';
import { render, type MessagePurpose } from '../messages/templates';
import { FailureType, type CommitmentView } from '../shared/contract';

export interface DeliveryRequest {
  purpose: MessagePurpose;
  /** Distinguishes repeats of a purpose (per deadline, per escalation round…); '' for one-offs. */
  occurrence: string;
  channel: 'sms' | 'email';
  audience: 'customer' | 'owner' | 'staff';
  recipient: { name: string; phone?: string; email?: string };
  /** The commitment as it stood when the workflow decided to send. */
  commitment: CommitmentView;
  ctx?: Record<string, string>;
}

export interface DeliveryOutcome {
  /** `sent`: accepted by the provider; `outbox`: recorded only (provider not configured);
   * `uncertain`: an earlier attempt may have reached the provider, so it was not resent. */
  status: 'sent' | 'outbox' | 'uncertain';
  providerId?: string;
  recipient: string;
}

export interface DeliverDeps {
  db: Pool;
  sms: SmsSender;
  mail: MailSender;
  clock: () => Date;
  log?: (line: string) => void;
  /** PUBLIC_BASE_URL and LINK_SECRET: answer links in emails and Twilio's status callback. */
  links?: { baseUrl: string; secret: string };
}

/** Derived from the workflow ID and the message's purpose, so retries find their row. */
export function notificationKey(r: DeliveryRequest): string {
  const who = r.audience === 'staff' ? `:${r.recipient.email ?? r.recipient.phone ?? r.recipient.name}` : '';
  return `${r.commitment.workflowId}:${r.purpose}${r.occurrence ? `:${r.occurrence}` : ''}:${r.audience}${who}:${r.channel}`;
}

/** Messages whose reader takes the case over get the whole history, not the recent part. */
const NEEDS_FULL_TIMELINE = new Set<MessagePurpose>(['supervisor_alert', 'handoff', 'reopen_alert']);

function permanent(message: string, code: string | null, cause?: unknown): ApplicationFailure {
  return ApplicationFailure.create({ type: FailureType.PermanentDelivery, nonRetryable: true, message, details: [{ code }], cause: cause as Error | undefined });
}

export function createDeliver(deps: DeliverDeps) {
  function contextFor(r: DeliveryRequest): Record<string, string> {
    const ctx = { ...r.ctx };
    if (deps.links && r.channel === 'email' && (r.purpose === 'satisfaction_ask' || r.purpose === 'satisfaction_reminder')) {
      Object.assign(ctx, answerLinks({ ...deps.links, commitmentId: r.commitment.id, cycle: r.commitment.facts.reopenCount, validMs: r.commitment.policy.confirmWithinMs, now: deps.clock().getTime() }));
    }
    return ctx;
  }

  return async function deliver(r: DeliveryRequest): Promise<DeliveryOutcome> {
    const key = notificationKey(r);
    const address = r.channel === 'sms' ? r.recipient.phone : r.recipient.email;
    if (!address) throw permanent(`The ${r.audience} has no ${r.channel === 'sms' ? 'phone number' : 'email address'}`, 'NO_ADDRESS');
    if (r.channel === 'sms' && r.audience === 'customer' && (await isOptedOut(deps.db, address))) {
      throw permanent('the customer opted out of texts (STOP)', 'OPTED_OUT');
    }
    let commitment = r.commitment;
    if (NEEDS_FULL_TIMELINE.has(r.purpose)) {
      const stored = await findCommitment(deps.db, commitment.id);
      if (stored && stored.timeline.length > commitment.timeline.length) commitment = { ...commitment, timeline: stored.timeline };
    }
    const message = render(r.purpose, commitment, deps.clock(), { recipient: r.recipient, ctx: contextFor(r) });
    const claim = await claimNotification(deps.db, {
      key,
      commitmentId: commitment.id,
      purpose: r.purpose,
      occurrence: r.occurrence,
      channel: r.channel,
      recipientRole: r.audience,
      recipient: address,
      subject: r.channel === 'email' ? message.subject : null,
      body: r.channel === 'email' ? message.text : message.sms,
    });
    if (!claim.claimed) {
      if (claim.status === 'sent' || claim.status === 'outbox') {
        return { status: claim.status, recipient: address, ...(claim.providerId ? { providerId: claim.providerId } : {}) };
      }
      deps.log?.(`notification ${key}: an earlier attempt was interrupted mid-send; not resending (status ${claim.status})`);
      return { status: 'uncertain', recipient: address };
    }

    try {
      const receipt =
        r.channel === 'sms'
          ? await deps.sms.send({ to: claim.recipient, body: claim.body, ...(deps.sms.live && deps.links ? { statusCallback: `${deps.links.baseUrl}/v1/webhooks/twilio/status` } : {}) })
          : await deps.mail.send({ to: claim.recipient, subject: claim.subject ?? message.subject, text: claim.body });
      const status = receipt.via === 'outbox' ? 'outbox' : 'sent';
      await settleNotification(deps.db, key, { status, providerId: receipt.providerId });
      return { status, providerId: receipt.providerId, recipient: claim.recipient };
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      if (err instanceof DeliveryError && err.ambiguous) {
        // The provider may have accepted it; a resend could reach the person twice.
        await settleNotification(deps.db, key, { status: 'uncertain', error: reason });
        return { status: 'uncertain', recipient: claim.recipient };
      }
      await settleNotification(deps.db, key, { status: 'failed', error: reason });
      if (err instanceof DeliveryError && err.permanent) {
        // 21610: Twilio knows the number replied STOP; remember it so later texts go by email.
        if (err.code === '21610') await optOut(deps.db, claim.recipient);
        const why = err.code === '21610' ? `the customer opted out of texts (Twilio 21610)` : reason;
        throw permanent(`${r.channel === 'sms' ? 'SMS' : 'Email'} to the ${r.audience} refused: ${why}`, err.code ?? null, err);
      }
      deps.log?.(`notification ${key}: attempt ${Context.current().info.attempt} failed (${reason}); Temporal will retry`);
      throw err;
    }
  };
}
