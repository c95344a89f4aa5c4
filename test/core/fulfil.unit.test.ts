import { describe, expect, it } from 'vitest';
import type { Actor, FulfilInput } from '../../src/shared/contract';
import type { Command } from '../../src/core';
import { accept, ANA, AS, commitment, DUE_AT, escalated, iso, minutes, NOW, paused, plain, refuse, reopened, walk } from '../support/states';

const DUE = Date.parse(DUE_AT);
const HOUR = 3600_000;
const fulfil = (actor: Actor = AS.agent, more: Partial<FulfilInput> = {}): Command => ({
  type: 'fulfil',
  actor,
  resolution: 'Refunded the duplicate charge',
  ...more,
});

describe('fulfilling', () => {
  it('records what was done on time, by whom, and sends the customer the recap', () => {
    const d = accept(commitment(), fulfil(AS.agent, { pending: 'Your bank shows it in 3-5 days' }));
    expect(d.state).toMatchObject({
      status: 'fulfilled',
      fulfilment: { resolution: 'Refunded the duplicate charge', pending: 'Your bank shows it in 3-5 days', fulfilledAt: iso(NOW), onTime: true, by: AS.agent },
      facts: { firstFulfilledAt: iso(NOW), firstFulfilledOnTime: true, fulfilledOwnerId: 'agent-dana' },
    });
    expect(d.events).toEqual([
      { type: 'fulfilled', detail: 'Dana Reyes reported it done before the deadline: Refunded the duplicate charge', actor: AS.agent },
    ]);
    expect(d.messages).toEqual([
      {
        purpose: 'fulfilment_recap',
        audience: 'customer',
        occurrence: '0',
        sent: { type: 'fulfilment_recap_sent', detail: 'Recap of what was done sent to the customer by {via}.' },
      },
    ]);
    expect(d.followUp).toBeUndefined();
  });

  it('says who reported it for the owner when it was someone else', () => {
    expect(accept(commitment(), fulfil(AS.supervisor)).events[0]?.detail).toBe(
      'Sam Okafor (for Dana Reyes) reported it done before the deadline: Refunded the duplicate charge',
    );
  });

  it('is not on time after the deadline, even before the lapse was noticed', () => {
    const d = accept(commitment(), fulfil(), DUE + 1000);
    expect(d.state.fulfilment?.onTime).toBe(false);
    expect(d.events[0]?.detail).toBe('Dana Reyes reported it done after the deadline: Refunded the duplicate charge');
  });

  it('is not on time after an acknowledged lapse, however early for the new deadline', () => {
    const rescued = walk(escalated(), [{ type: 'acknowledge', actor: AS.lead, by: ANA.id, dueAt: iso(DUE + 4 * HOUR) }, DUE + 600_000]);
    const d = accept(rescued, fulfil(AS.lead), DUE + 20 * 60_000);
    expect(d.state.fulfilment?.onTime).toBe(false);
    expect(d.state.facts).toMatchObject({ firstFulfilledOnTime: false, fulfilledOwnerId: ANA.id, lapsedOwnerId: 'agent-dana' });
  });

  it('is on time when the deadline only passed while the clock was stopped by a pause', () => {
    // Paused at 9:00 AM with 6 h 15 min left; done at 5:15 PM, still paused: 8 h 15 min after the pause began
    // is past the nominal deadline, but the clock stopped at the pause, so the promise was kept.
    const d = accept(paused(), fulfil(), DUE + 2 * HOUR);
    expect(d.state.paused).toBeUndefined();
    expect(d.state.fulfilment?.onTime).toBe(true);
  });

  it('keeps the first fulfilment’s figures when a reopened commitment is fulfilled again', () => {
    const d = accept(reopened(), fulfil(AS.supervisor), minutes(24 * 60));
    expect(d.state.fulfilment).toMatchObject({ onTime: false, fulfilledAt: iso(minutes(24 * 60)) });
    expect(d.state.facts).toMatchObject({ firstFulfilledAt: iso(NOW), firstFulfilledOnTime: true, fulfilledOwnerId: 'agent-dana', reopenCount: 1 });
    expect(d.messages[0]).toMatchObject({ purpose: 'fulfilment_recap', occurrence: '1' });
  });

  it('asks for a follow-up commitment when a next contact is promised', () => {
    const d = accept(commitment(), fulfil(AS.agent, { nextContactAt: iso(NOW + 24 * HOUR) }));
    expect(d.state.fulfilment?.nextContactAt).toBe(iso(NOW + 24 * HOUR));
    expect(d.followUp).toEqual({ dueAt: iso(NOW + 24 * HOUR) });
  });

  it('keeps when what is pending should be through, so the question waits for it', () => {
    expect(accept(commitment(), fulfil(AS.agent, { pendingUntil: iso(NOW + 72 * HOUR) })).state.fulfilment?.pendingUntil).toBe(iso(NOW + 72 * HOUR));
  });

  it.each([
    ['a next contact in the past', { nextContactAt: iso(NOW - HOUR) }, { kind: 'conflict', reason: 'The next contact time must be in the future.' }],
    ['a pendingUntil in the past', { pendingUntil: iso(NOW - HOUR) }, { kind: 'conflict', reason: 'The pendingUntil must be in the future.' }],
    [
      'a next contact more than 400 days ahead',
      { nextContactAt: iso(NOW + 500 * 24 * HOUR) },
      { kind: 'invalid', reason: 'The next contact time must be within 400 days.' },
    ],
  ])('refuses %s', (_, more, refusal) => {
    expect(refuse(commitment(), fulfil(AS.agent, more))).toEqual(refusal);
  });
});

