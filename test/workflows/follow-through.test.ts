/**
 * What staff do beyond keeping the promise, through the API against the real worker, Temporal,
 * Twilio and SMTP servers: progress updates, escalating now with a reason, correcting the call
 * log (also once closed), the satisfaction question held back by pendingUntil, a follow-up
 * commitment from nextContactAt, and a customer's third commitment in a week flagged.
 */
import { describe, expect, it } from 'vitest';
import { clockTime } from '../../src/messages/time';
import { commitmentBody, OTHER_AGENT_KEY, SUPERVISOR_KEY, useHarness } from '../support/harness';
import { commitmentViews, events, WAIT, type TimelineEntry } from '../support/commitment-view';

const h = useHarness();
const ZONE = 'America/Los_Angeles';
const FROM = new Date(Date.now() - 3600_000).toISOString();
const until = () => new Date(Date.now() + 3600_000).toISOString();

type Event = TimelineEntry;
let n = 0;
function customerNo(k: number) {
  return { name: `Follow ${k} Customer`, phone: `+1415555${String(7300 + k).padStart(4, '0')}`, email: `follow${k}@example.com`, timezone: ZONE };
}
async function create(overrides: Record<string, unknown> = {}) {
  n += 1;
  const customer = customerNo(n);
  const res = await h.api('POST', '/v1/commitments', { body: commitmentBody({ customer, dueIn: 'PT2H', ...overrides }) });
  expect(res.status).toBe(201);
  return { id: res.body.id as string, workflowId: res.body.workflowId as string, body: res.body, customer };
}
const { view, reach } = commitmentViews(h);

describe('a progress update', () => {
  it('sends the customer the owner’s words with the time still promised, and logs it', async () => {
    const { id, body, customer } = await create();
    const text = 'The bank approved the refund; it posts tonight.';
    const res = await h.api('POST', `/v1/commitments/${id}/updates`, { body: { text } });
    expect(res.status).toBe(200);
    expect(events(res.body, 'progress_update')).toEqual([
      expect.objectContaining({ detail: `Dana Reyes sent the customer an update: ${text}`, actor: expect.objectContaining({ id: 'agent-dana' }) }),
    ]);
    expect(res.body.facts.lastUpdateAt).toBeTruthy();
    const sms = await h.twilio.waitForMessage((m) => m.to === customer.phone && m.body.includes('an update from Dana Reyes'), 15_000);
    expect(sms.body).toContain(text);
    expect(sms.body).toContain(`Still due by ${clockTime(new Date(body.dueAt), ZONE)}`);
    await h.smtp.waitForMail((m) => m.to.includes(customer.email) && m.subject.startsWith('Update from Dana Reyes'), 15_000);
    await reach(id, 'showing the update as sent', (v) => v.timeline.some((e: Event) => e.detail.startsWith('Update sent to the customer')));
  });

  it('is the owner’s, a supervisor’s or an admin’s to send, with words bounded like every text field', async () => {
    const { id } = await create();
    expect((await h.api('POST', `/v1/commitments/${id}/updates`, { key: OTHER_AGENT_KEY, body: { text: 'Hello' } })).status).toBe(403);
    const bySupervisor = await h.api('POST', `/v1/commitments/${id}/updates`, { key: SUPERVISOR_KEY, body: { text: 'I am looking at this myself.' } });
    expect(bySupervisor.status).toBe(200);
    expect(events(bySupervisor.body, 'progress_update')[0]!.detail).toContain('Sam Okafor sent the customer an update');
    const tooLong = await h.api('POST', `/v1/commitments/${id}/updates`, { body: { text: 'x'.repeat(1001) } });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors).toEqual([{ pointer: '/text', detail: 'must be at most 1000 characters' }]);
  });
});

