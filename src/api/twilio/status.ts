/**
 * Twilio's delivery reports. Each moves the text's ledger row forward (accepted → sent →
 * delivered, or failed / undelivered; never back); a failure is reported to the commitment's
 * workflow, which decides: a customer's text goes again by email, a staff alert that reached
 * nobody moves the chain on.
 */
import { recordStatusCallback, type CallbackEffect } from '../../db/status-callbacks';
import { deliveryFailedSignal, type DeliveryReport } from '../../shared/contract';
import { withDeadline } from '../unavailable';
import type { TwilioDeps } from './deps';

/** A report can overtake our own record of the send (the SID is stored once Twilio answered). */
const SETTLE_WAIT_MS = [100, 200, 400, 800];

const audienceOf = (role: string): DeliveryReport['audience'] => (role === 'customer' || role === 'owner' ? role : 'staff');

export async function statusCallback(deps: TwilioDeps, report: { MessageSid: string; MessageStatus: string; ErrorCode?: string | undefined }): Promise<void> {
  const { MessageSid: sid, MessageStatus: status, ErrorCode: code } = report;
  const error = code ? `Twilio reported ${status} (error ${code})` : undefined;
  let effect: CallbackEffect | null | undefined = await recordStatusCallback(deps.db, sid, status, error);
  for (const wait of SETTLE_WAIT_MS) {
    if (effect !== null) break;
    await new Promise((resolve) => setTimeout(resolve, wait));
    effect = await recordStatusCallback(deps.db, sid, status, error);
  }
  // Unknown, not newer than what we have (Twilio may report twice), or nothing to act on.
  if (!effect?.failed) return;
  const failure: DeliveryReport = {
    purpose: effect.purpose,
    occurrence: effect.occurrence,
    channel: 'sms',
    audience: audienceOf(effect.recipientRole),
    ...(effect.recipientId ? { recipientId: effect.recipientId } : {}),
    reason: `was ${status}${code ? ` (Twilio error ${code})` : ''}`,
  };
  const workflowId = effect.workflowId;
  await withDeadline(deps.client, deps.temporalDeadlineMs, () => deps.client.workflow.getHandle(workflowId).signal(deliveryFailedSignal, failure));
  deps.log?.(`sms ${sid} ${status}: reported to ${workflowId} (${failure.audience} ${failure.purpose})`);
}
