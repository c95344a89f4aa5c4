/**
 * What an inbound text means, routed by the sender's number: a supervisor's ACK, a customer's
 * YES / NO / rating, or free text that becomes a note for the owner. Returns the TwiML reply,
 * or undefined when the workflow answers with a message of its own.
 */
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { findActiveStaffByPhone } from '../../db/directory/staff';
import { customerCommitments, escalationAlerting } from '../../db/replies';
import { acknowledgeUpdate, customerMessageSignal, customerReplyUpdate, type CustomerReply } from '../../shared/contract';
import { parseDurationMs } from '../../shared/duration';
import { withDeadline } from '../unavailable';
import type { TwilioDeps } from './deps';

const ACK = /^ACK(?:\s+(\d{1,4})\s*(m|min|mins|minutes?|h|hr|hrs|hours?|d|days?))?$/i;
const UNIT_MS: Record<string, number> = { m: 60_000, h: 3600_000, d: 86_400_000 };
const DEFAULT_ACK_WITHIN_MS = parseDurationMs('PT4H') ?? 0;
/** A deadline set by text is bounded as the API bounds one: a minute to a week ahead. */
const ACK_MIN_MS = 60_000;
const ACK_MAX_MS = 7 * 86_400_000;

/** A refusal from the workflow is the customer's answer; anything else is ours (503 or 500). */
async function orRefusal(act: () => Promise<string | undefined>): Promise<string | undefined> {
  try {
    return await act();
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError && err.cause) return err.cause.message;
    throw err;
  }
}

async function acknowledgeByText(deps: TwilioDeps, from: string, match: RegExpExecArray): Promise<string | undefined> {
  // Only the directory says who a phone belongs to: an ACK from any other number acknowledges nothing.
  const staff = await findActiveStaffByPhone(deps.db, from);
  const found = staff ? await escalationAlerting(deps.db, staff.id, from) : undefined;
  if (!staff || !found) return 'There is no escalation waiting for you to acknowledge.';
  const me = { id: staff.id, name: staff.name, role: staff.role };
  const amount = match[1] ? Number(match[1]) : undefined;
  const unit = (match[2] ?? 'h').charAt(0).toLowerCase();
  const withinMs = amount !== undefined ? amount * (UNIT_MS[unit] ?? 3600_000) : (found.reopenWithinMs ?? DEFAULT_ACK_WITHIN_MS);
  if (withinMs < ACK_MIN_MS || withinMs > ACK_MAX_MS) return 'An ACK takes a time from 1 minute to 7 days, e.g. ACK 45m or ACK 2h.';
  return orRefusal(async () => {
    await withDeadline(deps.client, deps.temporalDeadlineMs, () =>
      deps.client.workflow.getHandle(found.workflowId).executeUpdate(acknowledgeUpdate, {
        args: [{ by: me.id, actor: { kind: 'staff', ...me }, dueAt: new Date(Date.now() + withinMs).toISOString(), note: 'Acknowledged by text.' }],
      }),
    );
    return `Thanks ${me.name}: it's yours now, due in ${Math.round(withinMs / 60_000)} minutes. The customer has been told.`;
  });
}

export async function answerText(deps: TwilioDeps, from: string, body: string): Promise<string | undefined> {
  const text = body.trim();
  const ack = ACK.exec(text);
  if (ack) return acknowledgeByText(deps, from, ack);

  const rows = await customerCommitments(deps.db, from);
  if (rows.length === 0) return 'We could not match this number to an open request. Please call us and we will pick it up.';
  const reply = (workflowId: string, answer: CustomerReply) =>
    withDeadline(deps.client, deps.temporalDeadlineMs, () => deps.client.workflow.getHandle(workflowId).executeUpdate(customerReplyUpdate, { args: [answer] }));

  const yesNo = /^(yes|y|no|n)\b[\s,.:;!-]*(.*)$/is.exec(text);
  const asking = rows.find((r) => r.awaiting === 'confirmation');
  if (yesNo && asking) {
    const words = yesNo[2]?.trim();
    const answer = yesNo[1]!.toLowerCase().startsWith('y') ? 'yes' : 'no';
    // The workflow replies itself: a rating question, or who owns it now.
    return orRefusal(async () => void (await reply(asking.workflowId, { answer, via: 'sms', ...(words ? { text: words } : {}) })));
  }
  const rating = /^([1-5])(?:\s*\/\s*5)?$/.exec(text);
  const rated = rows.find((r) => r.awaiting === 'rating');
  if (rating && rated) {
    return orRefusal(async () => {
      await reply(rated.workflowId, { answer: 'rating', rating: Number(rating[1]), via: 'sms' });
      return 'Thank you for the rating.';
    });
  }
  const latest = rows.find((r) => r.awaiting !== 'rating') ?? rows[0]!;
  await withDeadline(deps.client, deps.temporalDeadlineMs, () => deps.client.workflow.getHandle(latest.workflowId).signal(customerMessageSignal, { text: text.slice(0, 1600) }));
  return `Thanks, we've passed your message to ${latest.owner.name}.`;
}
