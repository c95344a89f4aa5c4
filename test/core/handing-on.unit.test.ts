import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/shared/contract';
import { decide, SYSTEM, type Command } from '../../src/core';
import {
  accept,
  ANA,
  AS,
  commitment,
  DANA,
  DUE_AT,
  escalated,
  fulfilled,
  iso,
  LEE,
  minutes,
  NEXT_SEQ,
  NOW,
  paused,
  plain,
  refuse,
  reopened,
  walk,
} from '../support/states';

const DUE = Date.parse(DUE_AT);
const reassign = (actor: Actor, owner = LEE): Command => ({ type: 'reassign', actor, owner, handoffNote: 'Refund approved; needs the final call' });
const cancel = (actor: Actor, notifyCustomer = true): Command => ({ type: 'cancel', actor, reason: 'The customer sorted it with their bank', notifyCustomer });
const pause = (actor: Actor, until?: string): Command => ({ type: 'pause', actor, reason: 'Waiting for the receipt', ...(until ? { until } : {}) });

describe('reassigning', () => {
  it('hands it to the new owner with the note and the whole timeline, and tells the customer', () => {
    const d = accept(commitment(), reassign(AS.agent));
    expect(d.state.owner).toEqual(LEE);
    expect(d.events).toEqual([{ type: 'reassigned', detail: 'Dana Reyes handed it to Lee Chan: Refund approved; needs the final call', actor: AS.agent }]);
    expect(d.messages).toMatchObject([
      {
        purpose: 'handoff',
        audience: 'staff',
        to: LEE,
        occurrence: `${NEXT_SEQ}`,
        ctx: { note: 'Refund approved; needs the final call', previousOwner: 'Dana Reyes' },
      },
      { purpose: 'customer_reassigned', audience: 'customer', occurrence: `${NEXT_SEQ}`, ctx: { previousOwner: 'Dana Reyes' } },
    ]);
  });

  it('refuses to hand it to the person who already owns it', () => {
    expect(refuse(commitment(), reassign(AS.supervisor, DANA))).toEqual({ kind: 'conflict', reason: 'Dana Reyes already owns this commitment.' });
  });

  it('refuses a supervisor reassigning an escalated one: acknowledging takes it over', () => {
    expect(refuse(escalated(), reassign(AS.supervisor))).toEqual({
      kind: 'conflict',
      reason: 'This commitment is escalated; it can be reassigned only when open or paused (acknowledge it to take it over).',
    });
  });

  it('refuses its owner, an agent, handing on an escalated one: it went over their head', () => {
    expect(refuse(escalated(), reassign(AS.agent))).toEqual({
      kind: 'forbidden',
      reason:
        'It is escalated: it went over your head, and the chain holds it until someone acknowledges it. Only a supervisor of the team or an admin can reassign it.',
    });
  });

  it('remembers who held it before, so they may still read it', () => {
    const d = accept(commitment(), reassign(AS.agent));
    expect(d.state.formerOwnerIds).toEqual([DANA.id]);
    expect(accept(d.state, reassign(AS.otherAgent, DANA)).state.formerOwnerIds).toEqual([LEE.id]);
  });

  it('lets the system hand on an escalated one (a deactivated owner), which stays escalated', () => {
    const d = accept(escalated(), reassign(AS.system), DUE + 60_000);
    expect(d.state).toMatchObject({ status: 'escalated', owner: LEE, escalation: { alertedAt: iso(DUE + 1000) } });
    expect(d.events[0]?.actor).toEqual(AS.system);
  });

  it('may be done while paused', () => {
    expect(accept(paused(), reassign(AS.agent)).state).toMatchObject({ status: 'paused', owner: LEE });
  });
});

describe('what went over an agent’s head', () => {
  const HELD = 'It is escalated: it went over your head, and the chain holds it until someone acknowledges it.';
  const TAKEN = (holder: string) => `You handed this commitment on; ${holder} holds it now.`;

  it.each([
    ['cancel', 'an escalated', escalated, cancel(AS.agent), `${HELD} Only a supervisor of the team or an admin can cancel it.`],
    [
      'cancel',
      'a reopened',
      reopened,
      cancel(AS.agent),
      `${TAKEN('Sam Okafor')} Only its owner (Sam Okafor), a supervisor of the team or an admin can cancel it.`,
    ],
    [
      'pause',
      'a reopened',
      reopened,
      pause(AS.agent),
      `${TAKEN('Sam Okafor')} Only its owner (Sam Okafor), a supervisor of the team or an admin can pause it.`,
    ],
    [
      'reassign',
      'a reopened',
      reopened,
      reassign(AS.agent),
      `${TAKEN('Sam Okafor')} Only its owner (Sam Okafor), a supervisor of the team or an admin can reassign it.`,
    ],
  ] as const)('refuses an agent who tries to %s %s commitment, saying who may', (_, __, state, command, reason) => {
    expect(refuse(state(), command, minutes(120))).toEqual({ kind: 'forbidden', reason });
  });

  it('refuses the agent once someone up the chain has taken an escalated commitment over: it is theirs now', () => {
    const takenOver = walk(escalated(), [{ type: 'acknowledge', actor: AS.lead, by: ANA.id, dueAt: iso(DUE + 3 * 3600_000) }, DUE + 600_000]);
    expect(refuse(takenOver, cancel(AS.agent), DUE + 700_000).reason).toBe(
      `${TAKEN('Ana Costa')} Only its owner (Ana Costa), a supervisor of the team or an admin can cancel it.`,
    );
  });

  it('lets an agent a supervisor handed a reopened commitment back to act on it as its owner', () => {
    const back = walk(reopened(), [reassign(AS.supervisor, DANA), minutes(100)]);
    expect(accept(back, pause(AS.agent), minutes(110)).state.status).toBe('paused');
    expect(accept(back, cancel(AS.agent), minutes(110)).state.status).toBe('cancelled');
  });

  it.each([
    ['cancel', 'an escalated', escalated, cancel(AS.agent)],
    ['cancel', 'a reopened', reopened, cancel(AS.agent)],
    ['pause', 'a reopened', reopened, pause(AS.agent)],
    ['reassign', 'a reopened', reopened, reassign(AS.agent)],
  ] as const)('replays the older rule in a history recorded before the authority table: no agent may %s %s commitment', (action, _, state, command) => {
    const out = decide(state(), command, { now: minutes(120), nextSeq: NEXT_SEQ, legacyAuthority: true });
    expect(out).toEqual({
      ok: false,
      kind: 'forbidden',
      reason: `An agent cannot ${action} a commitment that has been escalated or reopened; a supervisor can.`,
    });
  });

  it.each([
    ['cancel an escalated', escalated, cancel(AS.supervisor)],
    ['cancel a reopened', reopened, cancel(AS.supervisor)],
    ['pause a reopened', reopened, pause(AS.supervisor)],
    ['reassign a reopened', reopened, reassign(AS.supervisor)],
  ] as const)('lets a supervisor %s commitment', (_, state, command) => {
    expect(accept(state(), command, minutes(120)).events[0]?.actor).toEqual(AS.supervisor);
  });
});

