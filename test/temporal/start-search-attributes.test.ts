/**
 * A commitment's search attributes come with its start, at no cost, and are written again only for
 * a new owner (src/shared/contract/commitment.ts). A run started without them, as the API starts one
 * when the namespace refused them, writes them itself once.
 */
import { randomUUID } from 'node:crypto';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { describe, expect, it } from 'vitest';
import { commitmentIdFromHex, commitmentWorkflowId, SEARCH_ATTRIBUTES, type CommitmentInput } from '../../src/shared/contract';
import { isUnknownSearchAttribute } from '../../src/temporal/search-attributes';
import { commitmentBody, eventually, SUPERVISOR_KEY, useHarness } from '../support/harness';
import { workflowInput } from '../support/history';

const h = useHarness();

/** The input as a start other than the API's carries it (a follow-up's): the workflow records its first state itself. */
const withoutApiRecord = ({ recordedByApi: _api, ...input }: CommitmentInput): CommitmentInput => input;
const T = temporal.api.enums.v1.EventType;

/** The names each search-attribute upsert of a run wrote, in order. */
async function upserts(workflowId: string): Promise<string[][]> {
  const events = (await h.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
  return events
    .filter((e) => e.eventType === T.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES)
    .map((e) => Object.keys(e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {}).sort());
}

describe('the search attributes of a commitment', () => {
  it('come with the start: a new run upserts only the SDK’s record of its patch marker', async () => {
    const made = (await h.api('POST', '/v1/commitments', { body: commitmentBody({ dueIn: 'PT1H' }) })).body;
    const described = await h.client.workflow.getHandle(made.workflowId).describe();
    expect(described.typedSearchAttributes.get(SEARCH_ATTRIBUTES.owner)).toBe('agent-dana');
    expect(described.typedSearchAttributes.get(SEARCH_ATTRIBUTES.dueAt)?.toISOString()).toBe(made.dueAt);
    await eventually(async () => ((await upserts(made.workflowId)).length > 0 ? true : undefined));
    expect(await upserts(made.workflowId)).toEqual([['TemporalChangeVersion']]);
  });

  it('are written by the workflow once when its start had none, and then only for a new owner', async () => {
    const made = (await h.api('POST', '/v1/commitments', { body: commitmentBody({ dueIn: 'PT1H' }) })).body;
    const input = await workflowInput<CommitmentInput>(h.client, made.workflowId);
    const id = commitmentIdFromHex(randomUUID().replace(/-/g, ''));
    const bare = await h.client.workflow.start('commitmentWorkflow', {
      taskQueue: h.taskQueue,
      workflowId: commitmentWorkflowId(id),
      args: [withoutApiRecord({ ...input, id })],
    });
    await eventually(async () =>
      (await h.api('GET', `/v1/commitments/${id}`)).body.timeline?.some((e: { type: string }) => e.type === 'created') ? true : undefined,
    );
    const moved = await h.api('POST', `/v1/commitments/${id}/reassign`, {
      key: SUPERVISOR_KEY,
      body: { ownerId: 'agent-lee', handoffNote: 'Lee has the bank contact' },
    });
    expect(moved.status).toBe(200);
    await eventually(async () => ((await upserts(bare.workflowId)).length >= 3 ? true : undefined));
    expect(await upserts(bare.workflowId)).toEqual([['TemporalChangeVersion'], ['FollowthroughDueAt', 'FollowthroughOwner'], ['FollowthroughOwner']]);
    const described = await bare.describe();
    expect(described.typedSearchAttributes.get(SEARCH_ATTRIBUTES.owner)).toBe('agent-lee');
    expect(described.typedSearchAttributes.get(SEARCH_ATTRIBUTES.dueAt)?.toISOString()).toBe(input.dueAt);
  });

  it('that the namespace lacks are told apart from any other refusal of a start, by the server’s own answer', async () => {
    const refusal = await h.client.workflow
      .start('commitmentWorkflow', {
        taskQueue: h.taskQueue,
        workflowId: `probe-${randomUUID()}`,
        typedSearchAttributes: [{ key: defineSearchAttributeKey('FollowthroughNotRegistered', SearchAttributeType.KEYWORD), value: 'x' }],
      })
      .catch((err: unknown) => err);
    expect(isUnknownSearchAttribute(refusal)).toBe(true);
    const made = (await h.api('POST', '/v1/commitments', { body: commitmentBody({ dueIn: 'PT1H' }) })).body;
    const duplicate = await h.client.workflow
      .start('commitmentWorkflow', { taskQueue: h.taskQueue, workflowId: made.workflowId, args: [], workflowIdConflictPolicy: 'FAIL' })
      .catch((err: unknown) => err);
    expect(duplicate).toBeInstanceOf(Error);
    expect(isUnknownSearchAttribute(duplicate)).toBe(false);
  });
});
