/**
 * Callback attempts through the real API, worker, Temporal, Postgres and the SMTP and Twilio
 * stand-ins: the customer is told after each attempt that did not get through, a lapse after
 * attempts tells the supervisor it was tried, a wrong number stops texts to it, and bad input or a
 * closed commitment is refused.
 */
import { describe, expect, it } from 'vitest';
import { commitmentBody, useHarness } from '../support/harness';

const h = useHarness();
const SAM_PHONE = '+14155550199';

let n = 0;
async function create(overrides: Record<string, unknown> = {}) {
  n += 1;
  const customer = { name: `Caller ${n} Quinn`, phone: `+1415555${String(4300 + n)}`, email: `caller${n}@example.com`, timezone: 'America/Chicago' };
  const res = await h.api('POST', '/v1/commitments', { body: commitmentBody({ customer, ...overrides }) });
  expect(res.status).toBe(201);
  return { id: res.body.id as string, customer };
}
const attempt = (id: string, body: Record<string, unknown>) => h.api('POST', `/v1/commitments/${id}/attempts`, { body });

describe('callback attempts', () => {
  it('tells the customer after each failed attempt, then a lapse tells the supervisor it was tried twice, not forgotten', async () => {
    const { id, customer } = await create({ dueIn: 'PT8S' });
    const first = await attempt(id, { outcome: 'no_answer' });
    expect(first.status).toBe(200);
    expect(first.body.attempts).toMatchObject([{ outcome: 'no_answer', by: 'agent-dana' }]);
    await h.twilio.waitForMessage((m) => m.to === customer.phone && m.body.includes('could not reach you'), 15_000);
    const second = await attempt(id, { outcome: 'voicemail', note: 'Left the case number' });
    expect(second.status).toBe(200);
    const told = await h.twilio.waitForMessage((m) => m.to === customer.phone && m.body.includes('left you a voicemail'), 15_000);
    expect(told.body).toMatch(/We will try again by \d+:\d+ [AP]M C[SD]T today, or pick a time that suits you: http:\/\/\S+\/p\/\S+$/);
    // The link in the text is the customer's page, whole and working.
    const link = /(http:\/\/\S+\/p\/\S+)$/.exec(told.body)?.[1] ?? '';
    expect((await fetch(link)).status).toBe(200);
    const alert = await h.twilio.waitForMessage((m) => m.to === SAM_PHONE && m.body.includes(customer.name), 30_000);
    expect(alert.body).toContain('tried twice');
    expect(alert.body).toContain(`could not reach ${customer.name}`);
    const read = await h.api('GET', `/v1/commitments/${id}`);
    expect(read.body.status).toBe('escalated');
    const details = read.body.timeline.map((e: { detail: string }) => e.detail);
    expect(details).toContainEqual(expect.stringMatching(/^The deadline passed before Dana Reyes reported it done, after Dana Reyes tried twice to reach/));
    expect(details.filter((d: string) => d.includes('tried to reach') && d.includes('attempt)'))).toHaveLength(2);
  });

  it('stops texts to a wrong number and asks the customer by email for another', async () => {
    const { id, customer } = await create({ dueIn: 'PT2H' });
    await h.twilio.waitForMessage((m) => m.to === customer.phone, 15_000); // the recap, before anyone knew
    const res = await attempt(id, { outcome: 'wrong_number' });
    expect(res.status).toBe(200);
    expect(res.body.wrongNumber).toBe(customer.phone);
    const mail = await h.smtp.waitForMail((m) => m.to.includes(customer.email) && m.subject.startsWith('We tried to reach you'), 15_000);
    expect(mail.text).toContain('Please get in touch with a number we can call you on.');
    // A later message to the customer goes by email only: the progress update proves the moment passed.
    expect((await h.api('POST', `/v1/commitments/${id}/updates`, { body: { text: 'The refund is approved.' } })).status).toBe(200);
    await h.smtp.waitForMail((m) => m.to.includes(customer.email) && m.text.includes('The refund is approved.'), 15_000);
    expect(h.twilio.messages.filter((m) => m.to === customer.phone)).toHaveLength(1);
  });

  it('refuses an outcome outside the list (400 naming it) and an attempt on a closed commitment (409)', async () => {
    const { id } = await create({ dueIn: 'PT2H' });
    const bad = await attempt(id, { outcome: 'hung_up' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/outcome']);
    expect((await h.api('POST', `/v1/commitments/${id}/cancel`, { body: { reason: 'Duplicate entry', notifyCustomer: false } })).status).toBe(200);
    const closed = await attempt(id, { outcome: 'no_answer' });
    expect(closed.status).toBe(409);
  });
});
