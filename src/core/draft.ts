/**
 * A decision in the making: a private copy of the state that the command functions change, the
 * timeline entries and messages they add, and the few changes several commands share. The status
 * and the deadline are assigned here and nowhere else.
 */
import { dateTimeFormat } from '../shared/date-format';
import type { BusinessCount } from '../calendars/model';
import type { Actor, CommitmentState, CommitmentStatus, EscalationReason, StaffContact } from '../shared/contract';
import { SYSTEM, type Decision, type DecideContext, type EventDraft, type MessageSpec, type Outcome, type Rejection } from './types';

/** Furthest a deadline may be set: a guard for values that slipped past the API's own bounds. */
export const MAX_AHEAD_MS = 400 * 24 * 3600_000;
/**
 * The reopen window of a policy pinned before the API bounded it: `P99999999W` was accepted once,
 * and a 400-digit duration became Infinity and then, through JSON, null. Such a NO still reopens,
 * with the default window (DEFAULT_REOPEN_WITHIN's) instead of an invalid date or none at all.
 */
const FALLBACK_REOPEN_MS = 4 * 3600_000;
const reopenWindow = (ms: unknown) => (typeof ms === 'number' && ms > 0 && ms <= MAX_AHEAD_MS ? ms : FALLBACK_REOPEN_MS);

class Refused extends Error {
  constructor(readonly rejection: Rejection) {
    super(rejection.reason);
  }
}

export class Draft {
  readonly state: CommitmentState;
  readonly now: number;
  readonly nextSeq: number;
  private readonly legacyAuthority: boolean;
  private readonly events: EventDraft[] = [];
  private readonly messages: MessageSpec[] = [];
  private followUp?: Decision['followUp'];

  constructor(state: CommitmentState, context: DecideContext) {
    // A copy, so a refused command leaves the caller's state exactly as it was.
    this.state = JSON.parse(JSON.stringify(state)) as CommitmentState;
    this.now = context.now;
    this.nextSeq = context.nextSeq;
    this.legacyAuthority = context.legacyAuthority === true;
  }

  get iso(): string {
    return new Date(this.now).toISOString();
  }

  /** Stops the command: nothing it did so far is kept. */
  refuse(kind: Rejection['kind'], reason: string): never {
    throw new Refused({ kind, reason });
  }

  record(type: EventDraft['type'], detail: string, actor: Actor = SYSTEM): void {
    this.events.push({ type, detail, actor });
  }

  send(message: MessageSpec): void {
    this.messages.push(message);
  }

  startFollowUp(dueAt: string): void {
    this.followUp = { dueAt };
  }

  moveTo(status: CommitmentStatus): void {
    this.state.status = status;
  }

  /** The one way the owner changes: whoever held it before may still read it and add notes. */
  handTo(owner: StaffContact): void {
    const s = this.state;
    const before = s.owner.id;
    s.owner = owner;
    if (before === owner.id) return;
    s.formerOwnerIds = [...(s.formerOwnerIds ?? []).filter((id) => id !== before && id !== owner.id), before];
  }

  /** The one way a deadline changes: extension, acknowledgement, resume and reopen all come here. */
  setDeadline(dueAtMs: number): void {
    this.state.dueAt = new Date(dueAtMs).toISOString();
    this.state.deadlineNo += 1;
    this.state.deadlineSetAt = this.iso;
  }

  /** A deadline someone asked for anew: counted in business time as `business` says, else on the wall clock. */
  countedOn(business: BusinessCount | undefined): void {
    if (business) this.state.business = business;
    else delete this.state.business;
  }

  /** An instant a person asked for, as epoch ms: in the future and not absurdly far. */
  futureInstant(iso: string, what: string): number {
    const at = Date.parse(iso);
    if (!Number.isFinite(at)) this.refuse('invalid', `The ${what} is not a valid date-time.`);
    if (at <= this.now) this.refuse('conflict', `The ${what} must be in the future.`);
    if (at - this.now > MAX_AHEAD_MS) this.refuse('invalid', `The ${what} must be within 400 days.`);
    return at;
  }

