import { describe, expect, it } from 'vitest';
import type { CustomerReply } from '../../src/shared/contract';
import { CUSTOMER, SYSTEM, type Command } from '../../src/core';
import { accept, AS, commitment, confirmed, fulfilled, iso, minutes, NEXT_SEQ, NOW, plain, refuse, SAM, walk } from '../support/states';

const reply = (r: Omit<CustomerReply, 'via'> & { via?: CustomerReply['via'] }): Command => ({ type: 'customerReply', via: 'sms', ...r });
/** Fulfilled, the question not asked yet. */
const done = () => walk(commitment(), [{ type: 'fulfil', actor: AS.agent, resolution: 'Refunded' }, NOW]);
const LATER = minutes(90);

describe('asking whether it is resolved', () => {
  it('asks the customer and waits for a yes or no', () => {
    const d = accept(done(), { type: 'askSatisfaction' }, minutes(60));
    expect(d.state).toMatchObject({ status: 'fulfilled', awaiting: 'confirmation', facts: { satisfaction: { askedAt: iso(minutes(60)) } } });
    expect(d.messages).toMatchObject([{ purpose: 'satisfaction_ask', audience: 'customer', occurrence: '0', sent: { type: 'satisfaction_asked' } }]);
  });

  it('reminds once halfway, then closes as unconfirmed', () => {
    const reminded = accept(fulfilled(), { type: 'remindSatisfaction' }, minutes(60 + 24 * 60));
    expect(reminded.state.facts.satisfaction?.remindedAt).toBe(iso(minutes(60 + 24 * 60)));
    expect(reminded.messages).toMatchObject([{ purpose: 'satisfaction_reminder', audience: 'customer', occurrence: '0' }]);
    const closed = accept(reminded.state, { type: 'closeUnconfirmed' }, minutes(60 + 48 * 60));
    expect(closed.state).toMatchObject({ status: 'unconfirmed', facts: { closedAt: iso(minutes(60 + 48 * 60)) } });
    expect(closed.state.awaiting).toBeUndefined();
    expect(closed.events).toEqual([{ type: 'closed_unconfirmed', detail: 'No answer from the customer; closed as unconfirmed.', actor: SYSTEM }]);
  });

  it.each([{ type: 'remindSatisfaction' }, { type: 'closeUnconfirmed' }] as Command[])('refuses $type when nothing was asked', (command) => {
    expect(refuse(done(), command)).toEqual({ kind: 'conflict', reason: 'The customer is not being asked anything.' });
  });
});

describe('the customer’s YES', () => {
  it('confirms it by text and asks for a rating by text', () => {
    const d = accept(fulfilled(), reply({ answer: 'yes' }), LATER);
    expect(d.state).toMatchObject({
      status: 'confirmed',
      awaiting: 'rating',
      facts: { closedAt: iso(LATER), satisfaction: { answer: 'yes', answeredAt: iso(LATER) } },
    });
    expect(d.events).toEqual([{ type: 'confirmed', detail: 'Customer confirmed it is resolved (by text).', actor: CUSTOMER }]);
    expect(d.messages).toMatchObject([{ purpose: 'rating_ask', audience: 'customer', occurrence: '0' }]);
  });

  it('asks for no rating by text when the answer came by the link, whose page asks for it', () => {
    const d = accept(fulfilled(), reply({ answer: 'yes', via: 'link' }), LATER);
    expect(d.state.awaiting).toBe('rating');
    expect(d.events[0]?.detail).toBe('Customer confirmed it is resolved (by the email link).');
    expect(d.messages).toEqual([]);
  });

  it('takes a rating and a comment with the YES, and asks nothing more', () => {
    const d = accept(fulfilled(), reply({ answer: 'yes', rating: 5, text: ' Thanks Dana ' }), LATER);
    expect(d.state.awaiting).toBeUndefined();
    expect(d.state.facts.satisfaction).toMatchObject({ answer: 'yes', rating: 5, comment: 'Thanks Dana' });
    expect(d.events).toEqual([
      { type: 'confirmed', detail: 'Customer confirmed it is resolved (by text): "Thanks Dana"', actor: CUSTOMER },
      { type: 'rated', detail: 'Customer rated it 5 out of 5.', actor: CUSTOMER },
    ]);
    expect(d.messages).toEqual([]);
  });

  it.each([0, 6, 2.5, Number.NaN])('refuses a rating of %s as invalid', (rating) => {
    expect(refuse(fulfilled(), reply({ answer: 'yes', rating }))).toEqual({ kind: 'invalid', reason: 'A rating is a whole number from 1 to 5.' });
    expect(refuse(confirmed(), reply({ answer: 'rating', rating }))).toEqual({ kind: 'invalid', reason: 'A rating is a whole number from 1 to 5.' });
  });

  it('takes the rating it asked for, and stays confirmed', () => {
    const d = accept(confirmed(), reply({ answer: 'rating', rating: 4 }), minutes(95));
    expect(d.state).toMatchObject({ status: 'confirmed', facts: { satisfaction: { rating: 4, answer: 'yes' } } });
    expect(d.state.awaiting).toBeUndefined();
    expect(d.events).toEqual([{ type: 'rated', detail: 'Customer rated it 4 out of 5.', actor: CUSTOMER }]);
  });

  it('closes the rating window without a rating', () => {
    const d = accept(confirmed(), { type: 'ratingWindowEnded' }, minutes(90 + 48 * 60));
    expect(d.state.awaiting).toBeUndefined();
    expect(d.events).toEqual([{ type: 'note', detail: 'No rating given; closed as confirmed.', actor: SYSTEM }]);
    expect(refuse(d.state, { type: 'ratingWindowEnded' }).reason).toBe('No rating is being asked for on this commitment.');
  });
});

