import { describe, expect, it, vi } from 'vitest';
import { addTestStaff, commitmentBody, letAgentsActForTeamMates, OTHER_AGENT_KEY, SUPERVISOR_KEY, useHarness } from '../support/harness';
import { sendsOf } from '../support/history';

const h = useHarness();

let n = 0;
/** A commitment for a customer of its own, so each test reads only its own messages. */
async function create(overrides: Record<string, unknown> = {}) {
  n += 1;
  const customer = {
    name: `Customer ${n} Test`,
    phone: `+1415555${String(3000 + n).padStart(4, '0')}`,
    email: `c${n}@example.com`,
    timezone: 'America/New_York',
  };
  const res = await h.api('POST', '/v1/commitments', { body: commitmentBody({ customer, dueIn: 'PT2H', ...overrides }) });
  expect(res.status).toBe(201);
  return { id: res.body.id as string, customer };
}

const types = (body: { timeline: { type: string }[] }) => body.timeline.map((e) => e.type);
const WAIT = { timeout: 20_000, interval: 100 };
/** The workflow completes only after every message it owed has gone out: after that nothing more comes. */
const completed = (workflowId: string) =>
  expect.poll(async () => (await h.client.workflow.getHandle(workflowId).describe()).status.name, WAIT).toBe('COMPLETED');

describe('extending a deadline', () => {
  it('tells the customer the new clock time and the reason', async () => {
    const { id, customer } = await create();
    const newDue = new Date(Date.now() + 5 * 3600_000);
    newDue.setUTCSeconds(0, 0);
    const res = await h.api('POST', `/v1/commitments/${id}/extend`, {
      body: { dueAt: newDue.toISOString(), reason: 'the billing team needs the bank statement first' },
    });
    expect(res.status).toBe(200);
    expect(res.body.dueAt).toBe(newDue.toISOString());
    expect(res.body.facts.extensionCount).toBe(1);
    const sms = await h.twilio.waitForMessage((m) => m.to === customer.phone && m.body.includes('now needs until'), 15_000);
    expect(sms.body).toContain('the billing team needs the bank statement first');
    const local = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', hour: 'numeric', minute: '2-digit' }).format(newDue);
    expect(sms.body).toContain(local);
  });

  it('escalates instead of extending once maxExtensions is used up', async () => {
    const { id } = await create({ maxExtensions: 1 });
    expect((await h.api('POST', `/v1/commitments/${id}/extend`, { body: { dueIn: 'PT3H', reason: 'waiting on the courier' } })).status).toBe(200);
    const second = await h.api('POST', `/v1/commitments/${id}/extend`, { body: { dueIn: 'PT4H', reason: 'courier again' } });
    expect(second.status).toBe(200);
    expect(second.body.status).toBe('escalated');
    expect(second.body.facts.extensionCount).toBe(1);
    expect(second.body.timeline.find((e: { type: string }) => e.type === 'escalated').detail).toContain('repeated failure of earlier fixes');
    await h.smtp.waitForMail((m) => m.to.includes('sam@support.example') && m.subject.startsWith('Escalated'), 15_000);
  });

  it('refuses a new deadline that is not later than the current one with 409', async () => {
    const { id } = await create();
    const res = await h.api('POST', `/v1/commitments/${id}/extend`, { body: { dueIn: 'PT1M', reason: 'oops' } });
    expect(res.status).toBe(409);
    expect(res.body.detail).toContain('later than the current one');
  });
});

describe('reassigning', () => {
  it('gives the new owner the whole timeline and the handoff note, and tells the customer who owns it', async () => {
    const { id, customer } = await create();
    await h.api('POST', `/v1/commitments/${id}/notes`, { body: { text: 'Customer prefers a call after 5 PM' } });
    await addTestStaff(h.db.pool, { id: 'agent-kim', name: 'Kim Nguyen', email: 'kim@support.example' });
    // An agent hands her own to a team mate where the team allows it, as it lets her register for one.
    await letAgentsActForTeamMates(h.db.pool);
    // The new owner is named by staff id; who they are and how to reach them is the directory's.
    const res = await h.api('POST', `/v1/commitments/${id}/reassign`, { body: { ownerId: 'agent-kim', handoffNote: 'Refund approved, needs the final call' } });
    expect(res.status).toBe(200);
    expect(res.body.owner.id).toBe('agent-kim');
    const handoff = await h.smtp.waitForMail((m) => m.to.includes('kim@support.example'), 15_000);
    expect(handoff.text).toContain('Refund approved, needs the final call');
    expect(handoff.text).toContain('Customer prefers a call after 5 PM');
    expect(handoff.text).toContain(customer.name);
    const told = await h.twilio.waitForMessage((m) => m.to === customer.phone && m.body.includes('Kim Nguyen has taken over'), 15_000);
    expect(told.body).toContain('all the notes');
    // The agent who made it registered it, so may still read it; another agent may not act on it.
    expect((await h.api('POST', `/v1/commitments/${id}/notes`, { key: OTHER_AGENT_KEY, body: { text: 'hi' } })).status).toBe(403);
  });
});

