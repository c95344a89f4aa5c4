/**
 * The series behind the console's report charts: kept-on-time rate by week, the satisfaction
 * check's outcomes, and time to acknowledge per supervisor (wall and business time). Same rules as ./reports.ts: periods are
 * half-open (on created_at; the weekly rate on the promised deadline), outcomes belong to the
 * person who held the promise, no customer field read.
 */
import type { Pool } from 'pg';
import { ACCOUNTABLE_OWNER, ackWaitsSql, businessAckMedians, inOneSnapshot, KEPT_ON_TIME, UNRECORDED } from './reports';

export interface Range {
  from: string;
  to: string;
  /** A supervisor's team (and work from before teams); undefined: every team. */
  team?: string | undefined;
}

const TEAM = (n: number) => `($${n}::text IS NULL OR team_id = $${n} OR team_id IS NULL)`;

export interface WeeklyKept {
  /** Monday (UTC) of the week the promise was due in, as first promised; YYYY-MM-DD. */
  week: string;
  group: string;
  /** Due that week and not withdrawn: keptOnTime + missed + open. */
  promised: number;
  keptOnTime: number;
  /** Lapsed, or reported done after the deadline. */
  missed: number;
  /** Not decided yet (neither kept nor missed): counted apart, never as missed. */
  open: number;
  /** keptOnTime / (keptOnTime + missed); null while nothing that week is decided. */
  keptOnTimeRate: number | null;
}

const WEEK_GROUP = { team: `coalesce(team_id, '${UNRECORDED}')`, owner: ACCOUNTABLE_OWNER } as const;
/** The deadline as first promised (due_at where that was not recorded): the week a promise belongs to. */
const PROMISED_DUE = 'coalesce(promised_due_at, due_at)';
const MISSED = '(lapsed_at IS NOT NULL OR (first_fulfilled_at IS NOT NULL AND first_fulfilled_on_time IS NOT TRUE))';
const UNDECIDED = '(lapsed_at IS NULL AND first_fulfilled_at IS NULL)';

/** weeklyKept's query; exported so a test can EXPLAIN it (the promised-deadline index). */
export function weeklyKeptSql(r: Range & { groupBy: keyof typeof WEEK_GROUP }): { text: string; values: unknown[] } {
  return {
    text: `SELECT to_char(date_trunc('week', ${PROMISED_DUE} AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS week, ${WEEK_GROUP[r.groupBy]} AS grp,
        count(*) FILTER (WHERE ${KEPT_ON_TIME})::int AS kept,
        count(*) FILTER (WHERE ${MISSED})::int AS missed,
        count(*) FILTER (WHERE ${UNDECIDED})::int AS open
     FROM commitments WHERE ${PROMISED_DUE} >= $1 AND ${PROMISED_DUE} < $2 AND cancelled_at IS NULL AND ${TEAM(3)}
     GROUP BY 1, 2 ORDER BY 1, 2`,
    values: [r.from, r.to, r.team ?? null],
  };
}

/**
 * Kept on time against missed, per week of the promised deadline: a promise still open is not a
 * miss, so a team that missed nothing reads 100% mid-week, with what is still open beside it.
 * Withdrawn (cancelled) promises count nowhere, as in the summary.
 */
export async function weeklyKept(db: Pool, r: Range & { groupBy: keyof typeof WEEK_GROUP }): Promise<WeeklyKept[]> {
  const { text, values } = weeklyKeptSql(r);
  const { rows } = await db.query<{ week: string; grp: string; kept: number; missed: number; open: number }>(text, values);
  return rows.map((x) => {
    const decided = x.kept + x.missed;
    const rate = decided > 0 ? Math.round((x.kept / decided) * 10_000) / 10_000 : null;
    const counts = { keptOnTime: x.kept, missed: x.missed, open: x.open };
    return { week: x.week, group: x.grp, promised: decided + x.open, ...counts, keptOnTimeRate: rate };
  });
}

export interface SatisfactionBreakdown {
  asked: number;
  confirmed: number;
  unconfirmed: number;
  /** Answered NO at least once: reopened with a supervisor. */
  reopened: number;
  /** Count of each rating, 1 to 5. */
  ratings: { rating: number; count: number }[];
}

export async function satisfactionBreakdown(db: Pool, r: Range): Promise<SatisfactionBreakdown> {
  const [totals, ratings] = await Promise.all([
    db.query<{ asked: number; confirmed: number; unconfirmed: number; reopened: number }>(
      `SELECT count(*) FILTER (WHERE satisfaction_asked_at IS NOT NULL)::int AS asked,
          count(*) FILTER (WHERE status = 'confirmed')::int AS confirmed,
          count(*) FILTER (WHERE status = 'unconfirmed')::int AS unconfirmed,
          count(*) FILTER (WHERE reopen_count > 0)::int AS reopened
       FROM commitments WHERE created_at >= $1 AND created_at < $2 AND ${TEAM(3)}`,
      [r.from, r.to, r.team ?? null],
    ),
    db.query<{ rating: number; count: number }>(
      `SELECT g.rating, count(c.id)::int AS count
       FROM generate_series(1, 5) AS g(rating)
       LEFT JOIN commitments c ON c.satisfaction_rating = g.rating AND c.created_at >= $1 AND c.created_at < $2
         AND ($3::text IS NULL OR c.team_id = $3 OR c.team_id IS NULL)
       GROUP BY g.rating ORDER BY g.rating`,
      [r.from, r.to, r.team ?? null],
    ),
  ]);
  const t = totals.rows[0] ?? { asked: 0, confirmed: 0, unconfirmed: 0, reopened: 0 };
  return { ...t, ratings: ratings.rows };
}

export interface AcknowledgementRow {
  supervisor: string;
  acknowledged: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
  /** The median in business time: the open time of each commitment's team's calendar, as it is now (./reports.ts, businessAckMedians). */
  medianBusinessSeconds: number | null;
}

/** How long escalations waited for each supervisor who took them over, in wall time and (the median) in business time. */
export async function acknowledgementTimes(db: Pool, r: Range): Promise<AcknowledgementRow[]> {
  const wait = 'extract(epoch FROM acknowledged_at - escalated_at)::float8';
  const waits = ackWaitsSql(r, 'acknowledged_by', 'acknowledged_by IS NOT NULL');
  const [rows, business] = await inOneSnapshot(db, async (q) => {
    const { rows } = await q.query<{ supervisor: string; acknowledged: number; p50: number | null; p90: number | null }>(
      `SELECT acknowledged_by AS supervisor, count(*)::int AS acknowledged,
          percentile_cont(0.5) WITHIN GROUP (ORDER BY ${wait}) AS p50,
          percentile_cont(0.9) WITHIN GROUP (ORDER BY ${wait}) AS p90
       FROM commitments
       WHERE created_at >= $1 AND created_at < $2 AND acknowledged_by IS NOT NULL AND escalated_at IS NOT NULL AND ${TEAM(3)}
       GROUP BY 1 ORDER BY 1`,
      [r.from, r.to, r.team ?? null],
    );
    return [rows, await businessAckMedians(q, waits)] as const;
  });
  const seconds = (v: number | null) => (v === null ? null : Math.round(v));
  return rows.map((x) => ({
    supervisor: x.supervisor,
    acknowledged: x.acknowledged,
    medianSeconds: seconds(x.p50),
    p90Seconds: seconds(x.p90),
    medianBusinessSeconds: seconds(business.get(x.supervisor) ?? null),
  }));
}
