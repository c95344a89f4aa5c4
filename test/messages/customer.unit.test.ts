import { describe, expect, it } from 'vitest';
import { render, type MessageView } from '../../src/messages/templates';
import { BRAND, commitment, withChain } from '../support/message-view';

const later = new Date('2026-11-22T19:00:00Z'); // 1:00 PM CST, same day
const opts = (ctx: Record<string, string> = {}) => ({ brand: BRAND, ctx });

describe('the "we missed it" text', () => {
  it('says by when the customer will hear from the supervisor, as a clock time in their zone', () => {
    const m = render('customer_escalated', withChain({ status: 'escalated' }), new Date('2026-11-22T21:16:00Z'), opts({ hearBy: '2026-11-22T21:46:00Z' }));
    expect(m.sms).toContain('we missed our 3:15 PM CST deadline');
    expect(m.sms).toContain("You'll hear from them by 3:46 PM CST today.");
    expect(m.text).toContain("You'll hear from them by 3:46 PM CST today.");
    expect(m.subject).toContain('3:46 PM CST today');
  });

  it('shows the hear-by time in the customer’s own zone, not the server’s', () => {
    const nyc = withChain({ customer: { name: 'Maria Lopez', phone: '+14155550123', timezone: 'America/New_York' } });
    expect(render('customer_escalated', nyc, new Date('2026-11-22T21:16:00Z'), opts({ hearBy: '2026-11-22T21:46:00Z' })).sms).toContain('by 4:46 PM EST today');
  });

  it('falls back to "directly" when no hear-by time is given, never an invented one', () => {
    expect(render('customer_escalated', withChain(), later, opts()).sms).toContain("You'll hear from them directly.");
    expect(render('customer_escalated', withChain(), later, opts({ hearBy: 'not a time' })).sms).toContain("You'll hear from them directly.");
  });
});

describe('when nobody in the chain acknowledged', () => {
  it('tells the customer honestly that no supervisor picked it up and that the team lead has been alerted', () => {
    const m = render('customer_unacknowledged', withChain({ status: 'escalated' }), later, opts({ lead: 'Lee Park' }));
    expect(m.sms).toContain('no supervisor has picked it up yet');
    expect(m.sms).toContain("I'm sorry");
    expect(m.sms).toContain('Lee Park, the team lead, has now been alerted');
    expect(m.text).toContain('Lee Park, the team lead, has now been alerted');
    expect(m.text).toContain('call you back about the duplicate charge');
  });

  it('still names the role when the team lead’s name is not known', () => {
    expect(render('customer_unacknowledged', withChain(), later, opts()).sms).toContain('Our team lead has now been alerted');
  });
});

describe('pause and resume', () => {
  it('says what we are waiting for and until when the clock is paused', () => {
    const m = render(
      'customer_paused',
      commitment({ status: 'paused' }),
      later,
      opts({ reason: 'your bank statement for October', until: '2026-11-24T15:00:00Z' }),
    );
    expect(m.sms).toContain('while we wait for: your bank statement for October.');
    expect(m.sms).toContain('by 9:00 AM CST on Tuesday, Nov 24 at the latest');
    expect(m.text).toContain('Waiting for: your bank statement for October');
    expect(m.text).toContain('Paused until: 9:00 AM CST on Tuesday, Nov 24');
  });

  it('without an end, promises the new time when what we wait for arrives', () => {
    const m = render('customer_paused', commitment({ status: 'paused' }), later, opts({ reason: 'your bank statement' }));
    expect(m.sms).toContain("When that arrives, we'll pick it up again and tell you the new time.");
    expect(m.text).not.toContain('Paused until');
  });

  it('tells the customer the clock runs again, who owns it and the new time', () => {
    const m = render('customer_resumed', commitment({ dueAt: '2026-11-23T17:00:00Z' }), later, opts());
    expect(m.sms).toContain('we are working on "call you back about the duplicate charge" again');
    expect(m.sms).toContain('Dana Reyes will get back to you by 11:00 AM CST tomorrow (Monday, Nov 23).');
    expect(m.text).toContain('New time: 11:00 AM CST tomorrow (Monday, Nov 23)');
  });
});

