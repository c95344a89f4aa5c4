/**
 * A commitment before its first command, and what its `start` makes of it: the one computation the
 * workflow runs in its first task and the API runs to record the commitment's first state at once
 * (src/api/commitments/first-record.ts). Pure: the clock is the caller's.
 */
import { commitmentWorkflowId, type CommitmentInput, type CommitmentState, type TimelineEvent } from '../shared/contract';
import { decide } from './index';
import { SYSTEM } from './types';

/** The state a new commitment starts from, before `start`. */
export function initialState(input: CommitmentInput): CommitmentState {
  const { carried: _carried, recentForCustomer: _recent, recordedByApi: _recorded, ...fresh } = input;
  return {
    ...fresh,
    workflowId: commitmentWorkflowId(input.id),
    status: 'open',
    version: 0,
    deadlineNo: 0,
    deadlineSetAt: fresh.createdAt,
    facts: { extensionCount: 0, reopenCount: 0 },
    model: 2,
  };
}

/** The `start` command a new commitment's workflow runs first. */
export const startCommand = (input: CommitmentInput) =>
  ({ type: 'start', actor: input.creator ?? SYSTEM, ...(input.recentForCustomer ? { recentForCustomer: input.recentForCustomer } : {}) }) as const;

/**
 * The first state as its workflow's first write records it (version 1) and the entries of that
 * write, numbered from 0, dated `now`; undefined if the core refuses to start it.
 */
export function firstRecord(input: CommitmentInput, now: number): { state: CommitmentState; events: TimelineEvent[] } | undefined {
  const out = decide(initialState(input), startCommand(input), { now, nextSeq: 0 });
  if (!out.ok) return undefined;
  const at = new Date(now).toISOString();
  return { state: { ...out.state, version: 1 }, events: out.events.map((d, seq) => ({ seq, at, type: d.type, detail: d.detail, actor: d.actor })) };
}
