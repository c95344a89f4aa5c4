/**
 * `deliver`, as model-1 workflows call it (one channel per call, the old request and answer
 * shapes), carried out by the current at-least-once delivery. Their keys are unchanged, so an
 * attempt retried across the upgrade finds the row of the one before it.
 */
import { ApplicationFailure } from '@temporalio/activity';
import { FailureType } from '../shared/contract';
import type { MessageOutcome, MessageRequest } from '../shared/messages';
import type { DeliveryOutcome, DeliveryRequest } from '../workflows/legacy/contract';

export function createLegacyDeliver(deliverMessage: (r: MessageRequest) => Promise<MessageOutcome>) {
  return async function deliver(old: DeliveryRequest): Promise<DeliveryOutcome> {
    const { recipient } = old;
    const staffId = recipient.email ?? recipient.phone ?? recipient.name;
    const request = {
      purpose: old.purpose,
      occurrence: old.occurrence,
      audience: old.audience,
      ...(old.audience === 'customer' ? {} : { to: { id: old.audience === 'staff' ? staffId : old.commitment.owner.id, ...recipient } }),
      channels: [old.channel],
      commitment: old.commitment,
      ...(old.ctx ? { ctx: old.ctx } : {}),
    } as unknown as MessageRequest;
    const [result] = (await deliverMessage(request)).results;
    const address = (old.channel === 'sms' ? recipient.phone : recipient.email) ?? '';
    if (result?.status === 'accepted' || result?.status === 'outbox') return { status: result.status === 'accepted' ? 'sent' : 'outbox', recipient: address };
    throw ApplicationFailure.create({ type: FailureType.PermanentDelivery, nonRetryable: true, message: result?.reason ?? 'not delivered' });
  };
}
