import { describe, expect, it } from 'vitest';
import { promisedAction, readBack, spokenZone } from '../../src/messages/read-back';

// Sunday, Nov 22 2026, 12:00 in Chicago (CST, UTC-6).
const now = new Date('2026-11-22T18:00:00Z');
const base = { ownerName: 'Dana Reyes', summary: 'Call you back about the duplicate charge', customerTimezone: 'America/Chicago', now };

describe('the read-back script', () => {
  it('names the owner, the promise, a clock time in the customer’s zone as people say it, and the fallback', () => {
    expect(readBack({ ...base, dueAt: '2026-11-22T21:15:00Z' })).toBe(
      'Dana will call you back about the duplicate charge by 3:15 PM Central today. If that slips, a supervisor takes over and you will hear from us.',
    );
  });

  it('spells out tomorrow and later days, as the customer’s calendar has them', () => {
    expect(readBack({ ...base, dueAt: '2026-11-23T15:00:00Z' })).toContain('by 9:00 AM Central tomorrow (Monday, Nov 23).');
    expect(readBack({ ...base, dueAt: '2026-11-27T22:00:00Z' })).toContain('by 4:00 PM Central on Friday, Nov 27.');
  });

  it('uses the customer’s zone, not the agent’s: midnight has passed in Kolkata, so it is tomorrow there', () => {
    expect(readBack({ ...base, customerTimezone: 'Asia/Kolkata', dueAt: '2026-11-22T19:00:00Z' })).toContain(
      'by 12:30 AM India Standard Time tomorrow (Monday, Nov 23).',
    );
  });

  it('names a zone by its one-word name where people have one, else by its whole generic name', () => {
    expect(spokenZone(now, 'America/New_York')).toBe('Eastern');
    expect(spokenZone(now, 'America/Los_Angeles')).toBe('Pacific');
    expect(spokenZone(now, 'Europe/Paris')).toBe('Central European Time');
  });

  it('turns the summary into what the owner will do, whatever way the agent wrote it', () => {
    expect(promisedAction('Call you back about the duplicate charge.')).toBe('call you back about the duplicate charge');
    expect(promisedAction("We'll refund the duplicate charge")).toBe('refund the duplicate charge');
    expect(promisedAction('I will email the new invoice!')).toBe('email the new invoice');
    expect(promisedAction('SMS you the tracking number')).toBe('SMS you the tracking number');
  });
});
