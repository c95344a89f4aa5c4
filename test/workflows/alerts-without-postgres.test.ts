/**
 * A staff alert does not wait for Postgres: with the app's Postgres unreachable at the deadline,
 * the supervisor is alerted within seconds, the customer's notice waits for the opt-out ledger,
 * and the ledger and the read model catch up once Postgres is back (docs/architecture.md,
 * "Messages at least once").
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { claimNotification, recordLate } from '../../src/db/notifications';
import type { LedgerEntry } from '../../src/shared/messages';
import { commitmentBody, SUPERVISOR_KEY, useHarness } from '../support/harness';
import { sendsFinished } from '../support/history';
import { useDatabaseProxy } from '../support/tcp-proxy';

// The app (API and worker) reaches Postgres through a proxy the tests take down; the tests read the database directly.
const postgres = useDatabaseProxy();
const h = useHarness({ databaseUrl: postgres.databaseUrl });
beforeEach(() => {
  h.smtp.reset();
  h.twilio.reset();
});

/** The team's supervisor in the test directory: the default chain's only level alerts them. */
const sam = { phone: '+14155550199', email: 'sam@support.example' };
/** How soon after the deadline the first alert must be out, Postgres or not (the bar). */
const ALERT_WITHIN_MS = 5_000;
/** How long the tests keep Postgres away while they wait for the alert: far beyond the bar. */
const DOWN_AT_MOST_MS = 20_000;

let n = 0;
function customer() {
  n += 1;
  const phone = `+1415555${String(7300 + n).padStart(4, '0')}`;
  return { name: `Unreachable ${n}`, phone, email: `pgdown${n}@example.com`, timezone: 'America/Denver' };
}

/** Waits until the workflow has nothing left to run: every send, write and late ledger write is done. */
async function idle(workflowId: string) {
  const pending = async () => (await h.client.workflow.getHandle(workflowId).describe()).raw.pendingActivities?.length ?? 0;
  await expect.poll(pending, { timeout: 60_000, interval: 250 }).toBe(0);
}

/** A commitment due in a few seconds, its recap delivered (so Postgres goes down between the recap and the deadline). */
async function dueSoon() {
  const who = customer();
  const res = await h.api('POST', '/v1/commitments', { body: commitmentBody({ customer: who, dueIn: 'PT6S' }) });
  expect(res.status).toBe(201);
  // Sent and recorded: nothing of the recap is left to Postgres's outage.
  await idle(res.body.workflowId);
  expect(await sendsFinished(h.client, res.body.workflowId, 'customer_recap')).toEqual([expect.objectContaining({ outcome: 'completed' })]);
  return { id: res.body.id as string, workflowId: res.body.workflowId as string, dueAt: Date.parse(res.body.dueAt), who };
}

async function ledger(commitmentId: string, purpose: string) {
  const { rows } = await h.db.pool.query<{ channel: string; status: string; provider_id: string | null; resends: number }>(
    'SELECT channel, status, provider_id, resends FROM notifications WHERE commitment_id = $1 AND purpose = $2 ORDER BY channel',
    [commitmentId, purpose],
  );
  return rows;
}

/** Attempts of the commitment's deliver activities still being tried. */
async function pendingSends(workflowId: string): Promise<number[]> {
  const pending = (await h.client.workflow.getHandle(workflowId).describe()).raw.pendingActivities ?? [];
  return pending.filter((a) => a.activityType?.name === 'deliverMessage').map((a) => a.attempt ?? 0);
}

/** Sam's text and email, each within the bar after the deadline. */
async function alertedInTime(dueAt: number): Promise<void> {
  const [text, mail] = await Promise.all([
    h.twilio.waitForMessage((m) => m.to === sam.phone, dueAt - Date.now() + DOWN_AT_MOST_MS),
    h.smtp.waitForMail((m) => m.to.includes(sam.email), dueAt - Date.now() + DOWN_AT_MOST_MS),
  ]);
  expect((text.receivedAt ?? Infinity) - dueAt).toBeLessThan(ALERT_WITHIN_MS);
  expect((mail.receivedAt ?? Infinity) - dueAt).toBeLessThan(ALERT_WITHIN_MS);
}

