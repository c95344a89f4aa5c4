/**
 * The supervisors' board over the read model: counts at a glance and four sections, each paged by
 * keyset (strictly after the last row seen, as in ./queries.ts) so the first screen costs the same
 * with 100 or 100,000 open commitments. Sections read only indexed columns and the open rows.
 */
import type { Pool } from 'pg';
import type { AttemptOutcome, CommitmentStatus, EscalationState } from '../shared/contract';

export const BOARD_SECTIONS = ['escalated', 'atRisk', 'lapsedToday', 'owners'] as const;
export type BoardSection = (typeof BOARD_SECTIONS)[number];

/** "At risk": open and due within this long (or already past due, not yet lapsed by the workflow). */
export const AT_RISK_WITHIN_MS = 3600_000;
const OPEN_WORK: CommitmentStatus[] = ['open', 'paused', 'escalated'];

export interface BoardItem {
  id: string;
  status: CommitmentStatus;
  summary: string;
  customer: { name: string; timezone: string };
  owner: { id: string; name: string };
  dueAt: string;
  createdAt: string;
  lapsedAt: string | null;
  /** Who held it when it lapsed: the lapse stays theirs after a rescue. */
  lapsedOwnerId: string | null;
  /** Their name in the directory, when they are in it. */
  lapsedOwnerName: string | null;
  /** When the current escalation began, and how long it has waited (escalated section only). */
  escalatedAt: string | null;
  waitingSeconds: number | null;
  escalation:
    (Pick<EscalationState, 'reason' | 'level' | 'round' | 'alertedAt' | 'exhausted' | 'acknowledgedBy' | 'acknowledgedAt'> & { current?: string }) | null;
  /**
   * Callback attempts logged so far ("tried 2×"), and the latest one's time and outcome (null before
   * the first). A count, not the list: `attempts` on a commitment is the list (with notes), which
   * a board polled every few seconds does not need.
   */
  attemptCount: number;
  lastAttempt: { at: string; outcome: AttemptOutcome } | null;
}

export interface OwnerLoad {
  owner: { id: string; name: string };
  open: number;
  paused: number;
  escalated: number;
  atRisk: number;
  /** The soonest deadline among their open commitments. */
  nextDueAt: string | null;
}

export interface BoardCounts {
  escalatedUnacknowledged: number;
  atRisk: number;
  lapsedToday: number;
  open: number;
  paused: number;
  escalated: number;
  owners: number;
}

/** Where a section's previous page ended: its sort value (microseconds, UTC) and the row's id. */
export interface BoardKey {
  at: string;
  id: string;
}

export interface BoardWindow {
  now: Date;
  /** Midnight of today in the viewer's zone: "lapsed today" starts here. */
  todayStart: Date;
  /** A supervisor's team: only its work (and work from before teams). Undefined: every team (admins). */
  team?: string | undefined;
}

export interface Page<T> {
  items: T[];
  next?: BoardKey;
}

const UNACKNOWLEDGED = `(c.details #>> '{escalation,acknowledgedAt}') IS NULL`;
// Full microseconds, so a cursor continues exactly after its row; 'infinity' (an owner with nothing open to sort by) as itself.
const sortKey = (col: string) =>
  `CASE WHEN isfinite(${col}) THEN to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') ELSE 'infinity' END AS sort_key`;
const ITEM = `c.id, c.status, c.summary, c.customer ->> 'name' AS customer_name, c.customer ->> 'timezone' AS customer_timezone,
  c.owner_id, c.owner ->> 'name' AS owner_name, c.due_at, c.created_at, c.lapsed_at, c.lapsed_owner_id,
  (SELECT s.name FROM staff s WHERE s.id = c.lapsed_owner_id) AS lapsed_owner_name, c.details -> 'escalation' AS escalation,
  c.attempt_count, c.details -> 'attempts' -> -1 AS last_attempt`;
// The escalated_at fact is the first escalation ever; a commitment can escalate again after an
// acknowledgement, so the wait is measured from its latest `escalated` event.
const SINCE = `coalesce((SELECT max(e.at) FROM commitment_events e WHERE e.commitment_id = c.id AND e.type = 'escalated'), c.escalated_at, c.updated_at)`;

