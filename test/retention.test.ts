import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRetentionActivities } from '../src/activities/retention';
import { loadConfig } from '../src/config';
import { recordCommitment } from '../src/db/commitments';
import { ensureRetentionSchedule } from '../src/retention-schedule';
import type { CommitmentFacts, CommitmentState, CommitmentStatus } from '../src/shared/contract';
import { commitmentState, createdEvent } from './support/commitments';
import { eventually, startHarness, SUPERVISOR_KEY, type Harness } from './support/harness';

const DAY = 24 * 3600_000;
const now = Date.now();
const ago = (days: number) => new Date(now - days * DAY).toISOString();

/** A commitment created a few days before it closed `closedDaysAgo` days ago (or never, for null). */
function closed(name: string, status: CommitmentStatus, closedDaysAgo: number | null): CommitmentState {
  const facts: CommitmentFacts = { extensionCount: 1, reopenCount: 0, firstFulfilledAt: ago((closedDaysAgo ?? 700) + 1), firstFulfilledOnTime: true };
  if (closedDaysAgo !== null) facts.closedAt = ago(closedDaysAgo);
  if (status === 'cancelled' && closedDaysAgo !== null) facts.cancelledAt = ago(closedDaysAgo);
  const first = name.split(' ')[0]?.toLowerCase() ?? 'x';
  return commitmentState({
    status,
    createdAt: ago((closedDaysAgo ?? 700) + 3),
    customer: { name, phone: `+1415555${1000 + name.length}`, email: `${first}@example.com`, timezone: 'America/Chicago' },
    summary: `Call ${name} back about the refund`,
    facts,
  });
}

const OLD = [closed('Olga Petrova', 'confirmed', 400), closed('Omar Haddad', 'cancelled', 500), closed('Oona Byrne', 'unconfirmed', 366)];
const KEPT = [closed('Nina Kowalski', 'confirmed', 10), closed('Noah Berg', 'cancelled', 364), closed('Nils Open', 'escalated', null)];

let h: Harness;
const scheduleId = `test-retention-${randomUUID()}`;
beforeAll(async () => {
  h = await startHarness();
  for (const s of [...OLD, ...KEPT]) {
    await recordCommitment(h.db.pool, s, [createdEvent(s), { seq: 1, at: s.createdAt, type: 'note', detail: `Called ${s.customer.name} on ${s.customer.phone}; wrote to ${s.customer.email}.` }]);
    for (const [role, recipient] of [['customer', s.customer.phone], ['supervisor', 'sam@support.example']] as const) {
      await h.db.pool.query(
        `INSERT INTO notifications (key, commitment_id, purpose, channel, recipient_role, recipient, subject, body, status)
         VALUES ($1, $2, 'customer_recap', $3, $4, $5, $6, $7, 'sent')`,
        [`${s.workflowId}:${role}`, s.id, role === 'customer' ? 'sms' : 'email', role, recipient, role === 'customer' ? null : `${s.customer.name} needs you`, `Hi ${s.customer.name}, about your refund`],
      );
    }
  }
});
afterAll(async () => {
  await h?.client.schedule.getHandle(scheduleId).delete().catch(() => undefined);
  await h?.close();
});

const rowsOf = async (states: CommitmentState[]) =>
  (await h.db.pool.query('SELECT id, customer, summary, customer_phone, customer_email, redacted_at FROM commitments WHERE id = ANY($1) ORDER BY id', [states.map((s) => s.id)])).rows;

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
    const report = (q: string) => h.api('GET', `/v1/reports/${q}&from=${ago(1000)}&to=${ago(-1)}`, { key: SUPERVISOR_KEY });
    const before = await Promise.all([report('summary?groupBy=owner'), report('summary?groupBy=trigger'), report('patterns?format=json')]);
    expect(before[0].body.rows[0]).toMatchObject({ created: 6, keptOnTime: 6, cancelled: 2 });

    await h.client.schedule.getHandle(scheduleId).trigger();
    const redacted = await eventually(async () => {
      const rows = await rowsOf(OLD);
      return rows.every((r) => r.redacted_at) ? rows : undefined;
    }, 30_000, 'the scheduled run to redact');

    // The run that did it is an ordinary workflow, its result visible in the Temporal UI.
    const started = (await h.client.schedule.getHandle(scheduleId).describe()).info.recentActions[0]?.action.workflow.workflowId;
    expect(await h.client.workflow.getHandle(started ?? '').result()).toMatchObject({ redacted: 3 });
    for (const row of redacted) {
      expect(row.summary).toBe('Call redacted back about the refund');
      expect(row.customer).toEqual({ name: 'redacted', timezone: 'America/Chicago' });
      expect([row.customer_phone, row.customer_email]).toEqual([null, null]);
    }
    for (const row of await rowsOf(KEPT)) expect(row).toMatchObject({ customer_phone: expect.any(String), redacted_at: null });

    const events = await h.db.pool.query('SELECT commitment_id, detail FROM commitment_events WHERE commitment_id = ANY($1) ORDER BY commitment_id, seq', [OLD.map((s) => s.id)]);
    const texts = events.rows.map((e) => e.detail).join('\n');
    for (const s of OLD) for (const value of [s.customer.name, s.customer.phone, s.customer.email]) expect(texts).not.toContain(value);
    expect(texts).toContain('Called redacted on redacted; wrote to redacted.');

    const messages = await h.db.pool.query('SELECT commitment_id, recipient_role, recipient, subject, body FROM notifications ORDER BY commitment_id, recipient_role');
    for (const m of messages.rows) {
      const old = OLD.some((s) => s.id === m.commitment_id);
      expect(m.body === 'redacted').toBe(old);
      if (old) expect(m.recipient).toBe(m.recipient_role === 'customer' ? 'redacted' : 'sam@support.example');
    }

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