describe('replies that do not fit the question', () => {
  it.each([
    ['a yes or no before the question', done, reply({ answer: 'yes' }), 'This commitment is not waiting for a yes or no.'],
    ['a second YES while the rating is asked for', confirmed, reply({ answer: 'no' }), 'This commitment is not waiting for a yes or no.'],
    ['a rating while the yes or no is asked', fulfilled, reply({ answer: 'rating', rating: 4 }), 'No rating is being asked for on this commitment.'],
  ])('refuses %s', (_, state, command, reason) => {
    expect(refuse(state(), command)).toEqual({ kind: 'conflict', reason });
  });

  it('forwards an unclear reply to the owner and asks once more, once only', () => {
    const first = accept(fulfilled(), reply({ answer: 'unclear', text: 'what refund?' }), LATER);
    expect(first.state).toMatchObject({ status: 'fulfilled', awaiting: 'confirmation', facts: { satisfaction: { reaskedAt: iso(LATER) } } });
    expect(first.events).toEqual([{ type: 'customer_message', detail: 'Customer wrote: "what refund?"', actor: CUSTOMER }]);
    expect(first.messages).toMatchObject([
      { purpose: 'owner_customer_message', audience: 'owner', occurrence: `${NEXT_SEQ}`, ctx: { text: 'what refund?' } },
      { purpose: 'satisfaction_reask', audience: 'customer', occurrence: '0' },
    ]);
    const second = accept(first.state, reply({ answer: 'unclear', text: 'hello??' }), LATER + 60_000);
    expect(second.state.facts.satisfaction?.reaskedAt).toBe(iso(LATER));
    expect(second.messages.map((m) => m.purpose)).toEqual(['owner_customer_message']);
  });
});

