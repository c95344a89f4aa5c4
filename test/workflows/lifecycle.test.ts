import { describe, expect, it, vi } from 'vitest';
import { SEARCH_ATTRIBUTES } from '../../src/shared/contract';
import { commitmentBody, useHarness, SUPERVISOR_KEY, TWILIO_FROM } from '../support/harness';
import { sendsOf } from '../support/history';

const h = useHarness();

/** "3:15 PM" for an instant in Asia/Kolkata (UTC+05:30 all year, so arithmetic is the oracle). */
function kolkataClock(at: Date): string {
  const local = new Date(at.getTime() + 330 * 60_000);
  const h24 = local.getUTCHours();
  const hour = h24 % 12 === 0 ? 12 : h24 % 12;
  return `${hour}:${String(local.getUTCMinutes()).padStart(2, '0')} ${h24 < 12 ? 'AM' : 'PM'}`;
}

const WAIT = { timeout: 20_000, interval: 100 };

async function timelineTypes(id: string): Promise<string[]> {
  const res = await h.api('GET', `/v1/commitments/${id}`);
  return (res.body.timeline as { type: string }[]).map((e) => e.type);
}

describe('a new commitment', () => {
  it('sends the customer a recap by SMS and email with the deadline as a clock time in their zone, and confirms to the owner', async () => {
    const dueAt = new Date(Date.now() + 2 * 3600_000);
    dueAt.setUTCSeconds(0, 0);
    const res = await h.api('POST', '/v1/commitments', { body: commitmentBody({ dueIn: undefined, dueAt: dueAt.toISOString() }) });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`/v1/commitments/${res.body.id}`);
    expect(res.body).toMatchObject({ status: 'open', dueAt: dueAt.toISOString(), owner: { name: 'Dana Reyes' } });

    const sms = await h.twilio.waitForMessage((m) => m.to === '+14155550123', 15_000);
    expect(sms.from).toBe(TWILIO_FROM);
    expect(sms.body).toContain('Dana Reyes');
    expect(sms.body).toContain('duplicate charge');
    expect(sms.body).toContain(kolkataClock(dueAt));

    const mail = await h.smtp.waitForMail((m) => m.to.includes('maria@example.com'), 15_000);
    expect(mail.subject).toContain(kolkataClock(dueAt));
    expect(mail.text).toContain('Dana Reyes');
    expect(mail.text).toContain('TICKET-4411');

    const ownerMail = await h.smtp.waitForMail((m) => m.to.includes('dana@support.example'), 15_000);
    expect(ownerMail.text).toContain('Maria Lopez');

    await expect.poll(() => timelineTypes(res.body.id), WAIT).toEqual(expect.arrayContaining(['customer_recap_sent', 'owner_confirmation_sent']));
    const { rows } = await h.db.pool.query('SELECT purpose, channel, status FROM notifications WHERE commitment_id = $1 ORDER BY purpose, channel', [
      res.body.id,
    ]);
    // Accepted by the providers; Twilio's callbacks may already have moved the text on.
    expect(rows).toEqual([
      { purpose: 'customer_recap', channel: 'email', status: 'accepted' },
      { purpose: 'customer_recap', channel: 'sms', status: expect.stringMatching(/^(accepted|sent|delivered)$/) },
      { purpose: 'owner_confirmation', channel: 'email', status: 'accepted' },
    ]);
  });
});

describe('a commitment whose deadline passes first', () => {
  it('alerts the supervisor with the whole context, tells the customer, and is escalated', async () => {
    const res = await h.api('POST', '/v1/commitments', {
      body: commitmentBody({ dueIn: 'PT3S', customer: { name: 'Ahmed Khan', phone: '+14155550124', email: 'ahmed@example.com', timezone: 'Asia/Kolkata' } }),
    });
    expect(res.status).toBe(201);

    const alert = await h.smtp.waitForMail((m) => m.to.includes('sam@support.example'), 20_000);
    expect(alert.subject).toContain('Ahmed Khan');
    for (const context of [
      'Call you back about the duplicate charge',
      'Dana Reyes',
      '+14155550124',
      'billing error',
      'bad automation',
      'Dedupe card retries',
      'TICKET-4411',
    ]) {
      expect(alert.text).toContain(context);
    }
    const alertSms = await h.twilio.waitForMessage((m) => m.to === '+14155550199', 20_000);
    expect(alertSms.body).toContain('Ahmed Khan');
    const told = await h.twilio.waitForMessage((m) => m.to === '+14155550124' && m.body.includes('Sam Okafor'), 20_000);
    expect(told.body).toContain('supervisor');

    const view = await vi.waitFor(async () => {
      const got = await h.api('GET', `/v1/commitments/${res.body.id}`);
      expect(got.body.timeline.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['supervisor_alerted', 'customer_told_escalated']));
      return got.body;
    }, WAIT);
    expect(view.status).toBe('escalated');
    expect(view.timeline.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['created', 'customer_recap_sent', 'lapsed', 'escalated']));

    // The Temporal UI finds it by its owner and the deadline it was promised with, search
    // attributes set at the start (no upsert: each is a billed action, and no query of ours needs one).
    const found = await vi.waitFor(async () => {
      for await (const wf of h.client.workflow.list({
        query: `FollowthroughOwner = "agent-dana" AND ExecutionStatus = "Running" AND TaskQueue = "${h.taskQueue}"`,
      })) {
        if (wf.workflowId === res.body.workflowId) return wf;
      }
      throw new Error('the escalated commitment is not in visibility yet');
    }, WAIT);
    expect(found.typedSearchAttributes.get(SEARCH_ATTRIBUTES.dueAt)?.toISOString()).toBe(res.body.dueAt);

    const late = await h.api('POST', `/v1/commitments/${res.body.id}/fulfil`, { body: { resolution: 'Refunded' } });
    expect(late.status).toBe(409);
    expect(late.body.detail).toContain('escalated');
  });
});

