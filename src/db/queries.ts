/**
 * The queues over the read model: filtered, keyset-paginated lists of commitments and the open
 * escalations. Every filter is a column with an index (see the read-model migration); the SQL
 * builders are exported so tests and the benchmark can EXPLAIN exactly what the API runs.
 */
import type { Pool } from 'pg';
import type { CommitmentState, CommitmentStatus, RootCause, Trigger } from '../shared/contract';
import { rowToState, type CommitmentRow } from './commitments';

export interface ListFilters {
  ownerId?: string;
  statuses?: CommitmentStatus[];
  dueAfter?: string;
  dueBefore?: string;
  createdAfter?: string;
  createdBefore?: string;
  customerPhone?: string;
  customerEmail?: string;
  externalRef?: string;
  trigger?: Trigger;
  rootCause?: RootCause;
}

export type ListSort = 'dueAt' | '-createdAt';

/** Where the previous page ended: the sort column's value (full microsecond precision) and the id. */
export interface CursorKey {
  sort: ListSort;
  at: string;
  id: string;
}

export interface ListOptions {
  filters: ListFilters;
  /** An agent's staff id: only commitments they own or registered. Absent: everything (supervisors). */
  visibleTo?: string;
  /** A supervisor's team: only its commitments (and those from before teams). Absent: every team. */
  team?: string;
  sort: ListSort;
  limit: number;
  after?: CursorKey;
}

// Keyset pagination: each page continues strictly after the last (sort value, id) seen, so rows
// inserted meanwhile never shift a page the way OFFSET would, and no row is returned twice.
const SORTS: Record<ListSort, { column: string; direction: 'ASC' | 'DESC'; beyond: '>' | '<' }> = {
  dueAt: { column: 'due_at', direction: 'ASC', beyond: '>' },
  '-createdAt': { column: 'created_at', direction: 'DESC', beyond: '<' },
};

export function listCommitmentsSql(opts: ListOptions): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const p = (v: unknown) => `$${values.push(v)}`;
  const f = opts.filters;
  const where: string[] = [];
  if (opts.visibleTo !== undefined) {
    const me = p(opts.visibleTo);
    where.push(`(owner_id = ${me} OR created_by = ${me})`);
  }
  // A supervisor's team, and the commitments from before teams.
  if (opts.team !== undefined) where.push(`(team_id = ${p(opts.team)} OR team_id IS NULL)`);
  if (f.ownerId !== undefined) where.push(`owner_id = ${p(f.ownerId)}`);
  if (f.statuses?.length) where.push(`status = ANY(${p(f.statuses)}::text[])`);
  if (f.dueAfter !== undefined) where.push(`due_at >= ${p(f.dueAfter)}`);
  if (f.dueBefore !== undefined) where.push(`due_at < ${p(f.dueBefore)}`);
  if (f.createdAfter !== undefined) where.push(`created_at >= ${p(f.createdAfter)}`);
  if (f.createdBefore !== undefined) where.push(`created_at < ${p(f.createdBefore)}`);
  if (f.customerPhone !== undefined) where.push(`customer_phone = ${p(f.customerPhone)}`);
  // The generated column is lower-cased, so the index serves a case-insensitive match.
  if (f.customerEmail !== undefined) where.push(`customer_email = lower(${p(f.customerEmail)})`);
  if (f.externalRef !== undefined) where.push(`external_ref = ${p(f.externalRef)}`);
  if (f.trigger !== undefined) where.push(`trigger = ${p(f.trigger)}`);
  if (f.rootCause !== undefined) where.push(`root_cause = ${p(f.rootCause)}`);
  const s = SORTS[opts.sort];
  if (opts.after) where.push(`(${s.column}, id) ${s.beyond} (${p(opts.after.at)}::timestamptz, ${p(opts.after.id)})`);
  const text = `SELECT *, to_char(${s.column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS sort_key
    FROM commitments ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY ${s.column} ${s.direction}, id ${s.direction} LIMIT ${p(opts.limit + 1)}`;
  return { text, values };
}

export async function listCommitments(db: Pool, opts: ListOptions): Promise<{ items: CommitmentState[]; next?: CursorKey }> {
  const { text, values } = listCommitmentsSql(opts);
  const { rows } = await db.query<CommitmentRow & { sort_key: string }>(text, values);
  const page = rows.slice(0, opts.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(rowToState),
    ...(rows.length > opts.limit && last ? { next: { sort: opts.sort, at: last.sort_key, id: last.id } } : {}),
  };
}

/** Opaque to clients; base64url JSON so it survives any query string without escaping. */
export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify([key.sort, key.at, key.id])).toString('base64url');
}

