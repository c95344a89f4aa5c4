/**
 * The SQL of retention (src/activities/retention.ts decides what each text becomes). One batch of
 * closed commitments per transaction, rows locked with SKIP LOCKED so two runs never fight: the
 * row, its timeline, its messages (bodies, subjects, the customer's address, the error a provider
 * gave), the stored create request behind its Idempotency-Key, the events sent out about it and
 * what receivers answered, the record that we texted the customer's number, and its hard-call
 * flags (their notes and the customer's hashed phone and email) with their check-ins' notes.
 * Inbound texts are redacted by age, on their own.
 */
import type { Pool } from 'pg';
import type { CommitmentState } from '../shared/contract';
import { withTransaction } from './transaction';

export interface DueRow {
  id: string;
  customer: CommitmentState['customer'];
  summary: string;
  fulfilment: Record<string, unknown> | null;
  log: Record<string, unknown>;
  details: Record<string, unknown>;
}

/** What each stored text of a commitment becomes. */
export interface Redactor {
  row(r: DueRow): Omit<DueRow, 'id'>;
  event(r: DueRow, type: string, detail: string): string;
  /** A provider's error on one of its messages, which may quote an address. */
  text(r: DueRow, text: string): string;
  /** The create request kept for its Idempotency-Key (a CommitmentInput). */
  input(r: DueRow, input: Record<string, unknown>): Record<string, unknown>;
}

export const REDACTED_VALUE = 'redacted';

const DUE = `
  SELECT id, customer, summary, fulfilment, log, details FROM commitments
  WHERE redacted_at IS NULL AND status = ANY($1::text[]) AND coalesce(closed_at, cancelled_at) < $2
  ORDER BY id LIMIT $3
  FOR UPDATE SKIP LOCKED`;

