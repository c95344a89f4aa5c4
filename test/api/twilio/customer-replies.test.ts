/**
 * Customers' texts, signed as Twilio signs them, against the real API, worker, Temporal, Twilio
 * and SMTP servers: polite words are not a NO, an unclear answer is forwarded and asked once
 * more, a YES keeps its rating and comment, a request for a manager is recorded as one, and a text
 * after every commitment closed still reaches the last owner, once.
 */
import { describe, expect, it } from 'vitest';
import { closedReplyWorkflowId } from '../../../src/shared/contract/closed-reply';
import { addTestStaff, ADMIN_KEY, commitmentBody, SUPERVISOR_KEY, useHarness } from '../../support/harness';
import { commitmentViews, events, WAIT, type TimelineEntry } from '../../support/commitment-view';
import { sendsOf } from '../../support/history';

const h = useHarness();
const FROM = new Date(Date.now() - 3600_000).toISOString();

type Event = TimelineEntry;
let n = 0;
async function create(overrides: Record<string, unknown> = {}) {
  n += 1;
  const customer = (overrides.customer as { name: string; phone: string; email?: string } | undefined) ?? {
    name: `Reply ${n} Customer`,
    phone: `+1415555${String(7500 + n).padStart(4, '0')}`,
    email: `reply${n}@example.com`,
    timezone: 'Europe/Madrid',
  };
  const res = await h.api('POST', '/v1/commitments', { body: commitmentBody({ dueIn: 'PT2H', ...overrides, customer }) });
  expect(res.status).toBe(201);
  return { id: res.body.id as string, workflowId: res.body.workflowId as string, customer };
}
const { view, reach } = commitmentViews(h);
const completed = (workflowId: string) =>
  expect.poll(async () => (await h.client.workflow.getHandle(workflowId).describe()).status.name, WAIT).toBe('COMPLETED');

/** Fulfilled, and the customer asked by text whether it is resolved. */
async function asked() {
  const c = await create({ confirmAfter: 'PT1S' });
  expect((await h.api('POST', `/v1/commitments/${c.id}/fulfil`, { body: { resolution: 'Refunded the duplicate charge' } })).status).toBe(200);
  await h.twilio.waitForMessage((m) => m.to === c.customer.phone && m.body.includes('Reply YES or NO'), 15_000);
  return c;
}

describe('answers to “is it fully resolved?”', () => {
  it('does not take “no problem” for a NO: it is forwarded and the question asked once more, and only once', async () => {
    const { id, workflowId, customer } = await asked();
    const first = await h.sms(customer.phone, 'No problem, thanks');
    expect(first.reply).not.toContain('<Message>');
    await h.twilio.waitForMessage((m) => m.to === customer.phone && m.body.includes('We could not tell if it was a yes'), 15_000);
    const forwarded = await h.smtp.waitForMail((m) => m.to.includes('dana@support.example') && m.text.includes('No problem, thanks'), 15_000);
    expect(forwarded.subject).toContain(`${customer.name} wrote about`);

    const second = await h.sms(customer.phone, 'ok');
    expect(second.reply).toContain('passed your message to Dana Reyes');
    const wrote = (x: { timeline: Event[] }) => events(x, 'customer_message').filter((e) => e.detail.startsWith('Customer wrote'));
    const v = await reach(id, 'holding both replies', (x) => wrote(x).length === 2);
    expect(v).toMatchObject({ status: 'fulfilled', awaiting: 'confirmation', facts: { reopenCount: 0 } });
    expect(wrote(v).map((e) => e.detail)).toEqual(['Customer wrote: "No problem, thanks"', 'Customer wrote: "ok"']);
    await h.smtp.waitForMail((m) => m.to.includes('dana@support.example') && m.text.includes('"ok"'), 15_000);
    expect((await sendsOf(h.client, workflowId)).filter((s) => s.purpose === 'satisfaction_reask')).toHaveLength(1);
  });

  it('takes “yes, thanks, great job 5” as YES with the rating 5 and keeps the comment', async () => {
    const { id, workflowId, customer } = await asked();
    const res = await h.sms(customer.phone, 'yes, thanks, great job 5');
    expect(res.reply).toContain('Thank you for confirming, and for the rating.');
    const v = await reach(id, 'rated', (x) => x.facts.satisfaction?.rating === 5);
    expect(v).toMatchObject({ status: 'confirmed', facts: { satisfaction: { answer: 'yes', rating: 5, comment: 'thanks, great job' } } });
    expect(events(v, 'confirmed')[0]!.detail).toBe('Customer confirmed it is resolved (by text): "thanks, great job"');
    await completed(workflowId);
    // The rating came with the YES: nobody asks for it again.
    expect((await sendsOf(h.client, workflowId)).map((s) => s.purpose)).not.toContain('rating_ask');
  });
});

