/**
 * The work queues: GET /v1/commitments (filtered, ordered by deadline, cursor-paginated) and
 * GET /v1/escalations (supervisors). Both read only Postgres: a list must not fan out to Temporal.
 */
import { Router, type Request } from 'express';
import type { Pool } from 'pg';
import type { z } from 'zod';
import { decodeCursor, encodeCursor, listCommitments, listOpenEscalations } from '../db/queries';
import type { CommitmentState } from '../shared/contract';
import { overseesAll, principalOf, type Principal } from './auth';
import { fieldErrors, problems } from './problems';
import {
  DEFAULT_LIMIT,
  EscalationsQuery,
  ListCommitmentsQuery,
  type CommitmentListItem,
  type CommitmentPage,
  type EscalationList,
} from './query-schemas';

export interface QueuesDeps {
  db: Pool;
  /** Injected so waitingSeconds is testable. */
  clock?: () => Date;
}

/**
 * Validates the query string once, here. Pointers are `/query/<name>` (RFC 6901 over the parsed
 * query object), so a client tells a bad parameter from a bad body field at a glance.
 */
export function parseQuery<S extends z.ZodType>(schema: S, req: Request): z.infer<S> {
  const parsed = schema.safeParse({ ...(req.query as Record<string, unknown>) }, { reportInput: true });
  if (!parsed.success) {
    throw problems.invalid(
      fieldErrors(parsed.error).map((e) => ({
        pointer: `/query${e.pointer}`,
        detail: e.detail === 'is not a known field' ? 'is not a known parameter' : e.detail,
      })),
      'The query string has invalid parameters; see errors.',
    );
  }
  return parsed.data;
}

export function assertSupervisor(principal: Principal, what: string): void {
  if (!overseesAll(principal)) throw problems.forbidden(`${what} are for supervisors; this API key has the ${principal.role} role.`);
}

/** The list shows what GET /v1/commitments/{id} shows, less the timeline and the internal version. */
export function toListItem(state: CommitmentState): CommitmentListItem {
  const { version: _version, ...rest } = state;
  return rest;
}

export function queuesRouter(deps: QueuesDeps): Router {
  const router = Router();
  const clock = deps.clock ?? (() => new Date());

  router.get('/commitments', async (req, res) => {
    const principal = principalOf(res);
    const q = parseQuery(ListCommitmentsQuery, req);
    // Asking for another agent's queue is refused outright rather than answered with an empty
    // page, which would read as "they have nothing due".
    if (!overseesAll(principal) && q.owner !== undefined && q.owner !== principal.staffId) {
      throw problems.forbidden(`Agents may list only their own commitments; owner=${q.owner} is not this key's staff id (${principal.staffId}).`);
    }
    const sort = q.sort ?? 'dueAt';
    const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor);
    if (q.cursor !== undefined && !after) throw problems.invalid([{ pointer: '/query/cursor', detail: 'is not a cursor this endpoint returned' }]);
    if (after && after.sort !== sort) throw problems.invalid([{ pointer: '/query/cursor', detail: `was returned for sort=${after.sort}; pass the same sort` }]);
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
      sort,
      limit: q.limit ?? DEFAULT_LIMIT,
      ...(after ? { after } : {}),
    });
    const body: CommitmentPage = { items: page.items.map(toListItem), nextCursor: page.next ? encodeCursor(page.next) : null };
    res.json(body);
  });

  router.get('/escalations', async (req, res) => {
    assertSupervisor(principalOf(res), 'Escalations');
    const q = parseQuery(EscalationsQuery, req);
    const rows = await listOpenEscalations(deps.db, { now: clock(), limit: q.limit ?? DEFAULT_LIMIT });
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
  });

  return router;
}
