/**
 * The bounds on customer messages across commitments (docs/security.md, "Bounds on messages per
 * recipient and per key"), through the real API, worker, Temporal, Postgres, Twilio and SMTP
 * servers: per number over an hour and a day, per creating key, the create's warning, and
 * repeat-contact alerts folded into one per customer. Bounds low enough to reach in a test: five
 * texts an hour and twelve a day to a number, eight messages an hour per key.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { seriousViolations, signInWithKey, useBrowser } from '../support/browser';
import { addTestStaff, commitmentBody, useHarness } from '../support/harness';
import { WAIT } from '../support/commitment-view';

const h = useHarness({
  env: {
    CUSTOMER_MESSAGES_PER_RECIPIENT_PER_HOUR: '5',
    CUSTOMER_MESSAGES_PER_RECIPIENT_PER_DAY: '12',
    CUSTOMER_MESSAGES_PER_KEY_PER_HOUR: '8',
    CUSTOMER_MESSAGES_PER_KEY_PER_DAY: '1000',
  },
});
const browser = useBrowser();

const SAM = { phone: '+14155550199', email: 'sam@support.example' };
const ZONE = 'America/Chicago';
let numbers = Math.floor(Math.random() * 5000);
/** A number no other test in this file texts. */
const newPhone = () => `+1628555${String(++numbers % 10_000).padStart(4, '0')}`;

/** An agent of team Support (Sam supervises) with a key of their own: what one test's key causes is its own. */
async function newAgent() {
  const id = `agent-${randomUUID().slice(0, 8)}`;
  const email = `${id}@support.example`;
  return { id, email, key: await addTestStaff(h.db.pool, { id, name: `Agent ${id.slice(6)}`, email }) };
}

function create(key: string, customer: Record<string, string>, summary = 'Call you back', headers: Record<string, string> = {}) {
  // A retry sends the same body: the reference, which is otherwise new with each body, is the key's.
  const retry = headers['Idempotency-Key'];
  return h.api('POST', '/v1/commitments', {
    key,
    headers,
    body: commitmentBody({ customer, summary, dueIn: 'PT2H', ...(retry ? { externalRef: retry } : {}) }),
  });
}

type Row = { commitment_id: string; type: string; detail: string };
/** The timeline entries of these commitments, as the read model holds them. */
async function timeline(ids: string[]): Promise<Row[]> {
  const sql = 'SELECT commitment_id, type, detail FROM commitment_events WHERE commitment_id = ANY($1) ORDER BY commitment_id, seq';
  return (await h.db.pool.query<Row>(sql, [ids])).rows;
}

/** Texts the Twilio server took for this number. */
const textsTo = (phone: string) => h.twilio.requests.filter((r) => r.path.endsWith('/Messages.json') && r.form.To === phone && r.status === 201);
const NOT_SENT_HOUR = new RegExp(
  '^SMS to the customer not sent: this number already had 5 texts from us in the last hour, across all commitments: ' +
    '.*\\(CUSTOMER_MESSAGES_PER_RECIPIENT_PER_HOUR\\)',
);
const notSent = (setting: string) => (e: Row) => e.type === 'notification_failed' && e.detail.includes(`(${setting})`);

