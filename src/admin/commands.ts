/**
 * The admin CLI's commands. Input is validated by the same zod schemas as the REST API, so a
 * value the CLI accepts is one the API would; refusals name the flag at fault.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Pool } from 'pg';
import { z } from 'zod';
import { CreateKey, CreateStaff, CreateTeam, DirectoryId, PatchTeam, toNewStaff, toNewTeam } from '../people/routes/schemas';
import { fieldErrors, HttpProblem, type FieldError } from '../api/problems';
import { ImportHolidays, read as readHolidays } from '../calendars/import-routes';
import { MAX_ICAL_BYTES } from '../calendars/ical';
import { WEEKDAYS, type CalendarRules, type Holiday, type TimeRange, type Weekday } from '../calendars/model';
import { CalendarId, CreateCalendar, MAX_HOLIDAYS } from '../calendars/schemas';
import { createCalendar, findCalendar, listCalendars, mergeHolidays, updateCalendar } from '../calendars/store';
import { issueKey, listKeys, revokeKey } from '../people/store/keys';
import { createStaff, listStaff } from '../people/store/staff';
import { createTeam, listTeams, updateTeam } from '../people/store/teams';

export type Flags = Record<string, string | boolean | undefined>;

/** Thrown when the command line itself is wrong: the message is for the person typing it. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface Command {
  usage: string;
  summary: string;
  /** Flags taking a value; every other flag given is refused. */
  strings: string[];
  booleans?: string[];
  positionals?: string[];
  run(db: Pool, flags: Flags, positionals: string[], out: (line: string) => void): Promise<void>;
}

/** JSON pointers of the request schemas in the CLI's words: `/staffId` is `--staff`. */
const FLAG_OF: Record<string, string> = {
  '/staffId': '--staff',
  '/agentsMayCreateForTeammates': '--agents-may-create-for-teammates',
  '/timeZone': '--timezone',
};
export const flagOf = (pointer: string) => FLAG_OF[pointer] ?? (pointer ? `--${pointer.slice(1).split('/')[0]}` : 'the command');

const inFlags = (errors: FieldError[]) => errors.map((e) => `${flagOf(e.pointer)} ${e.detail}`);

/** Parses with a request schema; a refusal is a UsageError of one line per fault (`describe` words them). */
export function parse<S extends z.ZodType>(schema: S, input: Record<string, unknown>, describe: (errors: FieldError[]) => string[] = inFlags): z.infer<S> {
  const defined = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
  const parsed = schema.safeParse(defined);
  if (!parsed.success) throw new UsageError(describe(fieldErrors(parsed.error)).join('\n'));
  return parsed.data;
}

