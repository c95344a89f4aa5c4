/**
 * What an inbound text means, routed by the sender's number: a supervisor's ACK, a customer's
 * YES / NO / rating, or free text that becomes a note for the owner. Returns the TwiML reply,
 * or undefined when the workflow answers with a message of its own.
 */
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { acknowledgeUpdate, customerMessageSignal, customerReplyUpdate, type EscalationState, type StaffContact } from '../shared/contract';
import { parseDurationMs } from '../shared/duration';
import type { WebhookDeps } from './webhooks';

const ACK = /^ACK(?:\s+(\d{1,4})\s*(m|min|mins|minutes?|h|hr|hrs|hours?|d|days?))?$/i;
const UNIT_MS: Record<string, number> = { m: 60_000, h: 3600_000, d: 86_400_000 };

interface Row {
  id: string;
  workflow_id: string;
  awaiting: string | null;
  owner: StaffContact;
  escalation?: EscalationState | null;
  reopen_within_ms?: number | null;
}

function reason(err: unknown): string {
  if (err instanceof WorkflowUpdateFailedError && err.cause) return err.cause.message;
  return 'Something went wrong on our side; please try again in a minute.';
}

async function acknowledgeByText(deps: WebhookDeps, from: string, match: RegExpExecArray): Promise<string> {
  const { rows } = await deps.db.query<Row>(
    `SELECT id, workflow_id, owner, details->'escalation' AS escalation, (details->'policy'->>'reopenWithinMs')::bigint AS reopen_within_ms
     FROM commitments
     WHERE status = 'escalated' AND details->'escalation'->'alerted' @> jsonb_build_array(jsonb_build_object('phone', $1::text))
     ORDER BY escalated_at DESC LIMIT 1`,
    [from],
  );
  const row = rows[0];
  const me = row?.escalation?.alerted.find((c) => c.phone === from);
  if (!row || !me) return 'There is no escalation waiting for you to acknowledge.';
  const amount = match[1] ? Number(match[1]) : undefined;
  const unit = (match[2] ?? 'h').charAt(0).toLowerCase();
  const withinMs = amount !== undefined ? amount * (UNIT_MS[unit] ?? 3600_000) : Number(row.reopen_within_ms ?? parseDurationMs('PT4H'));
  try {
    await deps.client.workflow.getHandle(row.workflow_id).executeUpdate(acknowledgeUpdate, {
      args: [{ by: me.id, actor: { kind: 'staff', id: me.id, name: me.name, role: 'supervisor' }, dueAt: new Date(Date.now() + withinMs).toISOString(), note: 'Acknowledged by text.' }],
    });
    return `Thanks ${me.name}: it's yours now, due in ${Math.round(withinMs / 60_000)} minutes. The customer has been told.`;
  } catch (err) {
    return reason(err);
  }
}

export async function answerText(deps: WebhookDeps, from: string, body: string): Promise<string | undefined> {
  const text = body.trim();
  const ack = ACK.exec(text);
  if (ack) return acknowledgeByText(deps, from, ack);

  const { rows } = await deps.db.query<Row>(
    `SELECT id, workflow_id, details->>'awaiting' AS awaiting, owner FROM commitments
     WHERE customer_phone = $1 AND (status NOT IN ('confirmed', 'unconfirmed', 'cancelled') OR details ? 'awaiting')
     ORDER BY updated_at DESC`,
    [from],
  );
  if (rows.length === 0) return 'We could not match this number to an open request. Please call us and we will pick it up.';

  const yesNo = /^(yes|y|no|n)\b[\s,.:;!-]*(.*)$/is.exec(text);
  const asking = rows.find((r) => r.awaiting === 'confirmation');
  if (yesNo && asking) {
    const answer = yesNo[1]!.toLowerCase().startsWith('y') ? 'yes' : 'no';
    try {
      const words = yesNo[2]?.trim();
      await deps.client.workflow.getHandle(asking.workflow_id).executeUpdate(customerReplyUpdate, {
        args: [{ answer, via: 'sms', ...(words ? { text: words } : {}) }],
      });
      return undefined; // the workflow replies: a rating question, or who owns it now
    } catch (err) {
      return reason(err);
    }
  }
  const rating = /^([1-5])(?:\s*\/\s*5)?$/.exec(text);
  const rated = rows.find((r) => r.awaiting === 'rating');
  if (rating && rated) {
    try {
      await deps.client.workflow.getHandle(rated.workflow_id).executeUpdate(customerReplyUpdate, { args: [{ answer: 'rating', rating: Number(rating[1]), via: 'sms' }] });
      return 'Thank you for the rating.';
    } catch (err) {
      return reason(err);
    }
  }
  const latest = rows.find((r) => r.awaiting !== 'rating') ?? rows[0]!;
  await deps.client.workflow.getHandle(latest.workflow_id).signal(customerMessageSignal, { text: text.slice(0, 1600) });
  return `Thanks, we've passed your message to ${latest.owner.name}.`;
}
