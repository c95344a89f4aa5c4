/**
 * GET /v1/commitments/{id}/messages: every message sent for a commitment, with its delivery status
 * as stored (accepted, sent, delivered, failed, undelivered, unresolved, outbox…). Whoever may see
 * the commitment may see its messages: the same access rule, from the same read.
 */
import { listMessages } from '../../db/messages';
import { assertMay } from '../auth';
import { CommitmentParams, loadCommitment } from './routes';
import { MessageList } from '../console-schemas';
import { problems } from '../problems';
import { jsonResponse, problemResponse } from '../resource';
import { route, type AnyRoute } from '../route';

export const messageRoutes: AnyRoute[] = [
  route({
    method: 'get',
    path: '/v1/commitments/{id}/messages',
    operationId: 'listCommitmentMessages',
    tag: 'Commitments',
    summary: 'Every message sent about a commitment: audience, channel, body, delivery status, fallback',
    auth: 'key',
    params: CommitmentParams,
    responses: { 200: jsonResponse('The messages, oldest first', MessageList), 403: problemResponse("Another agent's commitment") },
    handle: async ({ params, principal, res }, deps) => {
      const view = await loadCommitment(deps, params.id);
      if (!view) throw problems.notFound(`No commitment has the id ${params.id}.`);
      assertMay(principal, view);
      const body: MessageList = { items: await listMessages(deps.db, params.id) };
      res.json(body);
    },
  }),
];
