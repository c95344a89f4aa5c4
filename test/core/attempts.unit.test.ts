/**
 * Callback attempts in the functional core: what each outcome records and sends, what a wrong
 * number stops, how many may be logged, and a lapse after attempts that did not get through.
 */
import { describe, expect, it } from 'vitest';
import type { Command } from '../../src/core';
import { MAX_ATTEMPTS } from '../../src/core/owner';
import { channelsFor } from '../../src/core/sends';
import type { AttemptOutcome } from '../../src/shared/contract';
import { accept, ANA, AS, cancelled, commitment, DUE_AT, iso, minutes, NOW, plain, refuse, walk } from '../support/states';

const attempt = (outcome: AttemptOutcome, note?: string): Command => ({ type: 'attempt', actor: AS.agent, outcome, ...(note ? { note } : {}) });
const DUE = Date.parse(DUE_AT);

describe('a callback attempt', () => {
  it('that got through is a line in the timeline and tells the customer nothing', () => {
    const d = accept(commitment(), attempt('reached', 'She will send the receipt'));
    expect(d.state.attempts).toEqual([{ at: iso(NOW), outcome: 'reached', by: AS.agent.id, note: 'She will send the receipt' }]);
    expect(d.events).toMatchObject([{ type: 'attempted', detail: 'Dana Reyes reached Maria Lopez. She will send the receipt.', actor: AS.agent }]);
    expect(d.messages).toEqual([]);
  });

  it.each([
    ['no_answer', 'no answer'],
    ['voicemail', 'left a voicemail'],
    ['busy', 'the line was busy'],
  ] as const)('that got %s tells the customer when we tried and that we try again by the deadline', (outcome, words) => {
    const d = accept(commitment(), attempt(outcome));
    expect(plain(d.events[0]?.detail)).toBe(`Dana Reyes tried to reach Maria Lopez (1st attempt): ${words}.`);
    expect(d.messages).toEqual([
      {
        purpose: 'customer_attempted',
        audience: 'customer',
        occurrence: '1',
        ctx: { at: iso(NOW), outcome, retryBy: DUE_AT },
        sent: { type: 'customer_message', detail: 'Customer told we tried by {via}.' },
      },
    ]);
  });

  it('counts the failed attempts, and each one is its own message', () => {
    const twice = walk(commitment(), [attempt('no_answer'), NOW], [attempt('reached'), minutes(5)]);
    const d = accept(twice, attempt('voicemail'), minutes(30));
    expect(plain(d.events[0]?.detail)).toBe('Dana Reyes tried to reach Maria Lopez (2nd attempt): left a voicemail.');
    expect(d.messages[0]?.occurrence).toBe('3');
  });

  it('with a wrong number stops texts to that number for this commitment: the customer is emailed instead', () => {
    const d = accept(commitment(), attempt('wrong_number'));
    expect(d.state.wrongNumber).toBe('+14155550123');
    expect(plain(d.events[0]?.detail)).toBe(
      'Dana Reyes tried to reach Maria Lopez (1st attempt): wrong number. No more texts go to +14155550123 for this commitment; a new number is needed.',
    );
    expect(channelsFor(d.state, d.messages[0]!)).toEqual(['email']);
    expect(channelsFor(commitment(), d.messages[0]!)).toEqual(['sms', 'email']);
  });

  it('is refused on a closed commitment, and past the most a promise may be tried', () => {
    expect(refuse(cancelled(), attempt('no_answer')).kind).toBe('conflict');
    let s = commitment();
    for (let i = 0; i < MAX_ATTEMPTS; i++) s = walk(s, [attempt('no_answer'), minutes(i)]);
    expect(refuse(s, attempt('busy'), minutes(20)).reason).toBe(
      `${MAX_ATTEMPTS} attempts are logged already: cancel it as unreachable, or hand it to Sam Okafor.`,
    );
  });

  it('does not promise a retry by a deadline that has passed', () => {
    const lapsed = walk(commitment(), [{ type: 'lapse' }, DUE]);
    const d = accept(lapsed, attempt('no_answer'), DUE + 60_000);
    expect(d.messages[0]?.ctx).toEqual({ at: iso(DUE + 60_000), outcome: 'no_answer' });
  });
});

describe('after enough attempts that did not get through', () => {
  it('asks the owner, once, to cancel it as unreachable or hand it to the supervisor (three by default)', () => {
    const twice = walk(commitment(), [attempt('no_answer'), minutes(1)], [attempt('reached'), minutes(2)], [attempt('busy'), minutes(3)]);
    const d = accept(twice, attempt('voicemail'), minutes(4));
    expect(d.events.map((e) => plain(e.detail))).toContain(
      '3 times without getting through: Dana Reyes is asked to cancel it as unreachable or hand it to Sam Okafor.',
    );
    expect(d.messages.map((m) => [m.purpose, m.audience, m.ctx?.attempts])).toEqual([
      ['customer_attempted', 'customer', undefined],
      ['owner_attempts_prompt', 'owner', '3'],
    ]);
    expect(accept(d.state, attempt('no_answer'), minutes(5)).messages.map((m) => m.purpose)).toEqual(['customer_attempted']);
  });

  it("asks after the team's own number", () => {
    const s = commitment();
    const team = { ...s, policy: { ...s.policy, escalation: { ...s.policy.escalation, attemptsBeforePrompt: 1 } } };
    expect(accept(team, attempt('no_answer')).messages.map((m) => m.purpose)).toEqual(['customer_attempted', 'owner_attempts_prompt']);
  });
});

describe('a lapse after attempts that did not get through', () => {
  it('says it was tried, not forgotten, in the timeline and in the supervisor alert', () => {
    const tried = walk(commitment(), [attempt('no_answer'), minutes(10)], [attempt('voicemail'), minutes(40)], [{ type: 'lapse' }, DUE]);
    expect(tried.status).toBe('escalated');
    const d = accept(tried, { type: 'levelReached', contact: ANA }, DUE + 1000);
    expect(d.messages[0]).toMatchObject({ purpose: 'supervisor_alert', ctx: { reason: 'lapsed', attempts: '2', lastAttemptAt: iso(minutes(40)) } });
    const lapse = accept(walk(commitment(), [attempt('busy'), minutes(10)]), { type: 'lapse' }, DUE);
    expect(lapse.events[0]?.detail).toBe(
      'The deadline passed before Dana Reyes reported it done, after Dana Reyes tried once to reach Maria Lopez without getting through.',
    );
  });

  it('is an ordinary lapse when the attempts got through or came after the deadline', () => {
    const reached = walk(commitment(), [attempt('reached'), minutes(10)], [{ type: 'lapse' }, DUE]);
    const d = accept(reached, { type: 'levelReached', contact: ANA }, DUE + 1000);
    expect(d.messages[0]?.ctx?.attempts).toBeUndefined();
  });
});