/** Adds a bound value and returns its placeholder. */
type Param = (value: unknown) => string;

/** The viewer's part of the floor: their team's work, or everyone's. */
const inTeam = (p: Param, w: BoardWindow) => (w.team === undefined ? 'true' : `(c.team_id = ${p(w.team)} OR c.team_id IS NULL)`);
const dueSoon = (p: Param, w: BoardWindow) => `c.due_at < ${p(new Date(w.now.getTime() + AT_RISK_WITHIN_MS).toISOString())}::timestamptz`;

/** Each section's query, in its order, continuing strictly after `after`. */
const SECTION_SQL: Record<BoardSection, (p: Param, w: BoardWindow, after: BoardKey | undefined) => string> = {
  escalated: (
    p,
    w,
    after,
  ) => `SELECT *, ${sortKey('c.since')} FROM (SELECT ${ITEM}, ${SINCE} AS since FROM commitments c WHERE c.status = 'escalated' AND ${UNACKNOWLEDGED} AND ${inTeam(p, w)}) c
    ${after ? `WHERE (c.since, c.id) > (${p(after.at)}::timestamptz, ${p(after.id)})` : ''} ORDER BY c.since, c.id`,
  atRisk: (p, w, after) => `SELECT ${ITEM}, ${sortKey('c.due_at')} FROM commitments c WHERE c.status = 'open' AND ${dueSoon(p, w)} AND ${inTeam(p, w)}
    ${after ? `AND (c.due_at, c.id) > (${p(after.at)}::timestamptz, ${p(after.id)})` : ''} ORDER BY c.due_at, c.id`,
  lapsedToday: (
    p,
    w,
    after,
  ) => `SELECT ${ITEM}, ${sortKey('c.lapsed_at')} FROM commitments c WHERE c.lapsed_at >= ${p(w.todayStart.toISOString())}::timestamptz AND ${inTeam(p, w)}
    ${after ? `AND (c.lapsed_at, c.id) < (${p(after.at)}::timestamptz, ${p(after.id)})` : ''} ORDER BY c.lapsed_at DESC, c.id DESC`,
  owners: (p, w, after) => `SELECT *, ${sortKey('c.sort_due')} FROM (SELECT c.owner_id, max(c.owner ->> 'name') AS owner_name,
      count(*) FILTER (WHERE c.status = 'open')::int AS open, count(*) FILTER (WHERE c.status = 'paused')::int AS paused,
      count(*) FILTER (WHERE c.status = 'escalated')::int AS escalated,
      count(*) FILTER (WHERE c.status = 'open' AND ${dueSoon(p, w)})::int AS at_risk,
      min(c.due_at) FILTER (WHERE c.status = 'open') AS next_due, coalesce(min(c.due_at) FILTER (WHERE c.status = 'open'), 'infinity') AS sort_due
    FROM commitments c WHERE c.status = ANY(${p(OPEN_WORK)}::text[]) AND ${inTeam(p, w)} GROUP BY c.owner_id) c
    ${after ? `WHERE (c.sort_due, c.owner_id) > (${p(after.at)}::timestamptz, ${p(after.id)})` : ''} ORDER BY c.sort_due, c.owner_id`,
};

/** The SQL the board runs for one section's page; exported so tests and the benchmark can EXPLAIN it. */
export function boardSectionSql(section: BoardSection, w: BoardWindow, limit: number, after?: BoardKey): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const p: Param = (v) => `$${values.push(v)}`;
  const text = `${SECTION_SQL[section](p, w, after)} LIMIT ${p(limit + 1)}`;
  return { text, values };
}

type Row = Record<string, unknown> & { sort_key: string };

const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : null);

