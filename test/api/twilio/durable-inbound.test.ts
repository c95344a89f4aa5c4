import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { commitmentBody, useHarness } from '../../support/harness';
import { useDatabaseProxy } from '../../support/tcp-proxy';

// The app (API and worker) reaches Postgres through a proxy the tests can take down; the tests
// themselves read the database directly.
const postgres = useDatabaseProxy();
const h = useHarness({ databaseUrl: postgres.databaseUrl });

let n = 0;
async function create() {
  n += 1;
  const customer = {
    name: `Durable ${n}`,
    phone: `+1415555${String(7100 + n).padStart(4, '0')}`,
    email: `durable${n}@example.com`,
    timezone: 'America/Denver',
  };
  const res = await h.api('POST', '/v1/commitments', { body: commitmentBody({ customer, dueIn: 'PT2H' }) });
  expect(res.status).toBe(201);
  await h.twilio.waitForMessage((m) => m.to === customer.phone, 15_000);
  return { id: res.body.id as string, customer };
}
const timeline = async (id: string) =>
  ((await h.db.pool.query('SELECT type FROM commitment_events WHERE commitment_id = $1 ORDER BY seq', [id])).rows as { type: string }[]).map((e) => e.type);
const optedOut = async (phone: string) => (await h.db.pool.query('SELECT 1 FROM sms_opt_outs WHERE phone = $1', [phone])).rowCount;

