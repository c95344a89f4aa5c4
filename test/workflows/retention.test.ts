import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRetentionActivities } from '../../src/activities/retention';
import { loadConfig } from '../../src/config';
import { recordCommitment } from '../../src/db/commitments';
import { ensureRetentionSchedule } from '../../src/retention-schedule';
import type { CommitmentFacts, CommitmentState, CommitmentStatus, TimelineEvent } from '../../src/shared/contract';
import { commitmentState, createdEvent } from '../support/commitments';
import { eventually, startHarness, SUPERVISOR_KEY, type Harness } from '../support/harness';

const DAY = 24 * 3600_000;
const now = Date.now();
const ago = (days: number) => new Date(now - days * DAY).toISOString();

/**
 * A commitment created a few days before it closed `closedDaysAgo` days ago (or never, for null),
 * with customer text in every place a commitment can hold it.
 */
function closed(name: string, status: CommitmentStatus, closedDaysAgo: number | null): CommitmentState {
  const first = name.split(' ')[0] ?? 'x';
  const facts: CommitmentFacts = {
    extensionCount: 1,
    reopenCount: 0,
    firstFulfilledAt: ago((closedDaysAgo ?? 700) + 1),
    firstFulfilledOnTime: true,
    satisfaction: { askedAt: ago((closedDaysAgo ?? 700) + 1), answer: 'yes', comment: `${first} says thanks, call her on 415 555 0199` },
  };
  if (closedDaysAgo !== null) facts.closedAt = ago(closedDaysAgo);
  if (status === 'cancelled' && closedDaysAgo !== null) facts.cancelledAt = ago(closedDaysAgo);
  const phone = `+1415555${1000 + name.length}`;
  return commitmentState({
    status,
    createdAt: ago((closedDaysAgo ?? 700) + 3),
    customer: { name, phone, email: `${first.toLowerCase()}@example.com`, timezone: 'America/Chicago' },
    summary: `Call ${name} back about the refund`,
    log: {
      trigger: 'billing_error',
      rootCause: 'bad_automation',
      neededFix: `Stop charging ${first} twice`,
      businessConstraint: `${first} is on a legacy plan`,
    },
    fulfilment: {
      resolution: `Refunded ${first}'s card ending 4242`,
      pending: `${first}'s bank takes 3 days`,
      fulfilledAt: ago((closedDaysAgo ?? 700) + 1),
      onTime: true,
    },
    ...(status === 'cancelled' ? { cancellation: { reason: `${first} moved to 12 Elm St`, at: ago(closedDaysAgo ?? 700) } } : {}),
    escalation: { reason: 'manager_request', round: 0, level: 0, alerted: [], note: `${first} asked for a manager` },
    attempts: [{ at: ago((closedDaysAgo ?? 700) + 2), outcome: 'wrong_number', by: 'agent-dana', note: `${first}'s sister answered` }],
    wrongNumber: phone,
    facts,
  });
}

const OLD = [closed('Olga Petrova', 'confirmed', 400), closed('Omar Haddad', 'cancelled', 500), closed('Oona Byrne', 'unconfirmed', 366)];
const KEPT = [closed('Nina Kowalski', 'confirmed', 10), closed('Noah Berg', 'cancelled', 364), closed('Nils Open', 'escalated', null)];

/** The timeline: our sentences quoting the customer, and free text that uses part of their name. */
function timelineOf(s: CommitmentState): TimelineEvent[] {
  const first = s.customer.name.split(' ')[0] ?? '';
  const phone = s.customer.phone ?? '';
  const at = s.createdAt;
  return [
    createdEvent(s),
    { seq: 1, at, type: 'note', detail: `Called ${first} on ${phone}; wrote to ${s.customer.email}.` },
    { seq: 2, at, type: 'extended', detail: `New deadline Tue 3:15 PM CST (extension 1 of 2): ${first} is travelling` },
    { seq: 3, at, type: 'customer_message', detail: `Customer wrote: "this is ${first.toUpperCase()}, my new number is 555 0100"` },
    {
      seq: 4,
      at,
      type: 'notification_failed',
      detail: `SMS to the customer failed: Twilio refused ${phone.slice(2, 5)}-${phone.slice(5, 8)}-${phone.slice(8)}.`,
    },
  ];
}

