/**
 * The acknowledge-or-escalate chain: each level is alerted in turn (who, for a rotation, is decided
 * when it is reached), gets its acknowledge window, and the chain repeats; a level nobody could be
 * reached at, or a business-hours-only level after hours, is passed at once; when it runs out, the
 * team lead and the customer are told.
 */
import type { StaffContact } from '../shared/contract';
import type { Draft } from './draft';
import { triedBeforeDeadline } from './owner';
import type { CommandOf } from './types';

type EscalationCommand = 'levelReached' | 'levelClosed' | 'levelUnreached' | 'ackWindowEnded' | 'acknowledge';
type Handlers = { [K in EscalationCommand]: (d: Draft, c: CommandOf<K>) => void };

const minutes = (ms: number) => Math.round(ms / 60_000) || '<1';

function chain(d: Draft) {
  const esc = d.state.escalation;
  if (!esc) return d.refuse('conflict', 'This commitment has no escalation running.');
  return esc;
}

/** Everyone who may acknowledge: whoever was alerted, each named level and the team's supervisor. */
function members(d: Draft): StaffContact[] {
  const s = d.state;
  const named = s.policy.escalation.levels.flatMap((l) => (l.target.kind === 'staff' ? [l.target.staff] : []));
  return [...(s.escalation?.alerted ?? []), ...named, s.supervisor];
}

/** On to the next level (or round); past the last round the team lead and the customer are told. */
function advance(d: Draft): void {
  const s = d.state;
  const esc = chain(d);
  const { levels, repeat } = s.policy.escalation;
  esc.alertedAt = undefined;
  esc.ackBy = undefined;
  esc.current = undefined;
  esc.level += 1;
  if (esc.level >= levels.length) {
    esc.level = 0;
    esc.round += 1;
  }
  if (esc.round <= repeat) return;
  esc.exhausted = true;
  d.record(
    'escalation_unacknowledged',
    `Nobody acknowledged after ${levels.length * (repeat + 1)} alerts; ${s.supervisor.name} (team lead) alerted and the customer told. It stays escalated until someone acts.`,
  );
  const occurrence = `${s.deadlineNo}`;
  d.send({
    purpose: 'team_lead_alert',
    audience: 'staff',
    to: s.supervisor,
    occurrence,
    sent: { type: 'note', detail: `${s.supervisor.name} (team lead) alerted by {via}.` },
  });
  d.send({
    purpose: 'customer_unacknowledged',
    audience: 'customer',
    occurrence,
    ctx: { lead: s.supervisor.name },
    sent: { type: 'customer_message', detail: 'Customer told again by {via} that the team lead has it.' },
  });
  if (esc.lastUnreached) d.send({ purpose: 'staff_unreachable', audience: 'owner', occurrence, ctx: { unreached: esc.lastUnreached } });
}