describe('the customer’s NO', () => {
  it('reopens it for the supervisor with the customer’s words and a fresh deadline', () => {
    const d = accept(fulfilled(), reply({ answer: 'no', text: 'Still charged twice' }), LATER);
    expect(d.state).toMatchObject({
      status: 'open',
      owner: SAM,
      dueAt: iso(LATER + 4 * 3600_000),
      deadlineNo: 1,
      facts: { reopenCount: 1, satisfaction: { answer: 'no' } },
    });
    expect(d.state.fulfilment).toBeUndefined();
    expect(d.state.awaiting).toBeUndefined();
    expect(d.events.map((e) => [e.type, e.actor])).toEqual([
      ['not_resolved', CUSTOMER],
      ['reopened', SYSTEM],
    ]);
    expect(d.events[0]?.detail).toBe('Customer says it is not resolved: "Still charged twice"');
    expect(plain(d.events[1]?.detail)).toBe('Reopened: Sam Okafor owns it now (after Dana Reyes), due Sun, 2:30 PM CST.');
    expect(d.messages).toMatchObject([
      { purpose: 'reopen_alert', audience: 'staff', to: SAM, occurrence: '1', ctx: { words: 'Still charged twice', previousOwner: 'Dana Reyes' } },
      { purpose: 'customer_new_owner', audience: 'customer', occurrence: '1' },
    ]);
  });

  // Policies pinned before the API bounded them: P99999999W, and a 400-digit duration that became null.
  it.each([1e300, null, -5])('still reopens a commitment whose pinned reopen window is %s, due after the default 4 hours', (reopenWithinMs) => {
    const s = fulfilled(commitment({ policy: { ...commitment().policy, reopenWithinMs: reopenWithinMs as number } }));
    const d = accept(s, reply({ answer: 'no' }), LATER);
    expect(d.state).toMatchObject({ status: 'open', owner: SAM, dueAt: iso(LATER + 4 * 3600_000) });
  });
});

describe('texts the customer sends', () => {
  it('appends free text to the timeline and forwards it to the owner', () => {
    const d = accept(commitment(), { type: 'customerMessage', text: 'Call after 5pm please' });
    expect(d.state).toEqual(commitment());
    expect(d.events).toEqual([{ type: 'customer_message', detail: 'Customer wrote: "Call after 5pm please"', actor: CUSTOMER }]);
    expect(d.messages).toMatchObject([
      { purpose: 'owner_customer_message', audience: 'owner', occurrence: `${NEXT_SEQ}`, ctx: { text: 'Call after 5pm please' } },
    ]);
  });

  it('notes that an unsure opt-out stopped texts, and forwards the words to the owner marked as read as one', () => {
    const d = accept(commitment(), { type: 'customerMessage', text: 'Ok Dana stop', readAsOptOut: true });
    expect(d.events).toEqual([
      { type: 'customer_message', detail: 'Customer wrote: "Ok Dana stop"', actor: CUSTOMER },
      { type: 'note', detail: 'Read as a request to stop texts: the customer gets no more texts until they reply START.', actor: SYSTEM },
    ]);
    const ctx = { text: 'Ok Dana stop', readAsOptOut: 'yes' };
    expect(d.messages).toMatchObject([{ purpose: 'owner_customer_message', audience: 'owner', ctx }]);
  });

  it('tells the owner when the customer asks for a manager by text, and records the first time', () => {
    const asked = walk(commitment(), [{ type: 'customerMessage', text: 'Let me speak to a manager', managerRequest: true }, NOW]);
    const d = accept(asked, { type: 'customerMessage', text: 'MANAGER NOW', managerRequest: true }, minutes(5));
    expect(d.state).toMatchObject({ status: 'open', facts: { managerRequestedAt: iso(NOW) } });
    expect(d.events).toEqual([
      { type: 'customer_message', detail: 'Customer wrote: "MANAGER NOW"', actor: CUSTOMER },
      { type: 'manager_requested', detail: 'The customer asked for a manager; Dana Reyes was told.', actor: CUSTOMER },
    ]);
    expect(d.messages).toMatchObject([{ purpose: 'owner_manager_request', audience: 'owner', occurrence: `${NEXT_SEQ}`, ctx: { text: 'MANAGER NOW' } }]);
  });

  it('records STOP and START once each, and a repeat changes nothing', () => {
    const out = accept(commitment(), { type: 'smsConsent', optedOut: true });
    expect(out.state.smsOptedOut).toBe(true);
    expect(out.events).toEqual([{ type: 'sms_opted_out', detail: 'Customer replied STOP: texts go by email from now on.', actor: CUSTOMER }]);
    expect(accept(out.state, { type: 'smsConsent', optedOut: true })).toMatchObject({ state: out.state, events: [], messages: [] });
    const back = accept(out.state, { type: 'smsConsent', optedOut: false });
    expect(back.state.smsOptedOut).toBe(false);
    expect(back.events).toEqual([{ type: 'sms_opted_in', detail: 'Customer opted back in to texts.', actor: CUSTOMER }]);
    expect(accept(commitment(), { type: 'smsConsent', optedOut: false }).events).toEqual([]);
  });
});
