/**
 * The contract of the retention workflow (src/workflows/retention.ts), started by the
 * `followthrough-retention` Schedule (src/retention-schedule.ts). Sandbox-safe.
 */

/** The Schedule's id, also the id of each workflow it starts (so two runs never overlap). */
export const RETENTION_SCHEDULE_ID = 'followthrough-retention';

/** The Schedule starts it by this type name (a wire name, recorded in histories). */
export const RETENTION_WORKFLOW_TYPE = 'retentionWorkflow';

export interface RetentionInput {
  retentionDays: number;
}

export interface RetentionResult {
  redacted: number;
  cutoff: string;
}
