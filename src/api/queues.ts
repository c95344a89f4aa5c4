/**
 * The work queues: GET /v1/commitments (filtered, ordered by deadline, cursor-paginated) and
 * GET /v1/escalations (supervisors). Both read only Postgres: a list must not fan out to Temporal.
 */
import { decodeCursor, encodeCursor, listCommitments, listOpenEscalations } from '../db/queries';
import type { CommitmentState } from '../shared/contract';
import { overseenTeam, overseesAll, type Principal } from './auth';
import { problems } from './problems';
import { jsonResponse, problemResponse, type CommitmentListItem } from './resource';
import { route, type AnyRoute } from './route';
import { CommitmentPage, DEFAULT_LIMIT, EscalationList, EscalationsQuery, ListCommitmentsQuery } from './query-schemas';

export function assertSupervisor(principal: Principal, what: string): void {
  if (!overseesAll(principal)) throw problems.forbidden(`${what} are for supervisors; this API key has the ${principal.role} role.`);
}

/** The list shows what GET /v1/commitments/{id} shows, less the timeline and the internal version. */
export function toListItem(state: CommitmentState): CommitmentListItem {
  const { version: _version, ...rest } = state;
  return rest;
}

const supervisorsOnly = { 403: problemResponse('Only the supervisor role may read this') };

export const queueRoutes: AnyRoute[] = [
  route({
    method: 'get',
    path: '/v1/commitments',
    operationId: 'listCommitments',
    tag: 'Queues',
    summary: 'List commitments, soonest deadline first',
    description:
      'Agents see the commitments they own or registered; supervisors see all. Pages are keyset-paginated: ' +
      'follow nextCursor until it is null; rows inserted meanwhile never shift or repeat a page.',
    auth: 'key',
    query: ListCommitmentsQuery,
    responses: { 200: jsonResponse('One page', CommitmentPage), 403: problemResponse("An agent key that names no staff member, or another agent's queue") },
    handle: async ({ principal, query: q, res }, deps) => {
      // Asking for another agent's queue is refused outright rather than answered with an empty
      // page, which would read as "they have nothing due".
      if (!overseesAll(principal) && q.owner !== undefined && q.owner !== principal.staffId) {
        throw problems.forbidden(`Agents may list only their own commitments; owner=${q.owner} is not this key's staff id (${principal.staffId}).`);
      }
      const sort = q.sort ?? 'dueAt';
      const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor);
      if (q.cursor !== undefined && !after) throw problems.invalid([{ pointer: '/query/cursor', detail: 'is not a cursor this endpoint returned' }]);
      if (after && after.sort !== sort)
        throw problems.invalid([{ pointer: '/query/cursor', detail: `was returned for sort=${after.sort}; pass the same sort` }]);
      const page = await listCommitments(deps.db, {
        filters: {
          ownerId: q.owner,
          statuses: q.status,
          dueAfter: q.dueAfter,
          dueBefore: q.dueBefore,
          createdAfter: q.createdAfter,
          createdBefore: q.createdBefore,
          customerPhone: q.customerPhone,
          customerEmail: q.customerEmail,
          externalRef: q.externalRef,
          trigger: q.trigger,
          rootCause: q.rootCause,
        },
        ...(overseesAll(principal) ? {} : { visibleTo: principal.staffId }),
        ...(principal.role === 'supervisor' ? { team: overseenTeam(principal) } : {}),
        sort,
        limit: q.limit ?? DEFAULT_LIMIT,
        ...(after ? { after } : {}),
      });
      const body: CommitmentPage = { items: page.items.map(toListItem), nextCursor: page.next ? encodeCursor(page.next) : null };
      res.json(body);
    },
  }),
  route({
    method: 'get',
    path: '/v1/escalations',
    operationId: 'listEscalations',
    tag: 'Queues',
    summary: 'Open escalations, unacknowledged first, longest waiting first',
    auth: 'key',
    query: EscalationsQuery,
    responses: { 200: jsonResponse('Open escalations', EscalationList), ...supervisorsOnly },
    handle: async ({ principal, query: q, res }, deps) => {
      assertSupervisor(principal, 'Escalations');
      const rows = await listOpenEscalations(deps.db, { now: deps.clock?.() ?? new Date(), limit: q.limit ?? DEFAULT_LIMIT, team: overseenTeam(principal) });
      const body: EscalationList = {
        items: rows.map((r) => ({
          commitment: toListItem(r.state),
          escalatedAt: r.escalatedAt ?? null,
          waitingSeconds: r.waitingSeconds ?? null,
          acknowledged: r.acknowledged,
          escalation: r.escalation ?? null,
        })),
      };
      res.json(body);
    },
  }),
];
