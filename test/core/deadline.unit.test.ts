import { describe, expect, it } from 'vitest';
import type { CommitmentState } from '../../src/shared/contract';
import { SYSTEM, type Command } from '../../src/core';
import { accept, ANA, AS, commitment, DUE_AT, escalated, fulfilled, iso, minutes, NOW, paused, plain, refuse, walk } from '../support/states';

const DUE = Date.parse(DUE_AT);
const HOUR = 3600_000;
const extend = (dueAt: string, reason = 'The bank needs the statement first'): Command => ({ type: 'extend', actor: AS.agent, dueAt, reason });

describe('extending the deadline', () => {
  it('moves the deadline, counts the extension, and tells the customer the new time and why', () => {
    const d = accept(commitment(), extend(iso(DUE + 2 * HOUR)));
    expect(d.state).toMatchObject({ status: 'open', dueAt: iso(DUE + 2 * HOUR), deadlineNo: 1, deadlineSetAt: iso(NOW), facts: { extensionCount: 1 } });
    expect(d.events).toHaveLength(1);
    expect(d.events[0]).toMatchObject({ type: 'extended', actor: AS.agent });
    expect(plain(d.events[0]?.detail)).toBe('New deadline Sun, 5:15 PM CST (extension 1 of 2): The bank needs the statement first');
    expect(d.messages).toEqual([
      {
        purpose: 'customer_extended',
        audience: 'customer',
        occurrence: '1',
        ctx: { reason: 'The bank needs the statement first' },
        sent: { type: 'customer_message', detail: 'Customer told the new time and why by {via}.' },
      },
    ]);
  });

  it('keeps how a deadline was counted: business time when the extension was, the wall clock again when it was not', () => {
    const business = { asked: 'PT4H', calendar: { id: 'support-hours', name: 'Support hours', version: 3 }, remindAt: iso(DUE + HOUR) };
    const counted = accept(commitment(), { type: 'extend', actor: AS.agent, dueAt: iso(DUE + 2 * HOUR), reason: 'The bank needs a day', business });
    expect(counted.state.business).toEqual(business);
    const wall = accept(counted.state, extend(iso(DUE + 3 * HOUR)), minutes(1));
    expect(wall.state.business).toBeUndefined();
  });

  it('moves a business reminder with the deadline when a pause ends', () => {
    const business = { asked: 'PT4H', remindAt: iso(DUE - 10 * 60_000) };
    const d = accept({ ...paused(), business }, { type: 'resume', actor: AS.agent }, minutes(30));
    const stopped = Date.parse(d.state.dueAt) - DUE;
    expect(stopped).toBeGreaterThan(0);
    expect(d.state.business?.remindAt).toBe(iso(DUE - 10 * 60_000 + stopped));
  });

  it('gives a business deadline back the open time it had left when paused, as the API counted it, instead of the wall time paused', () => {
    const business = { asked: 'PT2H', remindAt: iso(DUE - 10 * 60_000) };
    const counted = { dueAt: iso(DUE + 3 * 24 * HOUR), business: { asked: 'PT2H', remindAt: iso(DUE + 3 * 24 * HOUR - 10 * 60_000) } };
    const d = accept({ ...paused(), business }, { type: 'resume', actor: AS.agent, resumeWith: counted }, minutes(30));
    expect(d.state).toMatchObject({ status: 'open', dueAt: counted.dueAt, business: counted.business, deadlineNo: 1 });
  });

  it('keeps the count for the end of a timed pause of a business deadline, and drops it when the deadline moves while paused', () => {
    const business = { asked: 'PT2H' };
    const resumeWith = { dueAt: iso(DUE + 2 * 24 * HOUR), business: { asked: 'PT2H', remindAt: iso(DUE + 2 * 24 * HOUR - 600_000) } };
    const pause: Command = { type: 'pause', actor: AS.agent, reason: 'Waiting for the statement', until: iso(NOW + 2 * HOUR), resumeWith };
    const timed = accept({ ...commitment(), business }, pause);
    expect(timed.state.paused?.resumeWith).toEqual(resumeWith);
    const ended = accept(timed.state, { type: 'pauseEnded' }, minutes(120));
    expect(ended.state).toMatchObject({ status: 'open', dueAt: resumeWith.dueAt, business: resumeWith.business });
    const extended = accept(timed.state, extend(iso(DUE + 5 * HOUR)), minutes(5));
    expect(extended.state.paused?.resumeWith).toBeUndefined();
  });

  it('moves a business deadline when its calendar changes, says why, and tells the customer the new time', () => {
    const pin = { id: 'support-hours', name: 'Support hours', version: 2 };
    const counted = { ...commitment(), business: { asked: 'PT2H', calendar: pin } };
    const next = { asked: 'PT2H', calendar: { ...pin, version: 3 } };
    const d = accept(counted, { type: 'calendarChanged', actor: AS.admin, dueAt: iso(DUE + 24 * HOUR), business: next });
    expect(d.state).toMatchObject({ dueAt: iso(DUE + 24 * HOUR), deadlineNo: 1, business: next });
    expect(d.events[0]?.detail).toMatch(/^Support hours changed \(version 3\): the open time already used stays used/);
    expect(d.messages).toMatchObject([{ purpose: 'customer_rescheduled', audience: 'customer', ctx: { previous: DUE_AT } }]);
  });

  it('keeps a deadline its calendar change does not move, and tells nobody', () => {
    const pin = { id: 'support-hours', name: 'Support hours', version: 2 };
    const counted = { ...commitment(), business: { asked: 'PT2H', calendar: pin } };
    const d = accept(counted, { type: 'calendarChanged', actor: AS.admin, dueAt: DUE_AT, business: { asked: 'PT2H', calendar: { ...pin, version: 3 } } });
    expect(d.state).toMatchObject({ dueAt: DUE_AT, deadlineNo: 0, business: { calendar: { version: 3 } } });
    expect(d.events).toEqual([]);
    expect(d.messages).toEqual([]);
  });

  it('refuses a calendar change for another calendar, or for a version it has already counted on', () => {
    const pin = { id: 'support-hours', name: 'Support hours', version: 3 };
    const counted = { ...commitment(), business: { asked: 'PT2H', calendar: pin } };
    const change = (calendar: typeof pin): Command => ({
      type: 'calendarChanged',
      actor: AS.admin,
      dueAt: iso(DUE + HOUR),
      business: { asked: 'PT2H', calendar },
    });
    expect(refuse(counted, change({ ...pin, id: 'retail-hours', version: 4 })).reason).toBe('This deadline is not counted on that calendar.');
    expect(refuse(counted, change(pin)).reason).toBe('This deadline is already counted on version 3 of Support hours.');
    expect(refuse(commitment(), change({ ...pin, version: 4 })).reason).toBe('This deadline is not counted on that calendar.');
  });

  it('may be extended while paused, and stays paused', () => {
    const d = accept(paused(), extend(iso(DUE + HOUR)), minutes(5));
    expect(d.state).toMatchObject({ status: 'paused', dueAt: iso(DUE + HOUR), deadlineNo: 1 });
  });

  it('moves a deadline set while paused only by the pause after it was set, on resume', () => {
    const extended = walk(paused(), [extend(iso(DUE + HOUR)), minutes(30)]);
    const d = accept(extended, { type: 'resume', actor: AS.agent }, minutes(40));
    expect(d.state.dueAt).toBe(iso(DUE + HOUR + 10 * 60_000));
  });

  it.each([
    ['earlier than the current deadline', iso(DUE - HOUR), 'conflict', 'The new deadline must be later than the current one.'],
    ['the current deadline itself', DUE_AT, 'conflict', 'The new deadline must be later than the current one.'],
    ['in the past', iso(NOW - HOUR), 'conflict', 'The new deadline must be in the future.'],
    ['not a date', 'next Tuesday', 'invalid', 'The new deadline is not a valid date-time.'],
    ['more than 400 days ahead', iso(NOW + 401 * 24 * HOUR), 'invalid', 'The new deadline must be within 400 days.'],
  ])('refuses a new deadline %s', (_, dueAt, kind, reason) => {
    expect(refuse(commitment(), extend(dueAt))).toEqual({ kind, reason });
  });

  it('escalates instead once maxExtensions are used up: repeated failure of earlier fixes', () => {
    const twice = walk(commitment(), [extend(iso(DUE + HOUR)), NOW], [extend(iso(DUE + 2 * HOUR)), minutes(10)]);
    const d = accept(twice, extend(iso(DUE + 3 * HOUR), 'Courier again'), minutes(20));
    expect(d.state).toMatchObject({
      status: 'escalated',
      dueAt: iso(DUE + 2 * HOUR),
      deadlineNo: 2,
      escalation: { reason: 'extension_limit', round: 0, level: 0, alerted: [] },
      facts: { extensionCount: 2, escalationReason: 'extension_limit', escalatedAt: iso(minutes(20)) },
    });
    expect(d.state.facts.lapsedAt).toBeUndefined();
    expect(d.events).toEqual([
      { type: 'note', detail: 'Extension asked for (Courier again) after 2 already: escalating instead.', actor: AS.agent },
      {
        type: 'escalated',
        detail: 'Dana Reyes asked for a further extension after 2: repeated failure of earlier fixes. Escalated to Ana Costa.',
        actor: SYSTEM,
      },
    ]);
    expect(d.messages).toMatchObject([{ purpose: 'customer_escalated', audience: 'customer', occurrence: '2', ctx: { hearBy: iso(minutes(50)) } }]);
  });

  it('escalates the first extension of a commitment that allows none', () => {
    const strict = commitment({ policy: { ...commitment().policy, maxExtensions: 0 } });
    expect(accept(strict, extend(iso(DUE + HOUR))).state).toMatchObject({
      status: 'escalated',
      escalation: { reason: 'extension_limit' },
      facts: { extensionCount: 0 },
    });
  });

  it('still refuses a bad date before counting extensions', () => {
    const twice = walk(commitment(), [extend(iso(DUE + HOUR)), NOW], [extend(iso(DUE + 2 * HOUR)), NOW]);
    expect(refuse(twice, extend(iso(NOW - HOUR))).reason).toBe('The new deadline must be in the future.');
  });
});

