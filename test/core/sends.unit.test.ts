import { describe, expect, it } from 'vitest';
import {
  channelsFor,
  heldEntry,
  heldSpec,
  leftUnreached,
  readResults,
  releaseChannels,
  releasedEntry,
  sentEntry,
  unresolvedEntry,
  whenNobodyReached,
} from '../../src/core/sends';
import type { MessageSpec } from '../../src/core';
import type { ChannelResult } from '../../src/shared/messages';
import { commitment, DANA } from '../support/states';

const recap: MessageSpec = {
  purpose: 'customer_recap',
  audience: 'customer',
  occurrence: '',
  sent: { type: 'customer_message', detail: 'Recap sent by {via}' },
};
const alert: MessageSpec = {
  purpose: 'supervisor_alert',
  audience: 'staff',
  to: DANA,
  occurrence: 'lapse:1',
  unreached: { type: 'levelUnreached', contactId: DANA.id, level: 0, round: 0, reason: '' },
};

describe('what a send came to', () => {
  it('names the channels that took it, the email that stood in for a refused text, and a STOP Twilio knew of as a command, in order', () => {
    const results: ChannelResult[] = [
      { channel: 'sms', status: 'failed', reason: 'Twilio 21610: the number opted out', optedOut: true },
      { channel: 'email', status: 'accepted', fallback: true },
    ];
    const read = readResults(recap, results);
    expect(read.accepted).toEqual(['email']);
    expect(read.capped).toBeUndefined();
    expect(read.steps.map((s) => (s.kind === 'record' ? s.event.type : s.command.type))).toEqual(['notification_failed', 'smsConsent', 'delivery_fallback']);
    expect(read.steps[0]).toMatchObject({ event: { detail: 'SMS to the customer failed: Twilio 21610: the number opted out' } });
    expect(read.steps[2]).toMatchObject({
      event: { detail: 'Sent by email instead, because the text could not be delivered (Twilio 21610: the number opted out).' },
    });
  });

  it('says a message a bound held back was not sent, and does not count the customer unreachable', () => {
    const read = readResults(recap, [{ channel: 'sms', status: 'failed', capped: true, reason: 'Not sent: 3 texts to this number in the last hour' }]);
    expect(read).toMatchObject({ accepted: [], capped: true });
    expect(read.steps).toEqual([
      { kind: 'record', event: expect.objectContaining({ detail: 'SMS to the customer not sent: 3 texts to this number in the last hour' }) },
    ]);
    expect(leftUnreached(read, 0)).toBe(false);
  });

  it('records a repeat-contact alert folded into an earlier one, and nobody is unreached by it', () => {
    const read = readResults({ ...alert, unreached: undefined }, [
      { channel: 'sms', status: 'folded', reason: 'Not sent: the supervisor has one from 2 minutes ago.' },
    ]);
    expect(read.steps).toEqual([
      {
        kind: 'record',
        event: expect.objectContaining({ type: 'repeat_contact', detail: 'Repeat-contact alert not sent: the supervisor has one from 2 minutes ago.' }),
      },
    ]);
    expect(leftUnreached(read, 0)).toBe(false);
  });

  it('words an outbox send as such, and writes the message’s own entry with the channels that took it', () => {
    const read = readResults(recap, [
      { channel: 'sms', status: 'outbox' },
      { channel: 'email', status: 'accepted' },
    ]);
    expect(sentEntry(recap, read)?.detail).toBe('Recap sent by SMS (outbox: provider not configured) and email');
    expect(sentEntry(recap, { accepted: [], reason: 'x' })).toBeUndefined();
  });

  it('counts nobody taking it as unreached only when nothing was held for quiet hours and no bound held it back', () => {
    const none = { accepted: [], reason: 'every channel refused it' };
    expect(leftUnreached(none, 0)).toBe(true);
    expect(leftUnreached(none, 60_000)).toBe(false);
    expect(leftUnreached({ ...none, capped: true }, 0)).toBe(false);
    expect(leftUnreached({ accepted: ['email'], reason: '' }, 0)).toBe(false);
  });
});

describe('when nobody was reached', () => {
  it('moves an alert’s level on with the reason', () => {
    expect(whenNobodyReached(alert, 'no phone or email on file', 'Dana Reyes')).toEqual({
      command: { ...alert.unreached, reason: 'no phone or email on file' },
    });
  });

  it('tells the owner of an unreachable customer once per message, and says so in the timeline', () => {
    const then = whenNobodyReached(recap, 'every channel refused it', 'Dana Reyes');
    expect(then).toEqual({
      events: [
        expect.objectContaining({ type: 'customer_unreachable', detail: 'No channel reached the customer with the customer recap; Dana Reyes was told.' }),
      ],
      send: { purpose: 'owner_customer_unreachable', audience: 'owner', occurrence: 'customer_recap:', ctx: { purpose: 'customer_recap' } },
    });
  });

  it('does nothing more for a note to the owner nobody took', () => {
    expect(whenNobodyReached({ purpose: 'owner_reminder', audience: 'owner', occurrence: '' }, 'x', 'Dana Reyes')).toEqual({ events: [] });
  });
});

describe('channels and held texts', () => {
  const c = commitment();
  it('texts and emails a customer who has both, emails only once they opt out of texts', () => {
    expect(channelsFor(c, recap)).toEqual(['sms', 'email']);
    expect(channelsFor({ ...c, smsOptedOut: true }, recap)).toEqual(['email']);
    expect(releaseChannels(c)).toEqual(['sms']);
    expect(releaseChannels({ ...c, smsOptedOut: true })).toEqual(['email']);
    expect(releaseChannels({ ...c, smsOptedOut: true, customer: { ...c.customer, email: undefined } })).toEqual([]);
  });

  it('holds a text with its purpose and words, and releases it as the same message', () => {
    const spec: MessageSpec = { purpose: 'customer_extended', audience: 'customer', occurrence: '2', ctx: { reason: 'bank' } };
    const { held, event } = heldEntry(spec, '2026-12-08T14:00:00.000Z');
    expect(event.detail).toBe('Text to the customer (customer extended) waits for quiet hours to end at 2026-12-08T14:00:00.000Z.');
    expect(heldSpec(held)).toEqual(spec);
    expect(releasedEntry(held, { accepted: ['SMS'], reason: '' }).detail).toBe('Held text (customer extended) sent after quiet hours by SMS.');
  });

  it('says a send whose outcome nobody could learn was not confirmed, naming the channels', () => {
    expect(unresolvedEntry(alert, ['sms', 'email'], 'activity timed out').detail).toBe(
      'Could not confirm the supervisor alert reached the staff (SMS, email): activity timed out',
    );
  });
});
