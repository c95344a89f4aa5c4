import { describe, expect, it, vi } from 'vitest';
import { commitmentBody, useHarness } from '../../support/harness';

const h = useHarness();

let n = 0;
async function create(overrides: Record<string, unknown> = {}) {
  n += 1;
  const customer = {
    name: `Text ${n} Person`,
    phone: `+1415555${String(5000 + n).padStart(4, '0')}`,
    email: `text${n}@example.com`,
    timezone: 'America/Denver',
  };
  const res = await h.api('POST', '/v1/commitments', { body: commitmentBody({ customer, dueIn: 'PT2H', ...overrides }) });
  expect(res.status).toBe(201);
  await h.twilio.waitForMessage((m) => m.to === customer.phone, 15_000);
  return { id: res.body.id as string, customer };
}

const timeline = async (id: string) => (await h.api('GET', `/v1/commitments/${id}`)).body.timeline as { type: string; detail: string }[];

/** The timeline once an entry matches. */
function entry(id: string, match: (e: { type: string; detail: string }) => boolean) {
  return vi.waitFor(
    async () => {
      const events = await timeline(id);
      const found = events.find(match);
      if (!found) throw new Error(`no matching timeline entry yet among ${events.map((e) => e.type).join(', ')}`);
      return { found, events };
    },
    { timeout: 20_000, interval: 100 },
  );
}

