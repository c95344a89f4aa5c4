/**
 * /v1/commitments: create and read (actions on one are in actions.ts). Temporal errors are mapped here, at the edge:
 * already started → the existing commitment, not found → 404, invalid transition → 409.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Router, type Request } from 'express';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Pool } from 'pg';
import type { z } from 'zod';
import { findCommitment } from '../db/commitments';
import { commitmentQuery, commitmentWorkflowId, type CommitmentInput, type CommitmentView } from '../shared/contract';
import type { commitmentWorkflow } from '../workflows/commitment';
import { assertMayAccess, principalOf } from './auth';
import { deadlineFrom, pinPolicy, type PolicyDefaults } from './policy';
import { fieldErrors, problems } from './problems';
import { CreateCommitment, type Commitment } from './schemas';

export interface CommitmentsDeps {
  client: Client;
  db: Pool;
  taskQueue: string;
  policyDefaults: PolicyDefaults;
}

export const COMMITMENT_ID = /^cmt_[a-z0-9]{24}$/;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

export function parseBody<S extends z.ZodType>(schema: S, req: Request): z.infer<S> {
  if (!req.is('application/json')) throw problems.unsupportedMediaType();
  const parsed = schema.safeParse(req.body ?? {}, { reportInput: true });
  if (!parsed.success) throw problems.invalid(fieldErrors(parsed.error));
  return parsed.data;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** What a commitment's workflow carries in its memo from the request that started it. */
interface StartMemo {
  requestHash?: string;
  createdAt?: string;
  dueAt?: string;
}

/** Same key from the same caller → same ID, so Temporal's workflow-ID uniqueness does the deduplication. */
function commitmentId(idempotency: { keyId: string; key: string } | undefined): string {
  const raw = idempotency ? sha256(`${idempotency.keyId}:${idempotency.key}`) : randomBytes(16).toString('hex');
  return `cmt_${BigInt(`0x${raw}`).toString(36).padStart(24, '0').slice(-24)}`;
}

/** Order-independent JSON, so a retried request with its keys reordered still matches. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function toResource(view: CommitmentView): Commitment {
  const { version: _version, ...rest } = view;
  return rest;
}

/** The read model first; a commitment whose first write hasn't landed yet is asked of its workflow. */
export async function loadCommitment(deps: { client: Client; db: Pool }, id: string): Promise<CommitmentView | undefined> {
  const stored = await findCommitment(deps.db, id);
  if (stored) return stored;
  try {
    return await deps.client.workflow.getHandle(commitmentWorkflowId(id)).query(commitmentQuery);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
}

export function commitmentsRouter(deps: CommitmentsDeps): Router {
  const router = Router();

  const load = (id: string) => loadCommitment(deps, id);

  router.post('/commitments', async (req, res) => {
    const body = parseBody(CreateCommitment, req);
    const key = req.get('idempotency-key');
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
      throw problems.invalid([], 'The Idempotency-Key header must be 1 to 255 visible ASCII characters.');
    }
    const id = commitmentId(key === undefined ? undefined : { keyId: principalOf(res).keyId, key });
    const now = Date.now();
    const input: CommitmentInput = {
      id,
      customer: body.customer,
      owner: body.owner,
      supervisor: body.supervisor,
      summary: body.summary,
      dueAt: deadlineFrom(body, now),
      createdAt: new Date(now).toISOString(),
      ...(body.log ? { log: body.log } : {}),
      ...(body.externalRef ? { externalRef: body.externalRef } : {}),
      createdBy: principalOf(res).staffId,
      policy: pinPolicy(body, body.supervisor, deps.policyDefaults),
    };
    const requestHash = sha256(canonical(req.body));
    const workflowId = commitmentWorkflowId(id);
    let view: CommitmentView = { ...input, workflowId, status: 'open', version: 0, deadlineNo: 0, deadlineSetAt: input.createdAt, facts: { extensionCount: 0, reopenCount: 0 }, timeline: [] };
    try {
      await deps.client.workflow.start<typeof commitmentWorkflow>('commitmentWorkflow', {
        taskQueue: deps.taskQueue,
        workflowId,
        args: [input],
        // The times let a retry answer with what the first request promised, without asking the workflow.
        memo: { requestHash, createdAt: input.createdAt, dueAt: input.dueAt },
        // Concurrent retries of one request all land on the single run the first one started;
        // a retry after that run has closed is refused and answered with the stored commitment.
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
    if (key !== undefined) {
      const memo = (await deps.client.workflow.getHandle(workflowId).describe()).memo as StartMemo | undefined;
      if (memo?.requestHash !== requestHash) throw problems.idempotencyMismatch();
      // The read model, or else (its first write still to land) the first request's view: same
      // body, by the hash, and the same times, from the memo. Asking the workflow instead would
      // wait behind its first task, seconds when the worker is busy.
      const stored = await findCommitment(deps.db, id);
      if (stored) view = stored;
      else if (memo.createdAt && memo.dueAt) view = { ...view, createdAt: memo.createdAt, deadlineSetAt: memo.createdAt, dueAt: memo.dueAt };
      else view = (await load(id)) ?? view;
    }
    res.status(201).location(`/v1/commitments/${id}`).json(toResource(view));
  });

  router.get('/commitments/:id', async (req, res) => {
    const id = req.params.id;
    const view = COMMITMENT_ID.test(id) ? await load(id) : undefined;
    if (!view) throw problems.notFound(`No commitment has the id ${id}.`);
    assertMayAccess(principalOf(res), view);
    res.json(toResource(view));
  });

  return router;
}
