/**
 * GET /v1/commitments/:id/messages: every message sent for a commitment, with its delivery status
 * as stored (accepted, sent, delivered, failed, undelivered, unresolved, outbox…). Whoever may see
 * the commitment may see its messages: the same access rule, from the same read.
 */
import type { Client } from '@temporalio/client';
import { Router } from 'express';
import type { Pool } from 'pg';
import { listMessages } from '../db/messages';
import { assertMayAccess, principalOf } from './auth';
import { COMMITMENT_ID, loadCommitment } from './commitments';
import type { MessageList } from './console-schemas';
import { problems } from './problems';

export function messagesRouter(deps: { client: Client; db: Pool }): Router {
  const router = Router();

  router.get('/commitments/:id/messages', async (req, res) => {
    const id = req.params.id;
    const view = COMMITMENT_ID.test(id) ? await loadCommitment(deps, id) : undefined;
    if (!view) throw problems.notFound(`No commitment has the id ${id}.`);
    assertMayAccess(principalOf(res), view);
    const body: MessageList = { items: await listMessages(deps.db, id) };
    res.json(body);
  });

  return router;
}