/** Redacts up to `limit` commitments closed before `cutoff`; returns how many. */
export async function redactBatch(
  db: Pool,
  o: { statuses: readonly string[]; cutoff: string; now: string; limit: number; redactor: Redactor },
): Promise<number> {
  return withTransaction(db, async (c) => {
    const due = (await c.query<DueRow>(DUE, [o.statuses, o.cutoff, o.limit])).rows;
    if (due.length === 0) return 0;
    const ids = due.map((r) => r.id);
    const byId = new Map(due.map((r) => [r.id, r]));
    const of = (id: string) => byId.get(id)!;

    const events = (
      await c.query<{ commitment_id: string; seq: number; type: string; detail: string }>(
        'SELECT commitment_id, seq, type, detail FROM commitment_events WHERE commitment_id = ANY($1)',
        [ids],
      )
    ).rows;
    await c.query(
      `UPDATE commitment_events e SET detail = u.detail FROM unnest($1::text[], $2::int[], $3::text[]) AS u(id, seq, detail) WHERE e.commitment_id = u.id AND e.seq = u.seq`,
      [events.map((e) => e.commitment_id), events.map((e) => e.seq), events.map((e) => o.redactor.event(of(e.commitment_id), e.type, e.detail))],
    );

    // Events out (docs/events.md) carried the whole commitment: each keeps its place, type, actor
    // and the entry's redacted sentence; a receiver's answer may have echoed the body.
    await c.query(
      `UPDATE outbound_events o SET data = jsonb_build_object('sequence', o.seq, 'redacted', true, 'actor', o.data -> 'actor',
         'entry', jsonb_build_object('type', e.type, 'at', o.data -> 'entry' -> 'at', 'detail', e.detail))
       FROM commitment_events e WHERE o.commitment_id = ANY($1) AND e.commitment_id = o.commitment_id AND e.seq = o.seq`,
      [ids],
    );
    await c.query(
      `UPDATE event_delivery_attempts a SET response = $2 FROM event_deliveries d JOIN outbound_events o ON o.id = d.event_id
       WHERE a.delivery_id = d.id AND o.commitment_id = ANY($1) AND a.response <> ''`,
      [ids, REDACTED_VALUE],
    );

    // Every message about a commitment quotes the customer (the supervisor's alert too).
    await c.query(
      `UPDATE notifications SET recipient = CASE WHEN recipient_role = 'customer' THEN $2 ELSE recipient END,
         subject = CASE WHEN subject IS NULL THEN NULL ELSE $2 END, body = $2, updated_at = $3
       WHERE commitment_id = ANY($1)`,
      [ids, REDACTED_VALUE, o.now],
    );
    const errors = (
      await c.query<{ key: string; commitment_id: string; error: string }>(
        'SELECT key, commitment_id, error FROM notifications WHERE commitment_id = ANY($1) AND error IS NOT NULL',
        [ids],
      )
    ).rows;
    await c.query(`UPDATE notifications n SET error = u.error FROM unnest($1::text[], $2::text[]) AS u(key, error) WHERE n.key = u.key`, [
      errors.map((e) => e.key),
      errors.map((e) => o.redactor.text(of(e.commitment_id), e.error)),
    ]);

    const inputs = (
      await c.query<{ key_id: string; idempotency_key: string; commitment_id: string; input: Record<string, unknown> }>(
        'SELECT key_id, idempotency_key, commitment_id, input FROM idempotency_keys WHERE commitment_id = ANY($1)',
        [ids],
      )
    ).rows;
    await c.query(
      `UPDATE idempotency_keys k SET input = u.input FROM jsonb_to_recordset($1::jsonb) AS u(key_id text, idempotency_key text, input jsonb)
       WHERE k.key_id = u.key_id AND k.idempotency_key = u.idempotency_key`,
      [JSON.stringify(inputs.map((i) => ({ key_id: i.key_id, idempotency_key: i.idempotency_key, input: o.redactor.input(of(i.commitment_id), i.input) })))],
    );

    // Hard calls (src/hard-calls/): the note is staff's free text about the customer, and the
    // hashes find the customer again; the flag, its kind, agent and check-in stay for the reports.
    await c.query(`UPDATE hard_calls SET note = $2, customer_phone_hash = NULL, customer_email_hash = NULL WHERE commitment_id = ANY($1)`, [
      ids,
      REDACTED_VALUE,
    ]);
    await c.query(
      `UPDATE check_ins k SET done_note = $2 FROM hard_calls h WHERE h.id = k.hard_call_id AND h.commitment_id = ANY($1) AND k.done_note IS NOT NULL`,
      [ids, REDACTED_VALUE],
    );

    // The read-model writer never touches customer or summary, and skips redacted rows, so a late write cannot undo this.
    await c.query(
      `UPDATE commitments c SET customer = u.customer, summary = u.summary, fulfilment = u.fulfilment, log = u.log, details = u.details, redacted_at = $2
       FROM jsonb_to_recordset($1::jsonb) AS u(id text, customer jsonb, summary text, fulfilment jsonb, log jsonb, details jsonb) WHERE c.id = u.id`,
      [JSON.stringify(due.map((r) => ({ id: r.id, ...o.redactor.row(r) }))), o.now],
    );

    // "We have texted this number" is kept while any other commitment still holds the number.
    const phones = due.flatMap((r) => (r.customer.phone ? [r.customer.phone] : []));
    await c.query('DELETE FROM sms_contacts s WHERE s.phone = ANY($1) AND NOT EXISTS (SELECT 1 FROM commitments c WHERE c.customer_phone = s.phone)', [phones]);
    return due.length;
  });
}

/**
 * Inbound texts received before `cutoff`: the number, the words and our reply. Acted on long ago,
 * and what mattered is in the commitment's timeline (itself redacted when the commitment is).
 */
export async function redactInboundTexts(db: Pool, cutoff: string): Promise<number> {
  const { rowCount } = await db.query(
    `UPDATE inbound_messages SET from_number = $2, body = $2, reply = CASE WHEN reply IS NULL THEN NULL ELSE $2 END
     WHERE received_at < $1 AND from_number <> $2`,
    [cutoff, REDACTED_VALUE],
  );
  return rowCount ?? 0;
}
