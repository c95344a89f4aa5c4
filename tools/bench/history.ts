/**
 * Round trips per commitment, read from one workflow's history: how many workflow tasks and
 * activities a creation and a lapse cost, and after how many workflow tasks the supervisor's alert
 * is scheduled. These counts do not depend on the machine; they explain the storm numbers.
 */
import type { Client } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow';

export interface RoundTrips {
  events: number;
  workflowTasks: number;
  /** activity type → times scheduled */
  activities: Record<string, number>;
  timersStarted: number;
}

export interface CommitmentTrace {
  workflowId: string;
  /** From the start until the deadline's timer fired. */
  creation: RoundTrips;
  /** From the deadline's timer until the worker went idle. */
  lapse: RoundTrips;
  /** Workflow tasks completed after the deadline before the supervisor alert's first activity was scheduled. */
  workflowTasksBeforeAlert?: number;
}

type HistoryEvent = { eventTime?: { seconds?: unknown; nanos?: number | null } | null } & Record<string, unknown>;

function empty(): RoundTrips {
  return { events: 0, workflowTasks: 0, activities: {}, timersStarted: 0 };
}

function eventType(e: HistoryEvent): string {
  return Object.keys(e).find((k) => k.endsWith('EventAttributes') && e[k]) ?? 'unknown';
}

function millis(e: HistoryEvent): number {
  return Number(e.eventTime?.seconds ?? 0) * 1000 + Math.floor((e.eventTime?.nanos ?? 0) / 1e6);
}

/** The activity's first argument, decoded as the client decodes payloads (they are encrypted, as in production). */
async function firstArgument(client: Client, attributes: { input?: { payloads?: Payload[] | null } | null }): Promise<unknown> {
  try {
    return await decodeFromPayloadsAtIndex<unknown>(client.options.loadedDataConverter, 0, attributes.input?.payloads);
  } catch {
    return undefined;
  }
}

export async function traceCommitment(client: Client, workflowId: string, deadlineMs: number): Promise<CommitmentTrace> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const events = (history.events ?? []) as unknown as HistoryEvent[];
  const trace: CommitmentTrace = { workflowId, creation: empty(), lapse: empty() };
  let part = trace.creation;
  for (const e of events) {
    const type = eventType(e);
    // Timers are re-armed whenever anything changes; the one that fires at the deadline starts the lapse.
    if (part === trace.creation && type === 'timerFiredEventAttributes' && millis(e) >= deadlineMs - 500) part = trace.lapse;
    part.events += 1;
    if (type === 'workflowTaskCompletedEventAttributes') part.workflowTasks += 1;
    if (type === 'timerStartedEventAttributes') part.timersStarted += 1;
    if (type === 'activityTaskScheduledEventAttributes') {
      const attributes = e[type] as { activityType?: { name?: string }; input?: { payloads?: Payload[] | null } | null };
      const name = attributes.activityType?.name ?? 'unknown';
      part.activities[name] = (part.activities[name] ?? 0) + 1;
      const purpose = ((await firstArgument(client, attributes)) as { purpose?: string } | undefined)?.purpose;
      if (part === trace.lapse && purpose === 'supervisor_alert' && trace.workflowTasksBeforeAlert === undefined) {
        trace.workflowTasksBeforeAlert = part.workflowTasks;
      }
    }
  }
  return trace;
}

export function describeRoundTrips(r: RoundTrips): string {
  const activities =
    Object.entries(r.activities)
      .map(([name, n]) => `${n} × ${name}`)
      .join(', ') || 'none';
  return `${r.workflowTasks} workflow tasks, activities ${activities}, ${r.timersStarted} timers started, ${r.events} history events`;
}
