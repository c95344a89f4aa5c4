/**
 * A message's "sent" entry is written by the deliver activity that sent it, at a sequence number
 * the workflow reserved when it scheduled the send, so the send's completion wakes no read-model
 * write of its own; the first state is the API's to record (docs/scaling.md).
 */
import { temporal } from '@temporalio/proto';
import { describe, expect, it } from 'vitest';
import { findCommitment } from '../../src/db/commitments';
import { commitmentBody, eventually, SUPERVISOR_KEY, useHarness } from '../support/harness';
import { sendsFinished } from '../support/history';

const h = useHarness();
const T = temporal.api.enums.v1.EventType;
const isLocalActivity = (e: temporal.api.history.v1.IHistoryEvent) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity';

type Entry = { seq: number; type: string };
let n = 0;
/** A customer of their own: a third commitment for one customer adds a repeat-contact alert and its write. */
const body = () => {
  n += 1;
  return commitmentBody({
    dueIn: 'PT1H',
    customer: { name: `Sent Entry ${n}`, phone: `+1415555${String(7100 + n)}`, email: `sent${n}@example.com`, timezone: 'UTC' },
  });
};
const timeline = async (id: string) => (await h.api('GET', `/v1/commitments/${id}`, { key: SUPERVISOR_KEY })).body.timeline as Entry[];

describe('a message’s sent entry', () => {
  it('is written by the activity at the number reserved for it, and the send’s completion writes nothing more', async () => {
    const made = (await h.api('POST', '/v1/commitments', { body: body() })).body;
    await sendsFinished(h.client, made.workflowId, 'customer_recap');
    await sendsFinished(h.client, made.workflowId, 'owner_confirmation');
    const entries = await eventually(async () => {
      const t = await timeline(made.id);
      return t.some((e) => e.type === 'customer_recap_sent') && t.some((e) => e.type === 'owner_confirmation_sent') ? t : undefined;
    });
    // Reserved in the first task, in the order the core named the messages: right after "created".
    expect(entries.map((e) => [e.seq, e.type])).toEqual([
      [0, 'created'],
      [1, 'customer_recap_sent'],
      [2, 'owner_confirmation_sent'],
    ]);
    // The workflow holds the same entries (its query answers from memory) in the same order.
    const held = (await h.client.workflow.getHandle(made.workflowId).query<{ timeline: Entry[] }>('commitment')).timeline;
    expect(held.map((e) => [e.seq, e.type])).toEqual(entries.map((e) => [e.seq, e.type]));

    // The API recorded the first state and the activities their entries: the workflow wrote nothing itself.
    const events = (await h.client.workflow.getHandle(made.workflowId).fetchHistory()).events ?? [];
    expect(events.filter((e) => e.eventType === T.EVENT_TYPE_ACTIVITY_TASK_COMPLETED)).toHaveLength(2);
    expect(events.filter(isLocalActivity)).toEqual([]);
    expect((await findCommitment(h.db.pool, made.id))?.version).toBe(1);
  });
});

describe('a new commitment’s first record', () => {
  it('is in the read model when its create answers, the same as its workflow holds', async () => {
    const made = (await h.api('POST', '/v1/commitments', { body: body() })).body;
    const stored = await findCommitment(h.db.pool, made.id);
    expect(stored).toMatchObject({ status: 'open', version: 1, dueAt: made.dueAt });
    expect(stored?.timeline[0]).toMatchObject({ seq: 0, type: 'created', at: made.createdAt });
    const held = (await h.client.workflow.getHandle(made.workflowId).query<{ timeline: Entry[] }>('commitment')).timeline;
    expect(held[0]).toEqual(stored?.timeline[0]);
  });

  it('is written by the workflow’s next write when the API’s is missing', async () => {
    const made = (await h.api('POST', '/v1/commitments', { body: body() })).body;
    await sendsFinished(h.client, made.workflowId, 'owner_confirmation');
    // As if the API had stopped between the start and its record.
    await h.db.pool.query('DELETE FROM commitment_events WHERE commitment_id = $1 AND seq = 0', [made.id]);
    await h.db.pool.query('DELETE FROM commitments WHERE id = $1', [made.id]);
    expect((await h.api('POST', `/v1/commitments/${made.id}/notes`, { body: { text: 'Called the bank' } })).status).toBe(200);
    const stored = await eventually(async () => (await findCommitment(h.db.pool, made.id)) ?? undefined);
    expect(stored.version).toBe(2);
    expect(stored.timeline.map((e) => e.type)).toEqual(['created', 'customer_recap_sent', 'owner_confirmation_sent', 'note']);
  });

  it('holds the same timeline as its workflow when an update comes with the start: “created” first, nothing lost', async () => {
    // A note sent the moment the create answered can reach the workflow in its first task.
    const made = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const c = (await h.api('POST', '/v1/commitments', { body: body() })).body;
        expect((await h.api('POST', `/v1/commitments/${c.id}/notes`, { body: { text: 'Called straight back' } })).status).toBe(200);
        return c as { id: string; workflowId: string };
      }),
    );
    for (const c of made) {
      await sendsFinished(h.client, c.workflowId, 'customer_recap');
      await sendsFinished(h.client, c.workflowId, 'owner_confirmation');
      const held = (await h.client.workflow.getHandle(c.workflowId).query<{ timeline: Entry[] }>('commitment')).timeline.map((e) => `${e.seq}:${e.type}`);
      expect(held[0]).toBe('0:created');
      expect(held.filter((e) => e.endsWith(':note'))).toHaveLength(1);
      const stored = await eventually(async () => {
        const t = (await findCommitment(h.db.pool, c.id))?.timeline.map((e) => `${e.seq}:${e.type}`);
        return t && t.length === held.length ? t : undefined;
      });
      expect(stored).toEqual(held);
    }
  });
});
