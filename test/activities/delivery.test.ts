import { beforeEach, describe, expect, it, vi } from 'vitest';
import { addTestStaff, commitmentBody, useHarness } from '../support/harness';
import { sendsFinished } from '../support/history';

const h = useHarness();
beforeEach(() => {
  h.smtp.reset();
  h.twilio.reset();
});

const WAIT = { timeout: 20_000, interval: 100 };

async function notification(commitmentId: string, purpose: string, channel: string) {
  const { rows } = await h.db.pool.query<{ status: string; attempts: number; provider_id: string | null; error: string | null }>(
    'SELECT status, attempts, provider_id, error FROM notifications WHERE commitment_id = $1 AND purpose = $2 AND channel = $3',
    [commitmentId, purpose, channel],
  );
  return rows[0];
}

describe('message delivery', () => {
  it('delivers a recap exactly once when the SMTP server answers 451 first and then accepts', async () => {
    // An owner reachable by text only: the one mail is the customer's recap.
    const key = await addTestStaff(h.db.pool, { id: 'agent-text', name: 'Tess Reyes', phone: '+14155550153' });
    h.smtp.rejectNext(1, { code: 451, message: '4.3.0 Mailbox temporarily unavailable, try again' });
    const res = await h.api('POST', '/v1/commitments', {
      key,
      body: commitmentBody({ customer: { name: 'Tom Baker', email: 'tom@example.com', timezone: 'Europe/London' } }),
    });
    expect(res.status).toBe(201);
    await h.smtp.waitForMail((m) => m.to.includes('tom@example.com'), 20_000);
    // Once the recap's activity has completed, Temporal tries it no more: any second copy is here by now.
    expect(await sendsFinished(h.client, res.body.workflowId, 'customer_recap')).toEqual([expect.objectContaining({ outcome: 'completed' })]);
    const row = await notification(res.body.id, 'customer_recap', 'email');
    expect(row).toMatchObject({ status: 'accepted', attempts: 2 });
    expect(row?.provider_id).toBeTruthy();
    expect(h.smtp.mails.filter((m) => m.to.includes('tom@example.com'))).toHaveLength(1);
    expect(h.smtp.attempts).toBe(2);
  });

  it('does not retry an SMS Twilio refuses with 21211, records why, and still emails the customer', async () => {
    h.twilio.failFor('+14155550177', { status: 400, code: 21211, message: "The 'To' number +14155550177 is not a valid phone number." });
    const res = await h.api('POST', '/v1/commitments', {
      body: commitmentBody({ customer: { name: 'Ines Duarte', phone: '+14155550177', email: 'ines@example.com', timezone: 'Europe/Lisbon' } }),
    });
    expect(res.status).toBe(201);
    await h.smtp.waitForMail((m) => m.to.includes('ines@example.com'), 15_000);
    // The recap's activity completed with the SMS refused: it is not retried, so one request is all there will be.
    expect(await sendsFinished(h.client, res.body.workflowId, 'customer_recap')).toEqual([expect.objectContaining({ outcome: 'completed' })]);
    expect(h.twilio.requests.filter((r) => r.form.To === '+14155550177')).toHaveLength(1);
    const row = await notification(res.body.id, 'customer_recap', 'sms');
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(row?.error).toContain('not a valid phone number');
    const timeline = await vi.waitFor(async () => {
      const got = await h.api('GET', `/v1/commitments/${res.body.id}`);
      expect(got.body.timeline.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['notification_failed', 'customer_recap_sent']));
      return got.body.timeline;
    }, WAIT);
    expect(timeline.find((e: { type: string }) => e.type === 'notification_failed').detail).toContain('not a valid phone number');
    expect(timeline.find((e: { type: string }) => e.type === 'customer_recap_sent').detail).toContain('email');
  });

  it('retries an SMS Twilio answered with 429 and delivers it once', async () => {
    h.twilio.failNext(1, { status: 429 });
    const res = await h.api('POST', '/v1/commitments', {
      body: commitmentBody({ customer: { name: 'Kai Sato', phone: '+14155550178', timezone: 'Asia/Tokyo' } }),
    });
    expect(res.status).toBe(201);
    await h.twilio.waitForMessage((m) => m.to === '+14155550178', 15_000);
    const row = await vi.waitFor(async () => {
      const n = await notification(res.body.id, 'customer_recap', 'sms');
      expect(n?.status).toBe('accepted');
      return n!;
    }, WAIT);
    expect(row.attempts).toBe(2);
    expect(h.twilio.messages.filter((m) => m.to === '+14155550178')).toHaveLength(1);
  });
});
