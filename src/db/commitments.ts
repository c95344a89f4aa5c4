/**
 * The read model: `commitments` holds each commitment's current state, `commitment_events` its
 * append-only history. Both are written only by the workflow's recordCommitment activity.
 */
import type { Pool, PoolClient } from 'pg';
import type { CommitmentState, CommitmentView, TimelineEvent } from '../shared/contract';

export interface CommitmentRow {
  id: string;
  workflow_id: string;
  status: CommitmentState['status'];
  version: number;
  customer: CommitmentState['customer'];
  owner: CommitmentState['owner'];
  supervisor: CommitmentState['supervisor'];
  summary: string;
  due_at: Date;
  log: NonNullable<CommitmentState['log']>;
  external_ref: string | null;
  fulfilment: CommitmentState['fulfilment'] | null;
  details: StateDetails;
  created_at: Date;
}

/** The parts of the state with no column of their own, kept together in `details`. */
type StateDetails = Partial<
  Pick<CommitmentState, 'createdBy' | 'facts' | 'policy' | 'deadlineNo' | 'deadlineSetAt' | 'escalation' | 'paused' | 'cancellation' | 'awaiting' | 'smsOptedOut'>
>;

function detailsOf(c: CommitmentState): StateDetails {
  const { createdBy, facts, policy, deadlineNo, deadlineSetAt, escalation, paused, cancellation, awaiting, smsOptedOut } = c;
  return { createdBy, facts, policy, deadlineNo, deadlineSetAt, escalation, paused, cancellation, awaiting, smsOptedOut };
}

/** Policy of rows written before policies were pinned: what the defaults were then. */
const LEGACY_POLICY: CommitmentState['policy'] = {
  confirmAfterMs: 3600_000,
  confirmWithinMs: 48 * 3600_000,
  reopenWithinMs: 4 * 3600_000,
  maxExtensions: 2,
  escalation: { levels: [], repeat: 0 },
  quietHours: null,
};

const iso = (d: string | undefined) => d ?? null;

/**
 * Upserts the state and appends new events, in one transaction. A state older than the stored one
 * (a retried activity, or one that raced a newer write) changes nothing: `version` only moves
 * forward. Events are keyed `<id>:<seq>`, so writing one twice inserts it once.
 */
export async function recordCommitment(db: Pool, state: CommitmentState, events: TimelineEvent[]): Promise<void> {
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    await upsertState(client, state);
    if (events.length > 0) {
      await client.query(
        `INSERT INTO commitment_events (event_id, commitment_id, seq, type, at, detail)
         SELECT $1 || ':' || e.seq, $1, e.seq, e.type, e.at, e.detail
         FROM jsonb_to_recordset($2::jsonb) AS e(seq integer, type text, at timestamptz, detail text)
         ON CONFLICT (event_id) DO NOTHING`,
        [state.id, JSON.stringify(events)],
      );
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

async function upsertState(client: PoolClient, c: CommitmentState): Promise<void> {
  const f = c.facts;
  await client.query(
    `INSERT INTO commitments (id, workflow_id, status, version, customer, owner, supervisor, summary, due_at, log,
        external_ref, fulfilment, details, created_at, first_fulfilled_at, first_fulfilled_on_time, lapsed_at,
        escalated_at, acknowledged_at, cancelled_at, closed_at, extension_count, reopen_count,
        satisfaction_asked_at, satisfaction_answer, satisfaction_rating, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23,
        $24, $25, $26, now())
     ON CONFLICT (id) DO UPDATE SET
       status = EXCLUDED.status, version = EXCLUDED.version, owner = EXCLUDED.owner, supervisor = EXCLUDED.supervisor,
       due_at = EXCLUDED.due_at, fulfilment = EXCLUDED.fulfilment, details = EXCLUDED.details,
       first_fulfilled_at = EXCLUDED.first_fulfilled_at, first_fulfilled_on_time = EXCLUDED.first_fulfilled_on_time,
       lapsed_at = EXCLUDED.lapsed_at, escalated_at = EXCLUDED.escalated_at, acknowledged_at = EXCLUDED.acknowledged_at,
       cancelled_at = EXCLUDED.cancelled_at, closed_at = EXCLUDED.closed_at, extension_count = EXCLUDED.extension_count,
       reopen_count = EXCLUDED.reopen_count, satisfaction_asked_at = EXCLUDED.satisfaction_asked_at,
       satisfaction_answer = EXCLUDED.satisfaction_answer, satisfaction_rating = EXCLUDED.satisfaction_rating,
       updated_at = now()
     WHERE commitments.version < EXCLUDED.version`,
    [
      c.id, c.workflowId, c.status, c.version, c.customer, c.owner, c.supervisor, c.summary, c.dueAt, c.log ?? {},
      c.externalRef ?? null, c.fulfilment ?? null, JSON.stringify(detailsOf(c)), c.createdAt,
      iso(f.firstFulfilledAt), f.firstFulfilledOnTime ?? null, iso(f.lapsedAt), iso(f.escalatedAt), iso(f.acknowledgedAt),
      iso(f.cancelledAt), iso(f.closedAt), f.extensionCount, f.reopenCount, iso(f.satisfaction?.askedAt),
      f.satisfaction?.answer ?? null, f.satisfaction?.rating ?? null,
    ],
  );
}

export function rowToState(row: CommitmentRow): CommitmentState {
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
    ...row.details,
    policy: row.details.policy ?? LEGACY_POLICY,
    deadlineNo: row.details.deadlineNo ?? 0,
    deadlineSetAt: row.details.deadlineSetAt ?? row.created_at.toISOString(),
    facts: row.details.facts ?? { extensionCount: 0, reopenCount: 0 },
  };
}

export async function findCommitment(db: Pool, id: string): Promise<CommitmentView | undefined> {
  const [state, events] = await Promise.all([
    db.query<CommitmentRow>('SELECT * FROM commitments WHERE id = $1', [id]),
    db.query<{ seq: number; type: TimelineEvent['type']; at: Date; detail: string }>(
      'SELECT seq, type, at, detail FROM commitment_events WHERE commitment_id = $1 ORDER BY seq',
      [id],
    ),
  ]);
  const row = state.rows[0];
  if (!row) return undefined;
  return { ...rowToState(row), timeline: events.rows.map((e) => ({ seq: e.seq, type: e.type, at: e.at.toISOString(), detail: e.detail })) };
}