describe('one number, one key, a burst of creates', () => {
  it('texts the number at most the hourly bound, keeps all 40 promises, warns of each held recap, pages the supervisor once', async () => {
    const agent = await newAgent();
    const customer = { name: `Burst ${randomUUID().slice(0, 6)}`, phone: newPhone(), timezone: ZONE };
    // The customer called three times this morning, then a script made 37 more at once. The three
    // come first so the repeat-contact count is known for the burst: creates that run together do
    // not see each other's counts, however the machine schedules them.
    const summary = (i: number) => `Call you back about charge ${i + 1}`;
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await create(agent.key, customer, summary(i)));
    answers.push(...(await Promise.all(Array.from({ length: 37 }, (_, i) => create(agent.key, customer, summary(i + 3))))));
    expect(answers.map((a) => a.status)).toEqual(Array(40).fill(201));
    const ids = answers.map((a) => a.body.id as string);
    expect(new Set(ids).size).toBe(40);

    // Five recaps went; the other 35 answers say, before any workflow has run, that theirs will not.
    const warned = answers.filter((a) => a.body.warnings);
    expect(warned).toHaveLength(35);
    for (const a of warned) {
      const detail = expect.stringMatching(/^The recap will not be texted to the customer: this number already had 5 texts /);
      expect(a.body.warnings).toEqual([{ code: 'recipient_hour', channel: 'sms', detail }]);
      expect(a.body.warnings[0].detail).toContain('CUSTOMER_MESSAGES_PER_RECIPIENT_PER_HOUR');
    }
    const unwarned = answers.filter((a) => !a.body.warnings).map((a) => a.body.id as string);

    // Every recap decided: sent for the five, "not sent" with the reason in the 35 others' timelines.
    const decided = (e: Row) => e.type === 'customer_recap_sent' || NOT_SENT_HOUR.test(e.detail);
    await expect.poll(async () => (await timeline(ids)).filter(decided).length, WAIT).toBe(40);
    const events = await timeline(ids);
    const idsOf = (rows: Row[]) => rows.map((e) => e.commitment_id).sort();
    expect(idsOf(events.filter((e) => e.type === 'customer_recap_sent'))).toEqual(unwarned.sort());
    expect(idsOf(events.filter((e) => NOT_SENT_HOUR.test(e.detail)))).toEqual(warned.map((a) => a.body.id).sort());
    expect(textsTo(customer.phone)).toHaveLength(5);
    // Held back is not unreachable: nobody tells the owner the customer could not be reached.
    expect(events.filter((e) => e.type === 'customer_unreachable')).toEqual([]);
    // Messages to staff are never bounded: the owner has every confirmation.
    await expect.poll(() => h.smtp.mails.filter((m) => m.to.includes(agent.email)).length, WAIT).toBe(40);

    // Repeat contact: each flagged commitment's alert decided, one sent, the rest folded into it.
    const flaggedRows = events.filter((e) => e.type === 'repeat_contact' && e.detail.startsWith("This customer's"));
    const flagged = new Set(idsOf(flaggedRows));
    // The third (two before it) and every one of the burst (at least three before each).
    expect([...flagged].sort()).toEqual(ids.slice(2).sort());
    const alertRows = async () => {
      const sql = `SELECT commitment_id, status FROM notifications
                   WHERE purpose = 'repeat_contact_alert' AND commitment_id = ANY($1)`;
      return (await h.db.pool.query<{ commitment_id: string; status: string }>(sql, [ids])).rows;
    };
    const settled = async () => (await alertRows()).filter((r) => !['pending', 'sending', 'retrying'].includes(r.status)).length;
    await expect.poll(settled, WAIT).toBe(2 * flagged.size);
    const alerted = [...new Set((await alertRows()).filter((r) => r.status !== 'folded').map((r) => r.commitment_id))];
    expect(alerted).toHaveLength(1);
    expect((await alertRows()).filter((r) => r.status === 'folded')).toHaveLength(2 * (flagged.size - 1));
    const about = (text: string) => text.includes(customer.name);
    expect(h.twilio.messages.filter((m) => m.to === SAM.phone && m.body.includes('REPEAT CONTACT') && about(m.body))).toHaveLength(1);
    const mails = h.smtp.mails.filter((m) => m.to.includes(SAM.email) && m.subject.startsWith('Repeat contact:') && about(m.subject));
    expect(mails).toHaveLength(1);
    const folded = (e: Row) => e.type === 'repeat_contact' && e.detail.startsWith('Repeat-contact alert not sent');
    const folds = (await timeline(ids)).filter(folded);
    expect(folds).toHaveLength(flagged.size - 1);
    expect(folds[0]?.detail).toContain(`(commitment ${alerted[0]})`);

    // An escalation alert is never bounded nor folded: Sam, who has had this customer's repeat-contact
    // alert, is paged when one of the 35 is escalated.
    const note = 'Customer says the branch keeps hanging up on them.';
    const body = { reason: 'manager_request', note };
    expect((await h.api('POST', `/v1/commitments/${warned[0]!.body.id}/escalate`, { key: agent.key, body })).status).toBe(200);
    await h.twilio.waitForMessage((m) => m.to === SAM.phone && m.body.includes('ESCALATED to you') && about(m.body), 15_000);
    await h.smtp.waitForMail((m) => m.to.includes(SAM.email) && m.subject.startsWith('Escalated') && about(m.subject), 15_000);
  });
});

