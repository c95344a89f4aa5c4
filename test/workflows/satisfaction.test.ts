import { describe, expect, it } from 'vitest';
import { commitmentBody, eventually, useHarness, SUPERVISOR_KEY } from '../support/harness';

const h = useHarness();

let n = 0;
async function fulfilled(overrides: Record<string, unknown> = {}) {
  n += 1;
  const customer = {
    name: `Sat ${n} Customer`,
    phone: `+1415555${String(4000 + n).padStart(4, '0')}`,
    email: `sat${n}@example.com`,
    timezone: 'Europe/Berlin',
  };
  const res = await h.api('POST', '/v1/commitments', {
    body: commitmentBody({ customer, dueIn: 'PT1H', confirmAfter: 'PT1S', confirmWithin: 'PT30S', ...overrides }),
  });
  expect(res.status).toBe(201);
  const done = await h.api('POST', `/v1/commitments/${res.body.id}/fulfil`, { body: { resolution: 'Refunded the duplicate charge' } });
  expect(done.status).toBe(200);
  return { id: res.body.id as string, customer };
}

const view = async (id: string) => (await h.api('GET', `/v1/commitments/${id}`, { key: SUPERVISOR_KEY })).body;

/** Pulls the YES and NO links out of the satisfaction email. */
async function links(email: string) {
  const mail = await h.smtp.waitForMail((m) => m.to.includes(email) && m.subject.startsWith('Is it fully sorted'), 15_000);
  const urls = mail.text.match(/http:\/\/127\.0\.0\.1:\d+\/c\/\S+/g) ?? [];
  expect(urls).toHaveLength(2);
  expect(urls[0]!.startsWith(h.baseUrl)).toBe(true);
  return { yes: urls[0]!, no: urls[1]! };
}

describe('the satisfaction check', () => {
  it('asks by text, takes YES and a rating, and closes as confirmed with the rating', async () => {
    const { id, customer } = await fulfilled();
    const ask = await h.twilio.waitForMessage((m) => m.to === customer.phone && m.body.includes('Reply YES or NO'), 15_000);
    expect(ask.body).toContain('fully resolved');
    const yes = await h.sms(customer.phone, 'Yes');
    expect(yes.status).toBe(200);
    expect(yes.reply, yes.reply).not.toContain('<Message>');
    const rate = await h.twilio.waitForMessage((m) => m.to === customer.phone && m.body.includes('Reply 1 (poor) to 5 (great)'), 15_000);
    expect(rate.body).toContain('Dana Reyes');
    const thanks = await h.sms(customer.phone, '4');
    expect(thanks.reply).toContain('Thank you for the rating');
    const closed = await eventually(async () => {
      const v = await view(id);
      return v.facts.satisfaction?.rating === 4 ? v : undefined;
    });
    expect(closed.status).toBe('confirmed');
    expect(closed.facts.satisfaction.answer).toBe('yes');
    await eventually(async () => ((await h.client.workflow.getHandle(closed.workflowId).describe()).status.name === 'COMPLETED' ? true : undefined));
  });

  it('reopens on NO by email link: the supervisor owns it with a new deadline and reads the customer’s words', async () => {
    const { id, customer } = await fulfilled({ reopenWithin: 'PT4H' });
    const { no } = await links(customer.email);
    const page = await fetch(no);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post">');
    // Opening the link records nothing: mail scanners open links.
    expect((await view(id)).status).toBe('fulfilled');

    const answer = await fetch(no, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'text=I+was+still+charged+twice+this+morning',
    });
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain('A supervisor now owns this');
    const v = await view(id);
    expect(v).toMatchObject({ status: 'open', owner: { id: 'sup-sam' }, facts: { reopenCount: 1, satisfaction: { answer: 'no' } } });
    expect((Date.parse(v.dueAt) - Date.now()) / 3600_000).toBeGreaterThan(3.9);
    const alert = await h.smtp.waitForMail((m) => m.to.includes('sam@support.example') && m.subject.startsWith('Reopened'), 15_000);
    expect(alert.text).toContain('I was still charged twice this morning');
    expect(alert.text).toContain('Dana Reyes');

    const reused = await fetch(no, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'text=again' });
    expect(reused.status).toBe(409);
    expect(await reused.text()).toContain('already have your answer');
  });

  it('refuses a forged or edited link', async () => {
    const { customer } = await fulfilled();
    const { yes } = await links(customer.email);
    const forged = await fetch(`${yes.slice(0, -2)}${yes.endsWith('xx') ? 'yy' : 'xx'}`);
    expect(forged.status).toBe(404);
    expect(await forged.text()).toContain('not valid');
  });

  it('reminds once halfway and closes as unconfirmed when nobody answers', async () => {
    const { id, customer } = await fulfilled({ confirmWithin: 'PT4S' });
    await h.twilio.waitForMessage((m) => m.to === customer.phone && m.body.includes('just checking'), 15_000);
    const closed = await eventually(async () => {
      const v = await view(id);
      return v.status === 'unconfirmed' ? v : undefined;
    }, 20_000);
    expect(closed.timeline.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['satisfaction_asked', 'satisfaction_reminder_sent', 'closed_unconfirmed']),
    );
    expect(h.twilio.messages.filter((m) => m.to === customer.phone && m.body.includes('just checking'))).toHaveLength(1);
  });
});
