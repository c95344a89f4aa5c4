/**
 * Actions on one commitment: each is a Temporal update with a synchronous answer, declared once
 * below. An Idempotency-Key becomes the update's ID (scoped by caller, commitment and action), so
 * a retry after a timeout is answered with the first outcome instead of being applied twice.
 * Errors map at the edge: invalid transition → 409 with the workflow's reason, not allowed → 403,
 * a closed workflow → 409 from the read model, no such commitment → 404, Temporal too slow → 503.
 */
import { createHash } from 'node:crypto';
import { ApplicationFailure, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { z } from 'zod';
import { findCommitment } from '../db/commitments';
import {
  FailureType,
  acknowledgeUpdate,
  cancelUpdate,
  commitmentWorkflowId,
  extendUpdate,
  fulfilUpdate,
  noteUpdate,
  pauseUpdate,
  reassignUpdate,
  resumeUpdate,
  type Actor,
  type CommitmentView,
} from '../shared/contract';
import { assertMayAccess, overseesAll, type Principal } from './auth';
import { CommitmentParams, loadCommitment, toResource } from './commitments';
import { problems } from './problems';
import { Commitment, jsonResponse, problemResponse } from './resource';
import { route, type AnyRoute } from './route';
import { Acknowledge, Cancel, Extend, Fulfil, Note, Pause, Reassign, Resume } from './schemas';
import type { ApiDeps } from './deps';
import { withDeadline } from './unavailable';
import { findStaff } from '../db/directory/staff';
import { contactOf } from '../directory/parties';
import { assertWindows } from './windows';

/** Who acts, from the key: never from the body. */
function actorOf(p: Principal): Actor {
  return { kind: 'staff', id: p.staffId, name: p.name, role: p.role };
}

function refusal(err: unknown): Error | undefined {
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    if (err.cause.type === FailureType.InvalidTransition) return problems.conflict(err.cause.message);
    if (err.cause.type === FailureType.NotAllowed) return problems.forbidden(err.cause.message);
    if (err.cause.type === FailureType.InvalidInput) return problems.invalid([], err.cause.message);
  }
  return undefined;
}

interface ActionSpec<S extends z.ZodType, A> {
  path: string;
  schema: S;
  summary: string;
  update: UpdateDefinition<CommitmentView, [A]>;
  /** The update's input from the parsed body and the caller (and the directory, where it names someone). */
  input(body: z.output<S>, principal: Principal, deps: ApiDeps): A | Promise<A>;
}

function action<S extends z.ZodType, A>(spec: ActionSpec<S, A>): AnyRoute {
  return route({
    method: 'post',
    path: `/v1/commitments/{id}/${spec.path}`,
    summary: spec.summary,
    auth: 'key',
    params: CommitmentParams,
    body: spec.schema,
    idempotent: true,
    responses: {
      200: jsonResponse('The commitment after the change, with its timeline', Commitment),
      403: problemResponse("Another agent's commitment (agents act on their own; supervisors on any), or a change this caller may not make"),
      409: problemResponse('Not possible in its current state; `detail` says why'),
    },
    handle: async ({ body, params, principal, idempotencyKey, res }, deps) => {
      const current = await loadCommitment(deps, params.id);
      if (!current) throw problems.notFound(`No commitment has the id ${params.id}.`);
      assertMayAccess(principal, current);
      const args = await spec.input(body as z.output<S>, principal, deps);
      const updateId = idempotencyKey && createHash('sha256').update(`${principal.keyId}\n${params.id}\n${spec.path}\n${idempotencyKey}`).digest('hex');
      const handle = deps.client.workflow.getHandle(commitmentWorkflowId(params.id));
      try {
        const view = await withDeadline(deps.client, deps.temporalDeadlineMs, () => handle.executeUpdate(spec.update, { args: [args], ...(updateId ? { updateId } : {}) }));
        // The handler wrote state and events before answering; the read model has the whole timeline.
        res.json(toResource((await findCommitment(deps.db, params.id)) ?? view));
      } catch (err) {
        const refused = refusal(err);
        if (refused) throw refused;
        if (err instanceof WorkflowNotFoundError) {
          const stored = await findCommitment(deps.db, params.id);
          throw problems.conflict(`This commitment is ${stored?.status ?? 'closed'}; it takes no more changes.`);
        }
        throw err;
      }
    },
  });
}

export const actionRoutes: AnyRoute[] = [
  action({
    path: 'fulfil',
    schema: Fulfil,
    summary: 'Report the promise kept; the customer gets a recap, then the satisfaction check',
    update: fulfilUpdate,
    input: (b, p, deps) => {
      // A next contact is a follow-up commitment due then: a deadline like any other.
      if (b.nextContactAt) assertWindows(deps.shortestWindowMs, [{ pointer: '/nextContactAt', ms: Date.parse(b.nextContactAt) - Date.now() }]);
      return { ...b, actor: actorOf(p) };
    },
  }),
  action({
    path: 'extend',
    schema: Extend,
    summary: 'A new deadline with a reason, told to the customer; past maxExtensions it escalates instead',
    update: extendUpdate,
    input: (b, p, deps) => {
      assertWindows(deps.shortestWindowMs, [b.lead]);
      return { actor: actorOf(p), dueAt: b.dueAt, reason: b.reason };
    },
  }),
  action({
    path: 'reassign',
    schema: Reassign,
    summary: 'Hand over to a new owner with a note; they get the whole timeline, the customer is told',
    update: reassignUpdate,
    input: async (b, p, deps) => {
      const owner = await findStaff(deps.db, b.ownerId);
      if (!owner?.active) throw problems.invalid([{ pointer: '/ownerId', detail: `${b.ownerId} is not an active member of staff` }]);
      return { actor: actorOf(p), owner: contactOf(owner), handoffNote: b.handoffNote };
    },
  }),
  action({ path: 'cancel', schema: Cancel, summary: 'Withdraw it, optionally telling the customer why', update: cancelUpdate, input: (b, p) => ({ ...b, actor: actorOf(p) }) }),
  action({ path: 'notes', schema: Note, summary: 'Append a note to the timeline', update: noteUpdate, input: (b, p) => ({ actor: actorOf(p), text: b.text, author: actorOf(p).name }) }),
  action({ path: 'pause', schema: Pause, summary: 'Waiting on the customer: the deadline clock stops', update: pauseUpdate, input: (b, p) => ({ ...b, actor: actorOf(p) }) }),
  action({ path: 'resume', schema: Resume, summary: 'The deadline clock runs again, moved by the pause', update: resumeUpdate, input: (_b, p) => ({ actor: actorOf(p) }) }),
  action({
    path: 'acknowledge',
    schema: Acknowledge,
    summary: 'Supervisors: take over an escalated commitment with a new deadline',
    update: acknowledgeUpdate,
    input: (b, p, deps) => {
      if (!overseesAll(p)) throw problems.forbidden('Only a supervisor or an admin can acknowledge an escalation.');
      assertWindows(deps.shortestWindowMs, [b.lead]);
      return { by: p.staffId, actor: actorOf(p), dueAt: b.dueAt, ...(b.note ? { note: b.note } : {}) };
    },
  }),
];