describe('a staff alert while the app’s Postgres is down', () => {
  it('reaches the supervisor by text and email within seconds of the deadline, while the customer’s notice waits; the ledger and the read model catch up once Postgres is back', async () => {
    const { id, workflowId, dueAt, who } = await dueSoon();
    const toCustomer = () => h.twilio.messages.filter((m) => m.to === who.phone).length + h.smtp.mails.filter((m) => m.to.includes(who.email)).length;
    await postgres.proxy.stop();
    let backAt = Infinity;
    try {
      await alertedInTime(dueAt);
      // The customer's notice was tried and waits for the opt-out ledger: an attempt failed, none went out.
      const mostAttempts = async () => Math.max(0, ...(await pendingSends(workflowId)));
      await expect.poll(mostAttempts, { timeout: 15_000, interval: 200 }).toBeGreaterThanOrEqual(2);
      expect(toCustomer()).toBe(2); // the recap's text and email only
      const alert = await sendsFinished(h.client, workflowId, 'supervisor_alert');
      expect(alert).toEqual([expect.objectContaining({ outcome: 'completed', priorityKey: 1 })]);
    } finally {
      backAt = Date.now();
      await postgres.proxy.start();
    }
    const [text] = h.twilio.messages.filter((m) => m.to === sam.phone);
    const [mail] = h.smtp.mails.filter((m) => m.to.includes(sam.email));
    expect(Math.max(text?.receivedAt ?? Infinity, mail?.receivedAt ?? Infinity)).toBeLessThan(backAt);

    await h.twilio.waitForMessage((m) => m.to === who.phone && m.body.includes('now owns'), 60_000);
    await h.smtp.waitForMail((m) => m.to.includes(who.email) && m.subject.startsWith('A supervisor now owns'), 60_000);
    await idle(workflowId);
    const rows = await ledger(id, 'supervisor_alert');
    expect(rows.map((r) => r.channel)).toEqual(['email', 'sms']);
    // Accepted, or further along if Twilio's status callback found the row.
    expect(['accepted', 'sent', 'delivered']).toContain(rows[1]?.status);
    expect(rows[1]?.provider_id).toBe(text?.sid);
    expect(rows[0]).toMatchObject({ status: 'accepted', resends: 0 });
    expect(rows[0]?.provider_id).toBeTruthy();
    const notice = (await ledger(id, 'customer_escalated')).map((r) => r.status);
    expect(notice).toEqual(['accepted', expect.stringMatching(/^(accepted|sent|delivered)$/)]);

    const view = (await h.api('GET', `/v1/commitments/${id}`, { key: SUPERVISOR_KEY })).body;
    expect(view.status).toBe('escalated');
    const timeline = view.timeline as { type: string; detail: string }[];
    expect(timeline.map((e) => e.type)).toEqual(expect.arrayContaining(['lapsed', 'supervisor_alerted', 'customer_told_escalated']));
    expect(timeline.find((e) => e.type === 'supervisor_alerted')?.detail).toMatch(/SMS and email/);
    const pinned = "Could not consult the directory for the team's supervisor; alerting Sam Okafor instead.";
    expect(timeline.map((e) => e.detail)).toContain(pinned);
    // Once each: nothing was sent twice.
    expect(h.twilio.messages.filter((m) => m.to === sam.phone)).toHaveLength(1);
    expect(h.smtp.mails.filter((m) => m.to.includes(sam.email))).toHaveLength(1);
    expect(toCustomer()).toBe(4);
  }, 120_000);

  it('does not text the supervisor again when the attempt that lost Twilio’s answer had no ledger row to say so', async () => {
    const { id, workflowId, dueAt } = await dueSoon();
    // Twilio takes the alert's text and drops the connection before it answers: the sender cannot know.
    h.twilio.script({ kind: 'hang', mode: 'destroy' }, { to: sam.phone });
    await postgres.proxy.stop();
    try {
      await h.twilio.waitForMessage((m) => m.to === sam.phone, dueAt - Date.now() + DOWN_AT_MOST_MS);
      // The retry, still without Postgres, looked in Twilio's list, found the text, and completed.
      const alert = await sendsFinished(h.client, workflowId, 'supervisor_alert', DOWN_AT_MOST_MS);
      expect(alert).toEqual([expect.objectContaining({ outcome: 'completed' })]);
      expect(h.twilio.requests.filter((r) => r.method === 'GET' && r.form.To === sam.phone).length).toBeGreaterThanOrEqual(1);
    } finally {
      await postgres.proxy.start();
    }
    await idle(workflowId);
    const texts = h.twilio.messages.filter((m) => m.to === sam.phone);
    expect(texts).toHaveLength(1);
    const sms = (await ledger(id, 'supervisor_alert')).find((r) => r.channel === 'sms');
    expect(sms?.provider_id).toBe(texts[0]?.sid);
    expect(sms?.resends).toBe(0);
    // The email went in the first attempt, and the retry did not send it again.
    expect(h.smtp.mails.filter((m) => m.to.includes(sam.email))).toHaveLength(1);
  }, 120_000);

  it('waits no longer when Postgres does not answer at all than when it refuses: the alert still leaves within seconds', async () => {
    const { id, workflowId, dueAt } = await dueSoon();
    postgres.proxy.stall();
    try {
      await alertedInTime(dueAt);
    } finally {
      await postgres.proxy.start();
    }
    await idle(workflowId);
    expect((await ledger(id, 'supervisor_alert')).map((r) => r.channel)).toEqual(['email', 'sms']);
    expect(h.twilio.messages.filter((m) => m.to === sam.phone)).toHaveLength(1);
    expect(h.smtp.mails.filter((m) => m.to.includes(sam.email))).toHaveLength(1);
  }, 120_000);
});

