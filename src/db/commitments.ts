/**
 * The commitments table: the current state of each commitment, as the workflow last reported it.
 */
import type { Pool } from 'pg';
import type { CommitmentView } from '../shared/contract';

interface CommitmentRow {
  id: string;
  workflow_id: string;
  status: CommitmentView['status'];
  version: number;
  customer: CommitmentView['customer'];
  owner: CommitmentView['owner'];
  supervisor: CommitmentView['supervisor'];
  summary: string;
  due_at: Date;
  log: NonNullable<CommitmentView['log']>;
  external_ref: string | null;
  timeline: CommitmentView['timeline'];
  fulfilment: CommitmentView['fulfilment'] | null;
  created_at: Date;
}

/**
 * Upserts a snapshot. A snapshot older than the stored one (a retried activity, or one that
 * raced a newer write) changes nothing: `version` only moves forward.
 */
export async function saveCommitment(db: Pool, c: CommitmentView): Promise<void> {
  await db.query(
    `INSERT INTO commitments (id, workflow_id, status, version, customer, owner, supervisor, summary, due_at,
                              log, external_ref, timeline, fulfilment, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, now())
     ON CONFLICT (id) DO UPDATE SET
       status = EXCLUDED.status, version = EXCLUDED.version, owner = EXCLUDED.owner,
       supervisor = EXCLUDED.supervisor, due_at = EXCLUDED.due_at, timeline = EXCLUDED.timeline,
       fulfilment = EXCLUDED.fulfilment, updated_at = now()
     WHERE commitments.version < EXCLUDED.version`,
    [
      c.id, c.workflowId, c.status, c.version, c.customer, c.owner, c.supervisor, c.summary, c.dueAt,
      c.log ?? {}, c.externalRef ?? null, JSON.stringify(c.timeline), c.fulfilment ?? null, c.createdAt,
    ],
  );
}

export async function findCommitment(db: Pool, id: string): Promise<CommitmentView | undefined> {
  const { rows } = await db.query<CommitmentRow>('SELECT * FROM commitments WHERE id = $1', [id]);
  const row = rows[0];
  if (!row) return undefined;
  return {
    id: row.id,
    workflowId: row.workflow_id,
    status: row.status,
    version: row.version,
    customer: row.customer,
    owner: row.owner,
    supervisor: row.supervisor,
    summary: row.summary,
    dueAt: row.due_at.toISOString(),
    createdAt: row.created_at.toISOString(),
    ...(Object.keys(row.log).length ? { log: row.log } : {}),
    ...(row.external_ref ? { externalRef: row.external_ref } : {}),
    ...(row.fulfilment ? { fulfilment: row.fulfilment } : {}),
    timeline: row.timeline,
  };
}
