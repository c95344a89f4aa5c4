/**
 * event_subscriptions and their deliveries in Postgres (migrations/1766100000000_event-subscriptions.sql).
 * Secrets are written here and read back only by the pump; the API shows one once, when made.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import type { z } from 'zod';
import type { DeliveryResource, SubscriptionResource } from './schemas';
import { EVENTS_CHANNEL } from './channel';
import { TEST_EVENT_TYPE } from './catalogue';
import { newSecret, ROTATION_OVERLAP_MS } from './signing';

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const newId = () => `sub_${Array.from(randomBytes(24), (b) => BASE62[b % 62]).join('')}`;

/** A subscription as the API answers it (./schemas.ts). */
export type SubscriptionRecord = z.infer<typeof SubscriptionResource>;

interface Row {
  id: string;
  url: string;
  types: string[];
  team_id: string | null;
  description: string;
  enabled: boolean;
  include_contacts: boolean;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  disabled_reason: string | null;
  failing_since: Date | null;
  previous_secret_until: Date | null;
}

const COLUMNS = `id, url, types, team_id, description, enabled, include_contacts, created_by, created_at, updated_at, disabled_reason, failing_since,
  CASE WHEN previous_secret_until > now() THEN previous_secret_until END AS previous_secret_until`;

const toRecord = (r: Row): SubscriptionRecord => ({
  id: r.id,
  url: r.url,
  types: r.types,
  teamId: r.team_id,
  description: r.description,
  enabled: r.enabled,
  includeContacts: r.include_contacts,
  createdBy: r.created_by,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
  ...(r.disabled_reason && !r.enabled ? { disabledReason: r.disabled_reason } : {}),
  ...(r.failing_since ? { failingSince: r.failing_since.toISOString() } : {}),
  ...(r.previous_secret_until ? { previousSecretUntil: r.previous_secret_until.toISOString() } : {}),
});

export interface NewSubscription {
  url: string;
  types: string[];
  teamId: string | null;
  description: string;
  enabled: boolean;
  includeContacts: boolean;
  createdBy: string;
}

export async function createSubscription(db: Pool, s: NewSubscription): Promise<SubscriptionRecord & { secret: string }> {
  const secret = newSecret();
  const { rows } = await db.query<Row>(
    `INSERT INTO event_subscriptions (id, url, types, team_id, description, enabled, include_contacts, secret, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${COLUMNS}`,
    [newId(), s.url, s.types, s.teamId, s.description, s.enabled, s.includeContacts, secret, s.createdBy],
  );
  return { ...toRecord(rows[0] as Row), secret };
}

export async function listSubscriptions(db: Pool, teamId: string | undefined): Promise<SubscriptionRecord[]> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM event_subscriptions WHERE $1::text IS NULL OR team_id = $1 ORDER BY created_at, id`, [
    teamId ?? null,
  ]);
  return rows.map(toRecord);
}

export async function findSubscription(db: Pool, id: string): Promise<SubscriptionRecord | undefined> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM event_subscriptions WHERE id = $1`, [id]);
  return rows[0] ? toRecord(rows[0]) : undefined;
}

export type SubscriptionChange = Partial<Pick<NewSubscription, 'url' | 'types' | 'teamId' | 'description' | 'enabled' | 'includeContacts'>>;

const COLUMN_OF: Record<keyof SubscriptionChange, string> = {
  url: 'url',
  types: 'types',
  teamId: 'team_id',
  description: 'description',
  enabled: 'enabled',
  includeContacts: 'include_contacts',
};

/** Turning one back on clears why it was off, and starts its failure count afresh. */
export async function updateSubscription(db: Pool, id: string, change: SubscriptionChange): Promise<SubscriptionRecord | undefined> {
  const entries = Object.entries(change).filter(([, v]) => v !== undefined) as [keyof SubscriptionChange, unknown][];
  const sets = entries.map(([k], i) => `${COLUMN_OF[k]} = $${i + 2}`);
  if (change.enabled === true) sets.push('disabled_reason = NULL', 'failing_since = NULL');
  const { rows } = await db.query<Row>(`UPDATE event_subscriptions SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE id = $1 RETURNING ${COLUMNS}`, [
    id,
    ...entries.map(([, v]) => v),
  ]);
  // Deliveries owed to it while it was off wait in place: wake the pump for them.
  if (rows[0] && change.enabled === true) await db.query(`SELECT pg_notify('${EVENTS_CHANNEL}', '')`);
  return rows[0] ? toRecord(rows[0]) : undefined;
}

export async function deleteSubscription(db: Pool, id: string): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM event_subscriptions WHERE id = $1', [id]);
  return (rowCount ?? 0) > 0;
}

