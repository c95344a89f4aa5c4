import { describe, expect, it } from 'vitest';
import { addTestStaff, commitmentBody, setTeamPolicy, SUPERVISOR_KEY, useHarness } from '../../support/harness';

const h = useHarness({ env: { BRAND_NAME: 'Acme Repairs', HELP_CONTACT: '+1 415 555 0100' } });

const smsRow = async (sid: string) => (await h.db.pool.query('SELECT status, recipient_role FROM notifications WHERE provider_id = $1', [sid])).rows[0];
const timeline = async (id: string) =>
  (await h.api('GET', `/v1/commitments/${id}`, { key: SUPERVISOR_KEY })).body.timeline as { type: string; detail: string }[];

describe('the HELP reply', () => {
  it('names the business from BRAND_NAME and the contact from HELP_CONTACT', async () => {
    const res = await h.sms('+14155550188', 'HELP');
    expect(res.status).toBe(200);
    expect(res.reply).toContain('Acme Repairs');
    expect(res.reply).toContain('+1 415 555 0100');
  });
});

describe('delivery status callbacks', () => {
  it('move a text forward only: sent, then delivered; a late "sent" does not move it back', async () => {
    const customer = { name: 'Lena Vogel', phone: '+14155550191', timezone: 'Europe/Berlin' };
    await h.api('POST', '/v1/commitments', { body: commitmentBody({ customer, dueIn: 'PT2H' }) });
    const text = await h.twilio.waitForMessage((m) => m.to === customer.phone, 15_000);
    await expect.poll(async () => (await smsRow(text.sid))?.status, { timeout: 15_000 }).toBe('accepted');
    expect(await h.smsStatus(text.sid, 'sent')).toBe(204);
    expect((await smsRow(text.sid)).status).toBe('sent');
    expect(await h.smsStatus(text.sid, 'delivered')).toBe(204);
    expect(await h.smsStatus(text.sid, 'sent')).toBe(204);
    expect((await smsRow(text.sid)).status).toBe('delivered');
  });

  it('report a staff alert Twilio could not deliver to the workflow: a level reachable only by text moves the chain on at once', async () => {
    const textOnly = { id: 'lead-tom', name: 'Tom Berg', phone: '+14155550192' };
    const next = { id: 'head-ada', name: 'Ada Moss', email: 'ada@support.example' };
    const customer = { name: 'Kai Ito', email: 'kai@example.com', timezone: 'Asia/Tokyo' };
    await addTestStaff(h.db.pool, { ...textOnly, role: 'supervisor' });
    await addTestStaff(h.db.pool, { ...next, role: 'supervisor' });
    await setTeamPolicy(h.db.pool, [
      { staff: textOnly.id, within: 30 * 60_000 },
      { staff: next.id, within: 30 * 60_000 },
    ]);
    const res = await h.api('POST', '/v1/commitments', { body: commitmentBody({ customer, dueIn: 'PT1S' }) });
    expect(res.status).toBe(201);
    const alert = await h.twilio.waitForMessage((m) => m.to === textOnly.phone, 20_000);
    await expect.poll(async () => (await smsRow(alert.sid))?.status, { timeout: 15_000 }).toBe('accepted');
    expect(await h.smsStatus(alert.sid, 'undelivered', '30003')).toBe(204);
    // Long before Tom's 30 minutes are up, Ada is alerted.
    await h.smtp.waitForMail((m) => m.to.includes(next.email) && m.subject.includes('Kai Ito'), 20_000);
    const events = await timeline(res.body.id);
    expect(events.some((e) => e.type === 'notification_failed' && e.detail.includes('30003'))).toBe(true);
    expect(events.find((e) => e.type === 'escalation_unreached')?.detail).toBe(
      'Could not reach Tom Berg on any channel (the text was undelivered (Twilio error 30003)); the next level is alerted at once.',
    );
  });
});
