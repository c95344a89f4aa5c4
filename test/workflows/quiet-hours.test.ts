import { afterAll, describe, expect, it } from 'vitest';
import { quietDelayMs } from '../../src/shared/quiet-hours';
import { commitmentBody, eventually, startHarness, type Harness } from '../support/harness';

describe('quiet hours, computed in the customer’s zone', () => {
  const night = { start: '21:00', end: '08:00' };
  it('holds a text at 23:30 local time until 08:00', () => {
    // 23:30 in Chicago (CST, UTC-6) is 05:30 UTC the next day.
    expect(quietDelayMs(new Date('2026-11-23T05:30:00Z'), 'America/Chicago', night)).toBe(8.5 * 3600_000);
  });
  it('holds a text at 06:15 local time until 08:00 the same morning', () => {
    expect(quietDelayMs(new Date('2026-11-23T05:15:00Z'), 'Europe/Paris', night)).toBe(105 * 60_000);
  });
  it('does not hold a text at 14:00 local time, or when quiet hours are off', () => {
    expect(quietDelayMs(new Date('2026-11-23T20:00:00Z'), 'America/Chicago', night)).toBe(0);
    expect(quietDelayMs(new Date('2026-11-23T05:30:00Z'), 'America/Chicago', null)).toBe(0);
  });
  it('handles a window that does not cross midnight', () => {
    expect(quietDelayMs(new Date('2026-11-23T12:30:00Z'), 'UTC', { start: '12:00', end: '13:00' })).toBe(30 * 60_000);
  });
});

describe('quiet hours in a running commitment', () => {
  let h: Harness | undefined;
  const hhmmss = (d: Date) => d.toISOString().slice(11, 19);
  afterAll(async () => {
    await h?.close();
  });

  it('sends the email at once, holds the text until the window opens, and never holds staff alerts', async () => {
    // A window that started a minute ago and ends a few seconds from now, in UTC, for customers in
    // UTC: started here rather than before all tests, so a slow start-up cannot use the window up.
    const started = Date.now();
    const windowEnd = Math.floor((started + 12_000) / 1000) * 1000;
    h = await startHarness({ env: { QUIET_HOURS: `${hhmmss(new Date(started - 60_000))}-${hhmmss(new Date(windowEnd))}` } });
    const customer = { name: 'Night Owl', phone: '+14155550191', email: 'owl@example.com', timezone: 'UTC' };
    const sent = Date.now();
    const res = await h.api('POST', '/v1/commitments', {
      body: commitmentBody({ customer, dueIn: 'PT1S' }),
    });
    expect(res.status).toBe(201);
    await h.smtp.waitForMail((m) => m.to.includes(customer.email), 10_000);
    const alert = await h.twilio.waitForMessage((m) => m.to === '+14155550199', 10_000);
    expect(alert.receivedAt! - sent).toBeLessThan(4_000);
    expect(h.twilio.messages.filter((m) => m.to === customer.phone).map((m) => m.body)).toEqual([]);

    expect(Date.now()).toBeLessThan(windowEnd);
    const text = await h.twilio.waitForMessage((m) => m.to === customer.phone, 20_000);
    expect(text.receivedAt).toBeGreaterThanOrEqual(windowEnd - 50);
    const events = await eventually(async () => {
      const t = (await h!.api('GET', `/v1/commitments/${res.body.id}`)).body.timeline as { type: string }[];
      return t.filter((e) => e.type === 'held_for_quiet_hours').length >= 1 ? t : undefined;
    });
    expect(events.map((e) => e.type)).toContain('held_for_quiet_hours');
  });
});