describe('a commitment fulfilled in time', () => {
  it('sends the customer what was done and what comes next, and never escalates', async () => {
    const customer = { name: 'Lena Fischer', phone: '+14155550125', email: 'lena@example.com', timezone: 'Asia/Kolkata' };
    // Asked whether it is resolved 4 s after fulfilment: after the original deadline, whenever it was fulfilled.
    const res = await h.api('POST', '/v1/commitments', { body: commitmentBody({ dueIn: 'PT4S', confirmAfter: 'PT4S', customer }) });
    expect(res.status).toBe(201);
    await h.twilio.waitForMessage((m) => m.to === customer.phone, 15_000);

    const nextContactAt = new Date(Date.now() + 24 * 3600_000);
    nextContactAt.setUTCSeconds(0, 0);
    const done = await h.api('POST', `/v1/commitments/${res.body.id}/fulfil`, {
      body: {
        resolution: 'Refunded the duplicate charge of $42.10',
        pending: 'The bank takes 3-5 days to show it',
        nextContactAt: nextContactAt.toISOString(),
      },
    });
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('fulfilled');
    expect(done.body.fulfilment.onTime).toBe(true);

    const recap = await h.smtp.waitForMail((m) => m.to.includes(customer.email) && m.subject.startsWith('Done'), 15_000);
    expect(recap.text).toContain('Refunded the duplicate charge of $42.10');
    expect(recap.text).toContain('3-5 days');
    expect(recap.text).toContain(kolkataClock(nextContactAt));

    // The question comes after the original deadline; a lapse at the deadline would have escalated it
    // instead, and its alert would have been scheduled before the question.
    await h.smtp.waitForMail((m) => m.to.includes(customer.email) && m.subject.startsWith('Is it fully sorted'), 15_000);
    const view = await vi.waitFor(async () => {
      const got = await h.api('GET', `/v1/commitments/${res.body.id}`, { key: SUPERVISOR_KEY });
      expect(got.body.timeline.map((e: { type: string }) => e.type)).toContain('satisfaction_asked');
      return got.body;
    }, WAIT);
    expect(Date.parse(view.timeline.find((e: { type: string }) => e.type === 'satisfaction_asked').at)).toBeGreaterThan(Date.parse(res.body.dueAt));
    expect(view.status).toBe('fulfilled');
    const types = view.timeline.map((e: { type: string }) => e.type);
    expect(types).not.toContain('lapsed');
    expect(types).not.toContain('escalated');
    expect((await sendsOf(h.client, res.body.workflowId)).map((s) => s.purpose)).not.toContain('supervisor_alert');
    expect(h.smtp.mails.filter((m) => m.to.includes('sam@support.example') && m.subject.includes('Lena Fischer'))).toEqual([]);

    const again = await h.api('POST', `/v1/commitments/${res.body.id}/fulfil`, { body: { resolution: 'Again' } });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ type: '/problems/invalid-transition', status: 409 });
    expect(again.body.detail).toContain('fulfilled');
  });
});

describe('reading commitments', () => {
  it('answers 404 for an unknown id', async () => {
    const res = await h.api('GET', '/v1/commitments/cmt_000000000000000000000000');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });
});

describe('what a lapse asks of Temporal', () => {
  it('writes the read model inside workflow tasks and queues the supervisor alert ahead of customer messages', async () => {
    const res = await h.api('POST', '/v1/commitments', { body: commitmentBody({ dueIn: 'PT1S' }) });
    expect(res.status).toBe(201);
    await expect.poll(() => timelineTypes(res.body.id), WAIT).toContain('supervisor_alerted');

    const history = await h.client.workflow.getHandle(res.body.workflowId).fetchHistory();
    const scheduled = (history.events ?? []).flatMap((e) => (e.activityTaskScheduledEventAttributes ? [e.activityTaskScheduledEventAttributes] : []));
    const markers = (history.events ?? []).filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity');
    // Every write to the read model ran as a local activity: no task on the queue, no round trip.
    expect(scheduled.map((a) => a.activityType?.name)).not.toContain('recordCommitment');
    expect(markers.length).toBeGreaterThanOrEqual(3);

    const sends = await sendsOf(h.client, res.body.workflowId);
    // One activity per message, on every channel at once.
    const alerts = sends.filter((s) => s.purpose === 'supervisor_alert');
    expect(alerts.map((s) => [...s.channels].sort())).toEqual([['email', 'sms']]);
    expect(alerts.every((s) => s.priorityKey === 1)).toBe(true);
    const others = sends.filter((s) => s.purpose !== 'supervisor_alert');
    expect(others.map((s) => s.purpose)).toEqual(expect.arrayContaining(['customer_recap', 'customer_escalated']));
    expect(others.every((s) => !s.priorityKey)).toBe(true);
  });
});