describe('escalating by hand', () => {
  it('hands it to the chain with who raised it and why, without telling the customer', () => {
    const d = accept(commitment(), { type: 'escalate', actor: AS.agent, reason: 'legal', note: 'The customer’s lawyer called' });
    expect(d.state).toMatchObject({
      status: 'escalated',
      escalation: { reason: 'legal', raisedBy: AS.agent, note: 'The customer’s lawyer called', round: 0, level: 0, alerted: [] },
      facts: { escalatedAt: iso(NOW), escalationReason: 'legal' },
    });
    expect(d.state.facts.managerRequestedAt).toBeUndefined();
    expect(d.events).toMatchObject([{ type: 'escalated', actor: AS.agent }]);
    expect(d.events[0]?.detail).toMatch(/^Dana Reyes escalated it \(legal\): The customer’s lawyer called\b/);
    expect(d.messages).toEqual([]);
  });

  it('ends the note’s sentence before saying who it went to', () => {
    const d = accept(commitment(), { type: 'escalate', actor: AS.agent, reason: 'legal', note: 'The customer’s lawyer called' });
    expect(d.events[0]?.detail).toBe('Dana Reyes escalated it (legal): The customer’s lawyer called. Escalated to Ana Costa.');
  });

  it('records when the customer asked for a manager, and ends a pause', () => {
    const d = accept(paused(), { type: 'escalate', actor: AS.agent, reason: 'manager_request', note: 'Asked twice for a manager' }, minutes(5));
    expect(d.state.paused).toBeUndefined();
    expect(d.state.facts).toMatchObject({ managerRequestedAt: iso(minutes(5)), escalationReason: 'manager_request' });
  });

  it('keeps the first escalation’s reason for the reports', () => {
    const rescued = walk(escalated(), [{ type: 'acknowledge', actor: AS.lead, by: ANA.id, dueAt: iso(DUE + 4 * HOUR) }, DUE + 600_000]);
    const d = accept(rescued, { type: 'escalate', actor: AS.lead, reason: 'safety', note: 'Threats on the phone' }, DUE + HOUR);
    expect(d.state.escalation?.reason).toBe('safety');
    expect(d.state.facts).toMatchObject({ escalationReason: 'lapsed', escalatedAt: DUE_AT });
  });
});

describe('progress, notes and the call log', () => {
  it('sends the customer a progress update and counts it as one', () => {
    const d = accept(escalated(), { type: 'progress', actor: AS.lead, text: 'The refund is approved' }, DUE + 60_000);
    expect(d.state.facts.lastUpdateAt).toBe(iso(DUE + 60_000));
    expect(d.events).toEqual([{ type: 'progress_update', detail: 'Ana Costa sent the customer an update: The refund is approved', actor: AS.lead }]);
    expect(d.messages).toMatchObject([{ purpose: 'customer_progress', audience: 'customer', occurrence: '7', ctx: { text: 'The refund is approved' } }]);
  });

  it('appends a note with its author and changes nothing else', () => {
    const d = accept(commitment(), { type: 'note', actor: AS.agent, author: 'agent-dana', text: 'Prefers a call after 5 PM' });
    expect(d.state).toEqual(commitment());
    expect(d.events).toEqual([{ type: 'note', detail: 'agent-dana: Prefers a call after 5 PM', actor: AS.agent }]);
    expect(d.messages).toEqual([]);
  });

  it('changes only the call-log fields given and lists what changed', () => {
    const d = accept(commitment(), {
      type: 'updateLog',
      actor: AS.supervisor,
      changes: { trigger: 'billing_error', rootCause: 'unclear_policy', neededFix: 'Write the refund policy down' },
    });
    expect(d.state.log).toEqual({
      trigger: 'billing_error',
      customerState: 'frustrated',
      rootCause: 'unclear_policy',
      neededFix: 'Write the refund policy down',
    });
    expect(d.events).toEqual([
      {
        type: 'log_updated',
        detail: 'Sam Okafor updated the call log: root cause: unclear policy; needed fix: Write the refund policy down.',
        actor: AS.supervisor,
      },
    ]);
  });

  it.each([
    ['an empty change', {}],
    ['a change to what it already says', { trigger: 'billing_error' as const, customerState: 'frustrated' as const }],
  ])('refuses %s of the call log', (_, changes) => {
    expect(refuse(commitment(), { type: 'updateLog', actor: AS.agent, changes })).toEqual({
      kind: 'conflict',
      reason: 'The call log already says that; nothing changed.',
    });
  });

  it('records the follow-up commitment it started, due when the next contact was promised', () => {
    const nextContactAt = iso(NOW + 24 * HOUR);
    const done = walk(commitment(), [fulfil(AS.agent, { nextContactAt }), NOW]);
    const d = accept(done, { type: 'followUpCreated', followUpId: 'cmt_next', dueAt: nextContactAt }, NOW + 1000);
    expect(d.state.facts.followUpId).toBe('cmt_next');
    expect(d.events).toMatchObject([{ type: 'follow_up_created' }]);
    expect(plain(d.events[0]?.detail)).toBe('Follow-up cmt_next created, due Mon, 9:00 AM CST.');
  });
});