export const escalationCommands: Handlers = {
  levelReached(d, c) {
    const s = d.state;
    const esc = chain(d);
    const level = s.policy.escalation.levels[esc.level];
    if (!level || esc.exhausted || esc.alertedAt) return d.refuse('conflict', 'No escalation level is waiting to be alerted.');
    // A second lapse, by the supervisor who took it over: alerting them about their own miss helps
    // nobody while the chain has someone else.
    if (c.contact.id === s.owner.id && s.policy.escalation.levels.length > 1) {
      d.record('note', `${c.contact.name} owns it and missed the deadline; the next level is alerted instead.`);
      esc.alertedAt = d.iso;
      advance(d);
      return;
    }
    esc.alertedAt = d.iso;
    esc.current = c.contact;
    // A window in business time ends where the directory counted it on the team's calendar.
    if (c.ackBy) esc.ackBy = c.ackBy;
    if (!esc.alerted.some((a) => a.id === c.contact.id)) esc.alerted.push(c.contact);
    if (c.resolution) d.record('note', c.resolution);
    const window = c.ackBy ? `${minutes(level.ackWithinMs)} min of business time (until ${d.timeText(c.ackBy)})` : `${minutes(level.ackWithinMs)} min`;
    d.record('note', `Waiting up to ${window} for ${c.contact.name} to acknowledge.`);
    const first = esc.level === 0 && esc.round === 0;
    const pass = esc.round > 0 ? ` (repeat ${esc.round})` : '';
    const ctx: Record<string, string> = { reason: esc.reason, ackBy: c.ackBy ?? new Date(d.now + level.ackWithinMs).toISOString() };
    if (esc.note) ctx.note = esc.note;
    if (esc.raisedBy) ctx.by = esc.raisedBy.name;
    if (esc.lastUnreached) ctx.unreached = esc.lastUnreached;
    // Tried and not reached is not forgotten: the alert says so.
    const tried = esc.reason === 'lapsed' ? triedBeforeDeadline(s) : [];
    if (tried.length) Object.assign(ctx, { attempts: `${tried.length}`, lastAttemptAt: tried.at(-1)!.at });
    d.send({
      purpose: 'supervisor_alert',
      audience: 'staff',
      to: c.contact,
      occurrence: `${s.deadlineNo}:${esc.round}:${esc.level}`,
      ctx,
      sent: { type: first ? 'supervisor_alerted' : 'escalation_alerted', detail: `${c.contact.name} alerted by {via} with the full context${pass}.` },
      unreached: { type: 'levelUnreached', contactId: c.contact.id, round: esc.round, level: esc.level, reason: '' },
    });
  },

  /**
   * After hours, a business-hours-only level is passed over without an alert: the person it means
   * is at home, and the next level (the on-call rotation, typically) is alerted instead. Each
   * closed level moves the chain on by one, so a round of closed levels ends in the team lead's
   * alert like any other round, never in a loop.
   */
  levelClosed(d, c) {
    const s = d.state;
    const esc = chain(d);
    const level = s.policy.escalation.levels[esc.level];
    if (!level || esc.exhausted || esc.alertedAt) return d.refuse('conflict', 'No escalation level is waiting to be alerted.');
    if (level.businessHoursOnly !== true) return d.refuse('conflict', 'The escalation level waiting to be alerted is not business-hours-only.');
    const t = level.target;
    const whom = t.kind === 'staff' ? t.staff.name : t.kind === 'supervisor' ? `${s.supervisor.name} (the team's supervisor)` : `the ${t.name} rotation`;
    const team = s.team?.name ?? 'The team';
    d.record('note', `${team} is closed now (${c.calendar}); ${whom} is alerted in business hours only, so the next level is alerted instead.`);
    advance(d);
  },

  levelUnreached(d, c) {
    const esc = chain(d);
    // The level may have moved on (acknowledged, or its window ended) before the sends gave up.
    if (esc.exhausted || !esc.alertedAt || esc.round !== c.round || esc.level !== c.level) d.refuse('conflict', 'That alert is no longer the current one.');
    const name = esc.current?.name ?? c.contactId;
    esc.lastUnreached = name;
    d.record('escalation_unreached', `Could not reach ${name} on any channel (${c.reason}); the next level is alerted at once.`);
    advance(d);
  },

  ackWindowEnded(d) {
    if (!chain(d).alertedAt) d.refuse('conflict', 'No escalation level is waiting for an acknowledgement.');
    advance(d);
  },

  acknowledge(d, c) {
    const s = d.state;
    const esc = chain(d);
    const contact = members(d).find((m) => m.id === c.by);
    if (!contact && c.actor.role !== 'admin') d.refuse('forbidden', `${c.by} is not in this commitment's escalation chain.`);
    const at = d.futureInstant(c.dueAt, 'new deadline');
    const taker = contact ?? d.contactOf(c.actor);
    const previous = s.owner;
    d.handTo(taker);
    d.moveTo('open');
    d.setDeadline(at);
    d.countedOn(c.business);
    s.facts.acknowledgedAt ??= d.iso;
    s.facts.acknowledgedBy ??= taker.id;
    Object.assign(esc, { acknowledgedBy: taker.id, acknowledgedAt: d.iso });
    d.record('acknowledged', `${taker.name} took it over from ${previous.name}, new deadline ${d.timeText(s.dueAt)}${c.note ? `: ${c.note}` : '.'}`, c.actor);
    d.send({
      purpose: 'customer_new_owner',
      audience: 'customer',
      occurrence: `${s.deadlineNo}`,
      sent: { type: 'customer_message', detail: `Customer told ${taker.name} owns it, with the new time, by {via}.` },
    });
  },
};
