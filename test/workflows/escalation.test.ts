import { describe, expect, it, vi } from 'vitest';
import { commitmentBody, LEAD_KEY, OUTSIDER_KEY, setTeamPolicy, startHarness, SUPERVISOR_KEY, useHarness } from '../support/harness';
import { sendsOf } from '../support/history';

const h = useHarness();

const lead = { id: 'lead-ana', name: 'Ana Costa', email: 'ana@support.example', phone: '+14155550161' };
const head = { id: 'head-raj', name: 'Raj Patel', email: 'raj@support.example', phone: '+14155550162' };

/** Team Support's chain for the next commitment: Ana, then Raj, each with this window. */
const chain = (within: number, repeat = 0) =>
  setTeamPolicy(
    h.db.pool,
    [
      { staff: lead.id, within },
      { staff: head.id, within },
    ],
    repeat,
  );

async function timeline(id: string): Promise<{ type: string; detail: string; at: string }[]> {
  return (await h.api('GET', `/v1/commitments/${id}`, { key: SUPERVISOR_KEY })).body.timeline;
}

/** The timeline once it has `count` entries of this type. */
async function until(id: string, type: string, count = 1, timeout = 20_000) {
  return vi.waitFor(
    async () => {
      const events = await timeline(id);
      expect(events.filter((e) => e.type === type).length, `${count} × ${type}`).toBeGreaterThanOrEqual(count);
      return events;
    },
    { timeout, interval: 100 },
  );
}

