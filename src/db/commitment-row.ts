/**
 * How a commitment's state maps onto its read-model row: the columns queues and reports filter and
 * count on, and `details` for the rest, returned as is by the API.
 */
import type { CommitmentState, EscalationLevel, StaffContact } from '../shared/contract';

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

const DETAIL_KEYS = [
  'createdBy',
  'creator',
  'formerOwnerIds',
  'team',
  'facts',
  'policy',
  'deadlineNo',
  'deadlineSetAt',
  'escalation',
  'paused',
  'cancellation',
  'awaiting',
  'smsOptedOut',
  'followUpOf',
  'model',
  'business',
  'attempts',
  'wrongNumber',
] as const;
/** The parts of the state with no column of their own, kept together in `details`. */
export type StateDetails = Partial<Pick<CommitmentState, (typeof DETAIL_KEYS)[number]>>;

const iso = (d: string | undefined) => d ?? null;

/** Column → value of a state, in one list so the upsert's SQL is generated from it. */
export function columnsOf(c: CommitmentState): [string, unknown][] {
  const f = c.facts;
  const details = Object.fromEntries(DETAIL_KEYS.filter((k) => c[k] !== undefined).map((k) => [k, c[k]]));
  return [
    ['id', c.id],
    ['workflow_id', c.workflowId],
    ['status', c.status],
    ['version', c.version],
    ['customer', c.customer],
    ['owner', c.owner],
    ['supervisor', c.supervisor],
    ['summary', c.summary],
    ['due_at', c.dueAt],
    ['log', c.log ?? {}],
    ['external_ref', c.externalRef ?? null],
    ['fulfilment', c.fulfilment ?? null],
    ['details', JSON.stringify(details)],
    ['created_at', c.createdAt],
    ['first_fulfilled_at', iso(f.firstFulfilledAt)],
    ['first_fulfilled_on_time', f.firstFulfilledOnTime ?? null],
    ['lapsed_at', iso(f.lapsedAt)],
    ['escalated_at', iso(f.escalatedAt)],
    ['acknowledged_at', iso(f.acknowledgedAt)],
    ['cancelled_at', iso(f.cancelledAt)],
    ['closed_at', iso(f.closedAt)],
    ['extension_count', f.extensionCount],
    ['reopen_count', f.reopenCount],
    ['satisfaction_asked_at', iso(f.satisfaction?.askedAt)],
    ['satisfaction_answer', f.satisfaction?.answer ?? null],
    ['satisfaction_rating', f.satisfaction?.rating ?? null],
    ['team_id', c.team?.id ?? null],
    ['lapsed_owner_id', f.lapsedOwnerId ?? null],
    ['fulfilled_owner_id', f.fulfilledOwnerId ?? null],
    ['acknowledged_by', f.acknowledgedBy ?? null],
    ['escalation_reason', f.escalationReason ?? null],
    ['manager_requested_at', iso(f.managerRequestedAt)],
    ['follow_up_of', c.followUpOf ?? null],
    // The deadline as first promised, known only while no extension, pause or acknowledgement has moved it.
    ['promised_due_at', c.deadlineNo === 0 ? c.dueAt : null],
    // Callback attempts, and those that did not get through (every outcome but `reached`): the reports count these.
    ['attempt_count', c.attempts?.length ?? 0],
    ['failed_attempt_count', (c.attempts ?? []).filter((a) => a.outcome !== 'reached').length],
    // Times the customer moved it on their page: counted apart from extensions.
    ['customer_moves', f.customerMoves ?? 0],
  ];
}

/** Columns a later write never changes: the promise as made, and what retention redacted from it. */
export const WRITE_ONCE = new Set([...['id', 'workflow_id', 'customer', 'summary', 'external_ref', 'created_at', 'follow_up_of'], 'promised_due_at']);

/** Policy of rows written before policies were pinned: what the defaults were then. */
const LEGACY_POLICY: CommitmentState['policy'] = {
  confirmAfterMs: 3600_000,
  confirmWithinMs: 48 * 3600_000,
  reopenWithinMs: 4 * 3600_000,
  maxExtensions: 2,
  escalation: { levels: [], repeat: 0 },
  quietHours: null,
};

/** Model-1 levels named their contact directly; they read as named-staff targets now. */
function levelOf(l: EscalationLevel | { contact: StaffContact; ackWithinMs: number }): EscalationLevel {
  return 'target' in l ? l : { target: { kind: 'staff', staff: l.contact }, ackWithinMs: l.ackWithinMs };
}

export function rowToState(row: CommitmentRow): CommitmentState {
  const policy = row.details.policy ?? LEGACY_POLICY;
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
    policy: { ...policy, escalation: { ...policy.escalation, levels: policy.escalation.levels.map(levelOf) } },
    deadlineNo: row.details.deadlineNo ?? 0,
    deadlineSetAt: row.details.deadlineSetAt ?? row.created_at.toISOString(),
    facts: row.details.facts ?? { extensionCount: 0, reopenCount: 0 },
  };
}