describe('a callback that did not get through', () => {
  it('tells the customer when we called, what happened, and by when we try again', () => {
    const m = render('customer_attempted', commitment(), later, opts({ at: '2026-11-22T21:10:00Z', outcome: 'no_answer', retryBy: '2026-11-22T22:00:00Z' }));
    expect(m.sms).toContain('Dana Reyes called at 3:10 PM CST about "call you back about the duplicate charge" and could not reach you.');
    expect(m.sms).toContain('We will try again by 4:00 PM CST today; reply with a time that suits you better.');
    expect(m.subject).toBe('We tried to reach you: call you back about the duplicate charge');
    expect(m.text).toContain('We will try again by 4:00 PM CST today.');
    expect(render('customer_attempted', commitment(), later, opts({ at: '2026-11-22T21:10:00Z', outcome: 'voicemail' })).sms).toContain(
      'and left you a voicemail. We will try again; reply with a time that suits you better.',
    );
  });

  it("offers the customer's page in the text, its link whole, to pick a time that suits them", () => {
    const pageLink = 'https://console.acme-support.example/p/cmt_0123456789abcdefghijklmn.tr8mky.rNazJJtjwmLwzA-EAjSgCQ';
    const m = render(
      'customer_attempted',
      commitment(),
      later,
      opts({ at: '2026-11-22T21:10:00Z', outcome: 'no_answer', retryBy: '2026-11-22T22:00:00Z', pageLink }),
    );
    expect(m.sms).toContain(`We will try again by 4:00 PM CST today, or pick a time that suits you: ${pageLink}`);
    expect(m.sms.endsWith(pageLink)).toBe(true);
  });

  it('asks for another number after a wrong one, by email', () => {
    const m = render('customer_attempted', commitment(), later, opts({ at: '2026-11-22T21:10:00Z', outcome: 'wrong_number' }));
    expect(m.text).toContain('could not reach you on the number we have.');
    expect(m.text).toContain('Please get in touch with a number we can call you on.');
  });
});

describe('progress and check-ins', () => {
  it('passes on the owner’s progress update with the time still promised', () => {
    const m = render('customer_progress', commitment(), later, opts({ text: 'The refund is approved; the bank posts it tonight' }));
    expect(m.sms).toContain('an update from Dana Reyes on "call you back about the duplicate charge": The refund is approved; the bank posts it tonight.');
    expect(m.sms).toContain('Still due by 3:15 PM CST today.');
    expect(m.text).toContain('The refund is approved; the bank posts it tonight');
    expect(m.text).toContain('The time we promised stands: 3:15 PM CST today.');
  });

  it('checks in at the midpoint of a long promise: still on track, and how to tell us of a change', () => {
    const m = render('customer_checkin', commitment({ dueAt: '2026-11-27T22:00:00Z' }), later, opts());
    expect(m.sms).toContain('Dana Reyes is on it and still on track for 4:00 PM CST on Friday, Nov 27.');
    expect(m.sms).toContain('Reply here if anything has changed');
    expect(m.subject).toBe('Still on track for 4:00 PM CST on Friday, Nov 27: call you back about the duplicate charge');
  });
});

describe('follow-through after fulfilment', () => {
  // pendingUntil is read through MessageView: templates need only the fields they show.
  const fulfilled = (pendingUntil?: string): MessageView => ({
    ...commitment({ status: 'fulfilled' }),
    fulfilment: { resolution: 'Refunded the $42.10 duplicate charge', pending: 'Your bank shows it in 3-5 days', ...(pendingUntil ? { pendingUntil } : {}) },
  });

  it('says when we will check back once what is pending should be through', () => {
    const m = render('fulfilment_recap', fulfilled('2026-11-27T16:00:00Z'), later, opts());
    expect(m.sms).toContain('Still pending: Your bank shows it in 3-5 days.');
    expect(m.sms).toContain("We'll check with you after 10:00 AM CST on Friday, Nov 27.");
    expect(m.text).toContain('After 10:00 AM CST on Friday, Nov 27 we will ask you whether it is really sorted.');
  });

  it('makes no check-back promise when nothing says when the pending part is through', () => {
    expect(render('fulfilment_recap', fulfilled(), later, opts()).sms).not.toContain('check with you after');
  });

  it('asks YES or NO once more when the reply was not understood, and says the message reached the owner', () => {
    const m = render('satisfaction_reask', commitment({ status: 'fulfilled' }), later, opts({ yesUrl: 'https://x/c/yes', noUrl: 'https://x/c/no' }));
    expect(m.sms).toContain('we passed your message to Dana Reyes');
    expect(m.sms).toContain('Please reply YES or NO.');
    expect(m.text).toContain('https://x/c/yes');
  });

  it('asks for a rating by text, and tells an email reader that the rating goes by text', () => {
    const m = render('rating_ask', commitment({ status: 'confirmed' }), later, opts());
    expect(m.sms).toContain('Reply 1 (poor) to 5 (great).');
    expect(m.text).toContain('reply to our text with a number from 1 (poor) to 5 (great)');
    expect(m.text).not.toContain('reply to any of our texts'); // closed: a free text would reach nobody
  });
});
