import { describe, expect, it } from 'vitest';
import { render } from '../../src/messages/templates';
import { commitment, withChain } from '../support/message-view';

const later = new Date('2026-11-22T19:00:00Z'); // 1:00 PM CST, same day
const ana = { name: 'Ana Costa', email: 'ana@support.example', phone: '+14155550142' };
const LINK = 'https://console.example/commitments/cmt_test';

describe('the supervisor alert', () => {
  it('for a missed deadline says who missed what, keeps the ACK hint and says when the next level is alerted', () => {
    const m = render('supervisor_alert', withChain({ status: 'escalated' }), new Date('2026-11-22T21:16:00Z'), {
      recipient: ana,
      ctx: { ackBy: '2026-11-22T21:46:00Z' },
    });
    expect(m.sms).toContain('ESCALATED to you: Dana Reyes missed "call you back about the duplicate charge" for Maria Lopez');
    expect(m.sms).toContain('Reply ACK to take it over (due in 4h) or e.g. ACK 30m');
    expect(m.sms).toContain('Next level alerted at 3:46 PM CST if nobody acknowledges.');
    expect(m.text).toContain('If nobody acknowledges by 3:46 PM CST today');
    expect(m.text).toContain('A commitment lapsed and needs an owner');
  });

  it('for a deadline missed after attempts that did not get through says it was tried, not forgotten', () => {
    const ctx = { attempts: '2', lastAttemptAt: '2026-11-22T21:05:00Z', ackBy: '2026-11-22T21:46:00Z' };
    const m = render('supervisor_alert', withChain({ status: 'escalated' }), new Date('2026-11-22T21:16:00Z'), { recipient: ana, ctx });
    expect(m.sms).toContain('ESCALATED to you: Dana Reyes tried twice (last at 3:05 PM CST) and could not reach Maria Lopez');
    expect(m.sms).toContain('Reply ACK');
    expect(m.text).toContain('A commitment lapsed after Dana Reyes tried twice to reach the customer without getting through (last at 3:05 PM CST)');
    expect(m.text).not.toContain('A commitment lapsed and needs an owner');
  });

  it('for an escalation raised by hand gives the reason, who raised it and their note', () => {
    const ctx = { reason: 'safety', by: 'Dana Reyes', note: 'Caller said he would come to the store and hurt someone' };
    const m = render('supervisor_alert', withChain({ status: 'escalated' }), later, { recipient: ana, ctx });
    expect(m.subject).toBe('Escalated (a safety concern): Maria Lopez — "call you back about the duplicate charge"');
    expect(m.sms).toContain('ESCALATED to you (a safety concern) by Dana Reyes: "call you back about the duplicate charge"');
    expect(m.sms).toContain('Note: Caller said he would come to the store and hurt someone.');
    expect(m.sms).toContain('Reply ACK');
    expect(m.text).toContain('Dana Reyes escalated this commitment to you (ref TICKET-4411): a safety concern.');
    expect(m.text).not.toContain('lapsed');
  });

  it('words every escalation reason, and names a rule when nobody raised it by hand', () => {
    const words = {
      manager_request: 'the customer asked for a manager',
      legal: 'a legal or compliance matter',
      abuse: 'abusive language',
      repeat_contact: 'repeat contact',
      extension_limit: 'extended too often',
      other: 'other',
    };
    for (const [reason, said] of Object.entries(words))
      expect(render('supervisor_alert', withChain(), later, { recipient: ana, ctx: { reason } }).sms).toContain(`ESCALATED to you (${said}): `);
    expect(render('supervisor_alert', withChain(), later, { recipient: ana, ctx: { reason: 'extension_limit' } }).text).toContain(
      'A rule escalated this commitment to you',
    );
  });

  it('offers the one-click acknowledge link instead of the API call, and the console link in both channels', () => {
    const m = render('supervisor_alert', withChain(), later, { recipient: ana, ctx: { ackLink: `${LINK}/acknowledge`, link: LINK } });
    expect(m.text).toContain(`Acknowledge it with one click: ${LINK}/acknowledge`);
    expect(m.text).not.toContain('POST /v1/commitments');
    expect(m.text).toContain(`Open it in the console: ${LINK}`);
    expect(m.sms).toContain(LINK);
    expect(render('supervisor_alert', withChain(), later, { recipient: ana }).text).toContain('POST /v1/commitments/cmt_test/acknowledge');
  });
});

