// FROZEN (model 1): replays the histories of commitments started before the current model. See ./contract.ts.
/**
 * The phases of a commitment. Each waits on a durable timer or for any change (`m.rev`) and
 * returns, so the main loop can re-evaluate the status and continue-as-new between phases.
 */
import { condition } from '@temporalio/workflow';
import type { Machine } from './machine';

/** Default reminder: 10 minutes ahead, or 80% into windows shorter than 50 minutes. */
const DEFAULT_REMIND_BEFORE_MS = 10 * 60_000;
const SHORT_WINDOW_SHARE = 0.2;

/** ISO time as the customer will read it; precise enough for timeline lines. */
export function timeText(m: Machine, iso: string): string {
  return new Intl.DateTimeFormat('en-US', {
    timeZone: m.state.customer.timezone,
    weekday: 'short',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(new Date(iso));
}

/** Waits until `at` (epoch ms) or until anything changes; true when the time came. */
async function until(m: Machine, at: number): Promise<boolean> {
  const rev = m.rev;
  const ms = at - Date.now();
  if (ms <= 0) return true;
  return !(await condition(() => m.rev !== rev, ms));
}

export async function ownerPhase(m: Machine): Promise<void> {
  const s = m.state;
  const due = Date.parse(s.dueAt);
  const window = due - Date.parse(s.deadlineSetAt);
  const remindAt = due - (s.policy.remindBeforeMs ?? (window >= DEFAULT_REMIND_BEFORE_MS / SHORT_WINDOW_SHARE ? DEFAULT_REMIND_BEFORE_MS : window * SHORT_WINDOW_SHARE));
  if (m.remindedFor !== s.deadlineNo && Date.now() < remindAt) {
    const deadlineNo = s.deadlineNo;
    if (!(await until(m, remindAt))) return;
    if (s.status !== 'open' || s.deadlineNo !== deadlineNo) return;
    m.remindedFor = deadlineNo;
    m.send({ purpose: 'owner_reminder', audience: 'owner', occurrence: `${deadlineNo}`, sent: (via) => ['reminder_sent', `Reminder sent to ${s.owner.name} by ${via}.`] });
    return;
  }
  if (!(await until(m, due))) return;
  if (s.status !== 'open') return;
  m.happened('lapsed', `The deadline passed before ${s.owner.name} reported it done.`);
  s.facts.lapsedAt ??= new Date().toISOString();
  escalate(m, `${s.owner.name} missed the deadline.`);
  await m.persist();
}

/** Hands the commitment to the escalation chain and tells the customer who owns it now. */
export function escalate(m: Machine, why: string): void {
  const s = m.state;
  s.status = 'escalated';
  s.paused = undefined;
  s.facts.escalatedAt ??= new Date().toISOString();
  s.escalation = { round: 0, level: 0, alerted: [] };
  m.happened('escalated', `${why} Escalated to ${s.policy.escalation.levels[0]?.contact.name ?? s.supervisor.name}.`);
  m.send({ purpose: 'customer_escalated', audience: 'customer', occurrence: `${s.deadlineNo}`, sent: (via) => ['customer_told_escalated', `Customer told by ${via} that a supervisor owns it.`] });
}

/** Ends a pause: the deadline moves by as long as the clock was stopped. */
export function resume(m: Machine, why: string): void {
  const paused = m.state.paused;
  if (!paused) return;
  const stopped = Date.now() - Date.parse(paused.since);
  m.state.dueAt = new Date(Date.parse(m.state.dueAt) + stopped).toISOString();
  m.state.status = 'open';
  m.state.paused = undefined;
  m.happened('resumed', `${why}: the deadline clock runs again; new deadline ${timeText(m, m.state.dueAt)}.`);
}

export async function pausedPhase(m: Machine): Promise<void> {
  const until_ = m.state.paused?.until;
  if (!until_) {
    const rev = m.rev;
    await condition(() => m.rev !== rev);
    return;
  }
  if (!(await until(m, Date.parse(until_)))) return;
  if (m.state.status !== 'paused') return;
  resume(m, 'The pause ended');
  await m.persist();
}

export async function escalationPhase(m: Machine): Promise<void> {
  const s = m.state;
  const esc = s.escalation ?? (s.escalation = { round: 0, level: 0, alerted: [] });
  const levels = s.policy.escalation.levels;
  const level = levels[esc.level];
  if (esc.exhausted || !level) {
    const rev = m.rev;
    await condition(() => m.rev !== rev);
    return;
  }
  if (!esc.alertedAt) {
    esc.alertedAt = new Date().toISOString();
    if (!esc.alerted.some((c) => c.id === level.contact.id)) esc.alerted.push(level.contact);
    const pass = esc.round > 0 ? ` (repeat ${esc.round})` : '';
    m.happened('note', `Waiting up to ${Math.round(level.ackWithinMs / 60_000) || '<1'} min for ${level.contact.name} to acknowledge.`);
    // Written before the alert goes out: an ACK by text is matched against the stored chain.
    await m.persist();
    m.send({
      purpose: 'supervisor_alert',
      audience: 'staff',
      to: level.contact,
      occurrence: `${s.deadlineNo}:${esc.round}:${esc.level}`,
      sent: (via) => [esc.level === 0 && esc.round === 0 ? 'supervisor_alerted' : 'escalation_alerted', `${level.contact.name} alerted by ${via} with the full context${pass}.`],
    });
    return;
  }
  if (!(await until(m, Date.parse(esc.alertedAt) + level.ackWithinMs))) return;
  if (s.status !== 'escalated') return;
  esc.alertedAt = undefined;
  esc.level += 1;
  if (esc.level >= levels.length) {
    esc.level = 0;
    esc.round += 1;
  }
  if (esc.round > s.policy.escalation.repeat) {
    esc.exhausted = true;
    m.happened('escalation_unacknowledged', `Nobody acknowledged after ${levels.length * (s.policy.escalation.repeat + 1)} alerts; it stays escalated until someone acts.`);
    await m.persist();
  }
}

/** A "no" from the customer: a fresh owner (the supervisor) and a new deadline. */
export function reopen(m: Machine, words: string | undefined): void {
  const s = m.state;
  const now = Date.now();
  const previous = s.owner;
  s.facts.reopenCount += 1;
  s.status = 'open';
  s.awaiting = undefined;
  s.fulfilment = undefined;
  s.owner = s.supervisor;
  s.dueAt = new Date(now + s.policy.reopenWithinMs).toISOString();
  s.deadlineNo += 1;
  s.deadlineSetAt = new Date(now).toISOString();
  m.happened('reopened', `Reopened: ${s.supervisor.name} owns it now (after ${previous.name}), due ${timeText(m, s.dueAt)}.`);
  m.send({ purpose: 'reopen_alert', audience: 'staff', to: s.supervisor, occurrence: `${s.facts.reopenCount}`, ctx: { words: words ?? '', previousOwner: previous.name }, sent: (via) => ['supervisor_alerted', `${s.supervisor.name} alerted by ${via} with the customer's words.`] });
  m.send({ purpose: 'customer_new_owner', audience: 'customer', occurrence: `${s.deadlineNo}`, sent: (via) => ['customer_message', `Customer told ${s.supervisor.name} owns it now by ${via}.`] });
}

/** After fulfilment: wait, ask whether it is resolved, remind once halfway, close unconfirmed. */
export async function satisfactionPhase(m: Machine): Promise<void> {
  const s = m.state;
  const cycle = `${s.facts.reopenCount}`;
  if (s.awaiting !== 'confirmation') {
    const fulfilledAt = Date.parse(s.fulfilment?.fulfilledAt ?? new Date().toISOString());
    if (!(await until(m, fulfilledAt + s.policy.confirmAfterMs))) return;
    if (s.status !== 'fulfilled') return;
    s.awaiting = 'confirmation';
    s.facts.satisfaction = { askedAt: new Date().toISOString() };
    // Written before the question goes out: a reply can arrive within a second of it.
    await m.persist();
    m.send({ purpose: 'satisfaction_ask', audience: 'customer', occurrence: cycle, sent: (via) => ['satisfaction_asked', `Customer asked by ${via} whether it is fully resolved.`] });
    return;
  }
  const sat = s.facts.satisfaction ?? (s.facts.satisfaction = { askedAt: new Date().toISOString() });
  const askedAt = Date.parse(sat.askedAt);
  if (!sat.remindedAt) {
    if (!(await until(m, askedAt + s.policy.confirmWithinMs / 2))) return;
    if (s.awaiting !== 'confirmation') return;
    sat.remindedAt = new Date().toISOString();
    m.send({ purpose: 'satisfaction_reminder', audience: 'customer', occurrence: cycle, sent: (via) => ['satisfaction_reminder_sent', `Reminder sent to the customer by ${via}.`] });
    await m.persist();
    return;
  }
  if (!(await until(m, askedAt + s.policy.confirmWithinMs))) return;
  if (s.awaiting !== 'confirmation') return;
  s.status = 'unconfirmed';
  s.awaiting = undefined;
  s.facts.closedAt = new Date().toISOString();
  m.happened('closed_unconfirmed', 'No answer from the customer; closed as unconfirmed.');
  await m.persist();
}

/** Confirmed: the rating may still come, for as long as the customer had to answer. */
export async function ratingPhase(m: Machine): Promise<void> {
  const answeredAt = Date.parse(m.state.facts.satisfaction?.answeredAt ?? new Date().toISOString());
  if (!(await until(m, answeredAt + m.state.policy.confirmWithinMs))) return;
  if (m.state.awaiting !== 'rating') return;
  m.state.awaiting = undefined;
  m.happened('note', 'No rating given; closed as confirmed.');
  await m.persist();
}