function toItem(r: Row, now: Date): BoardItem {
  const e = r.escalation as (EscalationState & Record<string, unknown>) | null;
  // Only when and how it went: the attempt's note stays on the commitment's page.
  const last = r.last_attempt as { at?: unknown; outcome?: unknown } | null;
  const since = r.since instanceof Date ? r.since : null;
  return {
    id: r.id as string,
    status: r.status as CommitmentStatus,
    summary: r.summary as string,
    customer: { name: r.customer_name as string, timezone: r.customer_timezone as string },
    owner: { id: r.owner_id as string, name: r.owner_name as string },
    dueAt: iso(r.due_at) as string,
    createdAt: iso(r.created_at) as string,
    lapsedAt: iso(r.lapsed_at),
    lapsedOwnerId: (r.lapsed_owner_id as string | null) ?? null,
    lapsedOwnerName: (r.lapsed_owner_name as string | null) ?? null,
    escalatedAt: since ? since.toISOString() : null,
    waitingSeconds: since ? Math.max(0, Math.floor((now.getTime() - since.getTime()) / 1000)) : null,
    escalation: e
      ? {
          reason: e.reason,
          level: e.level,
          round: e.round,
          ...(e.alertedAt ? { alertedAt: e.alertedAt } : {}),
          ...(e.exhausted ? { exhausted: true } : {}),
          ...(e.acknowledgedBy ? { acknowledgedBy: e.acknowledgedBy } : {}),
          ...(e.acknowledgedAt ? { acknowledgedAt: e.acknowledgedAt } : {}),
          ...(e.current?.name ? { current: e.current.name } : {}),
        }
      : null,
    attemptCount: (r.attempt_count as number | null) ?? 0,
    lastAttempt: last && typeof last.at === 'string' && typeof last.outcome === 'string' ? { at: last.at, outcome: last.outcome as AttemptOutcome } : null,
  };
}

function toOwner(r: Row): OwnerLoad {
  return {
    owner: { id: r.owner_id as string, name: r.owner_name as string },
    open: r.open as number,
    paused: r.paused as number,
    escalated: r.escalated as number,
    atRisk: r.at_risk as number,
    nextDueAt: iso(r.next_due),
  };
}

export async function boardSection(db: Pool, section: BoardSection, w: BoardWindow, limit: number, after?: BoardKey): Promise<Page<BoardItem | OwnerLoad>> {
  const { text, values } = boardSectionSql(section, w, limit, after);
  const { rows } = await db.query<Row>(text, values);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const items = page.map((r) => (section === 'owners' ? toOwner(r) : toItem(r, w.now)));
  return { items, ...(rows.length > limit && last ? { next: { at: last.sort_key, id: (section === 'owners' ? last.owner_id : last.id) as string } } : {}) };
}

export async function boardCounts(db: Pool, w: BoardWindow): Promise<BoardCounts> {
  const [open, lapsed] = await Promise.all([
    db.query<Omit<BoardCounts, 'lapsedToday'>>(
      `SELECT count(*) FILTER (WHERE c.status = 'escalated' AND ${UNACKNOWLEDGED})::int AS "escalatedUnacknowledged",
         count(*) FILTER (WHERE c.status = 'open' AND c.due_at < $1::timestamptz)::int AS "atRisk",
         count(*) FILTER (WHERE c.status = 'open')::int AS open, count(*) FILTER (WHERE c.status = 'paused')::int AS paused,
         count(*) FILTER (WHERE c.status = 'escalated')::int AS escalated, count(DISTINCT c.owner_id)::int AS owners
       FROM commitments c WHERE c.status = ANY($2::text[]) AND ($3::text IS NULL OR c.team_id = $3 OR c.team_id IS NULL)`,
      [new Date(w.now.getTime() + AT_RISK_WITHIN_MS).toISOString(), OPEN_WORK, w.team ?? null],
    ),
    db.query<{ n: number }>('SELECT count(*)::int AS n FROM commitments WHERE lapsed_at >= $1 AND ($2::text IS NULL OR team_id = $2 OR team_id IS NULL)', [
      w.todayStart.toISOString(),
      w.team ?? null,
    ]),
  ]);
  return { ...(open.rows[0] as Omit<BoardCounts, 'lapsedToday'>), lapsedToday: lapsed.rows[0]?.n ?? 0 };
}
