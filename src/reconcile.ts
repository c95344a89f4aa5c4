/**
 * Repairs drift between Temporal (where commitments run) and the read model (where people look
 * them up). Drift needs a bug or an operator to happen, since every change is written by a retried,
 * idempotent activity, but a restored backup or a hand-edited row is enough, and then the queues
 * and reports are wrong without anyone noticing. The workflow is the source of truth: its query
 * returns the whole state, which is written with the same version-guarded writer the activity uses.
 */
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { recordCommitment } from './db/commitments';
import { inactiveOwnersWithOpenWork } from './db/ownership';
import { handOverOpenWork } from './people/handover';
import { undeliveredStaffAlerts } from './db/undelivered';
import { CLOSED_STATUSES, commitmentQuery, type CommitmentView } from './shared/contract';

export interface ReconcileDeps {
  client: Client;
  db: Pool;
  /** Only workflows on this task queue (one deployment's, when several share a namespace). */
  taskQueue?: string;
  log: (line: string) => void;
  /** A query needs a worker; with none polling it would wait forever. */
  queryTimeoutMs?: number;
}

export interface ReconcileSummary {
  /** Running workflows, plus read-model rows that look open but whose workflow is not running. */
  checked: number;
  /** Rows written: missing, behind the workflow's version, or missing timeline events. */
  repaired: number;
  /** Of those, rows that did not exist at all. */
  missing: number;
  /** Workflows that could not be queried, or open rows with no running workflow to ask. */
  unreachable: number;
  /** Staff alerts no channel delivered (refused, undelivered, unresolved or stuck mid-send). */
  undeliveredAlerts: number;
  /** Open commitments of people no longer active, handed to their team's supervisor now. */
  handedOver: number;
  /** Of those, ones that could not be handed over (no supervisor, workflow refused or down). */
  handoverFailed: number;
}

/** Queries run this many at a time: enough to be quick, few enough not to crowd out the worker. */
const CONCURRENCY = 8;

export async function reconcile(deps: ReconcileDeps): Promise<ReconcileSummary> {
  const summary: ReconcileSummary = { checked: 0, repaired: 0, missing: 0, unreachable: 0, undeliveredAlerts: 0, handedOver: 0, handoverFailed: 0 };
  const timeoutMs = deps.queryTimeoutMs ?? 10_000;

  async function ask(workflowId: string): Promise<CommitmentView | string> {
    try {
      const handle = deps.client.workflow.getHandle(workflowId);
      return await deps.client.withDeadline(Date.now() + timeoutMs, () => handle.query(commitmentQuery));
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
  }

  /** Writes the workflow's view when the row is missing or behind (version or events); says which. */
  async function repair(view: CommitmentView): Promise<'missing' | 'behind' | undefined> {
    const { rows } = await deps.db.query<{ version: number; present: number }>(
      `SELECT version, (SELECT count(*)::int FROM commitment_events e WHERE e.commitment_id = c.id AND e.seq = ANY($2::int[])) AS present
       FROM commitments c WHERE id = $1`,
      [view.id, view.timeline.map((e) => e.seq)],
    );
    const row = rows[0];
    if (row && row.version >= view.version && row.present === view.timeline.length) return undefined;
    const { timeline, ...state } = view;
    await recordCommitment(deps.db, state, timeline);
    return row ? 'behind' : 'missing';
  }

  async function check(workflowId: string, stored?: { status: string; version: number }): Promise<void> {
    summary.checked += 1;
    const view = await ask(workflowId);
    if (typeof view === 'string') {
      summary.unreachable += 1;
      deps.log(
        stored
          ? `reconcile: ${workflowId} is ${stored.status} (version ${stored.version}) in the read model, but its workflow is not running and could not be queried: ${view}`
          : `reconcile: ${workflowId} is running but could not be queried: ${view}`,
      );
      return;
    }
    const repaired = await repair(view);
    if (!repaired) return;
    summary.repaired += 1;
    if (repaired === 'missing') summary.missing += 1;
    deps.log(
      `reconcile: ${view.id} ${repaired === 'missing' ? 'was missing from the read model' : 'was behind its workflow'}; wrote version ${view.version} (${view.status})`,
    );
  }

  const running = await runningWorkflowIds(deps.client, deps.taskQueue);
  await inBatches(running, (id) => check(id));

  // Rows the read model still shows as open whose workflow has finished or vanished: a final
  // write was lost, or the workflow was terminated by hand.
  const { rows: stale } = await deps.db.query<{ workflow_id: string; status: string; version: number }>(
    `SELECT workflow_id, status, version FROM commitments
     WHERE status <> ALL($1::text[]) AND workflow_id <> ALL($2::text[]) ORDER BY due_at`,
    [CLOSED_STATUSES, running],
  );
  await inBatches(stale, (row) => check(row.workflow_id, row));

  for (const a of await undeliveredStaffAlerts(deps.db)) {
    summary.undeliveredAlerts += 1;
    deps.log(`reconcile: the ${a.purpose.replace(/_/g, ' ')} of ${a.commitmentId} to ${a.recipientId ?? 'staff'} reached nobody: ${a.channels}`);
  }

  // Someone deactivated while Temporal could not take the hand-over, or straight in the database.
  for (const staffId of await inactiveOwnersWithOpenWork(deps.db)) {
    const result = await handOverOpenWork(deps, staffId, { kind: 'system', name: 'reconcile' });
    summary.handedOver += result.handedOver.length;
    summary.handoverFailed += result.failed.length;
    if (result.handedOver.length > 0)
      deps.log(`reconcile: handed ${result.handedOver.join(', ')} of ${staffId}, who is no longer active, to their team's supervisor`);
    for (const f of result.failed) deps.log(`reconcile: ${f.id} of ${staffId}, who is no longer active, could not be handed over: ${f.reason}`);
  }

  deps.log(
    `reconcile: checked ${summary.checked}, repaired ${summary.repaired} (${summary.missing} missing), unreachable ${summary.unreachable}, undelivered staff alerts ${summary.undeliveredAlerts}, handed over ${summary.handedOver} (${summary.handoverFailed} failed)`,
  );
  return summary;
}

async function runningWorkflowIds(client: Client, taskQueue?: string): Promise<string[]> {
  if (taskQueue?.includes("'")) throw new Error(`Task queue names with quotes cannot be listed: ${taskQueue}`);
  const query = `WorkflowType = 'commitmentWorkflow' AND ExecutionStatus = 'Running'${taskQueue ? ` AND TaskQueue = '${taskQueue}'` : ''}`;
  const ids: string[] = [];
  for await (const wf of client.workflow.list({ query })) ids.push(wf.workflowId);
  return ids;
}

async function inBatches<T>(items: readonly T[], fn: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += CONCURRENCY) {
    await Promise.all(items.slice(i, i + CONCURRENCY).map(fn));
  }
}