describe('a request for a manager by text', () => {
  it('tells the owner, records the request, and counts it in the reports', async () => {
    const { id, customer } = await create();
    await reach(id, 'written', (x) => x.timeline.length > 0);
    const res = await h.sms(customer.phone, 'Can I speak to your manager please');
    expect(res.reply).toContain('told Dana Reyes you asked for a manager');
    const v = await reach(id, 'recorded as a manager request', (x) => Boolean(x.facts.managerRequestedAt));
    expect(events(v, 'manager_requested')[0]!.detail).toBe('The customer asked for a manager; Dana Reyes was told.');
    const mail = await h.smtp.waitForMail((m) => m.to.includes('dana@support.example') && m.subject.startsWith(`${customer.name} asked for a manager`), 15_000);
    expect(mail.text).toContain('Can I speak to your manager please');
    const report = await h.api('GET', `/v1/reports/summary?from=${FROM}&to=${new Date(Date.now() + 3600_000).toISOString()}`, { key: SUPERVISOR_KEY });
    expect(report.body.rows[0].managerRequests).toBe(1);
  });
});

describe('a text after every commitment closed', () => {
  it('reaches the last owner once, and joins the closed commitment’s timeline', async () => {
    const { id, workflowId, customer } = await create();
    expect((await h.api('POST', `/v1/commitments/${id}/cancel`, { body: { reason: 'customer sorted it with the bank', notifyCustomer: false } })).status).toBe(
      200,
    );
    await completed(workflowId);
    const sid = `SM${id.slice(4)}closed`;
    const res = await h.sms(customer.phone, 'Actually the bank says you still owe me $42.10', { sid });
    expect(res.reply).toContain("Thanks, we've passed your message to Dana Reyes.");
    const mail = await h.smtp.waitForMail((m) => m.to.includes('dana@support.example') && m.subject.endsWith('(closed, cancelled)'), 15_000);
    expect(mail.text).toContain('"Actually the bank says you still owe me $42.10"');
    expect(mail.text).toContain('This commitment is closed (cancelled)');
    await completed(closedReplyWorkflowId(sid));
    const v = await view(id);
    expect(v.status).toBe('cancelled');
    expect(v.timeline.slice(-2)).toEqual([
      expect.objectContaining({
        type: 'customer_message',
        detail: 'Customer wrote after it closed: "Actually the bank says you still owe me $42.10"',
        actor: expect.objectContaining({ kind: 'customer' }),
      }),
      expect.objectContaining({ type: 'note', detail: 'Forwarded to Dana Reyes by email.' }),
    ]);
    // Twilio repeats the webhook: the same answer, and nothing forwarded or recorded twice.
    expect((await h.sms(customer.phone, 'Actually the bank says you still owe me $42.10', { sid })).reply).toBe(res.reply);
    expect(events(await view(id), 'customer_message')).toHaveLength(1);
    expect(h.smtp.mails.filter((m) => m.to.includes('dana@support.example') && m.subject.endsWith('(closed, cancelled)'))).toHaveLength(1);
    const messages = await h.api('GET', `/v1/commitments/${id}/messages`, { key: SUPERVISOR_KEY });
    expect(messages.body.items.filter((m: { purpose: string }) => m.purpose === 'owner_customer_message')).toHaveLength(1);
  });

  it('goes to the commitment’s own workflow while that is still finishing its last sends', async () => {
    const { id, workflowId, customer } = await create({ customer: { name: 'Reply Late Customer', phone: '+14155557598', timezone: 'Europe/Madrid' } });
    await h.twilio.waitForMessage((m) => m.to === customer.phone, 15_000);
    // Twilio is failing for this number: the workflow keeps retrying the cancellation text.
    h.twilio.failFor(customer.phone, { status: 503, retryAfterS: 1 });
    expect((await h.api('POST', `/v1/commitments/${id}/cancel`, { body: { reason: 'duplicate request', notifyCustomer: true } })).status).toBe(200);
    const sid = `SM${id.slice(4)}late`;
    expect((await h.sms(customer.phone, 'Which one did you keep?', { sid })).reply).toContain('passed your message to Dana Reyes');
    await completed(closedReplyWorkflowId(sid));
    const v = await reach(id, 'holding the text', (x) => x.timeline.some((e: Event) => e.detail === 'Customer wrote: "Which one did you keep?"'));
    expect(v.status).toBe('cancelled');
    await h.smtp.waitForMail((m) => m.to.includes('dana@support.example') && m.text.includes('Which one did you keep?'), 15_000);
    h.twilio.clearScript();
    await completed(workflowId);
    expect((await view(id)).timeline.filter((e: Event) => e.detail.startsWith('Customer wrote after it closed'))).toEqual([]);
  });

  it('goes to the team’s supervisor when the last owner has left', async () => {
    const key = await addTestStaff(h.db.pool, { id: 'agent-max', name: 'Max Ortiz', email: 'max@support.example' });
    const customer = { name: 'Reply Left Customer', phone: '+14155557597', timezone: 'Europe/Madrid' };
    const made = await h.api('POST', '/v1/commitments', { key, body: commitmentBody({ customer, dueIn: 'PT2H' }) });
    expect(made.status).toBe(201);
    expect((await h.api('POST', `/v1/commitments/${made.body.id}/cancel`, { key, body: { reason: 'duplicate', notifyCustomer: false } })).status).toBe(200);
    await completed(made.body.workflowId);
    expect((await h.api('PATCH', '/v1/staff/agent-max', { key: ADMIN_KEY, body: { active: false } })).status).toBe(200);
    const sid = `SM${made.body.id.slice(4)}left`;
    await h.sms(customer.phone, 'Did Max leave? Nobody called me', { sid });
    const alert = await h.smtp.waitForMail((m) => m.to.includes('sam@support.example') && m.text.includes('Did Max leave?'), 15_000);
    expect(alert.text).toContain('Hi Sam');
    await completed(closedReplyWorkflowId(sid));
    expect((await view(made.body.id)).timeline.at(-1)).toMatchObject({ detail: 'Forwarded to Sam Okafor by SMS and email.' });
  });

  it('says in the timeline when the owner could not be reached with it', async () => {
    const { id, workflowId, customer } = await create();
    expect((await h.api('POST', `/v1/commitments/${id}/cancel`, { body: { reason: 'duplicate', notifyCustomer: false } })).status).toBe(200);
    await completed(workflowId);
    // Dana's mailbox refuses it for good, and email is the one channel her notes go by.
    h.smtp.script({ kind: 'reject', rejection: { code: 550, message: 'mailbox unavailable' } }, { to: 'dana@support.example' });
    const sid = `SM${id.slice(4)}bounce`;
    await h.sms(customer.phone, 'Please call me back', { sid });
    await completed(closedReplyWorkflowId(sid));
    h.smtp.clearScript();
    expect((await view(id)).timeline.at(-1)).toMatchObject({ type: 'note', detail: 'Could not forward it to Dana Reyes: no channel took it.' });
  });

  it('answers a number it has never seen that it cannot match it', async () => {
    const res = await h.sms('+14155557599', 'hello?');
    expect(res.reply).toContain('We could not match this number to a request');
  });
});
