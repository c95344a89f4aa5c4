import { describe, expect, it } from 'vitest';
import { commitmentBody, useHarness } from '../support/harness';

const h = useHarness();

describe('a long history', () => {
  it('continues as new under 500 notes, carrying the state and the whole timeline', { timeout: 120_000 }, async () => {
    const customer = { name: 'Chatty Case', email: 'chatty@example.com', timezone: 'UTC' };
    const created = await h.api('POST', '/v1/commitments', { body: commitmentBody({ customer, dueIn: 'PT2H' }) });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    for (let i = 1; i <= 500; i++) {
      const res = await h.api('POST', `/v1/commitments/${id}/notes`, { body: { text: `note ${i}` } });
      expect(res.status, `note ${i}`).toBe(200);
    }
    const described = await h.client.workflow.getHandle(created.body.workflowId).describe();
    const firstRunId = described.raw.workflowExecutionInfo?.firstRunId;
    expect(firstRunId).toBeTruthy();
    expect(described.runId).not.toBe(firstRunId);
    expect(described.historyLength).toBeLessThan(1600);

    const view = (await h.api('GET', `/v1/commitments/${id}`)).body;
    const notes = view.timeline.filter((e: { type: string }) => e.type === 'note').map((e: { detail: string }) => e.detail);
    expect(notes).toHaveLength(500);
    expect(notes[0]).toBe('Dana Reyes: note 1');
    expect(notes[499]).toBe('Dana Reyes: note 500');
    expect(new Set(view.timeline.map((e: { seq: number }) => e.seq)).size).toBe(view.timeline.length);

    // The carried state still works: it can be fulfilled, and the recap names the owner.
    const done = await h.api('POST', `/v1/commitments/${id}/fulfil`, { body: { resolution: 'Sorted after a long thread' } });
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('fulfilled');
    await h.smtp.waitForMail((m) => m.to.includes(customer.email) && m.subject.startsWith('Done'), 15_000);
  });
});