function table(rows: Record<string, string>[], out: (line: string) => void): void {
  if (!rows.length) return out('(none)');
  const columns = Object.keys(rows[0] as object);
  const width = columns.map((c) => Math.max(c.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(width[i] ?? 0))
      .join('  ')
      .trimEnd();
  out(line(columns.map((c) => c.toUpperCase())));
  for (const r of rows) out(line(columns.map((c) => r[c] ?? '')));
}

async function printKey(db: Pool, staffId: string, label: string | undefined, out: (line: string) => void): Promise<void> {
  const { key, secret } = await issueKey(db, { staffId, label });
  out(`API key ${key.id} for ${staffId}; shown this once (only its hash is kept):`);
  out(secret);
}

const str = (v: string | boolean | undefined) => (typeof v === 'string' ? v : undefined);

type WeeklyHours = CalendarRules['weekly'];

/** The week as people write it: Monday first. */
const WEEK: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

const HOURS_GRAMMAR = [
  "  <spec>: days, then their hours; groups separated by ';': 'mon-fri 08:00-12:00,13:00-18:00; sat 09:00-13:00'.",
  '  Days: sun mon tue wed thu fri sat, listed with "," (mon,wed) or spanned with "-" (mon-fri; sat-sun wraps past Saturday).',
  '  Hours: HH:MM-HH:MM ranges separated by ","; an end at or before the start passes midnight (22:00-02:00), 24:00 is midnight.',
  '  A day in no group is closed; holidays come from import-holidays.',
].join('\n');

/** `mon-fri`, `sat`, `mon,wed`: the days of one group of an --hours spec. */
function daysOf(list: string): Weekday[] {
  const days = new Set<Weekday>();
  for (const item of list.replace(/\s+/g, '').toLowerCase().split(',')) {
    const [from, to = from, ...rest] = item.split('-');
    const i = WEEKDAYS.indexOf(from as Weekday);
    const j = WEEKDAYS.indexOf(to as Weekday);
    if (i < 0 || j < 0 || rest.length)
      throw new UsageError(`--hours "${item}" is not a day or a span of days: use sun, mon, tue, wed, thu, fri, sat, or two joined by "-" (mon-fri)`);
    for (let k = i; ; k = (k + 1) % 7) {
      days.add(WEEKDAYS[k]!);
      if (k === j) break;
    }
  }
  return [...days];
}

/**
 * An --hours spec as the API's `weekly`: 'mon-fri 08:00-12:00,13:00-18:00; sat 09:00-13:00'. Only
 * the shape is read here; the times themselves, empty ranges and overlaps are the schema's to judge.
 */
export function weeklyOf(spec: string): WeeklyHours {
  const weekly: WeeklyHours = {};
  const groups = spec
    .split(';')
    .map((g) => g.trim())
    .filter(Boolean);
  if (!groups.length) throw new UsageError(`--hours names no days; such as 'mon-fri 08:00-18:00'`);
  for (const group of groups) {
    const m = /^([a-z][a-z\s,-]*?)\s*(\d.*)$/i.exec(group);
    if (!m) throw new UsageError(`--hours "${group}" is not days then hours, such as 'mon-fri 08:00-18:00'`);
    const ranges = m[2]!.split(',').map((r): TimeRange => {
      const times = r.split('-').map((t) => t.trim());
      if (times.length !== 2 || !times[0] || !times[1])
        throw new UsageError(`--hours "${r.trim()}" is not a range of times such as 08:00-18:00 (ranges are separated by ",", groups of days by ";")`);
      return { start: times[0], end: times[1] };
    });
    for (const day of daysOf(m[1]!)) (weekly[day] ??= []).push(...ranges.map((r) => ({ ...r })));
  }
  return Object.fromEntries(WEEKDAYS.filter((d) => weekly[d]).map((d) => [d, weekly[d]]));
}

/** Days in as few words as the grammar allows, Monday first: `mon-fri`, `sat,sun`, `mon,wed`. */
function daysSpec(days: Weekday[]): string {
  const runs: Weekday[][] = [];
  for (const d of WEEK.filter((w) => days.includes(w))) {
    const run = runs.at(-1);
    if (run && WEEK.indexOf(run.at(-1)!) === WEEK.indexOf(d) - 1) run.push(d);
    else runs.push([d]);
  }
  return runs.map((r) => (r.length > 2 ? `${r[0]}-${r.at(-1)}` : r.join(','))).join(',');
}

/** A week written back in the --hours grammar: 'mon-fri 08:00-12:00,13:00-18:00; sat 09:00-13:00'. */
export function hoursSpec(weekly: WeeklyHours): string {
  const daysBy = new Map<string, Weekday[]>();
  for (const d of WEEK) {
    const ranges = (weekly[d] ?? []).map((r) => `${r.start}-${r.end}`).join(',');
    if (ranges) daysBy.set(ranges, [...(daysBy.get(ranges) ?? []), d]);
  }
  return [...daysBy].map(([ranges, days]) => `${daysSpec(days)} ${ranges}`).join('; ') || 'closed every day';
}

/**
 * The schema's refusals in the CLI's words: a fault in `weekly` names --hours, the days and the
 * range as written, and one fault on several days is said once ("--hours mon-fri 11:00-18:00
 * overlaps range 0 of the same day (08:00-12:00)").
 */
function calendarRefusals(weekly: WeeklyHours): (errors: FieldError[]) => string[] {
  return (errors) => {
    const lines: (string | { days: Weekday[]; fault: string })[] = [];
    const byFault = new Map<string, { days: Weekday[]; fault: string }>();
    for (const e of errors) {
      const [, field, day, index, part] = e.pointer.split('/');
      if (field !== 'weekly' || !day) {
        lines.push(`${flagOf(e.pointer)} ${e.detail}`);
        continue;
      }
      const ranges = weekly[day as Weekday] ?? [];
      const range = index === undefined ? undefined : ranges[Number(index)];
      const overlapped = /^overlaps range (\d+) of the same day$/.exec(e.detail);
      const other = overlapped ? ranges[Number(overlapped[1])] : undefined;
      const fault = [range && `${range.start}-${range.end}`, part, e.detail, other && `(${other.start}-${other.end})`].filter(Boolean).join(' ');
      const seen = byFault.get(fault);
      if (seen) seen.days.push(day as Weekday);
      else {
        const entry = { days: [day as Weekday], fault };
        byFault.set(fault, entry);
        lines.push(entry);
      }
    }
    return lines.map((l) => (typeof l === 'string' ? l : `--hours ${daysSpec(l.days)} ${l.fault}`));
  };
}

/** --years 2026,2027 as the API's `years`; the schema bounds them. */
function yearsOf(v: string | undefined): number[] | undefined {
  if (v === undefined) return undefined;
  const years = v.split(',').map((y) => y.trim());
  if (!years.every((y) => /^\d{1,4}$/.test(y))) throw new UsageError('--years must be years separated by commas, such as 2026,2027');
  return years.map(Number);
}

/** An --ics file, read from where the command was typed (npm runs scripts in the repository root). */
async function icsText(file: string): Promise<string> {
  const where = path.resolve(process.env.INIT_CWD ?? process.cwd(), file);
  try {
    if ((await stat(where)).size > MAX_ICAL_BYTES) throw new UsageError('--ics must be at most 1 MB');
    return await readFile(where, 'utf8');
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`--ics cannot be read: ${err instanceof Error ? err.message : String(err)}`);
  }
}