  /** "Tue 3:15 PM CST": times in timeline sentences are the customer's, as they were told. */
  timeText(iso: string): string {
    return dateTimeFormat('en-US', {
      timeZone: this.state.customer.timezone,
      weekday: 'short',
      hour: 'numeric',
      minute: '2-digit',
      timeZoneName: 'short',
    }).format(new Date(iso));
  }

  /** Hands the commitment to the escalation chain; the first level is alerted by the workflow. */
  escalate(reason: EscalationReason, why: string, actor: Actor = SYSTEM, note?: string): void {
    const s = this.state;
    this.moveTo('escalated');
    s.paused = undefined;
    s.facts.escalatedAt ??= this.iso;
    s.facts.escalationReason ??= reason;
    s.escalation = { reason, round: 0, level: 0, alerted: [], ...(actor.kind === 'staff' ? { raisedBy: actor } : {}), ...(note ? { note } : {}) };
    const first = s.policy.escalation.levels[0];
    const to =
      first?.target.kind === 'staff'
        ? first.target.staff.name
        : first?.target.kind === 'rotation'
          ? `whoever is on call (${first.target.name})`
          : s.supervisor.name;
    this.record('escalated', `${why} Escalated to ${to}.`, actor);
    if (reason === 'lapsed' || reason === 'extension_limit') {
      const hearBy = new Date(this.now + (first?.ackWithinMs ?? 0)).toISOString();
      this.send({
        purpose: 'customer_escalated',
        audience: 'customer',
        occurrence: `${s.deadlineNo}`,
        ctx: { hearBy },
        sent: { type: 'customer_told_escalated', detail: 'Customer told by {via} that a supervisor owns it.' },
      });
    }
  }

  /** A "no" from the customer: the supervisor owns it now, with a fresh deadline. */
  reopen(words: string | undefined): void {
    const s = this.state;
    const previous = s.owner;
    s.facts.reopenCount += 1;
    this.moveTo('open');
    s.awaiting = undefined;
    s.fulfilment = undefined;
    this.handTo(s.supervisor);
    this.setDeadline(this.now + reopenWindow(s.policy.reopenWithinMs));
    this.countedOn(undefined);
    this.record('reopened', `Reopened: ${s.supervisor.name} owns it now (after ${previous.name}), due ${this.timeText(s.dueAt)}.`);
    this.send({
      purpose: 'reopen_alert',
      audience: 'staff',
      to: s.supervisor,
      occurrence: `${s.facts.reopenCount}`,
      ctx: { words: words ?? '', previousOwner: previous.name },
      sent: { type: 'supervisor_alerted', detail: `${s.supervisor.name} alerted by {via} with the customer's words.` },
    });
    this.send({
      purpose: 'customer_new_owner',
      audience: 'customer',
      occurrence: `${s.deadlineNo}`,
      sent: { type: 'customer_message', detail: `Customer told ${s.supervisor.name} owns it now by {via}.` },
    });
  }

  /**
   * The rule of histories recorded before the authority table (src/shared/authority.ts, checked in
   * ./index.ts), kept so they replay as they ran: an agent could not cancel, pause or reassign
   * anything escalated, even once acknowledged, or reopened.
   */
  requireAuthority(actor: Actor, action: string): void {
    if (!this.legacyAuthority) return;
    const overTheirHead = this.state.facts.escalatedAt !== undefined || this.state.facts.reopenCount > 0;
    if (actor.role === 'agent' && overTheirHead) {
      this.refuse('forbidden', `An agent cannot ${action} a commitment that has been escalated or reopened; a supervisor can.`);
    }
  }

  contactOf(actor: Actor): StaffContact {
    return { id: actor.id ?? actor.name, name: actor.name };
  }

  run(apply: (d: Draft) => void): Outcome {
    try {
      apply(this);
    } catch (err) {
      if (err instanceof Refused) return { ok: false, ...err.rejection };
      throw err;
    }
    return { ok: true, state: this.state, events: this.events, messages: this.messages, ...(this.followUp ? { followUp: this.followUp } : {}) };
  }
}
