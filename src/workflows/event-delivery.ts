/**
 * Keeps the event delivery pump (src/events/pump.ts) running: one long activity at a time, its
 * heartbeat watched, run again (on any worker) when it fails or its worker dies, and continued as
 * new after each run so the history stays a few events long. The pump does the sending; this is
 * what makes sure it never stops.
 */
import { continueAsNew, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { EventDeliveryInput } from '../shared/contract/event-delivery';

const { pumpEvents } = proxyActivities<Activities>({
  // A run lasts runForMs (10 minutes by default); the margin covers the deliveries still in flight.
  startToCloseTimeout: '15 minutes',
  // A dead worker is noticed within this, and the pump moves to another.
  heartbeatTimeout: '30 seconds',
  // Forever: a pump that gives up loses nothing, but delivers nothing either.
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

export async function eventDeliveryWorkflow(input: EventDeliveryInput): Promise<void> {
  await pumpEvents(input);
  await continueAsNew<typeof eventDeliveryWorkflow>(input);
}