describe('every new deadline', () => {
  const cases: [string, () => CommitmentState, Command, number, number][] = [
    ['an extension', () => commitment(), extend(iso(DUE + HOUR)), NOW, DUE + HOUR],
    ['an acknowledgement', () => escalated(), { type: 'acknowledge', actor: AS.lead, by: ANA.id, dueAt: iso(DUE + 3 * HOUR) }, DUE + 600_000, DUE + 3 * HOUR],
    ['a resume, by the length of the pause', () => paused(), { type: 'resume', actor: AS.agent }, minutes(45), DUE + 45 * 60_000],
    ['the end of a timed pause', () => paused(), { type: 'pauseEnded' }, minutes(90), DUE + 90 * 60_000],
    [
      'a reopen, reopenWithin from the customer’s NO',
      () => fulfilled(),
      { type: 'customerReply', answer: 'no', via: 'sms' },
      minutes(90),
      minutes(90) + 4 * HOUR,
    ],
  ];

  it.each(cases)('comes with %s: a new deadline number, set now', (_, state, command, at, dueAt) => {
    const before = state();
    const d = accept(before, command, at);
    expect(d.state.dueAt).toBe(iso(dueAt));
    expect(d.state.deadlineNo).toBe(before.deadlineNo + 1);
    expect(d.state.deadlineSetAt).toBe(iso(at));
    expect(d.state.status).toBe('open');
  });

  it('is not set by anything else that happens to an open commitment', () => {
    const others: Command[] = [
      { type: 'remind' },
      { type: 'checkIn' },
      { type: 'note', actor: AS.agent, author: 'agent-dana', text: 'Left a voicemail' },
      { type: 'progress', actor: AS.agent, text: 'The refund is approved' },
      { type: 'reassign', actor: AS.agent, owner: ANA, handoffNote: 'Ana handles refunds' },
      { type: 'customerMessage', text: 'Any news?' },
    ];
    for (const command of others)
      expect(accept(commitment(), command).state).toMatchObject({ dueAt: DUE_AT, deadlineNo: 0, deadlineSetAt: commitment().deadlineSetAt });
  });
});
