/**
 * Supervisor reports over the read model. Each is one aggregate query over the fact columns the
 * activities keep (never over customer fields, so redaction leaves every count as it was).
 * Periods are half-open, [from, to), on created_at: a commitment counts in the period it was
 * promised in, whatever happened to it later. Time to acknowledge is given in wall time (SQL) and
 * in business time (counted here, in Node, on each team's calendar: see businessAckMedians).
 */
import type { Pool, PoolClient } from 'pg';
import { openTimeMeter } from '../calendars/business-time';
import type { CalendarRules } from '../calendars/model';
import { teamCalendar } from '../calendars/store';
import type { Queryable } from '../people/store/sql';
import { withTransaction } from './transaction';

export type GroupBy = 'owner' | 'team' | 'trigger' | 'rootCause' | 'escalationReason';

/** What an unlogged trigger or root cause is reported as: a gap in the call log is a pattern too. */
export const UNRECORDED = 'unrecorded';

/**
 * The person a commitment's outcome belongs to: who held it when it lapsed, else who kept it, else
 * who holds it now (docs/domain.md#people-and-authority: a lapse a supervisor rescued is still the
 * original owner's lapse).
 */
export const ACCOUNTABLE_OWNER = 'coalesce(lapsed_owner_id, fulfilled_owner_id, owner_id)';
/** Kept on time: fulfilled before a deadline the owner held, never after a lapse someone rescued. */
export const KEPT_ON_TIME = '(first_fulfilled_on_time AND lapsed_at IS NULL)';
/** Decided: kept (on time or late) or missed. One still open and not yet due is neither, and is no miss. */
export const DECIDED = '(first_fulfilled_at IS NOT NULL OR lapsed_at IS NOT NULL)';
/** Kept: reported done, on time or late (a lapse a supervisor rescued included). */
export const KEPT = '(first_fulfilled_at IS NOT NULL)';
/**
 * Unreachable: tried and never reached. At least one callback attempt did not get through (no
 * answer, voicemail, busy, wrong number) and none reached the customer. Read from the attempt fact
 * columns (src/db/commitment-row.ts), never from the attempts in `details`.
 */
export const UNREACHABLE = '(failed_attempt_count > 0 AND failed_attempt_count = attempt_count)';

const GROUP_KEY: Record<GroupBy, string> = {
  owner: ACCOUNTABLE_OWNER,
  team: `coalesce(team_id, '${UNRECORDED}')`,
  escalationReason: `coalesce(escalation_reason, '${UNRECORDED}')`,
  trigger: `coalesce(trigger, '${UNRECORDED}')`,
  rootCause: `coalesce(root_cause, '${UNRECORDED}')`,
};

export interface SummaryCounts {
  group: string | null;
  created: number;
  keptOnTime: number;
  keptLate: number;
  lapsed: number;
  escalated: number;
  cancelled: number;
  reopened: number;
  acknowledged: number;
  managerRequests: number;
  keptOnTimeRate: number | null;
  medianTimeToAcknowledgeSeconds: number | null;
  /** The same median in business time: the open time of the commitment's team's calendar (as it is now) in each wait. */
  medianTimeToAcknowledgeBusinessSeconds: number | null;
  /** Callback attempts logged on the kept promises (on time or late), per kept promise; null while none is kept. */
  attemptsPerKeptPromise: number | null;
  /** Of the decided promises, the share tried and never reached (UNREACHABLE); null while none is decided. */
  unreachableRate: number | null;
  /** Times customers moved the time themselves on their page: not extensions, never against the owner. */
  customerMoves: number;
  medianTimeToFulfilSeconds: number | null;
  p90TimeToFulfilSeconds: number | null;
  extensionsPerCommitment: number | null;
  satisfactionAsked: number;
  satisfactionAnswered: number;
  satisfactionResponseRate: number | null;
  averageRating: number | null;
}

/** A supervisor's reports cover their team (and commitments from before teams); an admin's everything. */
const TEAM_SCOPE = (n: number) => `($${n}::text IS NULL OR team_id = $${n} OR team_id IS NULL)`;

