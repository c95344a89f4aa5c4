/**
 * Retention: customers' names, phones and emails are kept only while they are needed. Once a
 * commitment has been closed (or cancelled) for RETENTION_DAYS they are redacted from the row,
 * from the messages sent about it and from its timeline. Counts and outcome facts stay, so the
 * reports read the same before and after.
 */
import { ApplicationFailure } from '@temporalio/activity';
import type { Pool } from 'pg';
import { CLOSED_STATUSES } from '../shared/contract';

export interface RetentionDeps {
  db: Pool;
  clock?: () => Date;
}

export const REDACTED = 'redacted';
const DAY_MS = 24 * 3600_000;
/** Commitments per transaction: keeps each one short, so the activity's writes never block for long. */
const BATCH = 500;

/** `replace(text, x, 'redacted')` for each of the customer's values that is present. */
function scrub(column: string): string {
  return ['name', 'phone', 'email'].reduce(
    (expr, field) => `CASE WHEN coalesce(due.${field}, '') = '' THEN ${expr} ELSE replace(${expr}, due.${field}, '${REDACTED}') END`,
    column,
  );
}

/**
 * One batch in one statement. The notifications lose their bodies entirely: every message about
 * a commitment (the supervisor's alert too) quotes the customer. The append-only timeline is
 * rewritten only here, and only to take the customer's details out of its sentences; so is the
 * summary. The read-model writer never updates customer or summary, so a late write cannot undo
 * this. sms_opt_outs keeps its numbers: a STOP must be honoured for as long as we text anyone.
 */
const REDACT_BATCH = `
  WITH due AS (
    SELECT id, customer ->> 'name' AS name, customer ->> 'phone' AS phone, customer ->> 'email' AS email
    FROM commitments
    WHERE redacted_at IS NULL AND status = ANY($1::text[]) AND coalesce(closed_at, cancelled_at) < $2
    ORDER BY id LIMIT $4
    FOR UPDATE SKIP LOCKED
  ), events AS (
    UPDATE commitment_events e SET detail = ${scrub('e.detail')}
    FROM due WHERE e.commitment_id = due.id
  ), messages AS (
    UPDATE notifications n
    SET recipient = CASE WHEN n.recipient_role = 'customer' THEN '${REDACTED}' ELSE n.recipient END,
        subject = CASE WHEN n.subject IS NULL THEN NULL ELSE '${REDACTED}' END,
        body = '${REDACTED}', updated_at = $3
    FROM due WHERE n.commitment_id = due.id
  )
  UPDATE commitments c
  SET customer = (c.customer - 'phone' - 'email') || jsonb_build_object('name', '${REDACTED}'),
      summary = ${scrub('c.summary')}, redacted_at = $3
  FROM due WHERE c.id = due.id
  RETURNING c.id`;

export function createRetentionActivities(deps: RetentionDeps) {
  const clock = deps.clock ?? (() => new Date());
  return {
    /**
     * Redacts every closed commitment whose closing is more than `retentionDays` old. Idempotent:
     * a redacted row is never selected again, so a retried activity only finishes the work.
     */
    async redactClosedCommitments(retentionDays: number): Promise<{ redacted: number; cutoff: string }> {
      if (!Number.isInteger(retentionDays) || retentionDays < 1) {
        // A retry would fail the same way; the schedule's next run may carry a corrected value.
        throw ApplicationFailure.create({ nonRetryable: true, message: `retentionDays must be a whole number ≥ 1, not ${retentionDays}` });
      }
      const now = clock();
      const cutoff = new Date(now.getTime() - retentionDays * DAY_MS).toISOString();
      let redacted = 0;
      for (;;) {
        const { rowCount } = await deps.db.query(REDACT_BATCH, [CLOSED_STATUSES, cutoff, now.toISOString(), BATCH]);
        redacted += rowCount ?? 0;
        if ((rowCount ?? 0) < BATCH) return { redacted, cutoff };
      }
    },
  };
}