describe('the escalation chain', () => {
  it('alerts each level in turn while nobody acknowledges, then says the chain ran out', async () => {
    const customer = { name: 'Noor Haddad', phone: '+14155550171', timezone: 'Asia/Dubai' };
    await chain(2000);
    const res = await h.api('POST', '/v1/commitments', { body: commitmentBody({ dueIn: 'PT2S', customer }) });
    expect(res.status).toBe(201);
    expect(res.body.policy.escalation.levels.map((l: { ackWithinMs: number }) => l.ackWithinMs)).toEqual([2000, 2000]);

    const first = await h.smtp.waitForMail((m) => m.to.includes(lead.email) && m.subject.includes('Noor Haddad'), 15_000);
    const second = await h.smtp.waitForMail((m) => m.to.includes(head.email) && m.subject.includes('Noor Haddad'), 15_000);
    expect(first.text).toContain('Hi Ana');
    expect(second.text).toContain('Hi Raj');
    const events = await until(res.body.id, 'escalation_unacknowledged');
    expect(events.find((e) => e.type === 'escalation_unacknowledged')!.detail).toContain('2 alerts');
    const view = await h.api('GET', `/v1/commitments/${res.body.id}`, { key: SUPERVISOR_KEY });
    expect(view.body.status).toBe('escalated');
  });

  it('repeats the chain up to the repeat count', async () => {
    const customer = { name: 'Omar Said', email: 'omar@example.com', timezone: 'UTC' };
    await setTeamPolicy(h.db.pool, [{ staff: lead.id, within: 1000 }], 2);
    const res = await h.api('POST', '/v1/commitments', { body: commitmentBody({ dueIn: 'PT1S', customer }) });
    await until(res.body.id, 'escalation_unacknowledged', 1, 25_000);
    const alerts = h.smtp.mails.filter((m) => m.to.includes(lead.email) && m.subject.includes('Omar Said'));
    expect(alerts).toHaveLength(3);
  });

  it('lets an alerted supervisor acknowledge over the API: they own it with the deadline they state, and the customer is told', async () => {
    const customer = { name: 'Mei Lin', phone: '+14155550172', email: 'mei@example.com', timezone: 'Asia/Shanghai' };
    await chain(60_000);
    const res = await h.api('POST', '/v1/commitments', { body: commitmentBody({ dueIn: 'PT1S', customer }) });
    await h.smtp.waitForMail((m) => m.to.includes(lead.email) && m.subject.includes('Mei Lin'), 15_000);

    const agentTry = await h.api('POST', `/v1/commitments/${res.body.id}/acknowledge`, { body: { dueIn: 'PT2H' } });
    expect(agentTry.status).toBe(403);
    // Zoe supervises the same team but is not in this chain: who acknowledges comes from the key.
    const stranger = await h.api('POST', `/v1/commitments/${res.body.id}/acknowledge`, { key: OUTSIDER_KEY, body: { dueIn: 'PT2H' } });
    expect(stranger.status).toBe(403);
    expect(stranger.body.detail).toContain('not in this commitment');
    const named = await h.api('POST', `/v1/commitments/${res.body.id}/acknowledge`, { key: OUTSIDER_KEY, body: { by: lead.id, dueIn: 'PT2H' } });
    expect(named.status).toBe(400);

    const ack = await h.api('POST', `/v1/commitments/${res.body.id}/acknowledge`, { key: LEAD_KEY, body: { dueIn: 'PT2H', note: 'Calling her now' } });
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ status: 'open', owner: { id: lead.id } });
    expect(Date.parse(ack.body.dueAt) - Date.now()).toBeGreaterThan(7000_000);
    expect(ack.body.facts.acknowledgedAt).toBeTruthy();
    const told = await h.twilio.waitForMessage((m) => m.to === customer.phone && m.body.includes('Ana Costa now personally owns'), 15_000);
    expect(told.body).toContain('full history');

    const again = await h.api('POST', `/v1/commitments/${res.body.id}/acknowledge`, { key: LEAD_KEY, body: { dueIn: 'PT2H' } });
    expect(again.status).toBe(409);
  });

  it('lets an alerted supervisor acknowledge by replying ACK with their own deadline', async () => {
    const customer = { name: 'Ivan Petrov', email: 'ivan@example.com', timezone: 'Europe/Moscow' };
    await chain(60_000);
    const res = await h.api('POST', '/v1/commitments', { body: commitmentBody({ dueIn: 'PT1S', customer }) });
    const alert = await h.twilio.waitForMessage((m) => m.to === lead.phone && m.body.includes('Ivan Petrov'), 15_000);
    expect(alert.body).toContain('Reply ACK');
    await until(res.body.id, 'supervisor_alerted');

    const reply = await h.sms(lead.phone, 'ack 45m');
    expect(reply.status).toBe(200);
    expect(reply.reply).toContain('45 minutes');
    const view = await h.api('GET', `/v1/commitments/${res.body.id}`, { key: SUPERVISOR_KEY });
    expect(view.body).toMatchObject({ status: 'open', owner: { id: lead.id } });
    const minutes = (Date.parse(view.body.dueAt) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(43);
    expect(minutes).toBeLessThan(46);
  });

  it('accepts a plain ACK on a commitment whose reopen window is over 7 days, with the deadline the alert offered', async () => {
    const customer = { name: 'Long Reopen', email: 'long.reopen@example.com', timezone: 'UTC' };
    await chain(60_000);
    const res = await h.api('POST', '/v1/commitments', { body: commitmentBody({ dueIn: 'PT1S', customer, reopenWithin: 'P10D' }) });
    expect(res.status).toBe(201);
    const alert = await h.twilio.waitForMessage((m) => m.to === lead.phone && m.body.includes('Long Reopen'), 15_000);
    expect(alert.body).toContain('Reply ACK to take it over (due in 4h)');
    await until(res.body.id, 'supervisor_alerted');

    const reply = await h.sms(lead.phone, 'ACK');
    expect(reply.status).toBe(200);
    expect(reply.reply).toContain("it's yours now, due in 240 minutes");
    const view = await h.api('GET', `/v1/commitments/${res.body.id}`, { key: SUPERVISOR_KEY });
    expect(view.body).toMatchObject({ status: 'open', owner: { id: lead.id } });
    const hours = (Date.parse(view.body.dueAt) - Date.now()) / 3600_000;
    expect(hours).toBeGreaterThan(3.9);
    expect(hours).toBeLessThanOrEqual(4);
  });

  it("keeps the policy pinned at creation when the team's policy or the defaults change later", async () => {
    const customer = { name: 'Pinned Policy', email: 'pinned@example.com', timezone: 'UTC' };
    const res = await h.api('POST', '/v1/commitments', { body: commitmentBody({ dueIn: 'PT1H', customer }) });
    expect(res.body.policy.escalation.levels).toEqual([{ target: { kind: 'supervisor' }, ackWithinMs: 30 * 60_000 }]);
    await setTeamPolicy(h.db.pool, [{ staff: lead.id, within: 5 * 60_000 }]);
    const changed = await h.api('POST', '/v1/commitments', { body: commitmentBody({ dueIn: 'PT1H', customer }) });
    expect(changed.body.policy.escalation.levels).toEqual([{ target: { kind: 'staff', staff: lead }, ackWithinMs: 5 * 60_000 }]);
    const other = await startHarness({ env: { DEFAULT_MAX_EXTENSIONS: '7' } });
    try {
      const fresh = await other.api('POST', '/v1/commitments', { body: commitmentBody({ dueIn: 'PT1H', customer }) });
      expect(fresh.body.policy.maxExtensions).toBe(7);
    } finally {
      await other.close();
    }
    const still = await h.client.workflow.getHandle(res.body.workflowId).query('commitment');
    expect((still as { policy: { escalation: { levels: { ackWithinMs: number }[] }; maxExtensions: number } }).policy).toMatchObject({
      maxExtensions: 2,
      escalation: { levels: [{ ackWithinMs: 30 * 60_000 }] },
    });
  });
});

