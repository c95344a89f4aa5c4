/**
 * What an inbound text means, routed by the sender's number: a supervisor's ACK; a customer's
 * YES / NO / rating, a request for a manager, an unclear answer to the yes/no question, or free
 * text that becomes a note for the owner (of a closed commitment, when nothing is open). Returns
 * the TwiML reply, or undefined when the workflow answers with a message of its own.
 */
import { WorkflowExecutionAlreadyStartedError, WorkflowUpdateFailedError } from '@temporalio/client';
import { findActiveStaffByPhone } from '../../people/store/staff';
import { customerCommitments, escalationAlerting, lastClosedCommitment, localeOfNumber, type CustomerCommitment } from '../../db/replies';
import { customerReply, type ReplyKey } from '../../messages/templates';
import type { CustomerLocale } from '../../shared/locale';
import { acknowledgeUpdate, customerMessageSignal, customerReplyUpdate, type CustomerMessage, type CustomerReply } from '../../shared/contract';
import { ACK_BY_TEXT_WITHIN_MS } from '../../messages/staff-context';
import { closedReplyWorkflowId } from '../../shared/contract/closed-reply';
import type { closedReplyWorkflow } from '../../workflows/closed-reply';
import { withDeadline } from '../unavailable';
import type { TwilioDeps } from './deps';
import { readReply } from './reply-words';

const ACK = /^ACK(?:\s+(\d{1,4})\s*(m|min|mins|minutes?|h|hr|hrs|hours?|d|days?))?$/i;
const UNIT_MS: Record<string, number> = { m: 60_000, h: 3600_000, d: 86_400_000 };
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
  const me = { id: staff.id, name: staff.name, role: staff.role, teamId: staff.teamId };
  const amount = match[1] ? Number(match[1]) : undefined;
  const unit = (match[2] ?? 'h').charAt(0).toLowerCase();
  // A plain ACK takes the deadline the alert offered, never the commitment's reopen window (up to 30 days).
  const withinMs = amount !== undefined ? amount * (UNIT_MS[unit] ?? 3600_000) : ACK_BY_TEXT_WITHIN_MS;
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

export interface InboundText {
  sid: string;
  from: string;
  body: string;
}

/** Twilio refuses longer bodies, so nothing longer can come in; the bound keeps a signal small. */
const MAX_TEXT = 1600;
const passedOn = (to: string, locale?: CustomerLocale) => customerReply('reply.passedOn', locale, { owner: to });

export async function answerText(deps: TwilioDeps, inbound: InboundText): Promise<string | undefined> {
  const text = inbound.body.trim().slice(0, MAX_TEXT);
  const ack = ACK.exec(text);
  if (ack) return acknowledgeByText(deps, inbound.from, ack);

  const rows = await customerCommitments(deps.db, inbound.from);
  if (rows.length === 0) {
    const owner = await forwardAfterClose(deps, inbound, text);
    const locale = await localeOfNumber(deps.db, inbound.from);
    return owner ? passedOn(owner, locale) : customerReply('reply.noMatch', locale);
  }
  const reply = (workflowId: string, answer: CustomerReply) =>
    withDeadline(deps.client, deps.temporalDeadlineMs, () => deps.client.workflow.getHandle(workflowId).executeUpdate(customerReplyUpdate, { args: [answer] }));
  const tell = (row: CustomerCommitment, message: CustomerMessage) => tellOwner(deps, row, message);

  const read = readReply(text);
  // Answered in the language of the commitment the text is about, the latest one's for a note.
  const say = (row: CustomerCommitment, key: ReplyKey) => customerReply(key, row.locale, { owner: row.owner.name });
  const asking = rows.find((r) => r.awaiting === 'confirmation');
  if (asking && read.kind === 'yes') {
    const answer: CustomerReply = {
      answer: 'yes',
      via: 'sms',
      ...(read.rating ? { rating: read.rating } : {}),
      ...(read.comment ? { text: read.comment } : {}),
    };
    // Without a rating the workflow asks for one itself.
    return orRefusal(async () => (await reply(asking.workflowId, answer), read.rating ? say(asking, 'reply.confirmedRated') : undefined));
  }
  if (asking && read.kind === 'no') {
    // The workflow tells the customer who owns it now.
    return orRefusal(async () => void (await reply(asking.workflowId, { answer: 'no', via: 'sms', ...(read.words ? { text: read.words } : {}) })));
  }
  const rated = rows.find((r) => r.awaiting === 'rating');
  if (read.kind === 'rating' && rated) {
    return orRefusal(async () => (await reply(rated.workflowId, { answer: 'rating', rating: read.rating, via: 'sms' }), say(rated, 'reply.rated')));
  }
  const latest = latestOf(rows)!;
  if (read.kind === 'manager') {
    await tell(latest, { text, managerRequest: true });
    return say(latest, 'reply.manager');
  }
  if (asking) {
    // Neither yes nor no: the owner reads it, and the question is asked once more (only once).
    return orRefusal(
      async () => (await reply(asking.workflowId, { answer: 'unclear', text, via: 'sms' }), asking.reasked ? say(asking, 'reply.passedOn') : undefined),
    );
  }
  await tell(latest, { text });
  return say(latest, 'reply.passedOn');
}

/** Where free text goes: the most recent commitment that is not only waiting for a rating. */
const latestOf = (rows: CustomerCommitment[]) => rows.find((r) => r.awaiting !== 'rating') ?? rows[0];

const tellOwner = (deps: TwilioDeps, row: CustomerCommitment, message: CustomerMessage) =>
  withDeadline(deps.client, deps.temporalDeadlineMs, () => deps.client.workflow.getHandle(row.workflowId).signal(customerMessageSignal, message));

/**
 * An unsure opt-out (src/consent/read.ts): the owner of the latest commitment, open or closed, gets
 * the words and is told they stopped texts. Returns who was told.
 */
export async function tellOwnerOfOptOut(deps: TwilioDeps, inbound: InboundText): Promise<string | undefined> {
  const text = inbound.body.trim().slice(0, MAX_TEXT);
  const latest = latestOf(await customerCommitments(deps.db, inbound.from));
  if (!latest) return forwardAfterClose(deps, inbound, text, true);
  await tellOwner(deps, latest, { text, readAsOptOut: true });
  return latest.owner.name;
}

/**
 * Nothing is open for this number: the text goes to the last owner of its latest closed commitment,
 * through a workflow keyed by the MessageSid (a repeated webhook starts nothing new). Returns who.
 */
async function forwardAfterClose(deps: TwilioDeps, inbound: InboundText, text: string, readAsOptOut = false): Promise<string | undefined> {
  const closed = await lastClosedCommitment(deps.db, inbound.from);
  if (!closed) return undefined;
  try {
    await withDeadline(deps.client, deps.temporalDeadlineMs, () =>
      deps.client.workflow.start<typeof closedReplyWorkflow>('closedReplyWorkflow', {
        taskQueue: deps.taskQueue,
        workflowId: closedReplyWorkflowId(inbound.sid),
        args: [{ messageSid: inbound.sid, commitmentId: closed.id, text, ...(readAsOptOut ? { readAsOptOut } : {}) }],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      }),
    );
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  return closed.owner.name;
}
