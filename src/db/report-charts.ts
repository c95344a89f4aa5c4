/**
 * The series behind the console's report charts: kept-on-time rate by week, the satisfaction
 * check's outcomes, and time to acknowledge per supervisor. Same rules as ./reports.ts: periods are
 * half-open on created_at, outcomes belong to the person who held the promise, no customer field read.
 */
import type { Pool } from 'pg';
import { ACCOUNTABLE_OWNER, KEPT_ON_TIME, UNRECORDED } from './reports';

export interface Range {
  from: string;
  to: string;
  /** A supervisor's team (and work from before teams); undefined: every team. */
  team?: string | undefined;
}

const TEAM = (n: number) => `($${n}::text IS NULL OR team_id = $${n} OR team_id IS NULL)`;

export interface WeeklyKept {
  /** Monday of the week (UTC), YYYY-MM-DD. */
  week: string;
  group: string;
  /** Created that week, less the cancelled: the rate's denominator. */
  promised: number;
  keptOnTime: number;
  keptOnTimeRate: number | null;
}

const WEEK_GROUP = { team: `coalesce(team_id, '${UNRECORDED}')`, owner: ACCOUNTABLE_OWNER } as const;

export async function weeklyKept(db: Pool, r: Range & { groupBy: keyof typeof WEEK_GROUP }): Promise<WeeklyKept[]> {
  const { rows } = await db.query<{ week: string; grp: string; promised: number; kept: number }>(
    `SELECT to_char(date_trunc('week', created_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS week, ${WEEK_GROUP[r.groupBy]} AS grp,
        count(*) FILTER (WHERE cancelled_at IS NULL)::int AS promised,
        count(*) FILTER (WHERE ${KEPT_ON_TIME})::int AS kept
     FROM commitments WHERE created_at >= $1 AND created_at < $2 AND ${TEAM(3)}
     GROUP BY 1, 2 ORDER BY 1, 2`,
    [r.from, r.to, r.team ?? null],
  );
  return rows.map((x) => ({ week: x.week, group: x.grp, promised: x.promised, keptOnTime: x.kept, keptOnTimeRate: x.promised > 0 ? Math.round((x.kept / x.promised) * 10_000) / 10_000 : null }));
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
}

/** How long escalations waited for each supervisor who took them over. */
export async function acknowledgementTimes(db: Pool, r: Range): Promise<AcknowledgementRow[]> {
  const wait = 'extract(epoch FROM acknowledged_at - escalated_at)::float8';
  const { rows } = await db.query<{ supervisor: string; acknowledged: number; p50: number | null; p90: number | null }>(
    `SELECT acknowledged_by AS supervisor, count(*)::int AS acknowledged,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY ${wait}) AS p50,
        percentile_cont(0.9) WITHIN GROUP (ORDER BY ${wait}) AS p90
     FROM commitments
     WHERE created_at >= $1 AND created_at < $2 AND acknowledged_by IS NOT NULL AND escalated_at IS NOT NULL AND ${TEAM(3)}
     GROUP BY 1 ORDER BY 1`,
    [r.from, r.to, r.team ?? null],
  );
  const seconds = (v: number | null) => (v === null ? null : Math.round(v));
  return rows.map((x) => ({ supervisor: x.supervisor, acknowledged: x.acknowledged, medianSeconds: seconds(x.p50), p90Seconds: seconds(x.p90) }));
}