describe('the owner reminder', () => {
  it('reminds the owner before the deadline', async () => {
    const customer = { name: 'Remind Me', email: 'remind@example.com', timezone: 'UTC' };
    const res = await h.api('POST', '/v1/commitments', { body: commitmentBody({ dueIn: 'PT5S', remindBefore: 'PT3S', customer }) });
    const reminder = await h.smtp.waitForMail(
      (m) => m.to.includes('dana@support.example') && m.subject.startsWith('Reminder') && m.subject.includes('Remind Me'),
      10_000,
    );
    expect(reminder.text).toContain('extend it with a reason');
    const events = await until(res.body.id, 'reminder_sent');
    const remindedAt = Date.parse(events.find((e) => e.type === 'reminder_sent')!.at);
    expect(Date.parse(res.body.dueAt) - remindedAt).toBeGreaterThan(1500);
  });

  it('sends no reminder for a commitment already fulfilled', async () => {
    const customer = { name: 'Done Early', email: 'early@example.com', timezone: 'UTC' };
    // The reminder would be due 2 s after creation; the satisfaction question comes 2 s after fulfilment, later.
    const res = await h.api('POST', '/v1/commitments', { body: commitmentBody({ dueIn: 'PT4S', remindBefore: 'PT2S', customer, confirmAfter: 'PT2S' }) });
    expect((await h.api('POST', `/v1/commitments/${res.body.id}/fulfil`, { body: { resolution: 'Called back' } })).status).toBe(200);
    await h.smtp.waitForMail((m) => m.to.includes(customer.email) && m.subject.startsWith('Is it fully sorted'), 15_000);
    const asked = (await until(res.body.id, 'satisfaction_asked')).find((e) => e.type === 'satisfaction_asked')!;
    expect(Date.parse(asked.at)).toBeGreaterThan(Date.parse(res.body.dueAt) - 2000);
    // A reminder would have been scheduled in the history before the question was.
    const purposes = (await sendsOf(h.client, res.body.workflowId)).map((s) => s.purpose);
    expect(purposes).toContain('satisfaction_ask');
    expect(purposes).not.toContain('owner_reminder');
    expect(h.smtp.mails.filter((m) => m.subject.startsWith('Reminder') && m.subject.includes('Done Early'))).toEqual([]);
  });
});