describe('one key, many numbers', () => {
  it('stops the customer messages one key causes at CUSTOMER_MESSAGES_PER_KEY_PER_HOUR, while another key goes on', async () => {
    const agent = await newAgent();
    const customers = Array.from({ length: 10 }, (_, i) => ({ name: `Keyed ${i}`, phone: newPhone(), timezone: ZONE }));
    const answers: Awaited<ReturnType<typeof create>>[] = [];
    for (const customer of customers) answers.push(await create(agent.key, customer));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(201));
    expect(answers.slice(0, 8).map((a) => a.body.warnings)).toEqual(Array(8).fill(undefined));
    for (const a of answers.slice(8)) {
      const detail = expect.stringContaining('already caused 8 customer messages in the last hour');
      expect(a.body.warnings).toEqual([{ code: 'key_hour', channel: 'sms', detail }]);
      expect(a.body.warnings[0].detail).toContain('(CUSTOMER_MESSAGES_PER_KEY_PER_HOUR)');
    }
    const ids = answers.map((a) => a.body.id as string);
    const keyBound = notSent('CUSTOMER_MESSAGES_PER_KEY_PER_HOUR');
    const decided = (e: Row) => e.type === 'customer_recap_sent' || keyBound(e);
    await expect.poll(async () => (await timeline(ids)).filter(decided).length, WAIT).toBe(10);
    expect(
      (await timeline(ids))
        .filter(keyBound)
        .map((e) => e.commitment_id)
        .sort(),
    ).toEqual(ids.slice(8).sort());
    expect(customers.map((c) => textsTo(c.phone).length)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 0, 0]);

    // The bound is the key's: another agent's promise to the same customer is texted.
    const other = await newAgent();
    const theirs = await create(other.key, customers[9]!);
    expect(theirs.body.warnings).toBeUndefined();
    await h.twilio.waitForMessage((m) => m.to === customers[9]!.phone, 15_000);
  });
});

describe('the rolling day', () => {
  it('refuses the text past the daily bound in the last 24 hours, not counting older ones; a retried create says so again', async () => {
    const agent = await newAgent();
    const customer = { name: `Daily ${randomUUID().slice(0, 6)}`, phone: newPhone(), timezone: ZONE };
    // Eleven texts this number had over the day (none in the last hour), and six the day before.
    const hoursAgo = [...Array.from({ length: 11 }, (_, i) => 2 + i), 25, 26, 27, 28, 29, 30];
    for (const [i, hours] of hoursAgo.entries()) {
      await h.db.pool.query(
        `INSERT INTO notifications
           (key, commitment_id, purpose, occurrence, channel, recipient_role, recipient, body, status, attempts, created_at, updated_at)
         VALUES ($1, $2, 'customer_recap', '', 'sms', 'customer', $3, 'An earlier recap', 'accepted', 1,
                 now() - make_interval(hours => $4::int), now())`,
        [`seeded-${customer.phone}-${i}`, `cmt_seeded${i}`, customer.phone, hours],
      );
    }
    // A place reserved three days ago is long past every window: the next create clears it away.
    await h.db.pool.query(
      `INSERT INTO customer_message_reservations (key, commitment_id, purpose, occurrence, channel, recipient_hash, created_at)
       VALUES ($1, 'cmt_seeded_old', 'customer_recap', '', 'sms', customer_address_hash($2), now() - interval '3 days')`,
      [`seeded-old-${customer.phone}`, customer.phone],
    );
    const twelfth = await create(agent.key, customer, 'Refund the first charge');
    const old = await h.db.pool.query('SELECT 1 FROM customer_message_reservations WHERE key = $1', [`seeded-old-${customer.phone}`]);
    expect(old.rows).toEqual([]);
    expect(twelfth.body.warnings).toBeUndefined();
    await h.twilio.waitForMessage((m) => m.to === customer.phone, 15_000);

    const retryKey = { 'Idempotency-Key': `daily-${customer.phone}` };
    const thirteenth = await create(agent.key, customer, 'Refund the second charge', retryKey);
    expect(thirteenth.status).toBe(201);
    const detail = expect.stringContaining('this number already had 12 texts from us in the last 24 hours, across all');
    expect(thirteenth.body.warnings).toEqual([{ code: 'recipient_day', channel: 'sms', detail }]);
    const dayBound = notSent('CUSTOMER_MESSAGES_PER_RECIPIENT_PER_DAY');
    await expect.poll(async () => (await timeline([thirteenth.body.id])).filter(dayBound).length, WAIT).toBe(1);
    expect(textsTo(customer.phone)).toHaveLength(1);
    const sql = `SELECT status, attempts FROM notifications WHERE commitment_id = $1 AND recipient_role = 'customer'`;
    expect((await h.db.pool.query(sql, [thirteenth.body.id])).rows).toEqual([{ status: 'failed', attempts: 0 }]);

    const retried = await create(agent.key, customer, 'Refund the second charge', retryKey);
    expect([retried.status, retried.body.id, retried.body.warnings]).toEqual([201, thirteenth.body.id, thirteenth.body.warnings]);
  });
});