let h: Harness;
const scheduleId = `test-retention-${randomUUID()}`;
beforeAll(async () => {
  h = await startHarness();
  // A receiver wants these events, so the read model's writer keeps them to send (docs/events.md).
  await h.db.pool.query(
    `INSERT INTO event_subscriptions (id, url, types, secret, created_by) VALUES ('sub_retention0000000000', 'https://crm.example.com/hooks', $1, 'whsec_x', 'admin-alex')`,
    [['followthrough.commitment.created', 'followthrough.commitment.extended']],
  );
  for (const s of [...OLD, ...KEPT]) {
    await recordCommitment(h.db.pool, s, timelineOf(s));
    // The receiver's answer echoed what it was sent.
    await h.db.pool.query(
      `INSERT INTO event_delivery_attempts (delivery_id, attempt, at, status, duration_ms, response)
       SELECT d.id, 1, now(), 200, 12, 'noted for ' || (e.data -> 'commitment' -> 'customer' ->> 'name') || ' ' || (e.data -> 'commitment' -> 'customer' ->> 'phone')
       FROM event_deliveries d JOIN outbound_events e ON e.id = d.event_id WHERE e.commitment_id = $1`,
      [s.id],
    );
    for (const [role, recipient] of [
      ['customer', s.customer.phone],
      ['supervisor', 'sam@support.example'],
    ] as const) {
      await h.db.pool.query(
        `INSERT INTO notifications (key, commitment_id, purpose, channel, recipient_role, recipient, subject, body, status, error)
         VALUES ($1, $2, 'customer_recap', $3, $4, $5, $6, $7, 'failed', $8)`,
        [
          `${s.workflowId}:${role}`,
          s.id,
          role === 'customer' ? 'sms' : 'email',
          role,
          recipient,
          role === 'customer' ? null : `${s.customer.name} needs you`,
          `Hi ${s.customer.name}, about your refund`,
          `Twilio refused the SMS to ${s.customer.phone}`,
        ],
      );
    }
    const { customer, summary, log } = s;
    await h.db.pool.query(
      `INSERT INTO idempotency_keys (key_id, idempotency_key, request_hash, commitment_id, input, started_at) VALUES ('key_x', $1, 'h', $2, $3, now())`,
      [`call-${s.id}`, s.id, JSON.stringify({ id: s.id, customer, summary, log })],
    );
    await h.db.pool.query('INSERT INTO sms_contacts (phone) VALUES ($1) ON CONFLICT DO NOTHING', [s.customer.phone]);
  }
  const text = (sid: string, from: string, daysAgo: number) =>
    h.db.pool.query(
      `INSERT INTO inbound_messages (message_sid, from_number, body, received_at, processed_at, reply) VALUES ($1, $2, 'YES it is Olga', $3, $3, 'Thank you')`,
      [sid, from, ago(daysAgo)],
    );
  await text('SMold', OLD[0]!.customer.phone!, 400);
  await text('SMnew', KEPT[0]!.customer.phone!, 10);
});
afterAll(async () => {
  await h?.client.schedule
    .getHandle(scheduleId)
    .delete()
    .catch(() => undefined);
  await h?.close();
});

const rowsOf = async (states: CommitmentState[]) =>
  (
    await h.db.pool.query(
      'SELECT id, customer, summary, customer_phone, customer_email, fulfilment, log, details, redacted_at FROM commitments WHERE id = ANY($1) ORDER BY id',
      [states.map((s) => s.id)],
    )
  ).rows;

/** Every text stored about these commitments, in every table, as one string to search. */
async function everythingAbout(states: CommitmentState[]): Promise<string> {
  const ids = states.map((s) => s.id);
  const q = (sql: string) => h.db.pool.query(sql, [ids]).then((r) => JSON.stringify(r.rows));
  return (
    await Promise.all([
      q('SELECT * FROM commitments WHERE id = ANY($1)'),
      q('SELECT detail FROM commitment_events WHERE commitment_id = ANY($1)'),
      q('SELECT recipient, subject, body, error FROM notifications WHERE commitment_id = ANY($1)'),
      q('SELECT input FROM idempotency_keys WHERE commitment_id = ANY($1)'),
      q('SELECT data FROM outbound_events WHERE commitment_id = ANY($1)'),
      q(`SELECT a.response FROM event_delivery_attempts a JOIN event_deliveries d ON d.id = a.delivery_id
         JOIN outbound_events e ON e.id = d.event_id WHERE e.commitment_id = ANY($1)`),
    ])
  ).join('\n');
}

