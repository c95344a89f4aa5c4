/**
 * Starting the delivery pump's workflow, and the receiver policy from the configuration. The
 * worker ensures the pump at start; the API ensures it at every subscription change, so a
 * subscription never waits on a pump someone terminated.
 */
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { Config } from '../config';
import { EVENT_DELIVERY_WORKFLOW_TYPE, eventDeliveryWorkflowId, type EventDeliveryInput } from '../shared/contract/event-delivery';
import type { ReceiverPolicy } from './receivers';

export async function ensureEventPump(client: Client, taskQueue: string, input: EventDeliveryInput = {}): Promise<'started' | 'running'> {
  try {
    await client.workflow.start(EVENT_DELIVERY_WORKFLOW_TYPE, {
      workflowId: eventDeliveryWorkflowId(taskQueue),
      taskQueue,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    return 'started';
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return 'running';
    throw err;
  }
}

/** http and local receivers under npm start or ALLOW_INSECURE; otherwise public https, and the ranges listed. */
export const receiverPolicyOf = (config: Pick<Config, 'ALLOW_INSECURE' | 'EVENT_RECEIVER_PRIVATE_RANGES'>, insecure = false): ReceiverPolicy => ({
  insecure: insecure || config.ALLOW_INSECURE,
  allowedRanges: config.EVENT_RECEIVER_PRIVATE_RANGES,
});