export function summarySql(range: { from: string; to: string; team?: string | undefined }, groupBy?: GroupBy): { text: string; values: unknown[] } {
  const key = groupBy ? GROUP_KEY[groupBy] : 'NULL::text';
  const fulfilSeconds = 'extract(epoch FROM first_fulfilled_at - created_at)::float8';
  return {
    text: `SELECT ${key} AS "group",
        count(*)::int AS created,
        count(*) FILTER (WHERE ${KEPT_ON_TIME})::int AS kept_on_time,
        count(*) FILTER (WHERE ${DECIDED})::int AS decided,
        count(*) FILTER (WHERE first_fulfilled_at IS NOT NULL AND NOT ${KEPT_ON_TIME})::int AS kept_late,
        count(*) FILTER (WHERE lapsed_at IS NOT NULL)::int AS lapsed,
        count(*) FILTER (WHERE escalated_at IS NOT NULL)::int AS escalated,
        count(*) FILTER (WHERE cancelled_at IS NOT NULL)::int AS cancelled,
        count(*) FILTER (WHERE reopen_count > 0)::int AS reopened,
        count(*) FILTER (WHERE acknowledged_at IS NOT NULL)::int AS acknowledged,
        count(*) FILTER (WHERE manager_requested_at IS NOT NULL)::int AS manager_requests,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM acknowledged_at - escalated_at)::float8) AS ack_s,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY ${fulfilSeconds}) AS median_s,
        percentile_cont(0.9) WITHIN GROUP (ORDER BY ${fulfilSeconds}) AS p90_s,
        avg(extension_count)::float8 AS extensions,
        count(*) FILTER (WHERE satisfaction_asked_at IS NOT NULL)::int AS asked,
        count(*) FILTER (WHERE satisfaction_asked_at IS NOT NULL
                           AND (satisfaction_answer IS NOT NULL OR satisfaction_rating IS NOT NULL))::int AS answered,
        avg(satisfaction_rating)::float8 AS rating,
        count(*) FILTER (WHERE ${KEPT})::int AS kept,
        coalesce(sum(attempt_count) FILTER (WHERE ${KEPT}), 0)::int AS kept_attempts,
        count(*) FILTER (WHERE ${DECIDED} AND ${UNREACHABLE})::int AS unreachable,
        coalesce(sum(customer_moves), 0)::int AS customer_moves
      FROM commitments
      WHERE created_at >= $1 AND created_at < $2 AND ${TEAM_SCOPE(3)}
      ${groupBy ? 'GROUP BY 1 ORDER BY 1' : ''}`,
    values: [range.from, range.to, range.team ?? null],
  };
}

interface SummarySqlRow {
  group: string | null;
  created: number;
  kept_on_time: number;
  decided: number;
  kept_late: number;
  lapsed: number;
  escalated: number;
  cancelled: number;
  reopened: number;
  acknowledged: number;
  manager_requests: number;
  ack_s: number | null;
  median_s: number | null;
  p90_s: number | null;
  extensions: number | null;
  asked: number;
  answered: number;
  rating: number | null;
  kept: number;
  kept_attempts: number;
  unreachable: number;
  customer_moves: number;
}

const round = (v: number | null, places: number) => (v === null ? null : Math.round(v * 10 ** places) / 10 ** places);
const ratio = (n: number, d: number) => (d > 0 ? round(n / d, 4) : null);

