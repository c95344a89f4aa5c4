/**
 * Bulk seeding for benchmarks and query-plan checks: plausible commitments written by Postgres
 * itself (INSERT … SELECT generate_series), 100,000 in a few seconds. Rows look like the
 * activity's (same columns, `details.facts`, a `created` event), with outcomes drawn from a hash
 * of the row number, so the same options always give the same data.
 */
import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import { ROOT_CAUSES, TRIGGERS } from '../../src/shared/contract';

export interface SeedOptions {
  count: number;
  /** Owners, round robin. Default: 20 agents, agent-00 … agent-19. */
  owners?: string[];
  /** created_at is spread evenly over [now − this many days, now). Default 365. */
  createdOverDays?: number;
  now?: Date;
  /** Also write each commitment's `created` event. Default true. */
  events?: boolean;
  /** Varies the outcomes (and keeps ids unique) between seedings of one database. Default: random. */
  seed?: number;
}

// 20 slots: mostly closed, as in a real year of data; open work is the minority.
const STATUS_SLOTS = [
  'open',
  'open',
  'open',
  'open',
  'paused',
  'escalated',
  'fulfilled',
  'fulfilled',
  'confirmed',
  'confirmed',
  'confirmed',
  'confirmed',
  'confirmed',
  'confirmed',
  'confirmed',
  'confirmed',
  'unconfirmed',
  'unconfirmed',
  'cancelled',
  'cancelled',
];
/** Rows per statement: keeps each transaction's memory and WAL modest. */
const CHUNK = 25_000;

const SQL = `
WITH g AS (
  SELECT i, hashint4(i + $1) & 2147483647 AS h, hashint4(i * 7 + $1) & 2147483647 AS h2,
    date_trunc('milliseconds', $3::timestamptz - make_interval(secs => $4::float8 * (i + 0.5) / $5)) AS created_at
  FROM generate_series($6::int, $7::int) AS i
), v AS (
  SELECT g.*, $8::text[] AS statuses,
    'cmt_' || substr(md5($2 || ':' || i), 1, 24) AS id,
    ($9::text[])[1 + i % cardinality($9::text[])] AS owner_id,
    date_trunc('milliseconds', created_at + make_interval(secs => 3600 + h2 % (71 * 3600))) AS due_at
  FROM g
), s AS (
  SELECT v.*, statuses[1 + h % 20] AS status FROM v
), f AS (
  SELECT s.*,
    CASE WHEN status IN ('fulfilled', 'confirmed', 'unconfirmed')
      THEN date_trunc('milliseconds', created_at + (due_at - created_at) * ((h2 % 130) / 100.0)) END AS fulfilled_at,
    CASE WHEN status = 'cancelled' THEN created_at + interval '1 hour' END AS cancelled_at,
    CASE WHEN h2 % 10 < 6 THEN 0 WHEN h2 % 10 < 9 THEN 1 ELSE 2 END AS extensions,
    CASE WHEN h % 50 = 0 THEN 1 ELSE 0 END AS reopens
  FROM s
), o AS (
  SELECT f.*,
    CASE WHEN status = 'escalated' OR fulfilled_at > due_at THEN due_at END AS lapsed_at,
    CASE WHEN status IN ('confirmed', 'unconfirmed') THEN fulfilled_at + interval '1 hour' END AS asked_at,
    coalesce(CASE WHEN status IN ('confirmed', 'unconfirmed') THEN fulfilled_at + interval '2 hours' END, cancelled_at) AS closed_at
  FROM f
), ins AS (
  INSERT INTO commitments (id, workflow_id, status, version, customer, owner, supervisor, summary, due_at, log, external_ref,
    fulfilment, details, created_at, first_fulfilled_at, first_fulfilled_on_time, lapsed_at, escalated_at, acknowledged_at,
    cancelled_at, closed_at, extension_count, reopen_count, satisfaction_asked_at, satisfaction_answer, satisfaction_rating)
  SELECT id, 'commitment-' || id, status, 5,
    jsonb_build_object('name', 'Customer ' || i, 'phone', '+1415' || lpad((i % 10000000)::text, 7, '0'),
      'email', 'customer' || i || '@example.com', 'timezone', 'America/Chicago'),
    jsonb_build_object('id', owner_id, 'name', 'Agent ' || owner_id, 'email', owner_id || '@support.example'),
    jsonb_build_object('id', 'sup-sam', 'name', 'Sam Okafor', 'email', 'sam@support.example'),
    'Call you back about the duplicate charge', due_at,
    jsonb_strip_nulls(jsonb_build_object(
      'trigger', CASE WHEN h % 13 <> 0 THEN ($10::text[])[1 + h2 % 5] END,
      'rootCause', CASE WHEN h % 7 <> 0 THEN ($11::text[])[1 + (h / 7) % 5] END)),
    'TICKET-' || i,
    CASE WHEN fulfilled_at IS NOT NULL THEN jsonb_build_object('resolution', 'Refunded the duplicate charge',
      'fulfilledAt', to_char(fulfilled_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'onTime', fulfilled_at <= due_at) END,
    jsonb_build_object('createdBy', owner_id, 'deadlineNo', 1, 'facts', jsonb_strip_nulls(jsonb_build_object(
      'firstFulfilledAt', to_char(fulfilled_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      'firstFulfilledOnTime', fulfilled_at <= due_at,
      'lapsedAt', to_char(lapsed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      'escalatedAt', to_char(lapsed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      'cancelledAt', to_char(cancelled_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      'closedAt', to_char(closed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      'extensionCount', extensions, 'reopenCount', reopens))),
    created_at, fulfilled_at, fulfilled_at <= due_at, lapsed_at, lapsed_at,
    CASE WHEN lapsed_at IS NOT NULL AND status <> 'escalated' THEN lapsed_at + interval '10 minutes' END,
    cancelled_at, closed_at, extensions, reopens,
    asked_at, CASE WHEN status = 'confirmed' AND h % 3 <> 0 THEN 'yes' END, CASE WHEN status = 'confirmed' AND h % 3 <> 0 THEN 1 + h2 % 5 END
  FROM o
  RETURNING id, created_at, owner, customer, summary
)
INSERT INTO commitment_events (event_id, commitment_id, seq, type, at, detail)
SELECT id || ':0', id, 0, 'created', created_at, (owner ->> 'name') || ' promised ' || (customer ->> 'name') || ': ' || summary
FROM ins WHERE $12`;

/** Seeds `count` commitments; returns how many and how long it took. ANALYZEs, so plans are realistic at once. */
export async function seedCommitments(db: Pool, opts: SeedOptions): Promise<{ inserted: number; ms: number }> {
  const started = Date.now();
  const seed = opts.seed ?? randomBytes(3).readUIntBE(0, 3);
  const owners = opts.owners ?? Array.from({ length: 20 }, (_, i) => `agent-${String(i).padStart(2, '0')}`);
  const spanSeconds = (opts.createdOverDays ?? 365) * 86_400;
  const now = (opts.now ?? new Date()).toISOString();
  for (let start = 0; start < opts.count; start += CHUNK) {
    const end = Math.min(start + CHUNK, opts.count) - 1;
    await db.query(SQL, [seed, String(seed), now, spanSeconds, opts.count, start, end, STATUS_SLOTS, owners, TRIGGERS, ROOT_CAUSES, opts.events ?? true]);
  }
  await db.query('ANALYZE commitments, commitment_events');
  return { inserted: opts.count, ms: Date.now() - started };
}
