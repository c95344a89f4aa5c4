/**
 * Hard calls and their check-ins in Postgres (migrations/1766300000000_hard-calls.sql). Never in
 * the workflow: a flag is not part of the promise's lifecycle, costs Temporal nothing, and so no
 * timeline entry, customer message or event out can carry it. The customer is kept only as the
 * hashes of their phone and email (`customer_address_hash`), to count a customer's recent flags.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import { HARD_CALL_KINDS, REPEAT_WINDOW_DAYS, type HardCallKind } from './model';
import type { CheckIn, HardCall, HardCallReportRow } from './schemas';

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const base62 = (bytes: Buffer) => Array.from(bytes.subarray(0, 24), (b) => BASE62[b % 62]).join('');

/** A fresh id, or (given `seed`) the same id for the same seed: a retried request makes no second flag. */
export function hardCallId(seed?: string): string {
  return `hc_${base62(seed === undefined ? randomBytes(24) : createHash('sha256').update(seed).digest())}`;
}
const checkInId = () => `ci_${base62(randomBytes(24))}`;

const DAY_MS = 24 * 3600_000;

interface Person {
  id: string;
  name: string;
}

export interface NewHardCall {
  id: string;
  commitmentId: string;
  team: Person;
  /** The owner of the commitment now. */
  agent: Person;
  kind: HardCallKind;
  note: string;
  flaggedBy: Person;
  flaggedAt: Date;
  customer: { phone?: string | undefined; email?: string | undefined };
}

interface HardCallRow {
  id: string;
  commitment_id: string;
  team_id: string;
  agent_id: string;
  agent_name: string;
  kind: HardCallKind;
  note: string;
  flagged_by_id: string;
  flagged_by_name: string;
  flagged_at: Date;
}

const HARD_CALL_COLUMNS = 'id, commitment_id, team_id, agent_id, agent_name, kind, note, flagged_by_id, flagged_by_name, flagged_at';

const toHardCall = (r: HardCallRow): HardCall => ({
  id: r.id,
  commitmentId: r.commitment_id,
  teamId: r.team_id,
  agent: { id: r.agent_id, name: r.agent_name },
  kind: r.kind,
  note: r.note,
  flaggedBy: { id: r.flagged_by_id, name: r.flagged_by_name },
  flaggedAt: r.flagged_at.toISOString(),
});

/**
 * Records a flag and opens its check-in, in one statement. A flag whose id is already taken (a
 * retried request) records nothing and answers the flag as it was first recorded.
 */
export async function recordHardCall(db: Pool, f: NewHardCall): Promise<HardCall> {
  const { rows } = await db.query<HardCallRow>(
    `WITH flag AS (
       INSERT INTO hard_calls (id, commitment_id, team_id, team_name, agent_id, agent_name, kind, note, flagged_by_id, flagged_by_name, flagged_at,
                               customer_phone_hash, customer_email_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, customer_address_hash($12), customer_address_hash($13))
       ON CONFLICT (id) DO NOTHING
       RETURNING ${HARD_CALL_COLUMNS}
     ), opened AS (
       INSERT INTO check_ins (id, hard_call_id, team_id) SELECT $14, id, team_id FROM flag
     )
     SELECT ${HARD_CALL_COLUMNS} FROM flag`,
    [
      f.id,
      f.commitmentId,
      f.team.id,
      f.team.name,
      f.agent.id,
      f.agent.name,
      f.kind,
      f.note,
      f.flaggedBy.id,
      f.flaggedBy.name,
      f.flaggedAt.toISOString(),
      f.customer.phone ?? null,
      f.customer.email ?? null,
      checkInId(),
    ],
  );
  const made = rows[0];
  if (made) return toHardCall(made);
  const first = await db.query<HardCallRow>(`SELECT ${HARD_CALL_COLUMNS} FROM hard_calls WHERE id = $1`, [f.id]);
  return toHardCall(first.rows[0]!);
}

/** Whether retention has removed the commitment's customer details (src/db/redaction.ts). */
export async function isRedacted(db: Pool, commitmentId: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM commitments WHERE id = $1 AND redacted_at IS NOT NULL', [commitmentId]);
  return rows.length > 0;
}

/** A commitment's flags, oldest first. */
export async function listHardCalls(db: Pool, commitmentId: string): Promise<HardCall[]> {
  const { rows } = await db.query<HardCallRow>(`SELECT ${HARD_CALL_COLUMNS} FROM hard_calls WHERE commitment_id = $1 ORDER BY flagged_at, id`, [commitmentId]);
  return rows.map(toHardCall);
}

/**
 * How often a customer (the same phone or email) was flagged in the 30 days before `now`, and
 * for what; `exceptCommitment`'s own flags left out (a create asks before its own flag counts).
 */
