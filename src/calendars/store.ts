/**
 * Calendars in Postgres (`calendars`, migrations/1765700000000_calendars.sql). Every change raises
 * the version in the same statement, so two admins editing at once get two versions, never a
 * version that stands for two different sets of rules.
 */
import type { Queryable } from '../people/store/sql';
import { constraintError } from '../people/store/errors';
import type { Calendar, CalendarRules } from './model';

export interface CalendarRecord extends Calendar {
  updatedAt: string;
}

interface CalendarRow {
  id: string;
  name: string;
  time_zone: string;
  weekly: Calendar['weekly'];
  holidays: Calendar['holidays'];
  overrides: Calendar['overrides'];
  version: number;
  updated_at: Date;
}

const COLUMNS = 'id, name, time_zone, weekly, holidays, overrides, version, updated_at';

const toCalendar = (r: CalendarRow): CalendarRecord => ({
  id: r.id,
  name: r.name,
  timeZone: r.time_zone,
  weekly: r.weekly,
  holidays: r.holidays,
  overrides: r.overrides,
  version: r.version,
  updatedAt: r.updated_at.toISOString(),
});

/** Each version is kept as it was, in the same statement: a pinned version can always be read back. */
const KEPT = `kept AS (INSERT INTO calendar_versions (calendar_id, version, name, time_zone, weekly, holidays, overrides)
  SELECT id, version, name, time_zone, weekly, holidays, overrides FROM c)`;

export type NewCalendar = Omit<Calendar, 'version'>;
export type CalendarPatch = Partial<Omit<Calendar, 'id' | 'version'>>;

export async function createCalendar(db: Queryable, c: NewCalendar): Promise<CalendarRecord> {
  try {
    const { rows } = await db.query<CalendarRow>(
      `WITH c AS (INSERT INTO calendars (id, name, time_zone, weekly, holidays, overrides) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}), ${KEPT}
       SELECT * FROM c`,
      [c.id, c.name, c.timeZone, JSON.stringify(c.weekly), JSON.stringify(c.holidays), JSON.stringify(c.overrides)],
    );
    return toCalendar(rows[0]!);
  } catch (err) {
    return constraintError(err, { calendars_pkey: { pointer: '/id', detail: 'is already the id of a calendar' } });
  }
}

export async function findCalendar(db: Queryable, id: string): Promise<CalendarRecord | undefined> {
  const { rows } = await db.query<CalendarRow>(`SELECT ${COLUMNS} FROM calendars WHERE id = $1`, [id]);
  return rows[0] && toCalendar(rows[0]);
}

export async function listCalendars(db: Queryable): Promise<CalendarRecord[]> {
  const { rows } = await db.query<CalendarRow>(`SELECT ${COLUMNS} FROM calendars ORDER BY id`);
  return rows.map(toCalendar);
}

/** Applies the fields given and raises the version; undefined when there is no such calendar. */
export async function updateCalendar(db: Queryable, id: string, p: CalendarPatch): Promise<CalendarRecord | undefined> {
  const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));
  const { rows } = await db.query<CalendarRow>(
    `WITH c AS (UPDATE calendars SET name = coalesce($2, name), time_zone = coalesce($3, time_zone), weekly = coalesce($4::jsonb, weekly),
       holidays = coalesce($5::jsonb, holidays), overrides = coalesce($6::jsonb, overrides), version = version + 1, updated_at = now()
     WHERE id = $1 RETURNING ${COLUMNS}), ${KEPT}
     SELECT * FROM c`,
    [id, p.name ?? null, p.timeZone ?? null, json(p.weekly), json(p.holidays), json(p.overrides)],
  );
  return rows[0] && toCalendar(rows[0]);
}

/** A calendar as it was at `version`: what a deadline pinned to that version was counted on. */
export async function findCalendarVersion(db: Queryable, id: string, version: number): Promise<CalendarRecord | undefined> {
  const { rows } = await db.query<CalendarRow>(
    `SELECT calendar_id AS id, name, time_zone, weekly, holidays, overrides, version, created_at AS updated_at FROM calendar_versions
     WHERE calendar_id = $1 AND version = $2`,
    [id, version],
  );
  return rows[0] && toCalendar(rows[0]);
}

/** The calendar a team counts business time on, if it names one. */
export async function teamCalendar(db: Queryable, teamId: string): Promise<CalendarRecord | undefined> {
  const { rows } = await db.query<CalendarRow>(
    `SELECT ${COLUMNS.split(', ')
      .map((c) => `c.${c}`)
      .join(', ')} FROM teams t JOIN calendars c ON c.id = t.calendar_id WHERE t.id = $1`,
    [teamId],
  );
  return rows[0] && toCalendar(rows[0]);
}

/** Holidays added to a calendar, without repeating a date range it already has. */
export function mergeHolidays(existing: CalendarRules['holidays'], added: CalendarRules['holidays']): CalendarRules['holidays'] {
  const key = (h: { from: string; to?: string }) => `${h.from}/${h.to ?? h.from}`;
  const seen = new Set(existing.map(key));
  const merged = [...existing];
  for (const h of added) {
    if (seen.has(key(h))) continue;
    seen.add(key(h));
    merged.push(h);
  }
  return merged.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
}