describe('durable inbound texts', () => {
  it('answers a repeated MessageSid with the stored reply and acts on it once', async () => {
    const { id, customer } = await create();
    const sid = `SM${randomUUID().replace(/-/g, '')}`;
    const first = await h.sms(customer.phone, 'Please call after 5pm', { sid });
    const again = await h.sms(customer.phone, 'Please call after 5pm', { sid });
    expect(first.status).toBe(200);
    expect(again).toEqual(first);
    expect(first.reply).toContain('passed your message to Dana Reyes');
    await expect.poll(async () => (await timeline(id)).filter((t) => t === 'customer_message').length, { timeout: 15_000 }).toBe(1);
    // A later text from the same customer is a new message: it proves the repeat was seen and dropped.
    await h.sms(customer.phone, 'Or tomorrow morning');
    await expect.poll(async () => (await timeline(id)).filter((t) => t === 'customer_message').length, { timeout: 15_000 }).toBe(2);
    const stored = await h.db.pool.query('SELECT reply, processed_at FROM inbound_messages WHERE message_sid = $1', [sid]);
    expect(stored.rows[0].reply).toContain('Dana Reyes');
  });

  it('refuses a signed webhook whose body is JSON, or lacks Twilio’s fields, with 400 naming them', async () => {
    const json = await h.postSigned(
      '/v1/webhooks/twilio/sms',
      {},
      { raw: JSON.stringify({ From: '+14155550100', Body: 'hi' }), contentType: 'application/json' },
    );
    expect(json.status).toBe(400);
    expect(
      JSON.parse(json.reply)
        .errors.map((e: { pointer: string }) => e.pointer)
        .sort(),
    ).toEqual(['/From', '/MessageSid']);
    const partial = await h.postSigned('/v1/webhooks/twilio/status', { MessageSid: 'SM123' });
    expect(partial.status).toBe(400);
    expect(JSON.parse(partial.reply).errors).toEqual([{ pointer: '/MessageStatus', detail: 'is required' }]);
  });

  it('honours a STOP received while the app’s Postgres is down, once Postgres is back', async () => {
    const { id, customer } = await create();
    await postgres.proxy.stop();
    try {
      const stop = await h.sms(customer.phone, 'STOP');
      expect(stop.status).toBe(200);
      // Kept in Temporal, not yet in Postgres.
      expect(await optedOut(customer.phone)).toBe(0);
      const consent = await h.client.workflow.getHandle(`sms-consent-${customer.phone}`).describe();
      expect(consent.status.name).toBe('RUNNING');
    } finally {
      await postgres.proxy.start();
    }
    await expect.poll(() => optedOut(customer.phone), { timeout: 45_000, interval: 250 }).toBe(1);
    await expect.poll(async () => (await timeline(id)).includes('sms_opted_out'), { timeout: 30_000 }).toBe(true);
  }, 90_000);

  it('keeps an opt-out in other words ("Stop please") in Temporal while Postgres is down, and confirms it itself', async () => {
    const { id, customer } = await create();
    await postgres.proxy.stop();
    try {
      const stop = await h.sms(customer.phone, 'Stop please');
      expect(stop.status).toBe(200);
      expect(stop.reply).toContain("you won't get more texts from us. Reply START to get them again.");
      const consent = await h.client.workflow.getHandle(`sms-consent-${customer.phone}`).describe();
      expect(consent.status.name).toBe('RUNNING');
    } finally {
      await postgres.proxy.start();
    }
    await expect.poll(() => optedOut(customer.phone), { timeout: 45_000, interval: 250 }).toBe(1);
    await expect.poll(async () => (await timeline(id)).includes('sms_opted_out'), { timeout: 30_000 }).toBe(true);
  }, 90_000);

  it('gives the words of an unsure opt-out made while Postgres is down to the owner once it is back', async () => {
    const { id, customer } = await create();
    await postgres.proxy.stop();
    try {
      const stop = await h.sms(customer.phone, 'stop texting me, I already paid');
      expect(stop.status).toBe(200);
      expect(stop.reply).toContain("you won't get more texts from us");
    } finally {
      await postgres.proxy.start();
    }
    await expect.poll(() => optedOut(customer.phone), { timeout: 45_000, interval: 250 }).toBe(1);
    const words = 'stop texting me, I already paid';
    const forward = await h.smtp.waitForMail((m) => m.to.includes('dana@support.example') && m.text.includes(words), 45_000);
    expect(forward.subject).toContain('read as an opt-out');
    const sql = "SELECT 1 FROM commitment_events WHERE commitment_id = $1 AND type = 'note' AND detail LIKE 'Read as a request to stop%'";
    const noted = async () => (await h.db.pool.query(sql, [id])).rowCount;
    await expect.poll(noted, { timeout: 30_000 }).toBe(1);
    expect(await timeline(id)).toContain('sms_opted_out');
  }, 120_000);

  it('texts nobody whose STOP Temporal still holds: an extension made as Postgres returns goes by email, and its text waits for the STOP and is dropped', async () => {
    const { id, customer } = await create();
    const consent = h.client.workflow.getHandle(`sms-consent-${customer.phone}`);
    await postgres.proxy.stop();
    try {
      expect((await h.sms(customer.phone, 'STOP')).status).toBe(200);
      // Postgres stays down until the consent workflow's retries have backed off to seconds apart,
      // so the extension below reaches the commitment well before the STOP is written.
      await expect
        .poll(async () => (await consent.describe()).raw.pendingActivities?.[0]?.attempt ?? 0, { timeout: 30_000, interval: 200 })
        .toBeGreaterThanOrEqual(4);
    } finally {
      await postgres.proxy.start();
    }
    expect((await h.api('POST', `/v1/commitments/${id}/extend`, { body: { dueIn: 'PT3H', reason: 'waiting on the bank' } })).status).toBe(200);
    await h.smtp.waitForMail((m) => m.to.includes(customer.email) && m.subject.startsWith('New time:'), 20_000);
    await expect.poll(() => optedOut(customer.phone), { timeout: 45_000, interval: 250 }).toBe(1);
    // The extension's delivery has finished once the workflow has nothing left to run.
    await expect
      .poll(async () => (await h.client.workflow.getHandle(`commitment-${id}`).describe()).raw.pendingActivities?.length ?? 0, {
        timeout: 30_000,
        interval: 250,
      })
      .toBe(0);
    expect(h.twilio.messages.filter((m) => m.to === customer.phone)).toHaveLength(1);
  }, 120_000);
});