export async function customerFlags(
  db: Pool,
  customer: { phone?: string | undefined; email?: string | undefined },
  now: Date,
  exceptCommitment?: string,
): Promise<{ count: number; kinds: HardCallKind[] }> {
  if (!customer.phone && !customer.email) return { count: 0, kinds: [] };
  const { rows } = await db.query<{ n: number; kinds: HardCallKind[] }>(
    `SELECT count(*)::int AS n, coalesce(array_agg(DISTINCT kind), '{}') AS kinds FROM hard_calls
     WHERE flagged_at >= $3 AND ($4::text IS NULL OR commitment_id <> $4)
       AND (customer_phone_hash = customer_address_hash($1) OR customer_email_hash = customer_address_hash($2))`,
    [customer.phone ?? null, customer.email ?? null, new Date(now.getTime() - REPEAT_WINDOW_DAYS * DAY_MS).toISOString(), exceptCommitment ?? null],
  );
  const row = rows[0];
  return { count: row?.n ?? 0, kinds: HARD_CALL_KINDS.filter((k) => row?.kinds.includes(k)) };
}

interface CheckInRow extends HardCallRow {
  check_in_id: string;
  team_name: string;
  done_at: Date | null;
  done_by_id: string | null;
  done_by_name: string | null;
  done_note: string | null;
}

const CHECK_IN_SELECT = `
  SELECT c.id AS check_in_id, c.team_id, coalesce(t.name, h.team_name) AS team_name, c.done_at, c.done_by_id, c.done_by_name, c.done_note,
         h.id, h.commitment_id, h.agent_id, h.agent_name, h.kind, h.note, h.flagged_by_id, h.flagged_by_name, h.flagged_at
  FROM check_ins c JOIN hard_calls h ON h.id = c.hard_call_id LEFT JOIN teams t ON t.id = c.team_id`;

const toCheckIn = (r: CheckInRow): CheckIn => ({
  id: r.check_in_id,
  hardCallId: r.id,
  commitmentId: r.commitment_id,
  team: { id: r.team_id, name: r.team_name },
  agent: { id: r.agent_id, name: r.agent_name },
  kind: r.kind,
  note: r.note,
  flaggedAt: r.flagged_at.toISOString(),
  flaggedBy: { id: r.flagged_by_id, name: r.flagged_by_name },
  ...(r.done_at ? { doneAt: r.done_at.toISOString() } : {}),
  ...(r.done_at && r.done_by_id ? { doneBy: { id: r.done_by_id, name: r.done_by_name ?? r.done_by_id } } : {}),
  ...(r.done_note !== null ? { doneNote: r.done_note } : {}),
});

/** Open check-ins of one team (undefined: every team), oldest flag first. */
export async function listOpenCheckIns(db: Pool, teamId: string | undefined): Promise<CheckIn[]> {
  const { rows } = await db.query<CheckInRow>(
    `${CHECK_IN_SELECT} WHERE c.done_at IS NULL AND ($1::text IS NULL OR c.team_id = $1) ORDER BY h.flagged_at, c.id`,
    [teamId ?? null],
  );
  return rows.map(toCheckIn);
}

export async function findCheckIn(db: Pool, id: string): Promise<CheckIn | undefined> {
  const { rows } = await db.query<CheckInRow>(`${CHECK_IN_SELECT} WHERE c.id = $1`, [id]);
  return rows[0] ? toCheckIn(rows[0]) : undefined;
}

/** Marks an open check-in done; undefined when it was done already (by this call's rival, say). */
export async function completeCheckIn(db: Pool, id: string, by: Person, note: string | undefined, at: Date): Promise<CheckIn | undefined> {
  const { rowCount } = await db.query(
    'UPDATE check_ins SET done_at = $2, done_by_id = $3, done_by_name = $4, done_note = $5 WHERE id = $1 AND done_at IS NULL',
    [id, at.toISOString(), by.id, by.name, note ?? null],
  );
  return rowCount ? findCheckIn(db, id) : undefined;
}

/**
 * Calls flagged in [from, to) per ISO week (Monday, UTC) and agent, and how many of their
 * check-ins are done; one team's, or every team's (team undefined).
 */
export async function hardCallReport(db: Pool, r: { from: string; to: string; team: string | undefined }): Promise<HardCallReportRow[]> {
  const { rows } = await db.query<{ week: string; agent_id: string; agent_name: string; flagged: number; done: number }>(
    `SELECT to_char(date_trunc('week', h.flagged_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS week, h.agent_id,
            (array_agg(h.agent_name ORDER BY h.flagged_at DESC))[1] AS agent_name,
            count(*)::int AS flagged, count(c.done_at)::int AS done
     FROM hard_calls h LEFT JOIN check_ins c ON c.hard_call_id = h.id
     WHERE h.flagged_at >= $1 AND h.flagged_at < $2 AND ($3::text IS NULL OR h.team_id = $3)
     GROUP BY 1, 2
     ORDER BY 1, 3, 2`,
    [r.from, r.to, r.team ?? null],
  );
  return rows.map((x) => ({ week: x.week, agent: { id: x.agent_id, name: x.agent_name }, flagged: x.flagged, checkInsDone: x.done }));
}