describe('cancelling, notes, pausing', () => {
  it('cancels with a reason, tells the customer when asked to, and takes no more changes', async () => {
    const { id, customer } = await create();
    const res = await h.api('POST', `/v1/commitments/${id}/cancel`, { body: { reason: 'the customer resolved it with their bank', notifyCustomer: true } });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('cancelled');
    const told = await h.twilio.waitForMessage((m) => m.to === customer.phone && m.body.includes('no longer going ahead'), 15_000);
    expect(told.body).toContain('resolved it with their bank');
    await completed(res.body.workflowId);
    const late = await h.api('POST', `/v1/commitments/${id}/notes`, { body: { text: 'too late' } });
    expect(late.status).toBe(409);
    expect(late.body.detail).toContain('cancelled');
  });

  it('cancels quietly when notifyCustomer is false', async () => {
    const { id, customer } = await create();
    await h.twilio.waitForMessage((m) => m.to === customer.phone, 15_000);
    const res = await h.api('POST', `/v1/commitments/${id}/cancel`, { body: { reason: 'duplicate entry', notifyCustomer: false } });
    expect(res.status).toBe(200);
    await completed(res.body.workflowId);
    expect((await sendsOf(h.client, res.body.workflowId)).map((s) => s.purpose)).not.toContain('customer_cancelled');
    expect(h.twilio.messages.filter((m) => m.to === customer.phone)).toHaveLength(1);
  });

  it("appends notes to the timeline with their author, the person the caller's key belongs to", async () => {
    const { id } = await create();
    const res = await h.api('POST', `/v1/commitments/${id}/notes`, { key: SUPERVISOR_KEY, body: { text: 'Checked the ledger: two charges of $42.10' } });
    expect(res.status).toBe(200);
    expect(res.body.timeline.at(-1)).toMatchObject({
      type: 'note',
      detail: 'Sam Okafor: Checked the ledger: two charges of $42.10',
      actor: { kind: 'staff', id: 'sup-sam', role: 'supervisor' },
    });
  });

  it('stops the deadline clock while paused and moves the deadline by the pause on resume', async () => {
    const { id, customer } = await create();
    const before = Date.parse((await h.api('GET', `/v1/commitments/${id}`)).body.dueAt);
    const paused = await h.api('POST', `/v1/commitments/${id}/pause`, { body: { reason: 'waiting for the customer to send the receipt' } });
    expect(paused.body.status).toBe('paused');
    expect((await h.api('POST', `/v1/commitments/${id}/pause`, { body: { reason: 'again' } })).status).toBe(409);
    // The clock runs on while the customer is told we are on hold.
    await h.smtp.waitForMail((m) => m.to.includes(customer.email) && m.subject.startsWith('On hold'), 15_000);
    const resumed = await h.api('POST', `/v1/commitments/${id}/resume`, { body: {} });
    expect(resumed.status).toBe(200);
    expect(resumed.body.status).toBe('open');
    const resumedAt = Date.parse(resumed.body.timeline.find((e: { type: string }) => e.type === 'resumed').at);
    const pausedFor = resumedAt - Date.parse(paused.body.paused.since);
    expect(pausedFor).toBeGreaterThan(0);
    expect(Date.parse(resumed.body.dueAt) - before).toBe(pausedFor);
    expect(types(resumed.body)).toEqual(expect.arrayContaining(['paused', 'resumed']));
  });

  it('resumes by itself when a pause has an end, and the deadline still lapses after that', async () => {
    const { id } = await create({ dueIn: 'PT2S' });
    await h.api('POST', `/v1/commitments/${id}/pause`, { body: { reason: 'customer travelling', until: new Date(Date.now() + 2000).toISOString() } });
    const view = await vi.waitFor(async () => {
      const got = await h.api('GET', `/v1/commitments/${id}`);
      expect(got.body.status, 'escalation after the pause').toBe('escalated');
      return got.body;
    }, WAIT);
    expect(types(view)).toEqual(expect.arrayContaining(['paused', 'resumed', 'lapsed']));
    const pausedAt = Date.parse(view.timeline.find((e: { type: string }) => e.type === 'paused').at);
    const lapsedAt = Date.parse(view.timeline.find((e: { type: string }) => e.type === 'lapsed').at);
    expect(lapsedAt - pausedAt).toBeGreaterThan(2500);
  });
});