export async function summaryReport(db: Pool, opts: { from: string; to: string; groupBy?: GroupBy; team?: string | undefined }): Promise<SummaryCounts[]> {
  const { text, values } = summarySql(opts, opts.groupBy);
  const waits = ackWaitsSql(opts, opts.groupBy ? GROUP_KEY[opts.groupBy] : 'NULL::text');
  const [rows, business] = await inOneSnapshot(
    db,
    async (q) => [(await q.query<SummarySqlRow>(text, values)).rows, await businessAckMedians(q, waits)] as const,
  );
  return rows.map((r) => ({
    group: r.group,
    created: r.created,
    keptOnTime: r.kept_on_time,
    keptLate: r.kept_late,
    lapsed: r.lapsed,
    escalated: r.escalated,
    cancelled: r.cancelled,
    reopened: r.reopened,
    // A cancelled promise was withdrawn, not broken: it is out of the denominator.
    keptOnTimeRate: ratio(r.kept_on_time, r.decided),
    medianTimeToFulfilSeconds: round(r.median_s, 0),
    p90TimeToFulfilSeconds: round(r.p90_s, 0),
    extensionsPerCommitment: round(r.extensions, 2),
    satisfactionAsked: r.asked,
    satisfactionAnswered: r.answered,
    satisfactionResponseRate: ratio(r.answered, r.asked),
    averageRating: round(r.rating, 2),
    acknowledged: r.acknowledged,
    managerRequests: r.manager_requests,
    medianTimeToAcknowledgeSeconds: round(r.ack_s, 0),
    medianTimeToAcknowledgeBusinessSeconds: round(business.get(r.group) ?? null, 0),
    attemptsPerKeptPromise: r.kept > 0 ? round(r.kept_attempts / r.kept, 2) : null,
    unreachableRate: ratio(r.unreachable, r.decided),
    customerMoves: r.customer_moves,
  }));
}

/**
 * Reads in one snapshot (REPEATABLE READ, read only), so a report's figures describe the same rows:
 * an acknowledgement recorded between two of its queries cannot be in the wall median and not in
 * the business one.
 */
export function inOneSnapshot<T>(db: Pool, read: (q: PoolClient) => Promise<T>): Promise<T> {
  return withTransaction(db, async (client) => {
    await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    return read(client);
  });
}

/**
 * Each acknowledged escalation among a report's commitments (created in [from, to), in the
 * supervisor's scope), with its group, its team and both instants in epoch ms: what the business
 * medians are counted from. `only` narrows it as the report's own query does. Bounded by the
 * report's range (at most two years of created_at, MAX_REPORT_RANGE_MS) and to the escalations
 * acknowledged in it, four small columns a row.
 */
export function ackWaitsSql(range: { from: string; to: string; team?: string | undefined }, group: string, only = 'TRUE'): { text: string; values: unknown[] } {
  return {
    text: `SELECT ${group} AS "group", team_id AS team,
        (extract(epoch FROM escalated_at) * 1000)::float8 AS escalated, (extract(epoch FROM acknowledged_at) * 1000)::float8 AS acknowledged
      FROM commitments
      WHERE created_at >= $1 AND created_at < $2 AND ${TEAM_SCOPE(3)} AND escalated_at IS NOT NULL AND acknowledged_at IS NOT NULL AND ${only}`,
    values: [range.from, range.to, range.team ?? null],
  };
}

/** Postgres's percentile_cont over values sorted ascending: interpolated between the two nearest ranks; null for none. */
export function percentileCont(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const at = p * (sorted.length - 1);
  const lo = sorted[Math.floor(at)]!;
  const hi = sorted[Math.ceil(at)]!;
  return lo + (hi - lo) * (at - Math.floor(at));
}

interface AckWaitRow {
  group: string | null;
  team: string | null;
  escalated: number;
  acknowledged: number;
}

/**
 * The median time to acknowledge per group in business time, in seconds (unrounded): for each wait,
 * the open time of the commitment's team's calendar between the escalation and the acknowledgement;
 * a commitment whose team names no calendar (or that has no team) is open all the time, so there its
 * business time is its wall time. Counted in Node: the calendar's rules (weekly ranges, holidays,
 * overrides in a zone) are not something SQL can walk.
 *
 * 👉 Each team's calendar as it is now, not the hours it had when the wait happened (which
 *    calendar a team named at a past instant is not recorded): an edit to a team's hours, or a
 *    change of the team's calendar, re-reads past waits on the new hours.
 */
