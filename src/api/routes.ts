/**
 * The route table: every route the API serves, in the order express matches them. The router
 * (./router.ts) and the OpenAPI document (./openapi.ts) are both built from it; a test walks the
 * express stack against the document (test/openapi-parity.test.ts).
 */
import { z } from 'zod';
import { pingDatabase } from '../db/health';
import { actionRoutes } from './actions';
import { commitmentRoutes } from './commitments';
import { confirmRoutes } from './confirm';
import { boardRoutes } from './board';
import { calendarRoutes } from '../calendars/routes';
import { codecRoutes } from './codec';
import { directoryRoutes } from './directory';
import { messageRoutes } from './messages';
import { chartRoutes } from './report-charts';
import type { ApiDeps } from './deps';
import { openApiDocument } from './openapi';
import { RETRY_AFTER_SECONDS } from './problems';
import { queueRoutes } from './queues';
import { reportRoutes } from './reports';
import { route, type AnyRoute } from './route';
import { twilioRoutes } from './twilio';
import { withDeadline } from './unavailable';

/** A health probe answers quickly or counts as down: a load balancer polls it. */
const HEALTH_DEADLINE_MS = 3_000;

async function probe(check: () => Promise<unknown>): Promise<{ state: 'ok' | 'down'; detail?: string }> {
  try {
    await Promise.race([check(), new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${HEALTH_DEADLINE_MS} ms`)), HEALTH_DEADLINE_MS).unref())]);
    return { state: 'ok' };
  } catch (err) {
    return { state: 'down', detail: err instanceof Error ? err.message : String(err) };
  }
}

const Health = z
  .object({
    status: z.enum(['ok', 'degraded']),
    postgres: z.enum(['ok', 'down']),
    temporal: z.enum(['ok', 'down']),
    detail: z.record(z.string(), z.string()).optional().meta({ description: 'Why each dependency that is down is down' }),
  })
  .meta({ id: 'Health' });

async function health(deps: ApiDeps) {
  const [postgres, temporal] = await Promise.all([
    probe(() => pingDatabase(deps.db)),
    probe(() => withDeadline(deps.client, HEALTH_DEADLINE_MS, () => deps.client.workflowService.getSystemInfo({}))),
  ]);
  const down = Object.entries({ postgres, temporal }).filter(([, p]) => p.state === 'down');
  return {
    status: down.length === 0 ? ('ok' as const) : ('degraded' as const),
    postgres: postgres.state,
    temporal: temporal.state,
    ...(down.length ? { detail: Object.fromEntries(down.map(([name, p]) => [name, p.detail ?? 'down'])) } : {}),
  };
}

const serviceRoutes: AnyRoute[] = [
  route({
    method: 'get',
    path: '/healthz',
    summary: 'Health: each dependency (Postgres, Temporal) and its state',
    auth: 'public',
    responses: { 200: { description: 'Every dependency answers', content: { 'application/json': { schema: Health } } }, 503: { description: 'A dependency is down', content: { 'application/json': { schema: Health } } } },
    handle: async ({ res }, deps) => {
      const body = await health(deps);
      if (body.status !== 'ok') res.set('Retry-After', String(RETRY_AFTER_SECONDS));
      res.status(body.status === 'ok' ? 200 : 503).json(body);
    },
  }),
  route({
    method: 'get',
    path: '/openapi.json',
    summary: 'This document',
    auth: 'public',
    responses: { 200: { description: 'OpenAPI 3.1', content: { 'application/json': { schema: z.looseObject({ openapi: z.string() }) } } } },
    handle: ({ res }, deps) => {
      res.json(openApiDocument(ROUTES, deps.publicBaseUrl));
    },
  }),
];

export const ROUTES: readonly AnyRoute[] = [...serviceRoutes, ...confirmRoutes, ...twilioRoutes, ...directoryRoutes, ...calendarRoutes, ...commitmentRoutes, ...messageRoutes, ...queueRoutes, ...boardRoutes, ...actionRoutes, ...reportRoutes, ...chartRoutes, ...codecRoutes];