describe('the row of an alert sent without the ledger, written later', () => {
  const entry = (key: string, over: Partial<LedgerEntry> = {}): LedgerEntry => ({
    key,
    commitmentId: 'cmt_late',
    purpose: 'supervisor_alert',
    occurrence: '0:0',
    channel: 'sms',
    recipientRole: 'staff',
    recipientId: 'sup-sam',
    recipient: sam.phone,
    subject: null,
    body: 'ESCALATED to you: ...',
    status: 'accepted',
    providerId: `SM${key}`,
    attempts: 2,
    resent: false,
    firstAttemptAt: '2026-03-01T09:00:00.000Z',
    ...over,
  });
  const row = async (key: string) =>
    (await h.db.pool.query('SELECT status, provider_id, attempts, resends, created_at FROM notifications WHERE key = $1', [key])).rows;

  it('is written once however often the workflow retries the write, dated by the first attempt', async () => {
    const e = entry('late-once');
    await recordLate(h.db.pool, [e]);
    await recordLate(h.db.pool, [e]);
    const once = { status: 'accepted', provider_id: 'SMlate-once', attempts: 2, resends: 0, created_at: new Date(e.firstAttemptAt) };
    expect(await row(e.key)).toEqual([once]);
  });

  it('settles a row an earlier attempt claimed and never settled, and never moves back a row a status callback took further', async () => {
    const claimed = entry('late-claimed');
    expect((await claimNotification(h.db.pool, claimed)).kind).toBe('send');
    await recordLate(h.db.pool, [claimed]);
    expect(await row(claimed.key)).toEqual([expect.objectContaining({ status: 'accepted', provider_id: 'SMlate-claimed', attempts: 2 })]);

    await h.db.pool.query(`UPDATE notifications SET status = 'delivered' WHERE key = $1`, [claimed.key]);
    await recordLate(h.db.pool, [{ ...claimed, providerId: 'SMother' }]);
    expect(await row(claimed.key)).toEqual([expect.objectContaining({ status: 'delivered', provider_id: 'SMlate-claimed' })]);
  });
});
