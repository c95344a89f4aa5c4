/**
 * The waits of a commitment, one per status. Each waits on a durable timer or for a change to
 * what its timers depend on (`c.scheduleKey()`) and returns, so the main loop re-reads the status
 * and can continue-as-new between phases. What happens when a wait ends is a command to the functional core, never a change here.
 */
import { condition, patched, proxyLocalActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { EscalationLevel, StaffContact } from '../shared/contract';
import { checkInAfter, reminderLead } from '../core/deadline';
import type { LiveCommitment } from './shell/live';
import { ALERTS_WITHOUT_POSTGRES } from './shell/recorder';

const { resolveEscalationLevel } = proxyLocalActivities<Activities>({
  // The alert waits for this answer (and its workflow task for this local activity): about two seconds at most.
  startToCloseTimeout: '1 second',
  retry: { initialInterval: '200 milliseconds', maximumInterval: '1 second', maximumAttempts: 2 },
});

/** True once what the timers depend on has changed, or the history wants cutting. */
function changed(c: LiveCommitment): () => boolean {
  const key = c.scheduleKey();
  return () => c.historyFull() || c.scheduleKey() !== key;
}

/** Waits until `at` (epoch ms) or until the schedule changes; true when the time came. */
async function until(c: LiveCommitment, at: number): Promise<boolean> {
  const ms = at - Date.now();
  if (ms <= 0) return true;
  return !(await condition(changed(c), ms));
}

async function anyChange(c: LiveCommitment): Promise<void> {
  await condition(changed(c));
}

/** The owner's deadline, with the reminder before it and, for long promises, a check-in halfway. */
export async function ownerPhase(c: LiveCommitment): Promise<void> {
  const s = c.state;
  const due = Date.parse(s.dueAt);
  const setAt = Date.parse(s.deadlineSetAt);
  const window = due - setAt;
  // A business deadline's reminder was counted back in open time when it was set; else it is wall time before it.
  const remindAt = s.business?.remindAt ? Date.parse(s.business.remindAt) : due - reminderLead(window, s.policy.remindBeforeMs);
  const updatedSince = Date.parse(s.facts.lastUpdateAt ?? '') >= setAt;
  // A business deadline's check-in was decided, at its midpoint in open time, when it was set.
  const midpoint = s.business ? Date.parse(s.business.checkInAt ?? '') || Infinity : window > checkInAfter(s.policy) ? setAt + window / 2 : Infinity;
  const checkInAt = c.checkedInFor !== s.deadlineNo && !updatedSince ? midpoint : Infinity;
  const remind = c.remindedFor !== s.deadlineNo && Date.now() < remindAt ? remindAt : Infinity;
  const next = Math.min(remind, checkInAt, due);
  const deadlineNo = s.deadlineNo;
  if (!(await until(c, next))) return;
  if (c.state.status !== 'open' || c.state.deadlineNo !== deadlineNo) return;
  if (next === checkInAt) {
    c.checkedInFor = deadlineNo;
    return c.applySystem({ type: 'checkIn' });
  }
  if (next === remind) {
    c.remindedFor = deadlineNo;
    return c.applySystem({ type: 'remind' });
  }
  await c.applySystem({ type: 'lapse' });
}

export async function pausedPhase(c: LiveCommitment): Promise<void> {
  const end = c.state.paused?.until;
  if (!end) return anyChange(c);
  if (await until(c, Date.parse(end))) await c.applySystem({ type: 'pauseEnded' });
}

/** Whom a level alerts, or that it is closed now (a business-hours-only level after hours). */
type LevelAnswer = { contact: StaffContact; resolution?: string; ackBy?: string } | { closed: { calendar: string } };

/**
 * Who a level alerts: named staff directly; the team's supervisor or the on-call person from the
 * directory. A business-hours-only level asks the directory first whether the team's calendar is
 * open, named staff too; a level without the flag asks exactly as it did before the flag existed,
 * so the histories recorded then replay unchanged.
 */
async function resolve(c: LiveCommitment, level: EscalationLevel): Promise<LevelAnswer> {
  const afterHoursAware = level.businessHoursOnly === true;
  const businessWindow = level.ackClock === 'business';
  // A named person is alerted without the directory, unless their hours decide whether, or how long they have.
  const named = level.target.kind === 'staff' && !afterHoursAware ? { contact: level.target.staff } : undefined;
  if (named && !businessWindow) return named;
  const s = c.state;
  // The directory is out of reach: the supervisor pinned at creation is better than nobody. For a
  // business-hours-only level this is the safer failure too: without the calendar, passing the
  // level over on a guess could skip the very person meant to take it in open hours, with no alert
  // at all; and the next level (a rotation, typically) needs the same directory, so it would fall
  // back to the pinned supervisor anyway. Alerting them now loses no time, and the timeline says why.
  const whom =
    level.target.kind === 'rotation'
      ? `the ${level.target.name} rotation`
      : level.target.kind === 'staff'
        ? `${s.team?.name ?? 'the team'}'s hours (${level.target.staff.name} is alerted in business hours only)`
        : "the team's supervisor";
  const resolution = `Could not consult the directory for ${whom}; alerting ${s.supervisor.name} instead.`;
  // A named person alerted on the wall clock is better than the supervisor when only their window's length is unknown.
  const pinned = named ?? { contact: s.supervisor, resolution };
  // Postgres failed this commitment's write moments ago, and the directory lives there too.
  if (c.postgresUnreachable && patched(ALERTS_WITHOUT_POSTGRES)) return pinned;
  try {
    return await resolveEscalationLevel({
      commitmentId: s.id,
      teamId: s.team?.id,
      target: level.target,
      supervisor: s.supervisor,
      at: new Date().toISOString(),
      // Only when set: the query of a level without it stays as recorded before.
      ...(afterHoursAware ? { businessHoursOnly: true } : {}),
      ...(businessWindow ? { ackClock: 'business' as const, ackWithinMs: level.ackWithinMs } : {}),
    });
  } catch {
    return pinned;
  }
}

export async function escalationPhase(c: LiveCommitment): Promise<void> {
  const esc = c.state.escalation;
  const level = esc ? c.state.policy.escalation.levels[esc.level] : undefined;
  if (!esc || !level || esc.exhausted) return anyChange(c);
  if (!esc.alertedAt) {
    const rev = c.rev;
    const answer = await resolve(c, level);
    // Acknowledged or cancelled while the directory answered: the level no longer needs alerting.
    if (c.rev !== rev) return;
    // After hours: the level is passed over, and the loop alerts the next one at once.
    if ('closed' in answer) return c.applySystem({ type: 'levelClosed', calendar: answer.closed.calendar });
    const { contact, resolution, ackBy } = answer;
    return c.applySystem({ type: 'levelReached', contact, ...(resolution ? { resolution } : {}), ...(ackBy ? { ackBy } : {}) });
  }
  const windowEnds = esc.ackBy ? Date.parse(esc.ackBy) : Date.parse(esc.alertedAt) + level.ackWithinMs;
  if (await until(c, windowEnds)) await c.applySystem({ type: 'ackWindowEnded' });
}

/** After fulfilment (and whatever is pending): ask, remind once halfway, close unconfirmed. */
export async function satisfactionPhase(c: LiveCommitment): Promise<void> {
  const s = c.state;
  if (s.awaiting !== 'confirmation') {
    const from = Math.max(Date.parse(s.fulfilment?.fulfilledAt ?? new Date().toISOString()), Date.parse(s.fulfilment?.pendingUntil ?? '') || 0);
    if (await until(c, from + s.policy.confirmAfterMs)) await c.applySystem({ type: 'askSatisfaction' });
    return;
  }
  const askedAt = Date.parse(s.facts.satisfaction?.askedAt ?? new Date().toISOString());
  if (!s.facts.satisfaction?.remindedAt) {
    if (await until(c, askedAt + s.policy.confirmWithinMs / 2)) await c.applySystem({ type: 'remindSatisfaction' });
    return;
  }
  if (await until(c, askedAt + s.policy.confirmWithinMs)) await c.applySystem({ type: 'closeUnconfirmed' });
}

/** Confirmed: the rating may still come, for as long as the customer had to answer. */
export async function ratingPhase(c: LiveCommitment): Promise<void> {
  const answeredAt = Date.parse(c.state.facts.satisfaction?.answeredAt ?? new Date().toISOString());
  if (await until(c, answeredAt + c.state.policy.confirmWithinMs)) await c.applySystem({ type: 'ratingWindowEnded' });
}
