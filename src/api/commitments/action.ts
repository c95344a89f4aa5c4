/**
 * One action on one commitment, as a route: a Temporal update with a synchronous answer. An
 * Idempotency-Key becomes the update's ID (scoped by caller, commitment and action), so a retry
 * after a timeout is answered with the first outcome instead of being applied twice. Errors map
 * at the edge: invalid transition → 409 with the workflow's reason, not allowed → 403, a closed
 * workflow → 409 from the read model (or what the action still does there), no such commitment →
 * 404, Temporal too slow → 503. Who may take each action is the authority table's to say.
 */
import { createHash, randomUUID } from 'node:crypto';
import { ApplicationFailure, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { z } from 'zod';
import { findCommitment } from '../../db/commitments';
import { commitmentWorkflowId, REFUSALS, refusalKindOf, type Actor, type CommitmentView, type Refusal, type RefusalKind } from '../../shared/contract';
import type { AuthorityAction } from '../../shared/authority';
import { assertMay, type Principal } from '../auth';
import { CommitmentParams, loadCommitment, toResource } from './routes';
import type { ApiDeps } from '../deps';
import { problems } from '../problems';
import { Commitment, jsonResponse, problemResponse } from '../resource';
import { route, type AnyRoute } from '../route';
import { withDeadline } from '../unavailable';

/** Who acts, from the key: never from the body. */
export function actorOf(p: Principal): Actor {
  return { kind: 'staff', id: p.staffId, name: p.name, role: p.role, teamId: p.teamId };
}

/** A refusal from the functional core as the problem the caller gets. */
export function refusalProblem(kind: RefusalKind, reason: string): Error {
  const PROBLEM: Record<Refusal['status'], (reason: string) => Error> = {
    403: (r) => problems.forbidden(r),
    400: (r) => problems.invalid([], r),
    409: (r) => problems.conflict(r),
  };
  return PROBLEM[REFUSALS[kind].status](reason);
}

function refusal(err: unknown): Error | undefined {
  if (!(err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure)) return undefined;
  const kind = refusalKindOf(err.cause.type);
  return kind ? refusalProblem(kind, err.cause.message) : undefined;
}

export interface ActionSpec<S extends z.ZodType, A> {
  /** The last segment of /v1/commitments/{id}/… */
  path: string;
  /** The operation's name in the OpenAPI document, unique across the API: fulfilCommitment. */
  operationId: string;
  /** POST, or PATCH for a correction of one part of the commitment. */
  method?: 'post' | 'patch';
  schema: S;
  summary: string;
  update: UpdateDefinition<CommitmentView, [A]>;
  /** Problems this action answers besides 403 and 409 (a 422 naming a field, say). */
  problems?: Record<number, ReturnType<typeof problemResponse>>;
  /** Which action of the authority table (src/shared/authority.ts) this is: who may take it. */
  authority: AuthorityAction;
  /** The update's input from the parsed body and the caller (and the directory, where it names someone). */
  input(body: z.output<S>, principal: Principal, deps: ApiDeps, current: CommitmentView): A | Promise<A>;
  /**
   * What the action still does once the workflow has completed; without it a closed commitment
   * answers 409. `marker` is the update ID, or a fresh one without an Idempotency-Key.
   */
  afterClose?(args: A, current: CommitmentView, marker: string, deps: ApiDeps): Promise<void>;
}

export function action<S extends z.ZodType, A>(spec: ActionSpec<S, A>): AnyRoute {
  return route({
    method: spec.method ?? 'post',
    path: `/v1/commitments/{id}/${spec.path}`,
    operationId: spec.operationId,
    tag: 'Actions',
    summary: spec.summary,
    auth: 'key',
    params: CommitmentParams,
    body: spec.schema,
    idempotent: true,
    responses: {
      200: jsonResponse('The commitment after the change, with its timeline', Commitment),
      403: problemResponse('Not for this caller: `detail` says why and who may (docs/security.md, "Who may do what to a commitment")'),
      409: problemResponse('Not possible in its current state; `detail` says why'),
      ...spec.problems,
    },
    handle: async ({ body, params, principal, idempotencyKey, res }, deps) => {
      const current = await loadCommitment(deps, params.id);
      if (!current) throw problems.notFound(`No commitment has the id ${params.id}.`);
      // Before Temporal is asked: the workflow asks the same table again, as its last line.
      assertMay(principal, current, spec.authority);
      const args = await spec.input(body as z.output<S>, principal, deps, current);
      const updateId = idempotencyKey && createHash('sha256').update(`${principal.keyId}\n${params.id}\n${spec.path}\n${idempotencyKey}`).digest('hex');
      const handle = deps.client.workflow.getHandle(commitmentWorkflowId(params.id));
      try {
        const view = await withDeadline(deps.client, deps.temporalDeadlineMs, () =>
          handle.executeUpdate(spec.update, { args: [args], ...(updateId ? { updateId } : {}) }),
        );
        // The handler wrote state and events before answering; the read model has the whole timeline.
        res.json(toResource((await findCommitment(deps.db, params.id)) ?? view));
      } catch (err) {
        const refused = refusal(err);
        if (refused) throw refused;
        if (!(err instanceof WorkflowNotFoundError)) throw err;
        const stored = await findCommitment(deps.db, params.id);
        if (!stored || !spec.afterClose) throw problems.conflict(`This commitment is ${stored?.status ?? 'closed'}; it takes no more changes.`);
        await spec.afterClose(args, stored, updateId || randomUUID(), deps);
        res.json(toResource((await findCommitment(deps.db, params.id)) ?? stored));
      }
    },
  });
}
