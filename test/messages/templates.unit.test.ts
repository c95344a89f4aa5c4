import { describe, expect, it } from 'vitest';
import { smsEncoding } from '../../src/messages/sms';
import { helpReply, optedOutReply, render } from '../../src/messages/templates';
import { whenText } from '../../src/messages/time';
import { commitment, NOW, withChain } from '../support/message-view';

describe('clock times for customers', () => {
  it('says "today" with the zone abbreviation for a time later the same local day', () => {
    expect(whenText(new Date('2026-11-22T21:15:00Z'), 'America/Chicago', NOW)).toBe('3:15 PM CST today');
  });

  it('names tomorrow with its weekday and date', () => {
    expect(whenText(new Date('2026-11-23T15:00:00Z'), 'America/Chicago', NOW)).toBe('9:00 AM CST tomorrow (Monday, Nov 23)');
  });

  it('uses the customer’s calendar day, not the server’s: 02:00 UTC Monday is still Sunday evening in Chicago', () => {
    expect(whenText(new Date('2026-11-23T02:00:00Z'), 'America/Chicago', NOW)).toBe('8:00 PM CST today');
  });

  it('gives weekday and date for later days, and the year only when it differs', () => {
    expect(whenText(new Date('2026-11-27T22:00:00Z'), 'America/New_York', NOW)).toBe('5:00 PM EST on Friday, Nov 27');
    expect(whenText(new Date('2027-01-05T09:00:00Z'), 'Europe/London', NOW)).toBe('9:00 AM GMT on Tuesday, Jan 5, 2027');
  });
});

describe('message templates', () => {
  it('recaps the promise to the customer with owner, promise and local deadline', () => {
    const m = render('customer_recap', commitment(), NOW);
    expect(m.sms).toContain('Hi Maria');
    expect(m.sms).toContain('Dana Reyes');
    expect(m.sms).toContain('duplicate charge');
    expect(m.sms).toContain('3:15 PM CST today');
    expect(m.sms.length).toBeLessThanOrEqual(320); // two SMS segments at most
    expect(m.subject).toBe('Dana Reyes will get back to you by 3:15 PM CST today');
    expect(m.text).toContain('TICKET-4411');
    expect(m.text).toContain('a supervisor takes it over');
  });

  it('confirms to the owner whom they promised, what and by when', () => {
    const m = render('owner_confirmation', commitment(), NOW);
    expect(m.text).toContain('Maria Lopez');
    expect(m.text).toContain('+14155550123');
    expect(m.text).toContain('3:15 PM CST today');
    expect(m.text).toContain('Sam Okafor');
  });

  it('recaps a fulfilment with what was done, what is pending and when we will be in touch next', () => {
    const m = render(
      'fulfilment_recap',
      commitment({
        status: 'fulfilled',
        fulfilment: {
          resolution: 'Refunded the $42.10 duplicate charge',
          pending: 'Your bank shows it in 3-5 days',
          nextContactAt: '2026-11-24T16:00:00Z',
          fulfilledAt: '2026-11-22T20:00:00Z',
          onTime: true,
        },
      }),
      new Date('2026-11-22T20:00:00Z'),
    );
    expect(m.text).toContain('Refunded the $42.10 duplicate charge');
    expect(m.text).toContain('Your bank shows it in 3-5 days');
    expect(m.text).toContain('10:00 AM CST on Tuesday, Nov 24');
    expect(m.sms).toContain('10:00 AM CST on Tuesday, Nov 24');
  });

  it('gives the supervisor the whole context so nobody asks the customer to repeat', () => {
    const m = render('supervisor_alert', commitment({ status: 'escalated' }), new Date('2026-11-22T21:16:00Z'));
    for (const fact of [
      'Maria Lopez',
      '+14155550123',
      'maria@example.com',
      'America/Chicago',
      'duplicate charge',
      'Dana Reyes',
      '3:15 PM CST today',
      'billing error',
      'frustrated',
      'refund',
      'bad automation',
      'Dedupe card retries',
      'TICKET-4411',
      'Dana Reyes promised Maria Lopez',
    ]) {
      expect(m.text).toContain(fact);
    }
    expect(m.sms).toContain('Maria Lopez');
  });

  it('tells the customer plainly that we missed it and who owns it now', () => {
    const m = render('customer_escalated', commitment({ status: 'escalated' }), new Date('2026-11-22T21:16:00Z'));
    expect(m.sms).toContain('Sam Okafor');
    expect(m.sms).toContain('3:15 PM CST');
    expect(m.sms).toContain("I'm sorry");
    expect(m.text).toContain('will not need to explain anything again');
  });
});

