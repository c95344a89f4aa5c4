/**
 * A fulfilment's next contact, as a commitment of its own for the same owner and customer: a
 * child workflow, abandoned when this one closes, linked both ways.
 */
import { ParentClosePolicy, startChild, uuid4 } from '@temporalio/workflow';
import { commitmentWorkflowId, type CommitmentInput } from '../../shared/contract';
import { SYSTEM } from '../transitions';
import type { LiveCommitment } from './live';

/** Summaries are bounded at 500 characters by the API; a follow-up's prefix must keep it so. */
const SUMMARY_MAX = 500;

/** The promise of a next contact, as a commitment of its own for the same owner and customer. */
export async function startFollowUp(c: LiveCommitment, dueAt: string): Promise<void> {
  const s = c.state;
  const id = `cmt_${BigInt(`0x${uuid4().replace(/-/g, '')}`).toString(36).padStart(24, '0').slice(-24)}`;
  const input: CommitmentInput = {
    id,
    customer: s.customer,
    owner: s.owner,
    supervisor: s.supervisor,
    ...(s.team ? { team: s.team } : {}),
    summary: `Follow-up: ${s.summary}`.slice(0, SUMMARY_MAX),
    dueAt,
    createdAt: new Date().toISOString(),
    ...(s.log ? { log: s.log } : {}),
    ...(s.externalRef ? { externalRef: s.externalRef } : {}),
    createdBy: s.owner.id,
    creator: SYSTEM,
    policy: s.policy,
    followUpOf: s.id,
  };
  // Abandoned, not terminated, when this one closes: the follow-up has a life of its own.
  const workflowId = commitmentWorkflowId(id);
  await startChild('commitmentWorkflow', { workflowId, args: [input], parentClosePolicy: ParentClosePolicy.ABANDON });
  await c.applySystem({ type: 'followUpCreated', followUpId: id, dueAt });
}
