import { describe, expect, it } from 'vitest';
import type { PinnedLevelTarget } from '../../src/shared/contract';
import { SYSTEM } from '../../src/core';
import { accept, ANA, AS, commitment, DUE_AT, escalated, iso, minutes, NOW, plain, POLICY, SAM, walk } from '../support/states';

const DUE = Date.parse(DUE_AT);

describe('a new commitment', () => {
  it('records who promised what, and sends the customer a recap and the owner a confirmation', () => {
    const d = accept(commitment(), { type: 'start', actor: AS.agent });
    expect(d.state).toEqual(commitment());
    expect(d.events).toEqual([{ type: 'created', detail: 'Dana Reyes promised Maria Lopez: Call you back about the duplicate charge', actor: AS.agent }]);
    expect(d.messages).toEqual([
      {
        purpose: 'customer_recap',
        audience: 'customer',
        occurrence: '',
        sent: { type: 'customer_recap_sent', detail: 'Recap sent to the customer by {via}.' },
      },
      {
        purpose: 'owner_confirmation',
        audience: 'owner',
        occurrence: '',
        sent: { type: 'owner_confirmation_sent', detail: 'Confirmation sent to Dana Reyes by {via}.' },
      },
    ]);
  });

  it('does not flag a customer with one other commitment this week', () => {
    const d = accept(commitment(), { type: 'start', actor: AS.agent, recentForCustomer: 1 });
    expect(d.events.map((e) => e.type)).toEqual(['created']);
    expect(d.messages.map((m) => m.purpose)).toEqual(['customer_recap', 'owner_confirmation']);
  });

  it('flags a repeat contact to the supervisor when the customer had two others in 7 days', () => {
    const d = accept(commitment(), { type: 'start', actor: AS.agent, recentForCustomer: 2 });
    expect(d.events[1]).toMatchObject({ type: 'repeat_contact', actor: SYSTEM });
    expect(d.messages[2]).toEqual({ purpose: 'repeat_contact_alert', audience: 'staff', to: SAM, occurrence: '', ctx: { count: '3' } });
  });

  it('words a third commitment in a week as the "3rd", with the right ordinal', () => {
    const d = accept(commitment(), { type: 'start', actor: AS.agent, recentForCustomer: 2 });
    expect(d.events[1]?.detail).toBe("This customer's 3rd commitment in 7 days: flagged to Sam Okafor as a repeat contact.");
  });
});

describe('before the deadline', () => {
  it('reminds the owner once per deadline: the occurrence is the deadline number', () => {
    const d = accept(commitment(), { type: 'remind' });
    expect(d.state).toEqual(commitment());
    expect(d.events).toEqual([]);
    expect(d.messages).toEqual([
      { purpose: 'owner_reminder', audience: 'owner', occurrence: '0', sent: { type: 'reminder_sent', detail: 'Reminder sent to Dana Reyes by {via}.' } },
    ]);
    const extended = walk(commitment(), [{ type: 'extend', actor: AS.agent, dueAt: iso(DUE + 3600_000), reason: 'Bank delay' }, NOW]);
    expect(accept(extended, { type: 'remind' }).messages[0]?.occurrence).toBe('1');
  });

  it('checks in with the customer halfway, says the promised time, and counts it as an update', () => {
    const d = accept(commitment(), { type: 'checkIn' }, minutes(30));
    expect(d.state.facts.lastUpdateAt).toBe(iso(minutes(30)));
    expect(d.events).toEqual([]);
    expect(d.messages).toMatchObject([{ purpose: 'customer_checkin', audience: 'customer', occurrence: '0', sent: { type: 'check_in_sent' } }]);
    expect(plain(d.messages[0]?.sent?.detail)).toBe('Check-in sent to the customer by {via}: still on track for Sun, 3:15 PM CST.');
  });
});

describe('the deadline passing first', () => {
  it('escalates to the first level, charges the lapse to the owner, and tells the customer when they will hear', () => {
    const d = accept(commitment(), { type: 'lapse' }, DUE);
    expect(d.state).toMatchObject({
      status: 'escalated',
      escalation: { reason: 'lapsed', round: 0, level: 0, alerted: [] },
      facts: { lapsedAt: DUE_AT, lapsedOwnerId: 'agent-dana', escalatedAt: DUE_AT, escalationReason: 'lapsed' },
    });
    expect(d.state.escalation?.alertedAt).toBeUndefined();
    expect(d.events).toEqual([
      { type: 'lapsed', detail: 'The deadline passed before Dana Reyes reported it done.', actor: SYSTEM },
      { type: 'escalated', detail: 'Dana Reyes missed the deadline. Escalated to Ana Costa.', actor: SYSTEM },
    ]);
    expect(d.messages).toEqual([
      {
        purpose: 'customer_escalated',
        audience: 'customer',
        occurrence: '0',
        ctx: { hearBy: iso(DUE + 30 * 60_000) },
        sent: { type: 'customer_told_escalated', detail: 'Customer told by {via} that a supervisor owns it.' },
      },
    ]);
  });

  it.each<[string, PinnedLevelTarget, string]>([
    ['the team supervisor', { kind: 'supervisor' }, 'Sam Okafor'],
    ['an on-call rotation', { kind: 'rotation', rotationId: 'rot-billing', name: 'Billing on call' }, 'whoever is on call (Billing on call)'],
  ])('names who it went to when the first level is %s', (_, target, who) => {
    const policy = { ...POLICY, escalation: { ...POLICY.escalation, levels: [{ target, ackWithinMs: 15 * 60_000 }] } };
    const d = accept(commitment({ policy }), { type: 'lapse' }, DUE);
    expect(d.events[1]?.detail).toBe(`Dana Reyes missed the deadline. Escalated to ${who}.`);
    expect(d.messages[0]?.ctx).toEqual({ hearBy: iso(DUE + 15 * 60_000) });
  });

  it('charges a later lapse to the owner who missed the first one, whoever rescued it', () => {
    const rescued = walk(escalated(), [{ type: 'acknowledge', actor: AS.lead, by: ANA.id, dueAt: iso(DUE + 2 * 3600_000) }, DUE + 600_000]);
    expect(rescued.owner.id).toBe(ANA.id);
    const d = accept(rescued, { type: 'lapse' }, DUE + 2 * 3600_000);
    expect(d.state.facts).toMatchObject({ lapsedAt: DUE_AT, lapsedOwnerId: 'agent-dana', escalatedAt: DUE_AT });
    expect(d.state.escalation).toMatchObject({ reason: 'lapsed', round: 0, level: 0, alerted: [] });
    expect(d.events[1]?.detail).toMatch(/^Ana Costa missed the deadline\./);
    expect(d.messages[0]).toMatchObject({ purpose: 'customer_escalated', occurrence: '1' });
  });
});
