/**
 * GET /healthz: each dependency and its state, and whether a worker serves the task queue.
 *
 * 👉 The status code answers "can this API serve requests?", the question a load balancer asks:
 *    503 when Postgres or Temporal does not answer. A missing worker is not a reason to take the
 *    API out of rotation: it still takes creates and actions (Temporal queues them), and every
 *    replica would fail the check at once. So no worker is 200 with `status: "degraded"` and
 *    `worker: "absent"`, for monitoring to alert on (docs/architecture.md, "Decisions").
 */
import { z } from 'zod';
import { pingDatabase } from '../db/health';
import type { ApiDeps } from './deps';
import { RETRY_AFTER_SECONDS } from './problems';
import { route, type AnyRoute } from './route';
import { withDeadline } from './unavailable';
import { WORKER_GONE_AFTER_MS, workerPresence } from './worker-presence';

/** A health probe answers quickly or counts as down: a load balancer polls it. */
export const HEALTH_DEADLINE_MS = 3_000;

/** One dependency's check under HEALTH_DEADLINE_MS: ok, or down and why. The worker's health asks the same way (src/worker-health.ts). */
export async function probe(check: () => Promise<unknown>): Promise<{ state: 'ok' | 'down'; detail?: string }> {
  try {
    const late = new Promise((_, reject) => {
      setTimeout(() => reject(new Error(`no answer within ${HEALTH_DEADLINE_MS} ms`)), HEALTH_DEADLINE_MS).unref();
    });
    await Promise.race([check(), late]);
    return { state: 'ok' };
  } catch (err) {
    return { state: 'down', detail: err instanceof Error ? err.message : String(err) };
  }
}

const Pollers = z
  .object({
    recent: z
      .number()
      .int()
      .meta({ description: `Pollers seen within the last ${WORKER_GONE_AFTER_MS / 1000} s` }),
    lastSeenAt: z
      .string()
      .nullable()
      .meta({ description: 'When any poller was last seen (ISO 8601, UTC); null: never, or too long ago for Temporal to remember' }),
  })
  .meta({ id: 'Pollers' });

const Health = z
  .object({
    status: z.enum(['ok', 'degraded']).meta({ description: 'ok only when every dependency answers and a worker polls the task queue' }),
    postgres: z.enum(['ok', 'down']),
    temporal: z.enum(['ok', 'down']),
    worker: z.enum(['present', 'absent', 'unknown']).meta({
      description:
        `Whether a worker polls the task queue for workflow and activity tasks (seen within ${WORKER_GONE_AFTER_MS / 1000} s); ` +
        'unknown while Temporal does not answer',
    }),
    pollers: z.object({ workflow: Pollers, activity: Pollers }).optional().meta({ description: 'What Temporal says about the queue’s pollers' }),
    detail: z.record(z.string(), z.string()).optional().meta({ description: 'Why each dependency that is down is down, and why the worker is absent' }),
  })
  .meta({ id: 'Health' });

async function health(deps: ApiDeps) {
  const [postgres, temporal, worker] = await Promise.all([
    probe(() => pingDatabase(deps.db)),
    probe(() => withDeadline(deps.client, HEALTH_DEADLINE_MS, () => deps.client.workflowService.getSystemInfo({}))),
    workerPresence(deps, HEALTH_DEADLINE_MS),
  ]);
  const down = Object.entries({ postgres, temporal }).filter(([, p]) => p.state === 'down');
  const details: [string, string][] = down.map(([name, p]) => [name, p.detail ?? 'down']);
  if (worker.state === 'absent' && worker.detail) details.push(['worker', worker.detail]);
  return {
    status: down.length === 0 && worker.state === 'present' ? ('ok' as const) : ('degraded' as const),
    postgres: postgres.state,
    temporal: temporal.state,
    worker: worker.state,
    ...(worker.workflow && worker.activity ? { pollers: { workflow: worker.workflow, activity: worker.activity } } : {}),
    ...(details.length ? { detail: Object.fromEntries(details) } : {}),
    serving: down.length === 0,
  };
}

export const healthRoute: AnyRoute = route({
  method: 'get',
  path: '/healthz',
  operationId: 'getHealth',
  tag: 'Service',
  summary: 'Health: each dependency (Postgres, Temporal) and its state, and whether a worker polls the task queue',
  auth: 'public',
  responses: {
    200: {
      description: 'Postgres and Temporal answer (status degraded when no worker polls the task queue)',
      content: { 'application/json': { schema: Health } },
    },
    503: { description: 'Postgres or Temporal is down', content: { 'application/json': { schema: Health } } },
  },
  handle: async ({ res }, deps) => {
    const { serving, ...body } = await health(deps);
    if (!serving) res.set('Retry-After', String(RETRY_AFTER_SECONDS));
    res.status(serving ? 200 : 503).json(body);
  },
});

/**
 * GET /livez: this process answers, and nothing else is asked. For an orchestrator's liveness and
 * readiness probes: Postgres and Temporal are shared by every replica, so an outage of either would
 * fail /healthz on all of them at once, and restarting them or taking them all out of rotation helps
 * nobody: in rotation they answer 503 naming the dependency, keep inbound texts, and serve what
 * Postgres alone can (deploy/kubernetes/README.md, "Probes").
 */
const Liveness = z.object({ status: z.literal('live') }).meta({ id: 'Liveness' });

export const livenessRoute: AnyRoute = route({
  method: 'get',
  path: '/livez',
  operationId: 'getLiveness',
  tag: 'Service',
  summary: 'Liveness: this API process answers (no dependency is asked; see /healthz for them)',
  auth: 'public',
  responses: {
    200: { description: 'The process answers', content: { 'application/json': { schema: Liveness } } },
  },
  handle: ({ res }) => {
    res.set('Cache-Control', 'no-store').json({ status: 'live' });
  },
});