const holidaysCount = (n: number) => `${n} ${n === 1 ? 'holiday' : 'holidays'}`;
const holidayLine = (h: Holiday) => `  ${h.to ? `${h.from} to ${h.to}` : h.from}  ${h.name}`;

export const COMMANDS: Record<string, Command> = {
  'create-admin': {
    usage: 'create-admin --id <id> --name <name> --email <email> [--phone <E.164>] [--timezone <zone>]',
    summary: 'Add an admin and print a key for them (works on an empty database)',
    strings: ['id', 'name', 'email', 'phone', 'timezone'],
    async run(db, f, _p, out) {
      const body = parse(CreateStaff, { id: f.id, name: f.name, role: 'admin', email: f.email, phone: f.phone, timezone: f.timezone });
      if (!body.email) throw new UsageError('--email is required');
      const created = await createStaff(db, toNewStaff(body));
      out(`Added admin ${created.id} (${created.name}).`);
      await printKey(db, created.id, 'created by npm run admin -- create-admin', out);
    },
  },
  'add-staff': {
    usage: 'add-staff --id <id> --name <name> --role agent|supervisor|admin [--team <id>] [--email <email>] [--phone <E.164>] [--timezone <zone>]',
    summary: "Add a person (time zone: the team's unless given)",
    strings: ['id', 'name', 'role', 'team', 'email', 'phone', 'timezone'],
    async run(db, f, _p, out) {
      const created = await createStaff(
        db,
        toNewStaff(parse(CreateStaff, { id: f.id, name: f.name, role: f.role, team: f.team, email: f.email, phone: f.phone, timezone: f.timezone })),
      );
      out(`Added ${created.role} ${created.id} (${created.name})${created.teamId ? ` to team ${created.teamId}` : ''}.`);
    },
  },
  'add-team': {
    usage: 'add-team --id <id> --name <name> --timezone <zone> [--supervisor <staff id>] [--agents-may-create-for-teammates]',
    summary: 'Add a team (its policy starts as: its supervisor, 30 minutes to acknowledge, one repeat)',
    strings: ['id', 'name', 'timezone', 'supervisor'],
    booleans: ['agents-may-create-for-teammates'],
    async run(db, f, _p, out) {
      const body = parse(CreateTeam, {
        id: f.id,
        name: f.name,
        timezone: f.timezone,
        supervisor: f.supervisor,
        agentsMayCreateForTeammates: f['agents-may-create-for-teammates'] === true,
      });
      const team = await createTeam(db, toNewTeam(body));
      out(`Added team ${team.id} (${team.name}, ${team.timezone})${team.supervisorId ? `, supervised by ${team.supervisorId}` : ''}.`);
    },
  },
  'issue-key': {
    usage: 'issue-key --staff <id> [--label <text>]',
    summary: 'Print a new key for an active staff member',
    strings: ['staff', 'label'],
    async run(db, f, _p, out) {
      const body = parse(CreateKey, { staffId: f.staff, label: f.label });
      await printKey(db, body.staffId, body.label, out);
    },
  },
  'revoke-key': {
    usage: 'revoke-key <key id>',
    summary: 'Revoke a key (running APIs refuse it within 5 seconds; console sessions signed in with it end at once)',
    strings: [],
    positionals: ['key id'],
    async run(db, _f, [keyId], out) {
      const key = await revokeKey(db, keyId ?? '');
      if (!key) throw new Error(`no API key has the id ${keyId}; list-keys shows them`);
      out(`Revoked ${key.id} of ${key.staffId} (at ${key.revokedAt}).`);
    },
  },
  'list-staff': {
    usage: 'list-staff [--team <id>]',
    summary: 'Everyone in the directory, or in one team',
    strings: ['team'],
    async run(db, f, _p, out) {
      const staff = await listStaff(db, { teamId: str(f.team) });
      table(
        staff.map((s) => ({
          id: s.id,
          name: s.name,
          role: s.role,
          team: s.teamId ?? '',
          active: s.active ? 'yes' : 'no',
          email: s.email ?? '',
          phone: s.phone ?? '',
        })),
        out,
      );
    },
  },
  'list-keys': {
    usage: 'list-keys [--staff <id>]',
    summary: 'Keys (never their secrets), with when each was last used',
    strings: ['staff'],
    async run(db, f, _p, out) {
      const keys = await listKeys(db, { staffId: str(f.staff) });
      table(
        keys.map((k) => ({ id: k.id, staff: k.staffId, label: k.label, created: k.createdAt, revoked: k.revokedAt ?? '', 'last used': k.lastUsedAt ?? '' })),
        out,
      );
    },
  },
  'add-calendar': {
    usage: `add-calendar --id <id> --name <name> --timezone <zone> --hours <spec>\n${HOURS_GRAMMAR}`,
    summary: 'Add a business-hours calendar: its zone and weekly hours (teams use it once set-team-calendar names it)',
    strings: ['id', 'name', 'timezone', 'hours'],
    async run(db, f, _p, out) {
      const hours = str(f.hours);
      if (hours === undefined) throw new UsageError('--hours is required');
      const weekly = weeklyOf(hours);
      const body = parse(CreateCalendar, { id: f.id, name: f.name, timeZone: f.timezone, weekly }, calendarRefusals(weekly));
      const created = await createCalendar(db, body);
      out(`Added calendar ${created.id} (${created.name}, ${created.timeZone}), version ${created.version}: open ${hoursSpec(created.weekly)}.`);
    },
  },
  'import-holidays': {
    usage: 'import-holidays --calendar <id> --years <2026,2027> (--region <US|US-TX|GB-SCT…> | --ics <file.ics>)',
    summary: "Add a country's or region's public holidays, or an iCalendar file's events, to a calendar (a date it has already is not added again)",
    strings: ['calendar', 'region', 'years', 'ics'],
    async run(db, f, _p, out) {
      const { calendar: id } = parse(z.strictObject({ calendar: CalendarId }), { calendar: f.calendar });
      const region = str(f.region);
      const file = str(f.ics);
      if (region !== undefined && file !== undefined) throw new UsageError('give --region or --ics, not both');
      if (region === undefined && file === undefined) throw new UsageError('--region or --ics is required');
      const years = yearsOf(str(f.years));
      const body = parse(ImportHolidays, file === undefined ? { source: 'public', region, years } : { source: 'ical', ics: await icsText(file), years });
      let asked: Holiday[];
      try {
        asked = readHolidays(body);
      } catch (err) {
        if (err instanceof HttpProblem && err.errors) throw new UsageError(inFlags(err.errors).join('\n'));
        throw err;
      }
      // As POST /v1/calendars/{id}/holidays/import does it: merged, bounded, and the version rises.
      const calendar = await findCalendar(db, id);
      if (!calendar) throw new Error(`no calendar has the id ${id}; list-calendars shows them`);
      const holidays = mergeHolidays(calendar.holidays, asked);
      if (holidays.length > MAX_HOLIDAYS) throw new Error(`would give calendar ${id} ${holidays.length} holidays; at most ${MAX_HOLIDAYS} are kept`);
      const changed = await updateCalendar(db, id, { holidays });
      if (!changed) throw new Error(`no calendar has the id ${id}; list-calendars shows them`);
      const key = (h: Holiday) => `${h.from}/${h.to ?? h.from}`;
      const had = new Set(calendar.holidays.map(key));
      const added = holidays.filter((h) => !had.has(key(h)));
      const from = `${body.source === 'public' ? body.region : file} in ${body.years.join(', ')}`;
      out(
        added.length
          ? `Added ${holidaysCount(added.length)} from ${from} to calendar ${id}, now version ${changed.version} with ${holidaysCount(holidays.length)}:`
          : `Calendar ${id} already had every holiday from ${from}; none added (now version ${changed.version}).`,
      );
      for (const h of added) out(holidayLine(h));
    },
  },
  'set-team-calendar': {
    usage: 'set-team-calendar --team <id> (--calendar <id> | --none)',
    summary: "Name the calendar a team's business time counts on, or none (open all the time); deadlines already counted keep theirs",
    strings: ['team', 'calendar'],
    booleans: ['none'],
    async run(db, f, _p, out) {
      const { team: teamId } = parse(z.strictObject({ team: DirectoryId }), { team: f.team });
      if (f.none === true && f.calendar !== undefined) throw new UsageError('give --calendar or --none, not both');
      if (f.none !== true && f.calendar === undefined) throw new UsageError('--calendar is required (or --none for no calendar)');
      const { calendar } = parse(PatchTeam, { calendar: f.none === true ? null : f.calendar });
      const team = await updateTeam(db, teamId, { calendarId: calendar ?? null });
      if (!team) throw new Error(`no team has the id ${teamId}`);
      const named = team.calendarId === null ? undefined : await findCalendar(db, team.calendarId);
      out(
        named
          ? `Team ${team.id} now counts business time on calendar ${named.id} (${named.name}, ${named.timeZone}): open ${hoursSpec(named.weekly)}.`
          : `Team ${team.id} has no calendar now: it is open all the time, so its business time is wall time.`,
      );
    },
  },
  'list-calendars': {
    usage: 'list-calendars',
    summary: 'Every calendar, with its version and the teams counting on it',
    strings: [],
    async run(db, _f, _p, out) {
      const [calendars, teams] = await Promise.all([listCalendars(db), listTeams(db)]);
      table(
        calendars.map((c) => ({
          id: c.id,
          name: c.name,
          zone: c.timeZone,
          version: String(c.version),
          teams: teams
            .filter((t) => t.calendarId === c.id)
            .map((t) => t.id)
            .join(', '),
        })),
        out,
      );
    },
  },
};