describe('lifecycle messages', () => {
  const later = new Date('2026-11-22T19:00:00Z'); // 1:00 PM CST, same day

  it('tells the customer a new time and why when the deadline is extended', () => {
    const m = render('customer_extended', commitment({ dueAt: '2026-11-23T16:00:00Z' }), later, { ctx: { reason: 'the bank needs one more day to confirm' } });
    expect(m.sms).toContain('10:00 AM CST tomorrow (Monday, Nov 23)');
    expect(m.sms).toContain('the bank needs one more day to confirm');
    expect(m.subject).toContain('10:00 AM CST tomorrow');
    expect(m.text).toContain('a supervisor takes it over');
  });

  it('tells the customer who owns it after a handoff, and that the time stands', () => {
    const m = render('customer_reassigned', commitment({ owner: { id: 'kim', name: 'Kim Nguyen' } }), later, { ctx: { previousOwner: 'Dana Reyes' } });
    expect(m.sms).toContain('Kim Nguyen has taken over');
    expect(m.sms).toContain('from Dana Reyes');
    expect(m.sms).toContain('3:15 PM CST today');
  });

  it('explains a cancellation with its reason and a way back that someone answers: a call, not an email reply', () => {
    const m = render('customer_cancelled', commitment(), later, { ctx: { reason: 'you resolved it with your bank' } });
    expect(m.sms).toContain('no longer going ahead: you resolved it with your bank');
    expect(m.sms).toContain('please call us');
    expect(m.text).toContain('call us as you did before and quote ref TICKET-4411');
    expect(m.text).not.toContain('reply to this message');
  });

  it('names the new owner and the new time after an acknowledgement or a reopen', () => {
    const m = render('customer_new_owner', commitment({ owner: { id: 'sam', name: 'Sam Okafor' }, dueAt: '2026-11-22T23:00:00Z' }), later);
    expect(m.sms).toContain('Sam Okafor now personally owns');
    expect(m.sms).toContain('5:00 PM CST today');
  });

  it('asks whether it is resolved: YES or NO by text, two links by email', () => {
    const ask = render('satisfaction_ask', commitment(), later, { ctx: { yesUrl: 'https://x/c/yes', noUrl: 'https://x/c/no' } });
    expect(ask.sms).toContain('Reply YES or NO');
    expect(ask.text).toContain('https://x/c/yes');
    expect(ask.text).toContain('https://x/c/no');
    const reminder = render('satisfaction_reminder', commitment(), later, { ctx: { yesUrl: 'https://x/c/yes', noUrl: 'https://x/c/no' } });
    expect(reminder.sms).toContain('just checking');
    const rating = render('rating_ask', commitment(), later);
    expect(rating.sms).toContain('Reply 1 (poor) to 5 (great)');
    expect(rating.sms).toContain('Dana Reyes');
  });

  it('reminds the owner with the customer, the deadline and what to do', () => {
    const m = render('owner_reminder', commitment(), later);
    expect(m.subject).toContain('3:15 PM CST today');
    expect(m.sms).toContain('+14155550123');
    expect(m.text).toContain('extend it with a reason');
  });

  it('hands over with the note, the call log and the whole timeline', () => {
    const m = render('handoff', commitment({ owner: { id: 'kim', name: 'Kim Nguyen' } }), later, {
      recipient: { name: 'Kim Nguyen' },
      ctx: { note: 'Refund approved, needs the final call', previousOwner: 'Dana Reyes' },
    });
    for (const fact of [
      'Hi Kim',
      'Dana Reyes handed',
      'Refund approved, needs the final call',
      'billing error',
      'Dana Reyes promised Maria Lopez',
      '+14155550123',
    ])
      expect(m.text).toContain(fact);
  });

  it('alerts a chain contact by name with how to acknowledge by text', () => {
    const m = render('supervisor_alert', withChain({ status: 'escalated' }), later, { recipient: { name: 'Ana Costa' } });
    expect(m.text).toContain('Hi Ana');
    expect(m.sms).toContain('Reply ACK to take it over (due in 4h)');
    expect(render('customer_escalated', withChain(), later).sms).toContain('Sam Okafor, a supervisor');
  });

  it('gives the supervisor the customer’s own words when a fix failed', () => {
    const m = render('reopen_alert', commitment({ owner: { id: 'sam', name: 'Sam Okafor' } }), later, {
      recipient: { name: 'Sam Okafor' },
      ctx: { words: 'still charged twice', previousOwner: 'Dana Reyes' },
    });
    expect(m.sms).toContain('"still charged twice"');
    expect(m.text).toContain('Dana Reyes marked this done');
  });

  it('forwards a customer’s text to the owner, and says when nobody could reach them', () => {
    const fwd = render('owner_customer_message', commitment(), later, { ctx: { text: 'Can you call after 5pm?' } });
    expect(fwd.sms).toContain('Maria Lopez texted');
    expect(fwd.sms).toContain('Can you call after 5pm?');
    const lost = render('owner_customer_unreachable', commitment(), later, { ctx: { purpose: 'customer_recap' } });
    expect(lost.sms).toContain('customer recap');
    expect(lost.sms).toContain('Please call them: +14155550123');
  });
});

