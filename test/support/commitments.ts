/**
 * Realistic commitment states for tests that seed the read model directly, through the same
 * writer the recordCommitment activity uses (src/db/commitments.ts), without running workflows.
 */
import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import { recordCommitment } from '../../src/db/commitments';
import { commitmentWorkflowId, type CommitmentPolicy, type CommitmentState, type TimelineEvent } from '../../src/shared/contract';

/** Same shape as the API's ids (cmt_ + 24 base-36 characters), so GET /v1/commitments/:id accepts them. */
export function newCommitmentId(): string {
  return `cmt_${BigInt(`0x${randomBytes(16).toString('hex')}`)
    .toString(36)
    .padStart(24, '0')
    .slice(-24)}`;
}

export const POLICY: CommitmentPolicy = {
  confirmAfterMs: 3600_000,
  confirmWithinMs: 48 * 3600_000,
  reopenWithinMs: 4 * 3600_000,
  maxExtensions: 2,
  escalation: {
    levels: [{ target: { kind: 'staff', staff: { id: 'sup-sam', name: 'Sam Okafor', email: 'sam@support.example' } }, ackWithinMs: 30 * 60_000 }],
    repeat: 1,
  },
  quietHours: { start: '21:00', end: '08:00' },
};

const STAFF: Record<string, { name: string; email: string }> = {
  'agent-dana': { name: 'Dana Reyes', email: 'dana@support.example' },
  'agent-lee': { name: 'Lee Park', email: 'lee@support.example' },
  'agent-kim': { name: 'Kim Osei', email: 'kim@support.example' },
};

export type StateOverrides = Partial<Omit<CommitmentState, 'owner'>> & { ownerId?: string };

export function commitmentState(o: StateOverrides = {}): CommitmentState {
  const id = o.id ?? newCommitmentId();
  const ownerId = o.ownerId ?? 'agent-dana';
  const createdAt = o.createdAt ?? new Date().toISOString();
  const { ownerId: _ownerId, ...rest } = o;
  return {
    id,
    workflowId: commitmentWorkflowId(id),
    status: 'open',
    version: 1,
    customer: { name: 'Maria Lopez', phone: '+14155550123', email: 'maria@example.com', timezone: 'America/Chicago' },
    owner: { id: ownerId, ...(STAFF[ownerId] ?? { name: ownerId, email: 'staff@support.example' }) },
    supervisor: { id: 'sup-sam', name: 'Sam Okafor', email: 'sam@support.example', phone: '+14155550199' },
    summary: 'Call you back about the duplicate charge',
    dueAt: new Date(Date.parse(createdAt) + 3600_000).toISOString(),
    createdAt,
    log: { trigger: 'billing_error', customerState: 'frustrated', customerWants: 'refund', rootCause: 'bad_automation' },
    createdBy: ownerId,
    policy: POLICY,
    deadlineNo: 1,
    deadlineSetAt: createdAt,
    facts: { extensionCount: 0, reopenCount: 0 },
    ...rest,
  };
}

/** The first event every commitment has, worded as the workflow words it. */
export function createdEvent(s: CommitmentState): TimelineEvent {
  return { seq: 0, at: s.createdAt, type: 'created', detail: `${s.owner.name} promised ${s.customer.name}: ${s.summary}` };
}

/** Writes each state with its created event, a few at a time (the pool has 5 connections). */
export async function recordAll(db: Pool, states: readonly CommitmentState[]): Promise<void> {
  for (let i = 0; i < states.length; i += 5) {
    await Promise.all(states.slice(i, i + 5).map((s) => recordCommitment(db, s, [createdEvent(s)])));
  }
}
