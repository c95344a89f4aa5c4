/**
 * A customer's text after every one of their commitments closed (cancelled, confirmed and rated,
 * unconfirmed): once a dead end, now a note to the last owner, owed until it is sent.
 *
 * One workflow per MessageSid: the API starts it with that id, and Temporal refuses a second start,
 * so a webhook Twilio repeats forwards nothing twice. While the commitment's own workflow is still
 * finishing its last sends, it records and forwards the text itself, in step with its timeline;
 * once it has completed, the text is appended to the closed commitment's timeline here and sent
 * to the owner through the same deliver activity as every message.
 */
import { getExternalWorkflowHandle, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { commitmentWorkflowId, customerMessageSignal } from '../shared/contract';
import type { ClosedReplyInput } from '../shared/contract/closed-reply';
import type { MessageRequest } from '../shared/messages';
import { deliverMessage } from './shell/delivery';
import { staffChannels, viaName } from '../core/sends';
import { CUSTOMER, SYSTEM } from '../core';

const { closedReplyTarget, recordLateEntry } = proxyActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  // No attempt limit: the note is owed until Postgres takes it. The cap keeps the wait after an
  // outage short.
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

export async function closedReplyWorkflow(input: ClosedReplyInput): Promise<void> {
  const { messageSid: sid, commitmentId: id, text } = input;
  const optOut = input.readAsOptOut === true;
  const running = await getExternalWorkflowHandle(commitmentWorkflowId(id))
    .signal(customerMessageSignal, { text, ...(optOut ? { readAsOptOut: true } : {}) })
    .then(
      () => true,
      () => false,
    );
  if (running) return;

  const target = await closedReplyTarget(id);
  // Reopened meanwhile is impossible (closed is final); gone means redacted or never written.
  if (!target) return;
  const now = () => new Date().toISOString();
  await recordLateEntry(id, sid, { type: 'customer_message', detail: `Customer wrote after it closed: "${text}"`, actor: CUSTOMER, at: now() });
  const request: MessageRequest = {
    purpose: 'owner_customer_message',
    occurrence: `after-close:${sid}`,
    audience: target.audience,
    to: target.to,
    channels: staffChannels(target.audience, target.to),
    commitment: target.commitment,
    ctx: { text, closedAs: target.commitment.status, ...(optOut ? { readAsOptOut: 'yes' } : {}) },
  };
  // The activity retries what may still go through for 12 hours; after that, the timeline says so.
  const via = await deliverMessage(request).then(
    ({ results }) => results.filter((r) => r.status === 'accepted' || r.status === 'outbox').map(viaName),
    () => [],
  );
  const detail = via.length ? `Forwarded to ${target.to.name} by ${via.join(' and ')}.` : `Could not forward it to ${target.to.name}: no channel took it.`;
  await recordLateEntry(id, `${sid}:forwarded`, { type: 'note', detail, actor: SYSTEM, at: now() });
}
