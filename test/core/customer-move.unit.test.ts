/**
 * The customer moving their callback from their page, in the functional core: the deadline moves
 * without counting as an extension, the owner is told, and a third move is a conversation.
 */
import { describe, expect, it } from 'vitest';
import type { Command } from '../../src/core';
import { CUSTOMER_MOVES } from '../../src/core/customer';
import { accept, commitment, DUE_AT, escalated, iso, minutes, NOW, refuse, walk } from '../support/states';

const move = (at: number): Command => ({ type: 'customerMove', dueAt: iso(at), via: 'page' });
const DUE = Date.parse(DUE_AT);

describe('the customer moving the time', () => {
  it('moves the deadline, not as an extension, says so, and tells the owner at once', () => {
    const d = accept({ ...commitment(), business: { asked: 'PT2H' } }, move(DUE + 3600_000));
    expect(d.state).toMatchObject({ dueAt: iso(DUE + 3600_000), deadlineNo: 1, facts: { extensionCount: 0, customerMoves: 1 } });
    expect(d.state.business).toBeUndefined();
    expect(d.events[0]).toMatchObject({ type: 'moved_by_customer', actor: { kind: 'customer' } });
    expect(d.events[0]?.detail).toMatch(/^Maria Lopez moved the time to .+ \(was .+\) on their page: asked by the customer, not an extension\.$/);
    expect(d.messages).toMatchObject([{ purpose: 'owner_customer_message', audience: 'owner' }]);
    expect(d.messages[0]?.ctx?.text).toMatch(/^I picked another time on my page: /);
  });

  it(`is refused after ${CUSTOMER_MOVES} moves, in the past, and once a supervisor has it`, () => {
    const twice = walk(commitment(), [move(DUE + 3600_000), NOW], [move(DUE + 7200_000), minutes(1)]);
    expect(refuse(twice, move(DUE + 3 * 3600_000), minutes(2)).reason).toBe(
      'The time has been moved 2 times already; please reply to our message and we will sort it out.',
    );
    expect(refuse(commitment(), move(NOW - 60_000)).kind).toBe('conflict');
    expect(refuse(escalated(), move(DUE + 3600_000), DUE + 60_000).kind).toBe('conflict');
  });
});