describe('a recap’s reserved place', () => {
  it('ends when its ledger rows are written, which count it from then on: a busy key’s bound reads no pile of old places', async () => {
    const agent = await newAgent();
    const customer = { name: 'Reserved Place', phone: newPhone(), email: `reserved-${numbers}@example.com`, timezone: ZONE };
    const made = await create(agent.key, customer);
    expect(made.status).toBe(201);
    const ledger = async () =>
      (
        await h.db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM notifications WHERE commitment_id = $1 AND purpose = 'customer_recap'", [
          made.body.id,
        ])
      ).rows[0]!.n;
    await expect.poll(ledger, { timeout: 15_000 }).toBe(2);
    const places = await h.db.pool.query('SELECT channel FROM customer_message_reservations WHERE commitment_id = $1', [made.body.id]);
    expect(places.rows).toEqual([]);
  });
});

describe('messages after the recap', () => {
  it('counts every promise’s messages to one number: of six updates at once to two promises, three go, three are not sent', async () => {
    const agent = await newAgent();
    const customer = { name: `Updates ${randomUUID().slice(0, 6)}`, phone: newPhone(), timezone: ZONE };
    const [a, b] = [await create(agent.key, customer, 'Refund the charge'), await create(agent.key, customer, 'Fix the address')];
    const ids = [a.body.id as string, b.body.id as string];
    await expect.poll(async () => (await timeline(ids)).filter((e) => e.type === 'customer_recap_sent').length, WAIT).toBe(2);
    const update = (id: string, i: number) =>
      h.api('POST', `/v1/commitments/${id}/updates`, { key: agent.key, body: { text: `Progress note ${i + 1}: the bank is on it.` } });
    const updates = await Promise.all([...ids, ...ids, ...ids].map(update));
    expect(updates.map((u) => u.status)).toEqual(Array(6).fill(200));
    const sent = (e: Row) => e.type === 'customer_message' && e.detail.startsWith('Update sent');
    const decided = (e: Row) => sent(e) || NOT_SENT_HOUR.test(e.detail);
    await expect.poll(async () => (await timeline(ids)).filter(decided).length, WAIT).toBe(6);
    expect((await timeline(ids)).filter((e) => NOT_SENT_HOUR.test(e.detail))).toHaveLength(3);
    expect(textsTo(customer.phone)).toHaveLength(5);
    expect((await timeline(ids)).filter((e) => e.type === 'customer_unreachable')).toEqual([]);
  });
});

describe('the create form', () => {
  it('shows the agent, after creating, that the recap will not be texted and why', async () => {
    const agent = await newAgent();
    const customer = { name: 'Form Filler', phone: newPhone(), timezone: ZONE };
    // The number has had its five texts this hour.
    for (let i = 0; i < 5; i++) expect((await create(agent.key, customer)).body.warnings).toBeUndefined();
    const context = await browser().context();
    const page = await context.newPage();
    await signInWithKey(page, h.baseUrl, agent.key, '/new');
    await page.getByLabel('Name').fill(customer.name);
    await page.getByLabel('Mobile phone').fill(customer.phone);
    await page.getByLabel('Their time zone').fill(ZONE);
    await page.getByLabel("What you promised, in the customer's words").fill('Call you back about the sixth charge');
    await page.getByRole('button', { name: 'Create commitment' }).click();
    const warning = page.locator('.readback [role="alert"]');
    await warning.waitFor();
    const said = await warning.textContent();
    expect(said).toMatch(/^The recap will not be texted to the customer: this number already had 5 texts from us in the last hour/);
    expect(said).toContain('(CUSTOMER_MESSAGES_PER_RECIPIENT_PER_HOUR)');
    expect(await page.locator('.readback blockquote').textContent()).toContain('will call you back about the sixth charge by');
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });
});
