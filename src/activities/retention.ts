/**
 * Retention: customers' details are kept only while they are needed. Once a commitment has been
 * closed (or cancelled) for RETENTION_DAYS, everything that holds customer text is redacted: the
 * customer's name, phone and email; free text (resolution and what is pending, reasons, notes,
 * the customer's own words in the timeline and the satisfaction comment, the needed fix and the
 * business constraint of the call log, an escalation's note, a callback attempt's note and the
 * number a wrong-number attempt found); the name, also in part, and the
 * number and address wherever our own sentences quote them; message bodies, subjects and the
 * customer's address on them, and providers' errors; the create request kept for its
 * Idempotency-Key; and inbound texts older than the period. Counts and outcome facts stay, so the
 * reports read the same before and after. Console sessions and the directory hold staff only.
 * sms_opt_outs keeps its numbers: a STOP must be honoured for as long as we text anyone.
 */
import { ApplicationFailure } from '@temporalio/activity';
import type { Pool } from 'pg';
import { redactBatch, redactInboundTexts, type DueRow, type Redactor } from '../db/redaction';
import { CLOSED_STATUSES } from '../shared/contract';
import { REDACTED, redactEvent, scrubber } from './redact-text';

export { REDACTED } from './redact-text';

export interface RetentionDeps {
  db: Pool;
  clock?: () => Date;
}

const DAY_MS = 24 * 3600_000;
/** Commitments per transaction: keeps each one short, so the activity's writes never block for long. */
const BATCH = 500;

type Json = Record<string, unknown>;
/** The same object with each named key that is present replaced by REDACTED. */
const blank = (o: Json | null | undefined, keys: readonly string[]): Json | null =>
  o ? Object.fromEntries(Object.entries(o).map(([k, v]) => [k, keys.includes(k) && v !== undefined && v !== null ? REDACTED : v])) : null;

function redactDetails(d: Json): Json {
  const facts = d.facts as Json | undefined;
  return {
    ...d,
    ...(d.cancellation ? { cancellation: blank(d.cancellation as Json, ['reason']) } : {}),
    ...(d.paused ? { paused: blank(d.paused as Json, ['reason']) } : {}),
    ...(d.escalation ? { escalation: blank(d.escalation as Json, ['note']) } : {}),
    ...(Array.isArray(d.attempts) ? { attempts: (d.attempts as Json[]).map((a) => blank(a, ['note'])) } : {}),
    ...(d.wrongNumber ? { wrongNumber: REDACTED } : {}),
    ...(facts?.satisfaction ? { facts: { ...facts, satisfaction: blank(facts.satisfaction as Json, ['comment']) } } : {}),
  };
}

const LOG_TEXT = ['neededFix', 'businessConstraint'];

export const redactor: Redactor = {
  row: (r: DueRow) => ({
    customer: { name: REDACTED, timezone: r.customer.timezone },
    summary: scrubber(r.customer)(r.summary),
    fulfilment: blank(r.fulfilment, ['resolution', 'pending']),
    log: blank(r.log, LOG_TEXT) ?? {},
    details: redactDetails(r.details),
  }),
  event: (r, type, detail) => redactEvent(type, detail, scrubber(r.customer)),
  text: (r, text) => scrubber(r.customer)(text),
  input: (r, input) => ({
    ...input,
    customer: { name: REDACTED, timezone: r.customer.timezone },
    summary: scrubber(r.customer)(typeof input.summary === 'string' ? input.summary : ''),
    ...(input.log ? { log: blank(input.log as Json, LOG_TEXT) } : {}),
  }),
};

export function createRetentionActivities(deps: RetentionDeps) {
  const clock = deps.clock ?? (() => new Date());
  return {
    /**
     * Redacts every closed commitment whose closing is more than `retentionDays` old, and inbound
     * texts older than that. Idempotent: a redacted row is never selected again, so a retried
     * activity only finishes the work.
     */
    async redactClosedCommitments(retentionDays: number): Promise<{ redacted: number; cutoff: string; inboundTexts: number }> {
      if (!Number.isInteger(retentionDays) || retentionDays < 1) {
        // A retry would fail the same way; the schedule's next run may carry a corrected value.
        throw ApplicationFailure.create({ nonRetryable: true, message: `retentionDays must be a whole number ≥ 1, not ${retentionDays}` });
      }
      const now = clock();
      const cutoff = new Date(now.getTime() - retentionDays * DAY_MS).toISOString();
      let redacted = 0;
      for (;;) {
        const n = await redactBatch(deps.db, { statuses: CLOSED_STATUSES, cutoff, now: now.toISOString(), limit: BATCH, redactor });
        redacted += n;
        if (n < BATCH) break;
      }
      return { redacted, cutoff, inboundTexts: await redactInboundTexts(deps.db, cutoff) };
    },
  };
}
