/**
 * Started by the `followthrough-retention` Schedule (src/retention-schedule.ts), daily by default:
 * redacts customers' contact details from commitments closed longer than the retention period.
 * A workflow rather than a cron job so a failed run is retried, visible in the Temporal UI, and
 * never runs twice at once (the schedule's overlap policy skips a run while one is going).
 */
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { RetentionInput, RetentionResult } from '../shared/contract/retention';

const { redactClosedCommitments } = proxyActivities<Activities>({
  // Batches of a few hundred rows; a backlog of years on first deployment still fits in this.
  startToCloseTimeout: '30 minutes',
  retry: { initialInterval: '10 seconds', maximumInterval: '10 minutes', maximumAttempts: 10 },
});

export async function retentionWorkflow(input: RetentionInput): Promise<RetentionResult> {
  return await redactClosedCommitments(input.retentionDays);
}