/** The sort value as the queries write it: to_char(… 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), years 1970 to 2099. */
const SORT_VALUE = /^(19[7-9]\d|20\d\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{6}Z$/;

/**
 * Whether a cursor's key is one these queries could have written: a tampered one must be refused
 * here (400), not by Postgres casting it (a 500). Ids are commitment or staff ids: printable, short.
 */
export function isCursorKey(at: unknown, id: unknown, opts: { infinity?: boolean } = {}): boolean {
  if (typeof at !== 'string' || typeof id !== 'string') return false;
  // Date.parse rolls 02-31 over into March; Postgres refuses it, so the calendar date must survive.
  const real = SORT_VALUE.test(at) && new Date(Date.parse(at)).toISOString().slice(0, 10) === at.slice(0, 10);
  if (!real && !(opts.infinity && at === 'infinity')) return false;
  return id.length >= 1 && id.length <= 200 && /^[\x21-\x7e]+$/.test(id);
}

/** undefined when the text is not a cursor this module wrote. */
export function decodeCursor(text: string): CursorKey | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 3) return undefined;
    const [sort, at, id] = value as unknown[];
    if ((sort !== 'dueAt' && sort !== '-createdAt') || !isCursorKey(at, id)) return undefined;
    return { sort, at: at as string, id: id as string };
  } catch {
    return undefined;
  }
}

export interface OpenEscalationRow {
  state: CommitmentState;
  /** When this escalation began: the latest `escalated` event (a commitment can escalate again after an acknowledgement). */
  escalatedAt?: string;
  waitingSeconds?: number;
  acknowledged: boolean;
  escalation?: { level: number; round: number; alertedAt?: string; exhausted?: boolean; acknowledgedAt?: string; acknowledgedBy?: string };
}

/**
 * The current escalation's acknowledgement lives in details.escalation (the acknowledge chain);
 * rows written before the chain existed only have the acknowledged_at fact. The escalated_at fact
 * is the first escalation ever, so the wait is measured from the latest `escalated` event.
 */
export function openEscalationsSql(now: Date, limit: number, team?: string): { text: string; values: unknown[] } {
  return {
    text: `SELECT c.*, coalesce(latest.at, c.escalated_at) AS since,
        CASE WHEN c.details ? 'escalation' THEN c.details #>> '{escalation,acknowledgedAt}' IS NOT NULL
             ELSE c.acknowledged_at IS NOT NULL END AS is_acknowledged,
        floor(extract(epoch FROM $1::timestamptz - coalesce(latest.at, c.escalated_at)))::int AS waiting_seconds
      FROM commitments c
      LEFT JOIN LATERAL (
        SELECT max(e.at) AS at FROM commitment_events e WHERE e.commitment_id = c.id AND e.type = 'escalated'
      ) latest ON true
      WHERE c.status = 'escalated' AND ($3::text IS NULL OR c.team_id = $3 OR c.team_id IS NULL)
      ORDER BY is_acknowledged, since NULLS LAST, c.id LIMIT $2`,
    values: [now.toISOString(), limit, team ?? null],
  };
}

export async function listOpenEscalations(db: Pool, opts: { now: Date; limit: number; team?: string | undefined }): Promise<OpenEscalationRow[]> {
  const { text, values } = openEscalationsSql(opts.now, opts.limit, opts.team);
  const { rows } = await db.query<CommitmentRow & { is_acknowledged: boolean; waiting_seconds: number | null; since: Date | null }>(text, values);
  return rows.map((row) => {
    const e = (row.details as { escalation?: Record<string, unknown> }).escalation;
    return {
      state: rowToState(row),
      acknowledged: row.is_acknowledged,
      ...(row.since ? { escalatedAt: row.since.toISOString() } : {}),
      ...(row.waiting_seconds !== null ? { waitingSeconds: row.waiting_seconds } : {}),
      ...(e ? { escalation: pickEscalation(e) } : {}),
    };
  });
}

/** Only what a supervisor's queue needs; `alerted` (everyone's contacts) stays in the commitment. */
function pickEscalation(e: Record<string, unknown>): NonNullable<OpenEscalationRow['escalation']> {
  const str = (k: string) => (typeof e[k] === 'string' ? { [k]: e[k] } : {});
  return {
    level: typeof e.level === 'number' ? e.level : 0,
    round: typeof e.round === 'number' ? e.round : 0,
    ...str('alertedAt'),
    ...(e.exhausted === true ? { exhausted: true } : {}),
    ...str('acknowledgedAt'),
    ...str('acknowledgedBy'),
  };
}

/** Still being worked on: a new promise for the same ticket would be a second one by accident. */
const HOLDING_A_REF: CommitmentStatus[] = ['open', 'paused', 'escalated'];

/**
 * The oldest commitment of `teamId` still open (open, paused or escalated) that carries this
 * external reference, other than `exceptId`: what a create with the same reference is refused for
 * (POST /v1/commitments, 409). Served by the external_ref index. It reads the read model, which a
 * commitment reaches a moment after its create answered, so two creates at the same instant can
 * both find nothing.
 */
export async function openWithExternalRef(db: Pool, q: { teamId: string; externalRef: string; exceptId: string }): Promise<{ id: string } | undefined> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM commitments
      WHERE external_ref = $1 AND team_id = $2 AND status = ANY($3::text[]) AND id <> $4
      ORDER BY created_at, id LIMIT 1`,
    [q.externalRef, q.teamId, HOLDING_A_REF, q.exceptId],
  );
  return rows[0];
}