describe('alerts beyond the chain', () => {
  it('asks the owner’s team lead to act when the chain ran out, saying the customer knows', () => {
    const m = render('team_lead_alert', withChain({ status: 'escalated' }), later, {
      recipient: { name: 'Lee Park', email: 'lee@support.example' },
      ctx: { link: LINK },
    });
    expect(m.sms).toContain('UNACKNOWLEDGED: nobody in the escalation chain took "call you back about the duplicate charge" for Maria Lopez');
    expect(m.sms).toContain('The customer has been told you were alerted. Please take it over now.');
    expect(m.text).toContain('Hi Lee,');
    expect(m.text).toContain("it comes to you as Dana Reyes's team lead");
    expect(m.text).toContain('Dana Reyes promised Maria Lopez'); // the timeline, so nobody asks the customer again
  });

  it('says whom an alert could not reach and why, to the next level or the owner', () => {
    const m = render('staff_unreachable', withChain(), later, {
      recipient: { name: 'Lee Park' },
      ctx: { unreached: 'Sam Okafor', reason: 'no phone and the email bounced' },
    });
    expect(m.sms).toContain('COULD NOT REACH Sam Okafor about "call you back about the duplicate charge" for Maria Lopez: no phone and the email bounced.');
    expect(m.sms).toContain('Please step in');
    expect(m.text).toContain('No channel reached Sam Okafor');
  });

  it('flags a third commitment for the same customer within 7 days to the supervisor', () => {
    const m = render('repeat_contact_alert', withChain(), later, { recipient: { name: 'Sam Okafor' }, ctx: { count: '3' } });
    expect(m.sms).toContain('REPEAT CONTACT: Maria Lopez (+14155550123 / maria@example.com) now has 3 commitments in 7 days.');
    expect(m.subject).toBe('Repeat contact: Maria Lopez, 3 commitments in 7 days');
    expect(m.text).toContain('an earlier fix did not hold');
  });

  it('tells the owner the customer asked for a manager, with their words and what to do', () => {
    const m = render('owner_manager_request', commitment(), later, { ctx: { text: 'I want to speak to a manager now' } });
    expect(m.sms).toContain('MANAGER REQUEST: Maria Lopez (+14155550123 / maria@example.com) asked for a manager');
    expect(m.sms).toContain('"I want to speak to a manager now"');
    expect(m.sms).toContain('Call them back, or escalate it to Sam Okafor.');
    expect(m.text).toContain('recorded as a manager request');
  });
});

describe('a customer’s text after the commitment closed', () => {
  it('tells its last owner it is closed and how it ended, with the customer’s words', () => {
    const m = render('owner_customer_message', commitment({ status: 'cancelled' }), later, {
      ctx: { text: 'The bank says you still owe me $42.10', closedAs: 'cancelled' },
    });
    expect(m.subject).toBe('Maria Lopez wrote about "call you back about the duplicate charge" (closed, cancelled)');
    expect(m.sms).toContain('Maria Lopez texted about "call you back about the duplicate charge" (closed, cancelled): "The bank says you still owe me $42.10"');
    expect(m.text).toContain('"The bank says you still owe me $42.10"');
    expect(m.text).toContain('This commitment is closed (cancelled) and nothing else is open for this customer');
    expect(render('owner_customer_message', commitment(), later, { ctx: { text: 'Hi' } }).text).not.toContain('closed');
  });
});

describe('a customer’s text read as an opt-out', () => {
  it('tells the owner texts stopped on these words and that START undoes it, in the subject, the text and the email', () => {
    const m = render('owner_customer_message', commitment(), later, { ctx: { text: 'Ok Dana stop', readAsOptOut: 'yes' } });
    expect(m.subject).toBe('Maria Lopez wrote about "call you back about the duplicate charge": read as an opt-out');
    expect(m.sms).toContain('"Ok Dana stop". Read as an opt-out: we text them no more (START undoes it).');
    expect(m.text).toContain('We read this as a request to stop texts');
    expect(m.text).toContain('If they meant something else, contact them');
    expect(render('owner_customer_message', commitment(), later, { ctx: { text: 'Hi' } }).subject).not.toContain('opt-out');
  });
});

describe('the handover context', () => {
  it('carries the business constraint when the call log has one', () => {
    const log = { ...commitment().log, businessConstraint: 'Refunds over $40 need a second approver' };
    expect(render('supervisor_alert', withChain({ log }), later, { recipient: ana }).text).toContain(
      'Business constraint: Refunds over $40 need a second approver',
    );
    expect(render('supervisor_alert', withChain(), later, { recipient: ana }).text).not.toContain('Business constraint');
  });
});
