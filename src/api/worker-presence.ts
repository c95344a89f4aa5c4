/**
 * Is a worker serving the task queue? The API starts commitments whether or not one runs (Temporal
 * queues the work), so without this nothing says that deadlines, reminders and alerts are waiting.
 * Temporal's DescribeTaskQueue lists who polled the queue for workflow tasks and for activity tasks,
 * with when each last did; /healthz and the board read the answer (docs/architecture.md, "Decisions").
 */
import { optionalTsToMs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import type { ApiDeps } from './deps';
import { withDeadline } from './unavailable';

/**
 * A poller not seen for this long is gone. The server records a poll when it starts and when it
 * ends, and an idle worker's long poll lasts a minute (measured on the dev server: the last access
 * ages to 60 s, then starts over), so a one-minute cut would call an idle worker gone at the end
 * of every poll; the extra half minute allows for that and a slow network.
 */
export const WORKER_GONE_AFTER_MS = 90_000;
/** Every open board asks every 4 s; one answer serves every caller of this API for this long. */
export const PRESENCE_CACHE_MS = 5_000;

export type WorkerState = 'present' | 'absent' | 'unknown';

/** The pollers of one kind of task: how many were seen recently, and when the latest was seen at all. */
export interface PollersSeen {
  recent: number;
  lastSeenAt: string | null;
}

export interface WorkerPresence {
  /** present: both kinds of task are polled; absent: one or both are not; unknown: Temporal did not answer. */
  state: WorkerState;
  workflow?: PollersSeen;
  activity?: PollersSeen;
  /** Why it is absent or unknown, in words an operator can act on. */
  detail?: string;
}

const { TaskQueueType, TaskQueueKind } = temporal.api.enums.v1;
const KINDS = { workflow: TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW, activity: TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY } as const;

function seen(pollers: temporal.api.taskqueue.v1.IPollerInfo[], now: number): PollersSeen {
  const times = pollers.map((p) => optionalTsToMs(p.lastAccessTime)).filter((t): t is number => t !== undefined);
  const latest = times.length ? Math.max(...times) : undefined;
  const recent = times.filter((t) => now - t <= WORKER_GONE_AFTER_MS).length;
  return { recent, lastSeenAt: latest === undefined ? null : new Date(latest).toISOString() };
}

/** Asks Temporal, within `deadlineMs`; a Temporal that does not answer makes it unknown, never an error. */
export async function describeWorkerPresence(deps: Pick<ApiDeps, 'client' | 'taskQueue' | 'clock'>, deadlineMs: number): Promise<WorkerPresence> {
  const describe = (type: temporal.api.enums.v1.TaskQueueType) =>
    withDeadline(deps.client, deadlineMs, () =>
      deps.client.workflowService.describeTaskQueue({
        namespace: deps.client.options.namespace,
        taskQueue: { name: deps.taskQueue, kind: TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
        taskQueueType: type,
      }),
    );
  try {
    const [wf, act] = await Promise.all([describe(KINDS.workflow), describe(KINDS.activity)]);
    const now = (deps.clock?.() ?? new Date()).getTime();
    const workflow = seen(wf.pollers, now);
    const activity = seen(act.pollers, now);
    const missing = [workflow.recent ? '' : 'workflow', activity.recent ? '' : 'activity'].filter(Boolean);
    if (!missing.length) return { state: 'present', workflow, activity };
    const what = `${missing.join(' or ')} tasks in the last ${WORKER_GONE_AFTER_MS / 1000} s`;
    const detail = `no worker has polled task queue "${deps.taskQueue}" for ${what}; start one (npm run worker)`;
    return { state: 'absent', workflow, activity, detail };
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return { state: 'unknown', detail: `Temporal did not say who polls the task queue: ${why}` };
  }
}

const cached = new WeakMap<ApiDeps, { until: number; answer: Promise<WorkerPresence> }>();

/** The presence as this API last learnt it, at most PRESENCE_CACHE_MS old; callers meanwhile share one question. */
export function workerPresence(deps: ApiDeps, deadlineMs: number): Promise<WorkerPresence> {
  const hit = cached.get(deps);
  if (hit && Date.now() < hit.until) return hit.answer;
  const answer = describeWorkerPresence(deps, deadlineMs);
  cached.set(deps, { until: Date.now() + PRESENCE_CACHE_MS, answer });
  return answer;
}
