/**
 * A fulfilment's next contact, as a commitment of its own for the same owner and customer: a child
 * workflow, abandoned rather than terminated when this one closes, for it has a life of its own.
 */
import { ParentClosePolicy, startChild, uuid4 } from '@temporalio/workflow';
import { commitmentIdFromHex, commitmentWorkflowId, startSearchAttributes, type CommitmentInput, type CommitmentState } from '../../shared/contract';
import { SYSTEM, type Command } from '../../core';

/** Summaries are bounded at 500 characters by the API; a follow-up's prefix must keep it so. */
const SUMMARY_MAX = 500;

export interface FollowUpHost {
  readonly state: CommitmentState;
  applySystem(command: Command): Promise<void>;
}

export async function startFollowUp(host: FollowUpHost, dueAt: string): Promise<void> {
  const s = host.state;
  const id = commitmentIdFromHex(uuid4().replace(/-/g, ''));
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
  const options = {
    workflowId: commitmentWorkflowId(id),
    args: [input],
    parentClosePolicy: ParentClosePolicy.ABANDON,
    typedSearchAttributes: startSearchAttributes(input),
  };
  await startChild('commitmentWorkflow', options);
  await host.applySystem({ type: 'followUpCreated', followUpId: id, dueAt });
}
