/**
 * The admin CLI's calendar commands against a real Postgres: add-calendar with its --hours
 * grammar (refused by the REST schema's own rules, naming --hours), import-holidays through the
 * import route's reader, set-team-calendar and list-calendars. Commands are called as the CLI
 * calls them, with the output lines collected.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS, hoursSpec, UsageError, weeklyOf, type Flags } from '../../src/admin/commands';
import { findCalendar } from '../../src/calendars/store';
import { DirectoryConflictError, DirectoryReferenceError } from '../../src/people/store/errors';
import { findTeam } from '../../src/people/store/teams';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { OTHER_TEAM, seedTestDirectory, TEST_TEAM } from '../support/directory';

let db: TestDatabase;
let dir: string;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedTestDirectory(db.pool);
  dir = await mkdtemp(path.join(tmpdir(), 'ft-admin-calendars-'));
});

afterAll(async () => {
  await db?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function admin(name: string, flags: Flags): Promise<string[]> {
  const out: string[] = [];
  await COMMANDS[name]!.run(db.pool, flags, [], (line) => out.push(line));
  return out;
}

/** The message of a refusal, or fails when the command did not refuse. */
async function refusal(name: string, flags: Flags): Promise<Error> {
  const err = await admin(name, flags).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(Error);
  return err as Error;
}

const SPLIT = 'mon-fri 08:00-12:00,13:00-18:00; sat 09:00-13:00';
const addCalendar = (id: string, hours = SPLIT, more: Flags = {}) =>
  admin('add-calendar', { id, name: 'Billing hours', timezone: 'America/Chicago', hours, ...more });

describe('the --hours grammar', () => {
  it('reads days, spans that wrap past Saturday, several ranges and groups, and writes the week back the same way', () => {
    expect(weeklyOf('sat-mon 09:00-13:00; wed,fri 22:00-02:00 ; tue 08:00 - 24:00')).toEqual({
      sun: [{ start: '09:00', end: '13:00' }],
      mon: [{ start: '09:00', end: '13:00' }],
      tue: [{ start: '08:00', end: '24:00' }],
      wed: [{ start: '22:00', end: '02:00' }],
      fri: [{ start: '22:00', end: '02:00' }],
      sat: [{ start: '09:00', end: '13:00' }],
    });
    expect(hoursSpec(weeklyOf(SPLIT))).toBe(SPLIT);
    expect(hoursSpec(weeklyOf('mon-sun 00:00-24:00'))).toBe('mon-sun 00:00-24:00');
    expect(hoursSpec(weeklyOf('sun,mon,wed 09:00-17:00'))).toBe('mon,wed,sun 09:00-17:00');
  });

  it('refuses what is not days then hours, naming --hours', () => {
    expect(() => weeklyOf('')).toThrow(UsageError);
    expect(() => weeklyOf('weekdays 08:00-18:00')).toThrow(/^--hours "weekdays" is not a day or a span of days/);
    expect(() => weeklyOf('mon-fri')).toThrow(/^--hours "mon-fri" is not days then hours/);
    expect(() => weeklyOf('mon 08:00-12:00 13:00-18:00')).toThrow(/^--hours "08:00-12:00 13:00-18:00" is not a range of times/);
    expect(() => weeklyOf('mon 08:00')).toThrow(/^--hours "08:00" is not a range of times/);
  });
});

