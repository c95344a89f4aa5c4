import { describe, expect, it } from 'vitest';
import { acknowledgementTimes } from '../../src/db/report-charts';
import { commitmentBody, eventually, SUPERVISOR_KEY, useHarness } from '../support/harness';

const h = useHarness();

describe('report attribution, built through the workflows', () => {
  it('charges a lapse a supervisor rescued to the owner who missed it, and does not count it kept on time', async () => {
    const from = new Date(Date.now() - 60_000).toISOString();
    const customer = { name: 'Rescued Lapse', email: 'rescued@example.com', timezone: 'UTC' };
    const created = await h.api('POST', '/v1/commitments', { body: commitmentBody({ dueIn: 'PT1S', customer }) });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    await eventually(async () => ((await h.api('GET', `/v1/commitments/${id}`, { key: SUPERVISOR_KEY })).body.status === 'escalated' ? true : undefined));

    const ack = await h.api('POST', `/v1/commitments/${id}/acknowledge`, { key: SUPERVISOR_KEY, body: { dueIn: 'PT2H' } });
    expect(ack.status).toBe(200);
    // The supervisor keeps the deadline they set: before it, but not on time for the promise.
    const done = await h.api('POST', `/v1/commitments/${id}/fulfil`, { key: SUPERVISOR_KEY, body: { resolution: 'Refunded by the supervisor' } });
    expect(done.status).toBe(200);
    expect(done.body.fulfilment.onTime).toBe(false);
    expect(done.body.facts).toMatchObject({ lapsedOwnerId: 'agent-dana', fulfilledOwnerId: 'sup-sam', acknowledgedBy: 'sup-sam', firstFulfilledOnTime: false });
    const fulfilled = done.body.timeline.find((e: { type: string }) => e.type === 'fulfilled');
    expect(fulfilled.actor).toMatchObject({ kind: 'staff', id: 'sup-sam', name: 'Sam Okafor', role: 'supervisor' });

    const to = new Date(Date.now() + 60_000).toISOString();
    const report = await eventually(async () => {
      const res = await h.api('GET', `/v1/reports/summary?from=${from}&to=${to}&groupBy=owner`, { key: SUPERVISOR_KEY });
      return res.body.rows?.length ? res.body.rows : undefined;
    });
    expect(report).toEqual([expect.objectContaining({ group: 'agent-dana', created: 1, lapsed: 1, keptOnTime: 0, keptLate: 1, acknowledged: 1 })]);
    const acks = await acknowledgementTimes(h.db.pool, { from, to });
    expect(acks).toEqual([expect.objectContaining({ supervisor: 'sup-sam', acknowledged: 1 })]);
  });
});
