/**
 * The SDK patch in patches/ (patches/README.md): the promise hook behind the stack-trace query is
 * installed only when WORKFLOW_STACK_TRACES is true. Workers here run their workflows in a worker
 * thread, as in production, so each reads the variable when its thread starts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitmentBody, startHarness, type Harness } from '../support/harness';

const STACK_TRACE_QUERY = '__stack_trace';

describe('workflow stack traces', () => {
  let h: Harness;
  const saved = { threads: process.env.TEST_WORKER_THREADS, traces: process.env.WORKFLOW_STACK_TRACES };

  beforeAll(async () => {
    process.env.TEST_WORKER_THREADS = '1';
    delete process.env.WORKFLOW_STACK_TRACES;
    h = await startHarness();
  });

  afterAll(async () => {
    await h?.close();
    for (const [name, value] of [
      ['TEST_WORKER_THREADS', saved.threads],
      ['WORKFLOW_STACK_TRACES', saved.traces],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  /** A commitment due in an hour, started through the API on the current worker's queue. */
  async function waitingCommitment(): Promise<{ id: string; workflowId: string }> {
    const created = await h.api('POST', '/v1/commitments', { body: commitmentBody({ dueIn: 'PT1H' }) });
    expect(created.status).toBe(201);
    const { id, workflowId } = created.body as { id: string; workflowId: string };
    // The query is answered by the worker once the workflow has run its first task.
    await expect.poll(async () => (await h.client.workflow.getHandle(workflowId).describe()).historyLength, { timeout: 15_000 }).toBeGreaterThan(3);
    return { id, workflowId };
  }

  it('answers that stack traces are not enabled when WORKFLOW_STACK_TRACES is unset, and the commitment runs on', async () => {
    const { id, workflowId } = await waitingCommitment();
    await expect(h.client.workflow.getHandle(workflowId).query(STACK_TRACE_QUERY)).rejects.toThrow(/stack traces are not enabled/i);
    // Nothing else is refused: the commitment is there and open.
    const state = await h.api('GET', `/v1/commitments/${id}`);
    expect(state.status).toBe(200);
    expect(state.body.status).toBe('open');
  });

  it("answers with where the commitment's code waits, in source files, when WORKFLOW_STACK_TRACES is true", async () => {
    process.env.WORKFLOW_STACK_TRACES = 'true';
    try {
      await h.renew();
    } finally {
      delete process.env.WORKFLOW_STACK_TRACES;
    }
    const { workflowId } = await waitingCommitment();
    const stacks = await h.client.workflow.getHandle(workflowId).query<string>(STACK_TRACE_QUERY);
    // Each stack ends in the workflow function, mapped back to its TypeScript source.
    expect(stacks).toMatch(/at commitmentWorkflow \(.*src\/workflows\/commitment\.ts:\d+:\d+\)/);
  });
});
