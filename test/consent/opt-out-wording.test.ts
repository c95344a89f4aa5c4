import { describe, expect, it, vi } from 'vitest';
import { commitmentBody, useHarness } from '../support/harness';

// Opt-outs in any wording (docs/security.md), through the signed Twilio webhook against the real servers.
const h = useHarness();

let n = 0;
async function create() {
  n += 1;
  const phone = `+1415555${String(7600 + n).padStart(4, '0')}`;
  const customer = { name: `Wording ${n}`, phone, email: `wording${n}@example.com`, timezone: 'America/Denver' };
  const res = await h.api('POST', '/v1/commitments', { body: commitmentBody({ customer, dueIn: 'PT2H' }) });
  expect(res.status).toBe(201);
  await h.twilio.waitForMessage((m) => m.to === customer.phone, 15_000);
  return { id: res.body.id as string, customer };
}

type Entry = { type: string; detail: string };
/** The timeline once an entry matches. */
function entry(id: string, match: (e: Entry) => boolean) {
  return vi.waitFor(
    async () => {
      const events = (await h.api('GET', `/v1/commitments/${id}`)).body.timeline as Entry[];
      const found = events.find(match);
      if (!found) throw new Error(`no matching timeline entry yet among ${events.map((e) => e.type).join(', ')}`);
      return { found, events };
    },
    { timeout: 20_000, interval: 100 },
  );
}
const toOwner = (m: { to: string[] }) => m.to.includes('dana@support.example');
const wrote = (e: Entry) => e.type === 'customer_message' && e.detail.startsWith('Customer wrote');
const optedOut = async (phone: string) => (await h.db.pool.query('SELECT 1 FROM sms_opt_outs WHERE phone = $1', [phone])).rowCount;

/** An extension the customer hears of: by email once opted out, with no text to their number. */
async function nextMessageGoesByEmail(id: string, customer: { phone: string; email: string }) {
  const texts = h.twilio.messages.filter((m) => m.to === customer.phone).length;
  const extended = await h.api('POST', `/v1/commitments/${id}/extend`, { body: { dueIn: 'PT3H', reason: 'the part arrives tomorrow' } });
  expect(extended.status).toBe(200);
  await h.smtp.waitForMail((m) => m.to.includes(customer.email) && m.subject.startsWith('New time'), 15_000);
  const { found } = await entry(id, (e) => e.detail.startsWith('Customer told the new time and why'));
  expect(found.detail).toBe('Customer told the new time and why by email.');
  expect(h.twilio.messages.filter((m) => m.to === customer.phone)).toHaveLength(texts);
}

describe('opt-outs in any wording', () => {
  it.each(['Stop.', 'ＳＴＯＰ', 'stop texting me'])('opts the number out on "%s", confirms it, and texts it no more', async (wording) => {
    const { id, customer } = await create();
    const res = await h.sms(customer.phone, wording);
    expect(res.status).toBe(200);
    expect(res.reply).toContain("you won't get more texts from us. Reply START to get them again.");
    expect(res.reply).not.toContain('passed your message');
    expect(await optedOut(customer.phone)).toBe(1);
    await entry(id, (e) => e.type === 'sms_opted_out');
    await nextMessageGoesByEmail(id, customer);
    // A sure opt-out is the customer's whole message: nothing was forwarded to the owner.
    expect((await entry(id, (e) => e.type === 'sms_opted_out')).events.filter(wrote)).toEqual([]);
  });

  it('leaves the confirmation of an exact STOP to Twilio', async () => {
    const { customer } = await create();
    const res = await h.sms(customer.phone, 'STOP');
    expect(res.status).toBe(200);
    expect(res.reply).not.toContain('<Message>');
    expect(await optedOut(customer.phone)).toBe(1);
  });

  it('opts out on an unsure wording too, and passes the words to the owner saying they were read as an opt-out', async () => {
    const { id, customer } = await create();
    const res = await h.sms(customer.phone, 'stop texting me, I already paid');
    expect(res.reply).toContain("you won't get more texts from us");
    expect(res.reply).toContain('Dana Reyes has your message.');
    expect(await optedOut(customer.phone)).toBe(1);
    const forward = await h.smtp.waitForMail((m) => toOwner(m) && m.text.includes('stop texting me, I already paid'), 15_000);
    expect(forward.subject).toContain('read as an opt-out');
    expect(forward.text).toContain('replying START brings texts back');
    const { events } = await entry(id, (e) => e.type === 'note' && e.detail.startsWith('Read as a request to stop texts'));
    const optOut = events.findIndex((e) => e.type === 'sms_opted_out');
    expect(optOut).toBeGreaterThanOrEqual(0);
    expect(events.findIndex(wrote)).toBeGreaterThan(optOut);
    expect(events.find(wrote)!.detail).toBe('Customer wrote: "stop texting me, I already paid"');
    await nextMessageGoesByEmail(id, customer);
  });

  it('passes an unsure opt-out to the last owner when nothing is open any more', async () => {
    const { id, customer } = await create();
    const cancelled = await h.api('POST', `/v1/commitments/${id}/cancel`, { body: { reason: 'sorted', notifyCustomer: false } });
    expect(cancelled.status).toBe(200);
    // Once its workflow has completed, a text goes through the after-close path (closed-reply.ts).
    const handle = h.client.workflow.getHandle(cancelled.body.workflowId);
    await expect.poll(async () => (await handle.describe()).status.name, { timeout: 20_000 }).toBe('COMPLETED');
    const res = await h.sms(customer.phone, 'Ok Dana stop');
    expect(res.reply).toContain('Reply START to get them again. Dana Reyes has your message.');
    expect(await optedOut(customer.phone)).toBe(1);
    const forward = await h.smtp.waitForMail((m) => toOwner(m) && m.text.includes('Ok Dana stop'), 15_000);
    expect(forward.subject).toContain('(closed, cancelled): read as an opt-out');
  });

  it('does not opt out on "don\'t stop the refund": it reaches the owner as any note does', async () => {
    const { id, customer } = await create();
    const res = await h.sms(customer.phone, "don't stop the refund");
    expect(res.reply).toContain("Thanks, we've passed your message to Dana Reyes.");
    const forward = await h.smtp.waitForMail((m) => toOwner(m) && m.text.includes("don't stop the refund"), 15_000);
    expect(forward.subject).not.toContain('opt-out');
    const { events } = await entry(id, wrote);
    expect(events.some((e) => e.type === 'sms_opted_out')).toBe(false);
    expect(await optedOut(customer.phone)).toBe(0);
    // Texts still go out: the next message reaches the number.
    expect((await h.api('POST', `/v1/commitments/${id}/extend`, { body: { dueIn: 'PT3H', reason: 'courier delay' } })).status).toBe(200);
    await h.twilio.waitForMessage((m) => m.to === customer.phone && m.body.includes('courier delay'), 15_000);
  });
});
