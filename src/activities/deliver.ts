/**
 * One message to one person on one channel, sent at most once per key.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Pool } from 'pg';
import { DeliveryError, type MailSender, type SmsSender } from '../channels/types';
import { claimNotification, settleNotification } from '../db/notifications';
import { render, type MessagePurpose } from '../messages/templates';
import { FailureType, type CommitmentView } from '../shared/contract';

export type RecipientRole = 'customer' | 'owner' | 'supervisor';

export interface DeliveryRequest {
  purpose: MessagePurpose;
  channel: 'sms' | 'email';
  recipientRole: RecipientRole;
  /** The commitment as it stood when the workflow decided to send. */
  commitment: CommitmentView;
}

export interface DeliveryOutcome {
  /** `sent`: accepted by the provider; `outbox`: recorded only (provider not configured);
   * `uncertain`: an earlier attempt may have reached the provider, so it was not resent. */
  status: 'sent' | 'outbox' | 'uncertain';
  providerId?: string;
  recipient: string;
}

/** The key is derived from the workflow ID and the message's purpose, so retries find their row. */
export function notificationKey(r: DeliveryRequest): string {
  return `${r.commitment.workflowId}:${r.purpose}:${r.recipientRole}:${r.channel}`;
}

function recipientAddress(r: DeliveryRequest): string {
  const c = r.commitment;
  const who = r.recipientRole === 'customer' ? c.customer : r.recipientRole === 'owner' ? c.owner : c.supervisor;
  const address = r.channel === 'sms' ? who.phone : who.email;
  if (!address) {
    throw ApplicationFailure.create({
      type: FailureType.PermanentDelivery,
      nonRetryable: true,
      message: `The ${r.recipientRole} has no ${r.channel === 'sms' ? 'phone number' : 'email address'}`,
    });
  }
  return address;
}

export function createDeliver(deps: { db: Pool; sms: SmsSender; mail: MailSender; clock: () => Date; log?: (line: string) => void }) {
  return async function deliver(r: DeliveryRequest): Promise<DeliveryOutcome> {
    const key = notificationKey(r);
    const message = render(r.purpose, r.commitment, deps.clock());
    const claim = await claimNotification(deps.db, {
      key,
      commitmentId: r.commitment.id,
      purpose: r.purpose,
      channel: r.channel,
      recipientRole: r.recipientRole,
      recipient: recipientAddress(r),
      subject: r.channel === 'email' ? message.subject : null,
      body: r.channel === 'email' ? message.text : message.sms,
    });
    if (!claim.claimed) {
      if (claim.status === 'sent' || claim.status === 'outbox') {
        return { status: claim.status, recipient: recipientAddress(r), ...(claim.providerId ? { providerId: claim.providerId } : {}) };
      }
      deps.log?.(`notification ${key}: an earlier attempt was interrupted mid-send; not resending (status ${claim.status})`);
      return { status: 'uncertain', recipient: recipientAddress(r) };
    }

    try {
      const receipt =
        r.channel === 'sms'
          ? await deps.sms.send({ to: claim.recipient, body: claim.body })
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
        throw ApplicationFailure.create({
          type: FailureType.PermanentDelivery,
          nonRetryable: true,
          message: `${r.channel === 'sms' ? 'SMS' : 'Email'} to the ${r.recipientRole} refused: ${reason}`,
          details: [{ code: err.code ?? null }],
          cause: err,
        });
      }
      deps.log?.(`notification ${key}: attempt ${Context.current().info.attempt} failed (${reason}); Temporal will retry`);
      throw err;
    }
  };
}