describe('add-calendar', () => {
  it('adds a calendar with a split day, stored as the API would store it', async () => {
    const out = await addCalendar('billing-hours');
    expect(out).toEqual([`Added calendar billing-hours (Billing hours, America/Chicago), version 1: open ${SPLIT}.`]);
    const stored = await findCalendar(db.pool, 'billing-hours');
    expect(stored).toMatchObject({ name: 'Billing hours', timeZone: 'America/Chicago', holidays: [], overrides: [], version: 1 });
    const split = [
      { start: '08:00', end: '12:00' },
      { start: '13:00', end: '18:00' },
    ];
    expect(stored!.weekly).toEqual({ mon: split, tue: split, wed: split, thu: split, fri: split, sat: [{ start: '09:00', end: '13:00' }] });
  });

  it("refuses an overlapping spec with the schema's message, naming --hours and saying it once for the days it is wrong on", async () => {
    const err = await refusal('add-calendar', {
      id: 'overlapping',
      name: 'Overlapping',
      timezone: 'America/Chicago',
      hours: 'mon-fri 08:00-12:00,11:00-18:00',
    });
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toBe('--hours mon-fri 11:00-18:00 overlaps range 0 of the same day (08:00-12:00)');
    expect(await findCalendar(db.pool, 'overlapping')).toBeUndefined();
  });

  it('refuses empty ranges, bad times, an unknown zone and a taken id, each naming its flag', async () => {
    const bad = await refusal('add-calendar', { id: 'bad', name: 'Bad', timezone: 'Mars/Olympus', hours: 'mon 09:00-09:00; tue 8:00-17:00' });
    expect(bad.message.split('\n').sort()).toEqual([
      '--hours mon 09:00-09:00 is empty: start and end are the same',
      '--hours tue 8:00-17:00 start must be a time of day as HH:MM, from 00:00 to 23:59',
      '--timezone must be an IANA time zone such as America/Chicago',
    ]);
    expect((await refusal('add-calendar', { id: 'no-hours', name: 'No hours', timezone: 'UTC' })).message).toBe('--hours is required');
    expect((await refusal('add-calendar', { name: 'No id', timezone: 'UTC', hours: SPLIT })).message).toBe('--id is required');
    await addCalendar('taken');
    const taken = await refusal('add-calendar', { id: 'taken', name: 'Again', timezone: 'UTC', hours: SPLIT });
    expect(taken).toBeInstanceOf(DirectoryConflictError);
    expect((taken as DirectoryConflictError).errors).toEqual([{ pointer: '/id', detail: 'is already the id of a calendar' }]);
  });
});

