/**
 * What an inbound text can refer to, looked up by the sender's number over the read model's
 * JSONB layout: the escalation that alerted a staff phone, and a customer's commitments.
 */
import type { Pool } from 'pg';
import { CLOSED_STATUSES, type EscalationState, type StaffContact } from '../shared/contract';
import { localeOf, type CustomerLocale } from '../shared/locale';

export interface EscalationForPhone {
  workflowId: string;
  escalation: EscalationState;
}

/**
 * The most recent open escalation whose chain alerted this member of staff: by staff id, or by
 * phone for commitments started before the directory (their chains named contacts directly).
 */
export async function escalationAlerting(db: Pool, staffId: string, phone: string): Promise<EscalationForPhone | undefined> {
  const { rows } = await db.query<{ workflow_id: string; escalation: EscalationState | null }>(
    `SELECT workflow_id, details->'escalation' AS escalation
     FROM commitments
     WHERE status = 'escalated'
       AND (details->'escalation'->'alerted' @> jsonb_build_array(jsonb_build_object('id', $1::text))
            OR details->'escalation'->'alerted' @> jsonb_build_array(jsonb_build_object('phone', $2::text)))
     ORDER BY escalated_at DESC LIMIT 1`,
    [staffId, phone],
  );
  const row = rows[0];
  if (!row?.escalation) return undefined;
  return { workflowId: row.workflow_id, escalation: row.escalation };
}

export interface CustomerCommitment {
  workflowId: string;
  awaiting: 'confirmation' | 'rating' | null;
  owner: StaffContact;
  /** The yes/no question was already asked a second time after an unclear reply. */
  reasked: boolean;
  /** The customer's language on it: replies are written in it. */
  locale: CustomerLocale;
}

/** The customer's open commitments, and closed ones still waiting for an answer, newest change first. */
export async function customerCommitments(db: Pool, phone: string): Promise<CustomerCommitment[]> {
  const { rows } = await db.query<{
    workflow_id: string;
    awaiting: CustomerCommitment['awaiting'];
    owner: StaffContact;
    reasked: boolean;
    locale: string | null;
  }>(
    `SELECT workflow_id, details->>'awaiting' AS awaiting, owner, details->'facts'->'satisfaction' ? 'reaskedAt' AS reasked,
            customer->>'locale' AS locale FROM commitments
     WHERE customer_phone = $1 AND (NOT (status = ANY($2::text[])) OR details ? 'awaiting')
     ORDER BY updated_at DESC`,
    [phone, CLOSED_STATUSES],
  );
  return rows.map((r) => ({
    workflowId: r.workflow_id,
    awaiting: r.awaiting,
    owner: r.owner,
    reasked: r.reasked === true,
    locale: localeOf({ locale: r.locale ?? undefined }),
  }));
}

/**
 * The language a number's customer is written to in: their latest commitment's, English when they
 * have none. Keyword replies (HELP, STOP, START) use it before any commitment is matched.
 */
export async function localeOfNumber(db: Pool, phone: string): Promise<CustomerLocale> {
  const { rows } = await db.query<{ locale: string | null }>(
    `SELECT customer->>'locale' AS locale FROM commitments WHERE customer_phone = $1 ORDER BY created_at DESC LIMIT 1`,
    [phone],
  );
  return localeOf({ locale: rows[0]?.locale ?? undefined });
}

export interface ClosedCommitment {
  id: string;
  owner: StaffContact;
}

/** The customer's most recently closed commitment: who a text goes to when nothing is open. */
export async function lastClosedCommitment(db: Pool, phone: string): Promise<ClosedCommitment | undefined> {
  const { rows } = await db.query<{ id: string; owner: StaffContact }>(
    `SELECT id, owner FROM commitments WHERE customer_phone = $1 AND status = ANY($2::text[])
     ORDER BY closed_at DESC NULLS LAST, updated_at DESC LIMIT 1`,
    [phone, CLOSED_STATUSES],
  );
  return rows[0];
}

/** Workflows of the customer's commitments that are not closed, newest change first: they hear of a STOP or START. */
export async function openWorkflowsForPhone(db: Pool, phone: string): Promise<string[]> {
  const { rows } = await db.query<{ workflow_id: string }>(
    'SELECT workflow_id FROM commitments WHERE customer_phone = $1 AND NOT (status = ANY($2::text[])) ORDER BY updated_at DESC',
    [phone, CLOSED_STATUSES],
  );
  return rows.map((r) => r.workflow_id);
}