export async function businessAckMedians(db: Queryable, waits: { text: string; values: unknown[] }): Promise<Map<string | null, number>> {
  const { rows } = await db.query<AckWaitRow>(waits.text, waits.values);
  const calendarOf = new Map<string, { id: string; rules: CalendarRules }>();
  for (const team of new Set(rows.flatMap((r) => (r.team === null ? [] : [r.team])))) {
    const calendar = await teamCalendar(db, team);
    if (calendar) calendarOf.set(team, { id: calendar.id, rules: calendar });
  }
  // One meter per calendar (teams may share one), over the span of the waits counted on it.
  const spans = new Map<string, { rules: CalendarRules; from: number; to: number }>();
  for (const r of rows) {
    const calendar = r.team === null ? undefined : calendarOf.get(r.team);
    if (!calendar) continue;
    const span = spans.get(calendar.id) ?? { rules: calendar.rules, from: Infinity, to: -Infinity };
    span.from = Math.min(span.from, r.escalated, r.acknowledged);
    span.to = Math.max(span.to, r.escalated, r.acknowledged);
    spans.set(calendar.id, span);
  }
  const meters = new Map([...spans].map(([id, span]) => [id, openTimeMeter(span.rules, span.from, span.to)]));
  const byGroup = new Map<string | null, number[]>();
  for (const r of rows) {
    const calendar = r.team === null ? undefined : calendarOf.get(r.team);
    const meter = calendar && meters.get(calendar.id);
    const ms = meter ? meter(r.acknowledged) - meter(r.escalated) : r.acknowledged - r.escalated;
    const list = byGroup.get(r.group) ?? [];
    list.push(ms / 1000);
    byGroup.set(r.group, list);
  }
  return new Map(
    [...byGroup].map(([group, seconds]) => [
      group,
      percentileCont(
        seconds.sort((a, b) => a - b),
        0.5,
      )!,
    ]),
  );
}

export interface PatternCount {
  trigger: string;
  rootCause: string;
  count: number;
  /** Of `count`, how many lapsed, and how many name a needed fix (docs/domain.md#the-call-log: the data that fixes the business). */
  lapsed: number;
  neededFixes: number;
  previousCount: number;
  delta: number;
}

/** The previous period has the same length as [from, to) and ends where it starts. */
export function previousPeriodStart(from: string, to: string): string {
  return new Date(2 * Date.parse(from) - Date.parse(to)).toISOString();
}

/** One pass over both periods; a pair seen only in the previous period shows as a drop to 0. */
export function patternsSql(range: { from: string; to: string; team?: string | undefined }): { text: string; values: unknown[] } {
  return {
    text: `SELECT coalesce(trigger, '${UNRECORDED}') AS trigger, coalesce(root_cause, '${UNRECORDED}') AS root_cause,
        count(*) FILTER (WHERE created_at >= $2)::int AS count,
        count(*) FILTER (WHERE created_at >= $2 AND lapsed_at IS NOT NULL)::int AS lapsed,
        count(*) FILTER (WHERE created_at >= $2 AND coalesce(log ->> 'neededFix', '') <> '')::int AS needed_fixes,
        count(*) FILTER (WHERE created_at < $2)::int AS previous_count
      FROM commitments
      WHERE created_at >= $1 AND created_at < $3 AND ${TEAM_SCOPE(4)}
      GROUP BY 1, 2
      ORDER BY count DESC, count(*) FILTER (WHERE created_at >= $2) - count(*) FILTER (WHERE created_at < $2) DESC, 1, 2`,
    values: [previousPeriodStart(range.from, range.to), range.from, range.to, range.team ?? null],
  };
}

export async function patternsReport(db: Pool, opts: { from: string; to: string; team?: string | undefined }): Promise<PatternCount[]> {
  const { text, values } = patternsSql(opts);
  const { rows } = await db.query<{ trigger: string; root_cause: string; count: number; lapsed: number; needed_fixes: number; previous_count: number }>(
    text,
    values,
  );
  return rows.map((r) => ({
    trigger: r.trigger,
    rootCause: r.root_cause,
    count: r.count,
    lapsed: r.lapsed,
    neededFixes: r.needed_fixes,
    previousCount: r.previous_count,
    delta: r.count - r.previous_count,
  }));
}
