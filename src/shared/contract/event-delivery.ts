/**
 * The contract of the event delivery workflow (src/workflows/event-delivery.ts): one per task
 * queue, kept running by the worker's start and by every subscription change. Sandbox-safe.
 */

/** Its id: one pump per task queue (production has one queue; each test has its own). */
export const eventDeliveryWorkflowId = (taskQueue: string): string => `followthrough-events-${taskQueue}`;

export const EVENT_DELIVERY_WORKFLOW_TYPE = 'eventDeliveryWorkflow';

/** Durations as input, so tests compress the Standard Webhooks schedule (src/events/pump.ts has the defaults). */
export interface EventDeliveryInput {
  retryScheduleMs?: number[];
  failingDisableAfterMs?: number;
  timeoutMs?: number;
  runForMs?: number;
}