/** A new secret; the old one signs beside it for ROTATION_OVERLAP_MS. */
export async function rotateSecret(db: Pool, id: string): Promise<(SubscriptionRecord & { secret: string }) | undefined> {
  const secret = newSecret();
  const { rows } = await db.query<Row>(
    `UPDATE event_subscriptions SET previous_secret = secret, previous_secret_until = now() + $3 * interval '1 millisecond', secret = $2, updated_at = now()
     WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, secret, ROTATION_OVERLAP_MS],
  );
  return rows[0] ? { ...toRecord(rows[0]), secret } : undefined;
}

/** A `followthrough.test` event for this subscription alone (sent once it is on). */
export async function queueTestEvent(
  db: Pool,
  sub: SubscriptionRecord,
  by: { staffId: string; name: string },
): Promise<{ eventId: string; deliveryId: string }> {
  const eventId = `test:${randomUUID()}`;
  const data = {
    message: 'A test event from Followthrough: your receiver is wired up.',
    subscriptionId: sub.id,
    sentBy: { staffId: by.staffId, name: by.name },
  };
  const { rows } = await db.query<{ id: string }>(
    `WITH e AS (
       INSERT INTO outbound_events (id, commitment_id, seq, type, team_id, time, data) VALUES ($1, NULL, 0, $2, $3, now(), $4) RETURNING id, team_id
     )
     INSERT INTO event_deliveries (subscription_id, event_id, queue, seq, team_id) SELECT $5, e.id, e.id, 0, e.team_id FROM e RETURNING id`,
    [eventId, TEST_EVENT_TYPE, sub.teamId, JSON.stringify(data), sub.id],
  );
  await db.query(`SELECT pg_notify('${EVENTS_CHANNEL}', '')`);
  return { eventId, deliveryId: (rows[0] as { id: string }).id };
}

/** A delivery and its attempts, as the API answers it (./schemas.ts). */
export type DeliveryRecord = z.infer<typeof DeliveryResource>;

interface DeliveryRow {
  id: string;
  event_id: string;
  type: string;
  commitment_id: string | null;
  state: DeliveryRecord['state'];
  next_attempt_at: Date;
  delivered_at: Date | null;
  created_at: Date;
  attempts: { attempt: number; at: string; status: number | null; error: string | null; duration_ms: number; response: string | null }[];
}

export async function listDeliveries(
  db: Pool,
  subscriptionId: string,
  q: { state?: DeliveryRecord['state']; limit: number; before?: string; id?: string },
): Promise<DeliveryRecord[]> {
  const { rows } = await db.query<DeliveryRow>(
    `SELECT d.id, d.event_id, e.type, e.commitment_id, d.state, d.next_attempt_at, d.delivered_at, d.created_at,
       COALESCE((SELECT json_agg(json_build_object('attempt', a.attempt, 'at', a.at, 'status', a.status, 'error', a.error,
         'duration_ms', a.duration_ms, 'response', a.response) ORDER BY a.attempt) FROM event_delivery_attempts a WHERE a.delivery_id = d.id), '[]') AS attempts
     FROM event_deliveries d JOIN outbound_events e ON e.id = d.event_id
     WHERE d.subscription_id = $1 AND ($2::text IS NULL OR d.state = $2) AND ($3::bigint IS NULL OR d.id < $3) AND ($5::bigint IS NULL OR d.id = $5)
     ORDER BY d.id DESC LIMIT $4`,
    [subscriptionId, q.state ?? null, q.before ?? null, q.limit, q.id ?? null],
  );
  return rows.map((r) => ({
    id: String(r.id),
    eventId: r.event_id,
    type: r.type,
    ...(r.commitment_id ? { commitmentId: r.commitment_id } : {}),
    state: r.state,
    attempts: r.attempts.map((a) => ({
      attempt: a.attempt,
      at: new Date(a.at).toISOString(),
      ...(a.status !== null ? { status: a.status } : {}),
      ...(a.error !== null ? { error: a.error } : {}),
      durationMs: a.duration_ms,
      ...(a.response !== null ? { response: a.response } : {}),
    })),
    ...(r.state === 'pending' ? { nextAttemptAt: r.next_attempt_at.toISOString() } : {}),
    ...(r.delivered_at ? { deliveredAt: r.delivered_at.toISOString() } : {}),
    createdAt: r.created_at.toISOString(),
  }));
}

/** Sends a delivery again, as it was (same webhook-id), in its commitment's order: pending, due now. False: none such, or in flight now. */
export async function resendDelivery(db: Pool, subscriptionId: string, deliveryId: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE event_deliveries SET state = 'pending', next_attempt_at = now(), leased_until = NULL, delivered_at = NULL, schedule_start = attempts
     WHERE id = $2 AND subscription_id = $1 AND NOT (state = 'pending' AND leased_until > now())`,
    [subscriptionId, deliveryId],
  );
  if (rowCount) await db.query(`SELECT pg_notify('${EVENTS_CHANNEL}', '')`);
  return (rowCount ?? 0) > 0;
}

/** Whether a team id names a team. */
export async function teamExists(db: Pool, id: string): Promise<boolean> {
  const { rowCount } = await db.query('SELECT 1 FROM teams WHERE id = $1', [id]);
  return (rowCount ?? 0) > 0;
}
