import { describe, expect, it } from 'vitest';
import { findCommitment, recordCommitment } from '../src/db/commitments';
import { reconcile } from '../src/reconcile';
import { commitmentQuery, commitmentWorkflowId, type CommitmentView } from '../src/shared/contract';
import { commitmentState, createdEvent } from './support/commitments';
import { commitmentBody, eventually, useHarness } from './support/harness';

const h = useHarness();

const query = (id: string) => h.client.workflow.getHandle(commitmentWorkflowId(id)).query(commitmentQuery);

/** Creates a commitment and waits until its workflow has written everything it will for now. */
async function settledCommitment(name: string): Promise<CommitmentView> {
  const res = await h.api('POST', '/v1/commitments', {
    body: commitmentBody({ dueIn: 'PT2H', customer: { name, email: `${name.split(' ')[0]?.toLowerCase()}@example.com`, timezone: 'Asia/Kolkata' } }),
  });
  expect(res.status).toBe(201);
  return eventually(
    async () => {
      const [view, stored] = await Promise.all([query(res.body.id), findCommitment(h.db.pool, res.body.id)]);
      const recapped = view.timeline.some((e) => e.type === 'customer_recap_sent') && view.timeline.some((e) => e.type === 'owner_confirmation_sent');
      return recapped && stored?.version === view.version && stored.timeline.length === view.timeline.length ? view : undefined;
    },
    30_000,
    `commitment for ${name} to settle`,
  );
}

const run = (lines: string[] = []) => reconcile({ client: h.client, db: h.db.pool, taskQueue: h.taskQueue, log: (l) => lines.push(l), queryTimeoutMs: 5_000 });

describe('npm run reconcile', () => {
  it('restores a deleted row, rolls a rolled-back row forward, and reports an open row with no workflow', async () => {
    const [deleted, rolledBack, intact] = await Promise.all([settledCommitment('Ana Silva'), settledCommitment('Ben Cho'), settledCommitment('Chen Wu')]);
    // Visibility is eventually consistent: wait until the list shows all three as running.
    await eventually(async () => {
      const found: string[] = [];
      for await (const wf of h.client.workflow.list({ query: `TaskQueue = '${h.taskQueue}' AND ExecutionStatus = 'Running'` })) found.push(wf.workflowId);
      return [deleted, rolledBack, intact].every((c) => found.includes(c.workflowId)) ? true : undefined;
    });

    // Break the read model on purpose.
    await h.db.pool.query('DELETE FROM commitment_events WHERE commitment_id = $1', [deleted.id]);
    await h.db.pool.query('DELETE FROM commitments WHERE id = $1', [deleted.id]);
    // One version behind: a row as an earlier write left it (the sends' entries are the activities' own, ./db/commitments.ts).
    await h.db.pool.query(`UPDATE commitments SET version = version - 1, status = 'paused' WHERE id = $1`, [rolledBack.id]);
    await h.db.pool.query('DELETE FROM commitment_events WHERE commitment_id = $1 AND seq > 0', [rolledBack.id]);
    const orphan = commitmentState({ customer: { name: 'Dev Patel', email: 'dev@example.com', timezone: 'Asia/Kolkata' } });
    await recordCommitment(h.db.pool, orphan, [createdEvent(orphan)]);

    const lines: string[] = [];
    expect(await run(lines)).toEqual({ checked: 4, repaired: 2, missing: 1, unreachable: 1, undeliveredAlerts: 0, handedOver: 0, handoverFailed: 0 });

    for (const original of [deleted, rolledBack, intact]) {
      const now = await query(original.id);
      const stored = await findCommitment(h.db.pool, original.id);
      expect(stored).toMatchObject({ status: now.status, version: now.version });
      expect(stored?.timeline).toEqual(now.timeline);
    }
    expect((await findCommitment(h.db.pool, rolledBack.id))?.status).toBe('open');
    expect(lines.find((l) => l.includes(deleted.id))).toContain('was missing from the read model');
    expect(lines.find((l) => l.includes(rolledBack.id))).toContain('was behind its workflow');
    expect(lines.find((l) => l.includes(orphan.workflowId))).toContain('is open (version 1) in the read model, but its workflow is not running');

    // A second pass finds nothing more to repair; the orphan is still reported.
    expect(await run()).toEqual({ checked: 4, repaired: 0, missing: 0, unreachable: 1, undeliveredAlerts: 0, handedOver: 0, handoverFailed: 0 });
    // The next test runs on a worker of its own: rows whose workflows no worker polls any more
    // would be unreachable to it.
    await h.db.pool.query('DELETE FROM commitments WHERE id = ANY($1::text[])', [[orphan.id, deleted.id, rolledBack.id, intact.id]]);
  });

  it('repairs an open-looking row from a workflow that has stopped running, by querying its history', async () => {
    const stopped = await settledCommitment('Eve Adams');
    await h.client.workflow.getHandle(stopped.workflowId).terminate('reconcile test: the workflow stops without a final write');
    await h.db.pool.query(`UPDATE commitments SET version = version - 1, status = 'paused' WHERE id = $1`, [stopped.id]);

    const summary = await run();
    expect(summary).toMatchObject({ repaired: 1, missing: 0, unreachable: 0 });
    expect(await findCommitment(h.db.pool, stopped.id)).toMatchObject({ status: 'open', version: stopped.version });
  });
});
