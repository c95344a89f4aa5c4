import { WorkflowNotFoundError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { commitmentBody, useHarness, SUPERVISOR_KEY } from '../support/harness';
import { sendsFinished } from '../support/history';

const h = useHarness();

describe('creating with an Idempotency-Key', () => {
  it('answers 50 concurrent identical requests with one commitment and starts one workflow', async () => {
    const body = commitmentBody({ customer: { name: 'Priya Nair', phone: '+14155550131', timezone: 'Asia/Kolkata' } });
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => h.api('POST', '/v1/commitments', { body, headers: { 'idempotency-key': 'call-8812-callback' } })),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(201));
    const ids = new Set(responses.map((r) => r.body.id));
    expect(ids.size).toBe(1);
    const [id] = [...ids];
    // Most answers come before the commitment's first write: the deadline is still the first request's.
    expect(new Set(responses.map((r) => r.body.dueAt)).size).toBe(1);

    await expect.poll(async () => (await h.client.workflow.count(`WorkflowId = "commitment-${id}"`)).count, { timeout: 20_000, interval: 100 }).toBe(1);
    // One commitment means one recap: the customer is texted once, not fifty times. Once its one
    // activity has finished, nothing of this commitment can text them again.
    await h.twilio.waitForMessage((m) => m.to === '+14155550131', 15_000);
    expect(await sendsFinished(h.client, `commitment-${id}`, 'customer_recap')).toHaveLength(1);
    expect(h.twilio.messages.filter((m) => m.to === '+14155550131')).toHaveLength(1);
  });

  it('returns the same commitment, with its original deadline, when retried later', async () => {
    const body = commitmentBody({ dueIn: 'PT2H' });
    const first = await h.api('POST', '/v1/commitments', { body, headers: { 'idempotency-key': 'retry-later-1' } });
    // Later: once the commitment's first write is in the read model, which then answers the retry.
    await expect
      .poll(async () => (await h.db.pool.query('SELECT 1 FROM commitments WHERE id = $1', [first.body.id])).rowCount, { timeout: 20_000, interval: 100 })
      .toBe(1);
    expect(Date.now()).toBeGreaterThan(Date.parse(first.body.createdAt));
    const retry = await h.api('POST', '/v1/commitments', { body, headers: { 'idempotency-key': 'retry-later-1' } });
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(first.body.id);
    expect(retry.body.dueAt).toBe(first.body.dueAt);
  });

  it('refuses the same key with a different body with 422 and changes nothing', async () => {
    const first = await h.api('POST', '/v1/commitments', { body: commitmentBody(), headers: { 'idempotency-key': 'reused-key' } });
    expect(first.status).toBe(201);
    const other = await h.api('POST', '/v1/commitments', {
      body: commitmentBody({ summary: 'Something else entirely' }),
      headers: { 'idempotency-key': 'reused-key' },
    });
    expect(other.status).toBe(422);
    expect(other.body.type).toBe('/problems/idempotency-key-reused');
    const stored = await h.api('GET', `/v1/commitments/${first.body.id}`);
    expect(stored.body.summary).toBe(commitmentBody().summary);
  });

  it('scopes keys to the caller: the same key from another API key is another commitment', async () => {
    // One ticket, two promises on purpose: otherwise the second would be a 409 (external-ref.test.ts).
    const body = commitmentBody({ allowDuplicateRef: true });
    const agent = await h.api('POST', '/v1/commitments', { body, headers: { 'idempotency-key': 'shared-key' } });
    const supervisor = await h.api('POST', '/v1/commitments', { body, key: SUPERVISOR_KEY, headers: { 'idempotency-key': 'shared-key' } });
    expect(agent.status).toBe(201);
    expect(supervisor.status).toBe(201);
    expect(supervisor.body.id).not.toBe(agent.body.id);
  });

  it('creates separate commitments for identical requests without a key', async () => {
    const body = commitmentBody({ allowDuplicateRef: true });
    const [a, b] = await Promise.all([h.api('POST', '/v1/commitments', { body }), h.api('POST', '/v1/commitments', { body })]);
    expect(a.body.id).not.toBe(b.body.id);
  });

  it('holds after Temporal has forgotten the workflow: a reused key answers the stored commitment and never starts a new run', async () => {
    const body = commitmentBody({ customer: { name: 'Ines Duarte', phone: '+14155550177', timezone: 'Europe/Lisbon' } });
    const headers = { 'idempotency-key': 'forgotten-by-temporal' };
    const first = await h.api('POST', '/v1/commitments', { body, headers });
    expect(first.status).toBe(201);
    const workflowId = `commitment-${first.body.id}`;
    await expect.poll(async () => (await h.api('GET', `/v1/commitments/${first.body.id}`)).body.timeline?.length ?? 0, { timeout: 15_000 }).toBeGreaterThan(0);

    // What namespace retention does to a closed workflow, done now to a running one.
    await h.client.workflowService.deleteWorkflowExecution({ namespace: 'default', workflowExecution: { workflowId } });
    const described = () =>
      h.client.workflow
        .getHandle(workflowId)
        .describe()
        .then(
          () => 'present',
          (err: unknown) => (err instanceof WorkflowNotFoundError ? 'gone' : String(err)),
        );
    await expect.poll(described, { timeout: 15_000 }).toBe('gone');

    const retry = await h.api('POST', '/v1/commitments', { body, headers });
    expect(retry.status).toBe(201);
    expect(retry.body).toMatchObject({ id: first.body.id, dueAt: first.body.dueAt, summary: body.summary });
    const other = await h.api('POST', '/v1/commitments', { body: { ...body, summary: 'Something else' }, headers });
    expect(other.status).toBe(422);
    expect(await described()).toBe('gone');
  });
});