describe('escalating now', () => {
  it('alerts the chain at once with the reason, records it in the timeline and counts it under its reason', async () => {
    const { id, customer } = await create();
    const note = 'Customer said they would hurt someone at the branch.';
    const res = await h.api('POST', `/v1/commitments/${id}/escalate`, { headers: { 'Idempotency-Key': `esc-${id}` }, body: { reason: 'safety', note } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'escalated',
      escalation: { reason: 'safety', note, raisedBy: { id: 'agent-dana' } },
      facts: { escalationReason: 'safety' },
    });
    expect(events(res.body, 'escalated')[0]!.detail).toBe(`Dana Reyes escalated it (safety): ${note} Escalated to Sam Okafor.`);
    const mail = await h.smtp.waitForMail((m) => m.to.includes('sam@support.example') && m.subject.startsWith('Escalated (a safety concern)'), 15_000);
    expect(mail.subject).toContain(customer.name);
    expect(mail.text).toContain(`Note: ${note}`);
    const sms = await h.twilio.waitForMessage((m) => m.to === '+14155550199' && m.body.includes(customer.name), 15_000);
    expect(sms.body).toContain('ESCALATED to you (a safety concern) by Dana Reyes');
    // A retry with the same key is answered, not applied again.
    const retry = await h.api('POST', `/v1/commitments/${id}/escalate`, { headers: { 'Idempotency-Key': `esc-${id}` }, body: { reason: 'safety', note } });
    expect(retry.status).toBe(200);
    expect(events(retry.body, 'escalated')).toHaveLength(1);

    const report = await h.api('GET', `/v1/reports/summary?from=${FROM}&to=${until()}&groupBy=escalationReason`, { key: SUPERVISOR_KEY });
    expect(report.status).toBe(200);
    expect(report.body.rows.find((r: { group: string }) => r.group === 'safety')).toMatchObject({ escalated: 1 });
  });

  it('refuses a reason outside the list, naming the field', async () => {
    const { id } = await create();
    const res = await h.api('POST', `/v1/commitments/${id}/escalate`, { body: { reason: 'grumpy', note: 'x' } });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/reason']);
  });
});

describe('correcting the call log', () => {
  const pattern = async (trigger: string, rootCause: string) => {
    const res = await h.api('GET', `/v1/reports/patterns?from=${FROM}&to=${until()}`, { key: SUPERVISOR_KEY });
    return res.body.rows.find((r: { trigger: string; rootCause: string }) => r.trigger === trigger && r.rootCause === rootCause);
  };

  it('changes only the fields given, with an audit entry, and the patterns report counts the needed fix', async () => {
    const { id } = await create({ log: { trigger: 'handoff_failure', customerState: 'anxious' } });
    const change = {
      rootCause: 'poor_account_notes',
      neededFix: 'Handoff template with the account notes',
      businessConstraint: 'The CRM drops notes on transfer',
    };
    const res = await h.api('PATCH', `/v1/commitments/${id}/log`, { key: SUPERVISOR_KEY, body: change });
    expect(res.status).toBe(200);
    expect(res.body.log).toEqual({ trigger: 'handoff_failure', customerState: 'anxious', ...change });
    expect(events(res.body, 'log_updated')).toEqual([
      expect.objectContaining({
        detail:
          'Sam Okafor updated the call log: root cause: poor account notes; needed fix: Handoff template with the account notes; business constraint: The CRM drops notes on transfer.',
        actor: expect.objectContaining({ id: 'sup-sam' }),
      }),
    ]);
    expect(await pattern('handoff_failure', 'poor_account_notes')).toMatchObject({ count: 1, neededFixes: 1 });
    const same = await h.api('PATCH', `/v1/commitments/${id}/log`, { body: { rootCause: 'poor_account_notes' } });
    expect(same.status).toBe(409);
    const empty = await h.api('PATCH', `/v1/commitments/${id}/log`, { body: {} });
    expect(empty.status).toBe(400);
    const bad = await h.api('PATCH', `/v1/commitments/${id}/log`, { body: { rootCause: 'gremlins' } });
    expect(bad.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/rootCause']);
  });

  it('takes the business constraint at creation too, bounded like the needed fix', async () => {
    const { body } = await create({ log: { trigger: 'delay', businessConstraint: 'Courier collects once a day' } });
    expect(body.log).toEqual({ trigger: 'delay', businessConstraint: 'Courier collects once a day' });
    const tooLong = await h.api('POST', '/v1/commitments', { body: commitmentBody({ log: { businessConstraint: 'x'.repeat(2001) } }) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors).toEqual([{ pointer: '/log/businessConstraint', detail: 'must be at most 2000 characters' }]);
  });

  it('is still possible after the commitment closed: a root cause is often found later', async () => {
    const { id, workflowId } = await create({ log: { trigger: 'delay' } });
    expect((await h.api('POST', `/v1/commitments/${id}/cancel`, { body: { reason: 'customer went elsewhere', notifyCustomer: false } })).status).toBe(200);
    await expect.poll(async () => (await h.client.workflow.getHandle(workflowId).describe()).status.name, WAIT).toBe('COMPLETED');
    const change = { rootCause: 'unclear_policy', neededFix: 'Publish the delivery-window policy' };
    const patch = () => h.api('PATCH', `/v1/commitments/${id}/log`, { key: SUPERVISOR_KEY, headers: { 'Idempotency-Key': `log-${id}` }, body: change });
    const res = await patch();
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'cancelled', log: { trigger: 'delay', ...change } });
    expect(events(res.body, 'log_updated')).toHaveLength(1);
    expect(res.body.timeline.at(-1)).toMatchObject({
      type: 'log_updated',
      detail: 'Sam Okafor updated the call log: root cause: unclear policy; needed fix: Publish the delivery-window policy.',
    });
    // The same request again is answered with the outcome, not written twice; a new one that changes nothing is refused.
    expect(events((await patch()).body, 'log_updated')).toHaveLength(1);
    expect((await h.api('PATCH', `/v1/commitments/${id}/log`, { key: SUPERVISOR_KEY, body: { rootCause: 'unclear_policy' } })).status).toBe(409);
    expect(await pattern('delay', 'unclear_policy')).toMatchObject({ count: 1, neededFixes: 1 });
  });
});