/** What must be gone: the name (and each part of it, in any case), the number (as people write it), the address, and the free text. */
function traces(s: CommitmentState): RegExp[] {
  const [first = '', last = ''] = s.customer.name.split(' ');
  const digits = s.customer.phone!.slice(-10);
  return [
    new RegExp(first, 'i'),
    new RegExp(last, 'i'),
    new RegExp(s.customer.email!.replace('.', '\\.'), 'i'),
    new RegExp(`${digits.slice(0, 3)}\\D?${digits.slice(3, 6)}\\D?${digits.slice(6)}`),
    /Elm St|4242|legacy plan|travelling|new number|asked for a manager|call her/,
  ];
}

describe('retention', () => {
  it('keeps one schedule: created once, unchanged on a second start, updated when RETENTION_DAYS changes', async () => {
    const opts = { taskQueue: h.taskQueue, retentionDays: 365, scheduleId };
    expect(await ensureRetentionSchedule(h.client, opts)).toBe('created');
    expect(await ensureRetentionSchedule(h.client, opts)).toBe('unchanged');
    expect(await ensureRetentionSchedule(h.client, { ...opts, retentionDays: 30 })).toBe('updated');
    expect((await h.client.schedule.getHandle(scheduleId).describe()).action.args).toEqual([{ retentionDays: 30 }]);
    expect(await ensureRetentionSchedule(h.client, opts)).toBe('updated');
    const described = await h.client.schedule.getHandle(scheduleId).describe();
    expect(described.action).toMatchObject({ workflowType: 'retentionWorkflow', taskQueue: h.taskQueue, args: [{ retentionDays: 365 }] });
    expect(described.spec.intervals?.map((i) => i.every)).toEqual([DAY]);
  });

  it('redacts only commitments closed longer ago than the retention period, and the reports count the same', async () => {
    // The oldest commitment was created 703 days ago; a report spans at most about two years.
    const report = (q: string) => h.api('GET', `/v1/reports/${q}&from=${ago(720)}&to=${ago(-1)}`, { key: SUPERVISOR_KEY });
    const before = await Promise.all([report('summary?groupBy=owner'), report('summary?groupBy=trigger'), report('patterns?format=json')]);
    expect(before[0].body.rows[0]).toMatchObject({ created: 6, keptOnTime: 6, cancelled: 2 });

    await h.client.schedule.getHandle(scheduleId).trigger();
    const redacted = await eventually(
      async () => {
        const rows = await rowsOf(OLD);
        return rows.every((r) => r.redacted_at) ? rows : undefined;
      },
      30_000,
      'the scheduled run to redact',
    );

    // The run that did it is an ordinary workflow, its result visible in the Temporal UI.
    const started = (await h.client.schedule.getHandle(scheduleId).describe()).info.recentActions[0]?.action.workflow.workflowId;
    expect(await h.client.workflow.getHandle(started ?? '').result()).toMatchObject({ redacted: 3 });
    for (const row of redacted) {
      expect(row.summary).toBe('Call redacted back about the refund');
      expect(row.customer).toEqual({ name: 'redacted', timezone: 'America/Chicago' });
      expect([row.customer_phone, row.customer_email]).toEqual([null, null]);
    }
    for (const row of await rowsOf(KEPT)) expect(row).toMatchObject({ customer_phone: expect.any(String), redacted_at: null });

    const stored = await everythingAbout(OLD);
    for (const s of OLD) for (const trace of traces(s)) expect(stored).not.toMatch(trace);
    // What happened stays; what was written goes.
    const events = await h.db.pool.query('SELECT type, detail FROM commitment_events WHERE commitment_id = $1 ORDER BY seq', [OLD[0]!.id]);
    expect(events.rows).toEqual([
      { type: 'created', detail: 'Dana Reyes promised redacted: Call redacted back about the refund' },
      { type: 'note', detail: 'Note (text redacted after the retention period).' },
      { type: 'extended', detail: 'Deadline extended (text redacted after the retention period).' },
      { type: 'customer_message', detail: 'Customer wrote (text redacted after the retention period).' },
      { type: 'notification_failed', detail: 'SMS to the customer failed: Twilio refused redacted.' },
    ]);
    expect(redacted[0]).toMatchObject({
      fulfilment: { resolution: 'redacted', pending: 'redacted', onTime: true },
      log: { trigger: 'billing_error', rootCause: 'bad_automation', neededFix: 'redacted', businessConstraint: 'redacted' },
      details: {
        escalation: { note: 'redacted', reason: 'manager_request' },
        attempts: [{ outcome: 'wrong_number', note: 'redacted' }],
        wrongNumber: 'redacted',
        facts: { satisfaction: { answer: 'yes', comment: 'redacted' } },
      },
    });
    expect(redacted.find((r) => r.id === OLD[1]!.id)?.details.cancellation).toMatchObject({ reason: 'redacted' });
    // The events sent out keep their place and what happened, not what was written.
    const sent = await h.db.pool.query('SELECT type, data FROM outbound_events WHERE commitment_id = $1 ORDER BY seq', [OLD[0]!.id]);
    expect(sent.rows).toEqual([
      {
        type: 'followthrough.commitment.created',
        data: expect.objectContaining({ sequence: 0, redacted: true, entry: expect.objectContaining({ type: 'created' }) }),
      },
      {
        type: 'followthrough.commitment.extended',
        data: expect.objectContaining({
          sequence: 2,
          entry: expect.objectContaining({ detail: 'Deadline extended (text redacted after the retention period).' }),
        }),
      },
    ]);
    expect(sent.rows.every((r) => !('commitment' in r.data))).toBe(true);
    // Those kept keep everything.
    const kept = await everythingAbout(KEPT);
    for (const s of KEPT) for (const trace of traces(s)) expect(kept).toMatch(trace);

    const messages = await h.db.pool.query(
      'SELECT commitment_id, recipient_role, recipient, subject, body FROM notifications ORDER BY commitment_id, recipient_role',
    );
    for (const m of messages.rows) {
      const old = OLD.some((s) => s.id === m.commitment_id);
      expect(m.body === 'redacted').toBe(old);
      if (old) expect(m.recipient).toBe(m.recipient_role === 'customer' ? 'redacted' : 'sam@support.example');
    }

    // Texts we received a year ago, and the record that we texted a redacted number, go too.
    const inbound = await h.db.pool.query('SELECT message_sid, from_number, body, reply FROM inbound_messages ORDER BY message_sid');
    expect(inbound.rows).toEqual([
      { message_sid: 'SMnew', from_number: KEPT[0]!.customer.phone, body: 'YES it is Olga', reply: 'Thank you' },
      { message_sid: 'SMold', from_number: 'redacted', body: 'redacted', reply: 'redacted' },
    ]);
    const texted = (await h.db.pool.query('SELECT phone FROM sms_contacts')).rows.map((r) => r.phone);
    expect(texted.sort()).toEqual([...new Set(KEPT.map((s) => s.customer.phone))].sort());

    const after = await Promise.all([report('summary?groupBy=owner'), report('summary?groupBy=trigger'), report('patterns?format=json')]);
    expect(after.map((r) => r.body)).toEqual(before.map((r) => r.body));
  });

  it('finds nothing left to do on a second run, and refuses a retention period under a day', async () => {
    const retention = createRetentionActivities({ db: h.db.pool });
    expect((await retention.redactClosedCommitments(365)).redacted).toBe(0);
    await expect(retention.redactClosedCommitments(0)).rejects.toThrow('retentionDays must be a whole number');
  });

  it('reads RETENTION_DAYS as a whole number of days, 365 by default', () => {
    expect(loadConfig({}).RETENTION_DAYS).toBe(365);
    expect(loadConfig({ RETENTION_DAYS: '' }).RETENTION_DAYS).toBe(365);
    expect(loadConfig({ RETENTION_DAYS: '30' }).RETENTION_DAYS).toBe(30);
    expect(() => loadConfig({ RETENTION_DAYS: '0' })).toThrow('RETENTION_DAYS: must be at least 1 day');
    expect(() => loadConfig({ RETENTION_DAYS: '1.5' })).toThrow('RETENTION_DAYS: must be a whole number of days');
  });
});