describe('cancelling', () => {
  it('closes it with the reason and tells the customer', () => {
    const d = accept(commitment(), cancel(AS.agent));
    expect(d.state).toMatchObject({
      status: 'cancelled',
      cancellation: { reason: 'The customer sorted it with their bank', at: iso(NOW) },
      facts: { cancelledAt: iso(NOW), closedAt: iso(NOW) },
    });
    expect(d.events).toEqual([{ type: 'cancelled', detail: 'Cancelled: The customer sorted it with their bank', actor: AS.agent }]);
    expect(d.messages).toMatchObject([
      { purpose: 'customer_cancelled', audience: 'customer', occurrence: '', ctx: { reason: 'The customer sorted it with their bank' } },
    ]);
  });

  it('cancels quietly when the customer is not to be told, and says so in the timeline', () => {
    const d = accept(commitment(), cancel(AS.agent, false));
    expect(d.events[0]?.detail).toBe('Cancelled: The customer sorted it with their bank (customer not notified)');
    expect(d.messages).toEqual([]);
  });

  it('stops asking the customer whether a fulfilled one is resolved', () => {
    const d = accept(fulfilled(), cancel(AS.supervisor), minutes(70));
    expect(d.state.status).toBe('cancelled');
    expect(d.state.awaiting).toBeUndefined();
  });
});

describe('pausing and resuming', () => {
  it('stops the deadline clock and tells the customer what we wait for', () => {
    const d = accept(commitment(), pause(AS.agent));
    expect(d.state).toMatchObject({ status: 'paused', paused: { since: iso(NOW), reason: 'Waiting for the receipt' }, dueAt: DUE_AT, deadlineNo: 0 });
    expect(d.events).toEqual([{ type: 'paused', detail: 'Waiting on the customer, deadline clock stopped: Waiting for the receipt', actor: AS.agent }]);
    expect(d.messages).toMatchObject([
      { purpose: 'customer_paused', audience: 'customer', occurrence: `${NEXT_SEQ}`, ctx: { reason: 'Waiting for the receipt' } },
    ]);
  });

  it('keeps the end of a timed pause and says it in the customer’s time', () => {
    const d = accept(commitment(), pause(AS.agent, iso(minutes(120))));
    expect(d.state.paused).toEqual({ since: iso(NOW), reason: 'Waiting for the receipt', until: iso(minutes(120)) });
    expect(plain(d.events[0]?.detail)).toBe('Waiting on the customer, deadline clock stopped until Sun, 11:00 AM CST: Waiting for the receipt');
    expect(d.messages[0]?.ctx).toEqual({ reason: 'Waiting for the receipt', until: iso(minutes(120)) });
  });

  it.each([
    ['in the past', iso(NOW - 60_000), { kind: 'conflict', reason: 'The pause end must be in the future.' }],
    ['not a date', 'when she is back', { kind: 'invalid', reason: 'The pause end is not a valid date-time.' }],
  ])('refuses a pause that ends %s', (_, until, refusal) => {
    expect(refuse(commitment(), pause(AS.agent, until))).toEqual(refusal);
  });

  it('resumes with the deadline moved by the pause, and tells the customer the new time', () => {
    const d = accept(paused(), { type: 'resume', actor: AS.supervisor }, minutes(45));
    expect(d.state).toMatchObject({ status: 'open', dueAt: iso(DUE + 45 * 60_000), deadlineNo: 1 });
    expect(d.state.paused).toBeUndefined();
    expect(d.events).toHaveLength(1);
    expect(d.events[0]).toMatchObject({ type: 'resumed', actor: AS.supervisor });
    expect(plain(d.events[0]?.detail)).toBe('Resumed: the deadline clock runs again; new deadline Sun, 4:00 PM CST.');
    expect(d.messages).toMatchObject([{ purpose: 'customer_resumed', audience: 'customer', occurrence: '1' }]);
  });

  it('resumes by itself when a timed pause ends, as the system', () => {
    const d = accept(paused(), { type: 'pauseEnded' }, minutes(45));
    expect(d.events[0]).toMatchObject({ type: 'resumed', actor: SYSTEM });
    expect(d.events[0]?.detail).toMatch(/^The pause ended: the deadline clock runs again/);
  });
});
