/**
 * Actions on one commitment: each is a Temporal update with a synchronous answer. Errors map at
 * the edge: invalid transition → 409 with the workflow's reason, a closed workflow → 409 from the
 * read model, no such commitment → 404, someone else's → 403.
 */
import { ApplicationFailure, WorkflowNotFoundError, WorkflowUpdateFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import { Router, type Request, type Response } from 'express';
import type { Pool } from 'pg';
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
import { assertMayAccess, overseesAll, principalOf } from './auth';
import { COMMITMENT_ID, loadCommitment, parseBody, toResource } from './commitments';
import { deadlineFrom } from './policy';
import { problems } from './problems';
import { Acknowledge, Cancel, Extend, Fulfil, Note, Pause, Reassign, Resume } from './schemas';

export function actionsRouter(deps: { client: Client; db: Pool }): Router {
  const router = Router();

  /** Checks access, sends the update, answers with the commitment as the read model now has it. */
  async function run(req: Request, res: Response, update: (handle: WorkflowHandle) => Promise<CommitmentView>): Promise<void> {
    const id = String(req.params.id ?? '');
    const current = COMMITMENT_ID.test(id) ? await loadCommitment(deps, id) : undefined;
    if (!current) throw problems.notFound(`No commitment has the id ${id}.`);
    assertMayAccess(principalOf(res), current);
    try {
      const view = await update(deps.client.workflow.getHandle(commitmentWorkflowId(id)));
      // The handler wrote state and events before answering; the read model has the whole timeline.
      res.json(toResource((await findCommitment(deps.db, id)) ?? view));
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
        if (err.cause.type === FailureType.InvalidTransition) throw problems.conflict(err.cause.message);
        if (err.cause.type === FailureType.NotAllowed) throw problems.forbidden(err.cause.message);
        if (err.cause.type === FailureType.InvalidInput) throw problems.invalid([], err.cause.message);
      }
      if (err instanceof WorkflowNotFoundError) {
        const stored = await findCommitment(deps.db, id);
        throw problems.conflict(`This commitment is ${stored?.status ?? 'closed'}; it takes no more changes.`);
      }
      throw err;
    }
  }

  const staff = (res: Response) => principalOf(res).staffId;
  /** Who acts, from the key: never from the body. */
  const actor = (res: Response): Actor => {
    const p = principalOf(res);
    return { kind: 'staff', id: p.staffId, name: p.name, role: p.role };
  };

  router.post('/commitments/:id/fulfil', async (req, res) => {
    const body = parseBody(Fulfil, req);
    await run(req, res, (h) => h.executeUpdate(fulfilUpdate, { args: [{ ...body, actor: actor(res) }] }));
  });
  router.post('/commitments/:id/extend', async (req, res) => {
    const body = parseBody(Extend, req);
    await run(req, res, (h) => h.executeUpdate(extendUpdate, { args: [{ actor: actor(res), dueAt: deadlineFrom(body), reason: body.reason }] }));
  });
  router.post('/commitments/:id/reassign', async (req, res) => {
    const body = parseBody(Reassign, req);
    await run(req, res, (h) => h.executeUpdate(reassignUpdate, { args: [{ ...body, actor: actor(res) }] }));
  });
  router.post('/commitments/:id/cancel', async (req, res) => {
    const body = parseBody(Cancel, req);
    await run(req, res, (h) => h.executeUpdate(cancelUpdate, { args: [{ ...body, actor: actor(res) }] }));
  });
  router.post('/commitments/:id/notes', async (req, res) => {
    const { text } = parseBody(Note, req);
    await run(req, res, (h) => h.executeUpdate(noteUpdate, { args: [{ actor: actor(res), text, author: staff(res) }] }));
  });
  router.post('/commitments/:id/pause', async (req, res) => {
    const body = parseBody(Pause, req);
    await run(req, res, (h) => h.executeUpdate(pauseUpdate, { args: [{ ...body, actor: actor(res) }] }));
  });
  router.post('/commitments/:id/resume', async (req, res) => {
    parseBody(Resume, req);
    await run(req, res, (h) => h.executeUpdate(resumeUpdate, { args: [{ actor: actor(res) }] }));
  });
  router.post('/commitments/:id/acknowledge', async (req, res) => {
    const principal = principalOf(res);
    if (!overseesAll(principal)) throw problems.forbidden('Only a supervisor or an admin can acknowledge an escalation.');
    const body = parseBody(Acknowledge, req);
    const by = body.by ?? principal.staffId;
    await run(req, res, (h) => h.executeUpdate(acknowledgeUpdate, { args: [{ by, actor: actor(res), dueAt: deadlineFrom(body), ...(body.note ? { note: body.note } : {}) }] }));
  });

  return router;
}
