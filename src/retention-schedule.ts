/**
 * The Temporal Schedule that runs retentionWorkflow. Created at start by the worker and by
 * `npm start`; idempotent, so every start (and several workers starting together) leaves exactly
 * one schedule, updated in place when RETENTION_DAYS or the task queue changed.
 */
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client, type ScheduleOptions, type ScheduleOptionsStartWorkflowAction } from '@temporalio/client';
// Not re-exported at the package root; the SDK parses `every` with it, so comparing needs the same.
import { msToNumber, type Duration } from '@temporalio/common/lib/time';
import { RETENTION_SCHEDULE_ID, RETENTION_WORKFLOW_TYPE, type RetentionInput } from './shared/contract/retention';
import type { retentionWorkflow } from './workflows/retention';

export { RETENTION_SCHEDULE_ID };
/** Daily: redaction is about days, and a run is cheap when there is nothing to do. */
export const DEFAULT_RETENTION_EVERY = '1 day';

export interface RetentionScheduleOptions {
  taskQueue: string;
  retentionDays: number;
  /** An ms-format duration ('1 day', '6 hours') or milliseconds. */
  every?: Duration;
  /** Tests use their own, so they never touch a developer's real schedule on a shared server. */
  scheduleId?: string;
}

export type RetentionScheduleOutcome = 'created' | 'updated' | 'unchanged';

export async function ensureRetentionSchedule(client: Client, opts: RetentionScheduleOptions): Promise<RetentionScheduleOutcome> {
  const scheduleId = opts.scheduleId ?? RETENTION_SCHEDULE_ID;
  const args: [RetentionInput] = [{ retentionDays: opts.retentionDays }];
  const every = opts.every ?? DEFAULT_RETENTION_EVERY;
  const action = {
    type: 'startWorkflow' as const,
    workflowType: RETENTION_WORKFLOW_TYPE,
    // The schedule appends the start time, so each run has its own ID.
    workflowId: scheduleId,
    taskQueue: opts.taskQueue,
    args,
  };
  const options: ScheduleOptions<ScheduleOptionsStartWorkflowAction<typeof retentionWorkflow>> = {
    scheduleId,
    spec: { intervals: [{ every }] },
    action,
    // A run still going when the next is due means a big backlog: let it finish.
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
  };
  try {
    await client.schedule.create(options);
    return 'created';
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
  const handle = client.schedule.getHandle(scheduleId);
  const current = await handle.describe();
  const currentArgs = current.action.args as unknown[] | undefined;
  const everyMs = current.spec.intervals?.[0]?.every;
  const same =
    current.action.taskQueue === opts.taskQueue &&
    JSON.stringify(currentArgs) === JSON.stringify(args) &&
    current.spec.intervals?.length === 1 &&
    everyMs === msToNumber(every);
  if (same) return 'unchanged';
  await handle.update((previous) => ({ ...previous, spec: options.spec, action, policies: { ...previous.policies, ...options.policies } }));
  return 'updated';
}