describe('texting rules a compliance officer checks', () => {
  it('names the business at the start of every customer text, and "Followthrough" when no brand is set', () => {
    expect(render('customer_recap', commitment(), NOW, { brand: 'Acme Support' }).sms).toMatch(/^Acme Support: Hi Maria, /);
    expect(render('customer_recap', commitment(), NOW).sms).toMatch(/^Followthrough: Hi Maria, /);
    expect(render('customer_recap', commitment(), NOW, { brand: '  ' }).sms).toMatch(/^Followthrough: /);
  });

  it('signs customer emails with the business name', () => {
    expect(render('customer_recap', commitment(), NOW, { brand: 'Acme Support' }).text.split('\n').at(-1)).toBe('Acme Support');
  });

  it('tells how to opt out in the first text we ever send to a number, and only then', () => {
    const first = render('customer_recap', commitment(), NOW, { brand: 'Acme Support', ctx: { firstText: 'yes' } });
    expect(first.sms.endsWith(' Reply STOP to opt out.')).toBe(true);
    expect(first.text).not.toContain('STOP');
    expect(render('customer_recap', commitment(), NOW, { brand: 'Acme Support' }).sms).not.toContain('STOP');
  });

  it('answers HELP with the business name and a contact, falling back to a call', () => {
    expect(helpReply('Acme Support', '+1 800 555 0100')).toMatch(/^Acme Support: .*STOP.*For help, contact \+1 800 555 0100\.$/);
    expect(helpReply('Acme Support')).toContain('For help, call us as you did before.');
    expect(helpReply()).toMatch(/^Followthrough: /);
    expect(smsEncoding(helpReply('Acme Customer Support Services', 'https://help.acme-support.example/contact'))).toMatchObject({
      encoding: 'GSM-7',
      segments: 2,
    });
  });

  it('confirms an opt-out in other words with the business name and how to opt back in, in one GSM-7 text', () => {
    expect(optedOutReply('Acme Support')).toBe("Acme Support: you won't get more texts from us. Reply START to get them again.");
    expect(optedOutReply(' ', 'Dana Reyes')).toBe(
      "Followthrough: you won't get more texts from us. Reply START to get them again. Dana Reyes has your message.",
    );
    const longest = optedOutReply('Acme Customer Support Services', 'José Núñez-Ørsted');
    expect(smsEncoding(longest)).toMatchObject({ encoding: 'GSM-7', segments: 1 });
  });

  it('asks the customer to reply by text or call while the request is open, never to answer the email', () => {
    const m = render('customer_recap', commitment(), NOW);
    expect(m.sms).toContain('Reply here with questions.');
    expect(m.text).toContain('reply to any of our texts (we read every reply) or call us as you did before');
    expect(m.text).toContain('Replies to this email are not read.');
    const emailOnly = render('customer_recap', commitment({ customer: { name: 'Maria Lopez', email: 'maria@example.com', timezone: 'America/Chicago' } }), NOW);
    expect(emailOnly.text).not.toContain('reply to any of our texts');
    expect(emailOnly.text).toContain('call us as you did before');
  });

  it('puts the console link in a staff member’s SMS and email', () => {
    const m = render('owner_confirmation', commitment(), NOW, { ctx: { link: 'https://console.example/c/cmt_test' } });
    expect(m.sms.endsWith(' https://console.example/c/cmt_test')).toBe(true);
    expect(m.text).toContain('Open it in the console: https://console.example/c/cmt_test');
  });
});
