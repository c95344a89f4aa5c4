/**
 * Commands that move an open promise's deadline: extend it, pause the deadline clock while waiting on
 * the customer, and resume it (by hand or when the pause ends). The rest of the owner's commands are
 * ./owner.ts.
 */
import type { CommitmentPolicy, CountedDue } from '../shared/contract';
import type { Draft } from './draft';
import type { CommandOf } from './types';

type Handlers = { [K in DeadlineCommand]: (d: Draft, c: CommandOf<K>) => void };

/** Default reminder: 10 minutes ahead, or 80% into windows shorter than 50 minutes. */
const DEFAULT_REMIND_BEFORE_MS = 10 * 60_000;
const SHORT_WINDOW_SHARE = 0.2;

/**
 * Promises longer than this get a check-in to the customer at their midpoint (no silent gaps): the
 * threshold of commitments whose pinned policy has none (CHECK_IN_AFTER's default).
 */
const CHECK_IN_AFTER_MS = 48 * 3600_000;
export const checkInAfter = (policy: Pick<CommitmentPolicy, 'checkInAfterMs'>): number => policy.checkInAfterMs ?? CHECK_IN_AFTER_MS;

/** How long before the deadline the owner is reminded, for a window of `windowMs` (wall or business time). */
export function reminderLead(windowMs: number, remindBeforeMs: number | undefined): number {
  return remindBeforeMs ?? (windowMs >= DEFAULT_REMIND_BEFORE_MS / SHORT_WINDOW_SHARE ? DEFAULT_REMIND_BEFORE_MS : windowMs * SHORT_WINDOW_SHARE);
}
type DeadlineCommand = 'extend' | 'pause' | 'resume' | 'pauseEnded' | 'calendarChanged';

/**
 * The clock runs again. A wall deadline moves by the time the pause lasted; a business one is the
 * open time it had left when the pause began, counted from now on the team's calendar (by the
 * API, which has the calendar: `counted`). Without that count (a pause begun before business time
 * was kept), it moves as a wall one, its reminder with it.
 */
function resume(d: Draft, why: string, actor: CommandOf<'resume'>['actor'] | undefined, counted: CountedDue | undefined): void {
  const s = d.state;
  const stopped = d.now - Date.parse(s.paused?.since ?? d.iso);
  d.moveTo('open');
  s.paused = undefined;
  if (counted && s.business) {
    d.setDeadline(Math.max(Date.parse(counted.dueAt), d.now));
    d.countedOn(counted.business);
  } else {
    d.setDeadline(Date.parse(s.dueAt) + stopped);
    if (s.business?.remindAt) s.business = { ...s.business, remindAt: new Date(Date.parse(s.business.remindAt) + stopped).toISOString() };
  }
  d.record('resumed', `${why}: the deadline clock runs again; new deadline ${d.timeText(s.dueAt)}.`, actor);
  d.send({
    purpose: 'customer_resumed',
    audience: 'customer',
    occurrence: `${s.deadlineNo}`,
    sent: { type: 'customer_message', detail: 'Customer told the new time by {via}.' },
  });
}

export const deadlineCommands: Handlers = {
  extend(d, c) {
    const s = d.state;
    const at = d.futureInstant(c.dueAt, 'new deadline');
    if (at <= Date.parse(s.dueAt)) d.refuse('conflict', 'The new deadline must be later than the current one.');
    const done = s.facts.extensionCount;
    if (done >= s.policy.maxExtensions) {
      // Repeated failure of earlier fixes is itself an escalation trigger (docs/domain.md#escalation).
      d.record('note', `Extension asked for (${c.reason}) after ${done} already: escalating instead.`, c.actor);
      d.escalate('extension_limit', `${s.owner.name} asked for a further extension after ${done}: repeated failure of earlier fixes.`);
      return;
    }
    s.facts.extensionCount += 1;
    d.setDeadline(at);
    d.countedOn(c.business);
    // A deadline set while paused is the new one: the pause so far no longer moves it on resume,
    // and what the pause's end was counted to give no longer holds (the API counts it again on resume).
    if (s.paused) {
      s.paused.since = d.iso;
      delete s.paused.resumeWith;
    }
    d.record('extended', `New deadline ${d.timeText(s.dueAt)} (extension ${s.facts.extensionCount} of ${s.policy.maxExtensions}): ${c.reason}`, c.actor);
    d.send({
      purpose: 'customer_extended',
      audience: 'customer',
      occurrence: `${s.deadlineNo}`,
      ctx: { reason: c.reason },
      sent: { type: 'customer_message', detail: 'Customer told the new time and why by {via}.' },
    });
  },

  pause(d, c) {
    const s = d.state;
    d.requireAuthority(c.actor, 'pause');
    const until = c.until === undefined ? undefined : new Date(d.futureInstant(c.until, 'pause end')).toISOString();
    d.moveTo('paused');
    s.paused = { since: d.iso, reason: c.reason, ...(until ? { until } : {}), ...(until && c.resumeWith && s.business ? { resumeWith: c.resumeWith } : {}) };
    d.record('paused', `Waiting on the customer, deadline clock stopped${until ? ` until ${d.timeText(until)}` : ''}: ${c.reason}`, c.actor);
    d.send({
      purpose: 'customer_paused',
      audience: 'customer',
      occurrence: `${d.nextSeq}`,
      ctx: { reason: c.reason, ...(until ? { until } : {}) },
      sent: { type: 'customer_message', detail: 'Customer told what we are waiting for by {via}.' },
    });
  },

  resume: (d, c) => resume(d, 'Resumed', c.actor, c.resumeWith),

  /**
   * The calendar a business deadline was counted on changed: the open time already used stays
   * used, the rest was counted on the new hours (by the API, which has both versions). The
   * customer is told only when the time they were given changes.
   */
  calendarChanged(d, c) {
    const s = d.state;
    const pinned = s.business?.calendar;
    const next = c.business.calendar;
    if (!pinned || !next || pinned.id !== next.id) return d.refuse('conflict', 'This deadline is not counted on that calendar.');
    if (next.version <= pinned.version) return d.refuse('conflict', `This deadline is already counted on version ${pinned.version} of ${pinned.name}.`);
    const before = s.dueAt;
    const at = Math.max(Date.parse(c.dueAt), d.now);
    if (at === Date.parse(before)) {
      s.business = c.business;
      return;
    }
    d.setDeadline(at);
    d.countedOn(c.business);
    d.record(
      'note',
      `${next.name} changed (version ${next.version}): the open time already used stays used and the rest is counted on the new hours; the deadline moves from ${d.timeText(before)} to ${d.timeText(s.dueAt)}.`,
      c.actor,
    );
    d.send({
      purpose: 'customer_rescheduled',
      audience: 'customer',
      occurrence: `${s.deadlineNo}`,
      ctx: { previous: before },
      sent: { type: 'customer_message', detail: 'Customer told the new time by {via}.' },
    });
  },
  pauseEnded: (d) => resume(d, 'The pause ended', undefined, d.state.paused?.resumeWith),
};