describe('import-holidays', () => {
  it("adds the US's public holidays of 2027 once, Independence Day and the Monday it is observed on among them", async () => {
    await addCalendar('us-hours');
    const out = await admin('import-holidays', { calendar: 'us-hours', region: 'US', years: '2027' });
    expect(out[0]).toMatch(/^Added \d+ holidays from US in 2027 to calendar us-hours, now version 2 with \d+ holidays:$/);
    expect(out).toContain('  2027-07-04  Independence Day');
    const stored = await findCalendar(db.pool, 'us-hours');
    expect(stored!.holidays).toEqual(
      expect.arrayContaining([
        { name: 'Independence Day', from: '2027-07-04' },
        { name: 'Independence Day (substitute day)', from: '2027-07-05' },
        { name: 'Christmas Day', from: '2027-12-25' },
      ]),
    );
    expect(stored!.holidays.some((h) => /Mother/.test(h.name))).toBe(false);
    expect(out.length - 1).toBe(stored!.holidays.length);

    const again = await admin('import-holidays', { calendar: 'us-hours', region: 'US', years: '2027' });
    expect(again).toEqual(['Calendar us-hours already had every holiday from US in 2027; none added (now version 3).']);
    expect((await findCalendar(db.pool, 'us-hours'))!.holidays).toHaveLength(stored!.holidays.length);
  });

  it('reads an iCalendar file from disk', async () => {
    await addCalendar('ical-hours');
    const file = path.join(dir, 'closures.ics');
    await writeFile(
      file,
      [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//Followthrough test//EN',
        'BEGIN:VEVENT',
        'UID:move@example',
        'DTSTAMP:20260101T000000Z',
        'DTSTART;VALUE=DATE:20261228',
        'DTEND;VALUE=DATE:20261231',
        'SUMMARY:Office move',
        'END:VEVENT',
        'END:VCALENDAR',
        '',
      ].join('\r\n'),
    );
    const out = await admin('import-holidays', { calendar: 'ical-hours', ics: file, years: '2026' });
    expect(out).toEqual([
      `Added 1 holiday from ${file} in 2026 to calendar ical-hours, now version 2 with 1 holiday:`,
      '  2026-12-28 to 2026-12-30  Office move',
    ]);
    expect((await findCalendar(db.pool, 'ical-hours'))!.holidays).toEqual([{ name: 'Office move', from: '2026-12-28', to: '2026-12-30' }]);
  });

  it('refuses an unknown region, bad years, a file that is not iCalendar and an unknown calendar, naming the flag', async () => {
    await addCalendar('refusing');
    const region = await refusal('import-holidays', { calendar: 'refusing', region: 'US-ZZ', years: '2027' });
    expect(region).toBeInstanceOf(UsageError);
    expect(region.message).toMatch(/^--region is not a region of US the holiday data knows \(such as US-/);
    expect((await refusal('import-holidays', { calendar: 'refusing', region: 'USA', years: '2027' })).message).toMatch(/^--region must be a country code/);
    expect((await refusal('import-holidays', { calendar: 'refusing', region: 'US', years: '1969' })).message).toBe('--years must be from 1970 to 2099');
    expect((await refusal('import-holidays', { calendar: 'refusing', region: 'US', years: 'next' })).message).toMatch(
      /^--years must be years separated by commas/,
    );
    expect((await refusal('import-holidays', { calendar: 'refusing', region: 'US' })).message).toBe('--years is required');
    expect((await refusal('import-holidays', { calendar: 'refusing', years: '2027' })).message).toBe('--region or --ics is required');
    const junk = path.join(dir, 'junk.ics');
    await writeFile(junk, 'hello');
    expect((await refusal('import-holidays', { calendar: 'refusing', ics: junk, years: '2027' })).message).toMatch(/^--ics is not an iCalendar file/);
    expect((await refusal('import-holidays', { calendar: 'refusing', ics: path.join(dir, 'absent.ics'), years: '2027' })).message).toMatch(
      /^--ics cannot be read: ENOENT/,
    );
    expect((await findCalendar(db.pool, 'refusing'))!.version).toBe(1);
    expect((await refusal('import-holidays', { calendar: 'nowhere', region: 'US', years: '2027' })).message).toBe(
      'no calendar has the id nowhere; list-calendars shows them',
    );
  });
});

describe('set-team-calendar and list-calendars', () => {
  it("sets a team's calendar, lists the teams naming each calendar, and clears it with --none", async () => {
    await addCalendar('support-hours', 'mon-fri 09:00-17:00');
    await addCalendar('spare-hours', 'sat-sun 10:00-14:00', { name: 'Weekend' });
    expect(await admin('set-team-calendar', { team: TEST_TEAM.id, calendar: 'support-hours' })).toEqual([
      `Team ${TEST_TEAM.id} now counts business time on calendar support-hours (Billing hours, America/Chicago): open mon-fri 09:00-17:00.`,
    ]);
    await admin('set-team-calendar', { team: OTHER_TEAM.id, calendar: 'support-hours' });
    expect((await findTeam(db.pool, TEST_TEAM.id))!.calendarId).toBe('support-hours');

    const listed = await admin('list-calendars', {});
    expect(listed[0]).toMatch(/^ID\s+NAME\s+ZONE\s+VERSION\s+TEAMS$/);
    const row = (id: string) => listed.find((l) => l.startsWith(`${id} `))?.split(/\s{2,}/);
    expect(row('support-hours')).toEqual(['support-hours', 'Billing hours', 'America/Chicago', '1', `${OTHER_TEAM.id}, ${TEST_TEAM.id}`]);
    expect(row('spare-hours')).toEqual(['spare-hours', 'Weekend', 'America/Chicago', '1']);

    expect(await admin('set-team-calendar', { team: TEST_TEAM.id, none: true })).toEqual([
      `Team ${TEST_TEAM.id} has no calendar now: it is open all the time, so its business time is wall time.`,
    ]);
    expect((await findTeam(db.pool, TEST_TEAM.id))!.calendarId).toBeNull();
    const after = await admin('list-calendars', {});
    expect(
      after
        .find((l) => l.startsWith('support-hours '))
        ?.split(/\s{2,}/)
        .at(-1),
    ).toBe(OTHER_TEAM.id);
  });

  it('refuses an unknown calendar or team, and --calendar with --none', async () => {
    const unknown = await refusal('set-team-calendar', { team: TEST_TEAM.id, calendar: 'nowhere' });
    expect(unknown).toBeInstanceOf(DirectoryReferenceError);
    expect((unknown as DirectoryReferenceError).errors).toEqual([{ pointer: '/calendar', detail: 'is not a calendar' }]);
    expect((await refusal('set-team-calendar', { team: 'nobody', none: true })).message).toBe('no team has the id nobody');
    expect((await refusal('set-team-calendar', { team: TEST_TEAM.id, calendar: 'support-hours', none: true })).message).toBe(
      'give --calendar or --none, not both',
    );
    expect((await refusal('set-team-calendar', { team: TEST_TEAM.id })).message).toMatch(/^--calendar is required/);
    expect((await refusal('set-team-calendar', { team: 'Not An Id', none: true })).message).toMatch(/^--team must be 1 to 64 of a-z/);
  });
});