describe('after fulfilment', () => {
  it('asks whether it is resolved only after pendingUntil plus confirmAfter, and says so in the recap', async () => {
    const { id, customer } = await create({ confirmAfter: 'PT1S' });
    const pendingUntil = new Date(Date.now() + 4_000);
    const res = await h.api('POST', `/v1/commitments/${id}/fulfil`, {
      body: { resolution: 'Refund issued', pending: 'Your bank shows it within 4 seconds', pendingUntil: pendingUntil.toISOString() },
    });
    expect(res.status).toBe(200);
    expect(res.body.fulfilment.pendingUntil).toBe(pendingUntil.toISOString());
    const recap = await h.twilio.waitForMessage((m) => m.to === customer.phone && m.body.includes('done:'), 15_000);
    expect(recap.body).toContain(`We'll check with you after ${clockTime(pendingUntil, ZONE)}`);
    const asked = await reach(id, 'asked', (v) => v.awaiting === 'confirmation');
    expect(Date.parse(asked.facts.satisfaction.askedAt)).toBeGreaterThanOrEqual(pendingUntil.getTime() + 1_000);
    await h.twilio.waitForMessage((m) => m.to === customer.phone && m.body.includes('Reply YES or NO'), 15_000);
  });

  it('creates a follow-up commitment for the same owner and customer from nextContactAt, linked both ways', async () => {
    const { id, customer } = await create();
    const nextContactAt = new Date(Date.now() + 3 * 3600_000);
    nextContactAt.setUTCMilliseconds(0);
    const res = await h.api('POST', `/v1/commitments/${id}/fulfil`, { body: { resolution: 'Card replaced', nextContactAt: nextContactAt.toISOString() } });
    expect(res.status).toBe(200);
    const first = await reach(id, 'linked to its follow-up', (v) => Boolean(v.facts.followUpId));
    const followUp = await reach(first.facts.followUpId, 'written', (v) => v.status === 'open');
    expect(followUp).toMatchObject({
      followUpOf: id,
      owner: { id: 'agent-dana' },
      customer,
      dueAt: nextContactAt.toISOString(),
      summary: 'Follow-up: Call you back about the duplicate charge',
    });
    expect(events(first, 'follow_up_created')[0]!.detail).toContain(`Follow-up ${followUp.id} created`);
    await h.twilio.waitForMessage((m) => m.to === customer.phone && m.body.includes('Follow-up: Call you back'), 15_000);
    await h.api('POST', `/v1/commitments/${followUp.id}/cancel`, { body: { reason: 'test done', notifyCustomer: false } });
  });
});

describe('repeat contact', () => {
  it('flags a customer’s third commitment within 7 days to the supervisor', async () => {
    n += 1;
    const customer = customerNo(n);
    const ids: string[] = [];
    for (const summary of ['Refund the first charge', 'Refund the second charge', 'Explain the third charge']) {
      const res = await h.api('POST', '/v1/commitments', { body: commitmentBody({ customer, summary, dueIn: 'PT2H' }) });
      expect(res.status).toBe(201);
      ids.push(res.body.id);
      // Calls a day apart in life; here, each is in the read model before the next call.
      await reach(res.body.id, 'written', (v) => v.timeline.length > 0);
    }
    const third = await reach(ids[2]!, 'flagged', (v) => v.timeline.some((e: Event) => e.type === 'repeat_contact'));
    expect(events(third, 'repeat_contact')[0]!.detail).toBe("This customer's 3rd commitment in 7 days: flagged to Sam Okafor as a repeat contact.");
    const alert = await h.smtp.waitForMail(
      (m) => m.to.includes('sam@support.example') && m.subject === `Repeat contact: ${customer.name}, 3 commitments in 7 days`,
      15_000,
    );
    expect(alert.text).toContain('Explain the third charge');
    for (const id of ids.slice(0, 2)) expect(events(await view(id), 'repeat_contact')).toEqual([]);
  });
});