describe('inbound texts', () => {
  it('refuses a webhook with a forged signature with 403 and records nothing', async () => {
    const { id, customer } = await create();
    const res = await h.sms(customer.phone, 'Where is my refund?', { forge: true });
    expect(res.status).toBe(403);
    // A genuine text afterwards: by the time it is recorded and forwarded, so would the forged one be.
    expect((await h.sms(customer.phone, 'Sorry, me again')).status).toBe(200);
    const { events } = await entry(id, (e) => e.type === 'customer_message' && e.detail.includes('Sorry, me again'));
    await h.smtp.waitForMail((m) => m.to.includes('dana@support.example') && m.text.includes('Sorry, me again'), 15_000);
    expect(events.filter((e) => e.type === 'customer_message')).toHaveLength(1);
    expect(h.smtp.mails.filter((m) => m.text.includes('Where is my refund?'))).toEqual([]);
  });

  it('appends any other text as a note and forwards it to the owner', async () => {
    const { id, customer } = await create();
    const res = await h.sms(customer.phone, 'Can you call after 5pm instead?');
    expect(res.status).toBe(200);
    expect(res.reply).toContain('passed your message to Dana Reyes');
    const forward = await h.smtp.waitForMail((m) => m.to.includes('dana@support.example') && m.text.includes('Can you call after 5pm instead?'), 15_000);
    expect(forward.subject).toContain(customer.name);
    const { found } = await entry(id, (e) => e.type === 'customer_message');
    expect(found.detail).toContain('Can you call after 5pm instead?');
  });

  it('answers HELP with what the texts are and how to stop them', async () => {
    const { customer } = await create();
    const res = await h.sms(customer.phone, 'help');
    expect(res.reply).toContain('STOP');
    expect(res.reply).toContain('<Message>');
  });

  it('opts the number out on STOP: later customer messages go by email, and START brings texts back', async () => {
    const { id, customer } = await create();
    expect((await h.sms(customer.phone, 'STOP')).status).toBe(200);
    expect((await h.db.pool.query('SELECT 1 FROM sms_opt_outs WHERE phone = $1', [customer.phone])).rowCount).toBe(1);
    await entry(id, (e) => e.type === 'sms_opted_out');

    const sent = h.twilio.messages.filter((m) => m.to === customer.phone).length;
    await h.api('POST', `/v1/commitments/${id}/extend`, { body: { dueIn: 'PT3H', reason: 'the part arrives tomorrow' } });
    const mail = await h.smtp.waitForMail((m) => m.to.includes(customer.email) && m.subject.startsWith('New time'), 15_000);
    expect(mail.text).toContain('the part arrives tomorrow');
    // Recorded once the send is over, naming every channel that took it.
    const { found } = await entry(id, (e) => e.detail.startsWith('Customer told the new time and why'));
    expect(found.detail).toBe('Customer told the new time and why by email.');
    expect(h.twilio.messages.filter((m) => m.to === customer.phone)).toHaveLength(sent);

    const back = await h.sms(customer.phone, 'START');
    expect(back.reply).toContain('texts from us again');
    expect((await h.db.pool.query('SELECT 1 FROM sms_opt_outs WHERE phone = $1', [customer.phone])).rowCount).toBe(0);
    await entry(id, (e) => e.type === 'sms_opted_in');
    await h.api('POST', `/v1/commitments/${id}/extend`, { body: { dueIn: 'PT4H', reason: 'courier delay' } });
    await h.twilio.waitForMessage((m) => m.to === customer.phone && m.body.includes('courier delay'), 15_000);
  });

  it('treats a send Twilio refuses with 21610 as an opt-out: no retry, the same message by email', async () => {
    n += 1;
    const customer = { name: 'Opted Out Already', phone: `+1415555${String(5000 + n).padStart(4, '0')}`, email: 'opted@example.com', timezone: 'UTC' };
    h.twilio.failFor(customer.phone, { status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient' });
    const res = await h.api('POST', '/v1/commitments', { body: commitmentBody({ customer, dueIn: 'PT2H' }) });
    await h.smtp.waitForMail((m) => m.to.includes(customer.email), 15_000);
    await entry(res.body.id, (e) => e.type === 'customer_recap_sent');
    const { found } = await entry(res.body.id, (e) => e.type === 'notification_failed');
    expect(found.detail).toContain('opted out');
    expect((await h.db.pool.query('SELECT 1 FROM sms_opt_outs WHERE phone = $1', [customer.phone])).rowCount).toBe(1);
    expect(h.twilio.requests.filter((r) => r.form.To === customer.phone)).toHaveLength(1);
  });
});

describe('delivery reports', () => {
  it('sends a text that Twilio reports undelivered again by email, and the timeline says so in plain words', async () => {
    const { id, customer } = await create();
    const sms = h.twilio.messages.find((m) => m.to === customer.phone)!;
    const mailsBefore = h.smtp.mails.filter((m) => m.to.includes(customer.email)).length;
    expect(await h.smsStatus(sms.sid, 'undelivered', '30003')).toBe(204);
    await h.smtp.waitForMail((m) => m.to.includes(customer.email) && h.smtp.mails.filter((x) => x.to.includes(customer.email)).length > mailsBefore, 15_000);
    const { found, events } = await entry(id, (e) => e.type === 'delivery_fallback');
    expect(found.detail).toBe('Sent by email instead, because the text was undelivered (Twilio error 30003).');
    expect(events.find((e) => e.type === 'notification_failed' && e.detail.includes('30003'))).toBeTruthy();
    // Twilio may report twice; the second report changes nothing.
    expect(await h.smsStatus(sms.sid, 'undelivered', '30003')).toBe(204);
  });

  it('tells the owner when no channel reached the customer', async () => {
    n += 1;
    const customer = { name: 'Phone Only', phone: `+1415555${String(5000 + n).padStart(4, '0')}`, timezone: 'UTC' };
    const res = await h.api('POST', '/v1/commitments', { body: commitmentBody({ customer, dueIn: 'PT2H' }) });
    const sms = await h.twilio.waitForMessage((m) => m.to === customer.phone, 15_000);
    await h.smsStatus(sms.sid, 'failed', '30006');
    const told = await h.smtp.waitForMail((m) => m.to.includes('dana@support.example') && m.subject.startsWith('Could not reach Phone Only'), 15_000);
    expect(told.text).toContain(customer.phone);
    expect((await timeline(res.body.id)).some((e) => e.type === 'customer_unreachable')).toBe(true);
  });
});
