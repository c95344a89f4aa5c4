/**
 * Commands of the open promise: creation, the reminder and check-in, the lapse, and what the owner
 * (or a supervisor) does with it: fulfil, escalate, update, log, cancel. Moving its deadline (extend,
 * pause, resume) is ./deadline.ts; handing it on is ./hand-over.ts.
 */
import type { AttemptOutcome, CallbackAttempt, CallLog, CommitmentState } from '../shared/contract';
import type { Draft } from './draft';
import type { CommandOf } from './types';

type Handlers = { [K in OwnerCommand]: (d: Draft, c: CommandOf<K>) => void };
type OwnerCommand =
  'start' | 'remind' | 'checkIn' | 'lapse' | 'cancel' | 'note' | 'fulfil' | 'escalate' | 'progress' | 'updateLog' | 'followUpCreated' | 'attempt';

/** A promise tried this often without getting through is a question of who holds it, not of trying again. */
export const MAX_ATTEMPTS = 10;
/** Failed attempts after which the owner is asked to close it or hand it on, unless the team says otherwise. */
export const ATTEMPTS_BEFORE_PROMPT = 3;
const FAILED: Record<Exclude<AttemptOutcome, 'reached'>, string> = {
  no_answer: 'no answer',
  voicemail: 'left a voicemail',
  busy: 'the line was busy',
  wrong_number: 'wrong number',
};
const times = (n: number) => (n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`);

/** The attempts that did not get through before the deadline: a lapse after them is "tried", not "forgot". */
export function triedBeforeDeadline(s: CommitmentState): CallbackAttempt[] {
  return (s.attempts ?? []).filter((a) => a.outcome !== 'reached' && Date.parse(a.at) <= Date.parse(s.dueAt));
}

/** A third commitment for one customer within a week is a pattern (docs/domain.md#escalation). */
const REPEAT_CONTACT_AT = 2;

const LOG_LABELS: Record<keyof CallLog, string> = {
  trigger: 'trigger',
  customerState: 'customer state',
  customerWants: 'customer wants',
  rootCause: 'root cause',
  neededFix: 'needed fix',
  businessConstraint: 'business constraint',
};
const words = (v: string) => v.replace(/_/g, ' ');
const ordinal = (n: number) => `${n}${n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th')}`;
/** A note quoted as a sentence of its own, ending in a full stop. */
export const sentence = (text: string) => (/[.!?]["')]?$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);

export const ownerCommands: Handlers = {
  start(d, c) {
    const s = d.state;
    d.record('created', `${s.owner.name} promised ${s.customer.name}: ${s.summary}`, c.actor);
    d.send({
      purpose: 'customer_recap',
      audience: 'customer',
      occurrence: '',
      sent: { type: 'customer_recap_sent', detail: 'Recap sent to the customer by {via}.' },
    });
    d.send({
      purpose: 'owner_confirmation',
      audience: 'owner',
      occurrence: '',
      sent: { type: 'owner_confirmation_sent', detail: `Confirmation sent to ${s.owner.name} by {via}.` },
    });
    const earlier = c.recentForCustomer ?? 0;
    if (earlier >= REPEAT_CONTACT_AT) {
      d.record('repeat_contact', `This customer's ${ordinal(earlier + 1)} commitment in 7 days: flagged to ${s.supervisor.name} as a repeat contact.`);
      d.send({ purpose: 'repeat_contact_alert', audience: 'staff', to: s.supervisor, occurrence: '', ctx: { count: `${earlier + 1}` } });
    }
  },

  remind(d) {
    const s = d.state;
    d.send({
      purpose: 'owner_reminder',
      audience: 'owner',
      occurrence: `${s.deadlineNo}`,
      sent: { type: 'reminder_sent', detail: `Reminder sent to ${s.owner.name} by {via}.` },
    });
  },

  checkIn(d) {
    const s = d.state;
    s.facts.lastUpdateAt = d.iso;
    d.send({
      purpose: 'customer_checkin',
      audience: 'customer',
      occurrence: `${s.deadlineNo}`,
      sent: { type: 'check_in_sent', detail: `Check-in sent to the customer by {via}: still on track for ${d.timeText(s.dueAt)}.` },
    });
  },

  lapse(d) {
    const s = d.state;
    s.facts.lapsedAt ??= d.iso;
    s.facts.lapsedOwnerId ??= s.owner.id;
    const tried = triedBeforeDeadline(s).length;
    const after = tried ? `, after ${s.owner.name} tried ${times(tried)} to reach ${s.customer.name} without getting through` : '';
    d.record('lapsed', `The deadline passed before ${s.owner.name} reported it done${after}.`);
    d.escalate('lapsed', `${s.owner.name} missed the deadline.`);
  },

  cancel(d, c) {
    const s = d.state;
    d.requireAuthority(c.actor, 'cancel');
    d.moveTo('cancelled');
    s.cancellation = { reason: c.reason, at: d.iso };
    s.awaiting = undefined;
    s.facts.cancelledAt = d.iso;
    s.facts.closedAt = d.iso;
    d.record('cancelled', `Cancelled: ${c.reason}${c.notifyCustomer ? '' : ' (customer not notified)'}`, c.actor);
    if (c.notifyCustomer)
      d.send({
        purpose: 'customer_cancelled',
        audience: 'customer',
        occurrence: '',
        ctx: { reason: c.reason },
        sent: { type: 'customer_message', detail: 'Customer told by {via}.' },
      });
  },

  note(d, c) {
    d.record('note', `${c.author}: ${c.text}`, c.actor);
  },

  fulfil(d, c) {
    const s = d.state;
    const pendingUntil = c.pendingUntil === undefined ? undefined : new Date(d.futureInstant(c.pendingUntil, 'pendingUntil')).toISOString();
    const nextContactAt = c.nextContactAt === undefined ? undefined : new Date(d.futureInstant(c.nextContactAt, 'next contact time')).toISOString();
    // On time means before a deadline the owner held: a lapse rescued by a supervisor is not. The
    // clock stands still while paused, so the deadline has moved by the pause so far.
    const pausedFor = s.paused ? d.now - Date.parse(s.paused.since) : 0;
    const onTime = d.now <= Date.parse(s.dueAt) + pausedFor && s.facts.lapsedAt === undefined;
    d.moveTo('fulfilled');
    s.paused = undefined;
    s.fulfilment = {
      resolution: c.resolution,
      ...(c.pending ? { pending: c.pending } : {}),
      ...(pendingUntil ? { pendingUntil } : {}),
      ...(nextContactAt ? { nextContactAt } : {}),
      fulfilledAt: d.iso,
      onTime,
      by: c.actor,
    };
    s.facts.firstFulfilledAt ??= d.iso;
    s.facts.firstFulfilledOnTime ??= onTime;
    s.facts.fulfilledOwnerId ??= s.owner.id;
    const who = c.actor.kind === 'staff' && c.actor.id !== s.owner.id ? `${c.actor.name} (for ${s.owner.name})` : s.owner.name;
    d.record('fulfilled', `${who} reported it done ${onTime ? 'before' : 'after'} the deadline: ${c.resolution}`, c.actor);
    d.send({
      purpose: 'fulfilment_recap',
      audience: 'customer',
      occurrence: `${s.facts.reopenCount}`,
      sent: { type: 'fulfilment_recap_sent', detail: 'Recap of what was done sent to the customer by {via}.' },
    });
    if (nextContactAt) d.startFollowUp(nextContactAt);
  },

  escalate(d, c) {
    if (c.reason === 'manager_request') d.state.facts.managerRequestedAt ??= d.iso;
    d.escalate(c.reason, `${c.actor.name} escalated it (${words(c.reason)}): ${sentence(c.note)}`, c.actor, c.note);
  },

  progress(d, c) {
    d.state.facts.lastUpdateAt = d.iso;
    d.record('progress_update', `${c.actor.name} sent the customer an update: ${c.text}`, c.actor);
    d.send({
      purpose: 'customer_progress',
      audience: 'customer',
      occurrence: `${d.nextSeq}`,
      ctx: { text: c.text },
      sent: { type: 'customer_message', detail: 'Update sent to the customer by {via}.' },
    });
  },

  updateLog(d, c) {
    const s = d.state;
    const changed = (Object.keys(c.changes) as (keyof CallLog)[]).filter((k) => c.changes[k] !== undefined && c.changes[k] !== s.log?.[k]);
    if (changed.length === 0) d.refuse('conflict', 'The call log already says that; nothing changed.');
    s.log = { ...s.log, ...Object.fromEntries(changed.map((k) => [k, c.changes[k]])) };
    const list = changed.map((k) => `${LOG_LABELS[k]}: ${words(String(c.changes[k]))}`).join('; ');
    d.record('log_updated', `${c.actor.name} updated the call log: ${list}.`, c.actor);
  },

  /**
   * A callback attempt. One that got through is a line in the timeline; one that did not tells the
   * customer we tried and when we will try again (the deadline, while it is ahead). A wrong number
   * stops texts to it for this commitment: the owner needs a new one.
   */
  attempt(d, c) {
    const s = d.state;
    const earlier = s.attempts ?? [];
    if (earlier.length >= MAX_ATTEMPTS)
      d.refuse('conflict', `${MAX_ATTEMPTS} attempts are logged already: cancel it as unreachable, or hand it to ${s.supervisor.name}.`);
    const attempts = [...earlier, { at: d.iso, outcome: c.outcome, by: c.actor.id ?? c.actor.name, ...(c.note ? { note: c.note } : {}) }];
    s.attempts = attempts;
    const note = c.note ? ` ${sentence(c.note)}` : '';
    if (c.outcome === 'reached') return d.record('attempted', `${c.actor.name} reached ${s.customer.name}.${note}`, c.actor);
    const failed = attempts.filter((a) => a.outcome !== 'reached').length;
    let detail = `${c.actor.name} tried to reach ${s.customer.name} (${ordinal(failed)} attempt): ${FAILED[c.outcome]}.`;
    if (c.outcome === 'wrong_number' && s.customer.phone) {
      s.wrongNumber = s.customer.phone;
      detail += ` No more texts go to ${s.customer.phone} for this commitment; a new number is needed.`;
    }
    d.record('attempted', `${detail}${note}`, c.actor);
    const ahead = s.status !== 'escalated' && Date.parse(s.dueAt) > d.now;
    d.send({
      purpose: 'customer_attempted',
      audience: 'customer',
      occurrence: `${attempts.length}`,
      ctx: { at: d.iso, outcome: c.outcome, ...(ahead ? { retryBy: s.dueAt } : {}) },
      sent: { type: 'customer_message', detail: 'Customer told we tried by {via}.' },
    });
    if (failed === (s.policy.escalation.attemptsBeforePrompt ?? ATTEMPTS_BEFORE_PROMPT)) {
      d.record('note', `${times(failed)} without getting through: ${s.owner.name} is asked to cancel it as unreachable or hand it to ${s.supervisor.name}.`);
      d.send({
        purpose: 'owner_attempts_prompt',
        audience: 'owner',
        occurrence: `${failed}`,
        ctx: { attempts: `${failed}` },
        sent: { type: 'note', detail: `${s.owner.name} asked by {via}.` },
      });
    }
  },

  followUpCreated(d, c) {
    d.state.facts.followUpId = c.followUpId;
    d.record('follow_up_created', `Follow-up ${c.followUpId} created, due ${d.timeText(c.dueAt)}.`);
  },
};
