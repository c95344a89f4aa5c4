import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createActivities } from '../../src/activities';
import { createOutboxMail, createOutboxSms } from '../../src/channels/outbox';
import { findCommitment } from '../../src/db/commitments';
import type { TimelineEvent } from '../../src/shared/contract';
import { commitmentState, createdEvent } from '../support/commitments';
import { createTestDatabase, type TestDatabase } from '../support/db';

let db: TestDatabase;
let activities: ReturnType<typeof createActivities>;
beforeAll(async () => {
  db = await createTestDatabase();
  const quiet = () => {};
  activities = createActivities({ db: db.pool, sms: createOutboxSms(quiet), mail: createOutboxMail(quiet) });
});
afterAll(async () => {
  await db?.drop();
});

const event = (seq: number, type: TimelineEvent['type'], detail: string): TimelineEvent => ({
  seq,
  at: new Date(Date.UTC(2026, 2, 1, 9, seq)).toISOString(),
  type,
  detail,
});

async function eventRows(id: string) {
  const { rows } = await db.pool.query('SELECT event_id, seq, type, detail FROM commitment_events WHERE commitment_id = $1 ORDER BY seq', [id]);
  return rows;
}

describe('the recordCommitment activity under retries', () => {
  it('writes each event once however often the same write is retried', async () => {
    const state = commitmentState({ version: 1 });
    const created = createdEvent(state);
    await activities.recordCommitment(state, [created]);
    await activities.recordCommitment(state, [created]);
    await Promise.all([activities.recordCommitment(state, [created]), activities.recordCommitment(state, [created])]);
    expect(await eventRows(state.id)).toEqual([{ event_id: `${state.id}:0`, seq: 0, type: 'created', detail: created.detail }]);
  });

  it('appends only the new events when a retried write overlaps the ones already stored', async () => {
    const v1 = commitmentState({ version: 1 });
    const created = createdEvent(v1);
    const recap = event(1, 'customer_recap_sent', 'Recap sent to the customer by SMS and email.');
    const confirmation = event(2, 'owner_confirmation_sent', 'Confirmation sent to Dana Reyes by email.');
    await activities.recordCommitment(v1, [created]);
    await activities.recordCommitment({ ...v1, version: 3 }, [created, recap, confirmation]);
    await activities.recordCommitment({ ...v1, version: 3 }, [recap, confirmation]);
    expect((await eventRows(v1.id)).map((e) => e.event_id)).toEqual([0, 1, 2].map((seq) => `${v1.id}:${seq}`));
  });

  it('never rolls the state back when an older version arrives late, and keeps the first wording of an event', async () => {
    const base = commitmentState({ version: 1 });
    const created = createdEvent(base);
    const fulfilled = event(1, 'fulfilled', 'Dana Reyes reported it done before the deadline: Refunded the duplicate charge');
    const fulfilledAt = new Date(Date.UTC(2026, 2, 1, 9, 1)).toISOString();
    const newer = {
      ...base,
      version: 4,
      status: 'fulfilled' as const,
      fulfilment: { resolution: 'Refunded the duplicate charge', fulfilledAt, onTime: true },
      facts: { ...base.facts, firstFulfilledAt: fulfilledAt, firstFulfilledOnTime: true },
    };
    await activities.recordCommitment(newer, [created, fulfilled]);
    // A retry of the version-2 write, delayed behind the version-4 one.
    await activities.recordCommitment({ ...base, version: 2 }, [created, event(1, 'fulfilled', 'an older sentence for the same event')]);

    const view = await findCommitment(db.pool, base.id);
    expect(view).toMatchObject({ version: 4, status: 'fulfilled', fulfilment: { resolution: 'Refunded the duplicate charge' } });
    expect(view?.timeline.map((e) => e.detail)).toEqual([created.detail, fulfilled.detail]);
    const { rows } = await db.pool.query('SELECT first_fulfilled_on_time, status, version FROM commitments WHERE id = $1', [base.id]);
    expect(rows).toEqual([{ first_fulfilled_on_time: true, status: 'fulfilled', version: 4 }]);
  });
});

describe('the recordCommitment activity and characters Postgres refuses', () => {
  it('stores a state and events holding NUL or half a surrogate pair, with those characters made storable, instead of failing for ever', async () => {
    const state = commitmentState({
      version: 1,
      summary: 'Call\u0000 back',
      customer: { name: 'Maria \ud800Lopez', email: 'maria@example.com', timezone: 'America/Chicago' },
    });
    await activities.recordCommitment(state, [event(0, 'note', 'Customer wrote: "hi\u0000 \udfff 🙂"')]);
    const stored = await findCommitment(db.pool, state.id);
    expect([stored?.summary, stored?.customer.name, stored?.timeline[0]?.detail]).toEqual(['Call back', 'Maria \ufffdLopez', 'Customer wrote: "hi \ufffd 🙂"']);
  });
});

describe('the recordCommitment activity when Postgres goes away', () => {
  it('fails the write it was making, and leaves nothing behind that could crash the worker', async () => {
    const state = commitmentState({ version: 1 });
    await activities.recordCommitment(state, [createdEvent(state)]);
    // Another session holds the row, so the next write waits on its lock; then its connection dies.
    const holder = await db.pool.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM commitments WHERE id = $1 FOR UPDATE', [state.id]);
      const write = activities.recordCommitment({ ...state, version: 2 }, [createdEvent(state)]).then(
        () => 'written',
        (err: unknown) => err,
      );
      const waiting = await vi.waitFor(async () => {
        const { rows } = await db.pool.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%INSERT INTO commitments %'`,
        );
        if (!rows[0]) throw new Error('the write is not waiting on the lock yet');
        return rows[0].pid;
      });
      await db.pool.query('SELECT pg_terminate_backend($1)', [waiting]);
      // A checked-out client would also emit 'error' with no listener: an uncaught exception.
      expect(String(await write)).toMatch(/terminat/);
    } finally {
      await holder.query('ROLLBACK');
      holder.release();
    }
    await activities.recordCommitment({ ...state, version: 2 }, [createdEvent(state)]);
    const { rows } = await db.pool.query('SELECT version FROM commitments WHERE id = $1', [state.id]);
    expect(rows).toEqual([{ version: 2 }]);
  });
});
