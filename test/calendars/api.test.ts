/**
 * Calendars over REST against the real API and Postgres: what is stored, what is refused (a
 * pointer to each bad part), public holidays by region and iCalendar files, and the preview.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, AGENT_KEY, startReadApi, type ReadApi } from '../support/read-api';

let api: ReadApi;
const asAdmin = (method: string, path: string, body?: unknown) => api.call(method, path, ADMIN_KEY, body);
const pointers = (body: { errors?: { pointer: string }[] }) => (body.errors ?? []).map((e) => e.pointer).sort();
const weekdays = { start: '08:00', end: '18:00' };
const billing = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  name: 'Billing hours',
  timeZone: 'America/Chicago',
  weekly: {
    mon: [weekdays],
    tue: [weekdays],
    wed: [weekdays],
    thu: [weekdays],
    fri: [
      { start: '08:00', end: '12:00' },
      { start: '13:00', end: '18:00' },
    ],
  },
  ...extra,
});

beforeAll(async () => {
  api = await startReadApi();
});
afterAll(async () => {
  await api?.close();
});

describe('calendars', () => {
  it('stores a calendar an admin adds, at version 1, for everyone to read, and refuses agents who try to add one', async () => {
    const res = await asAdmin('POST', '/v1/calendars', billing('billing-hours', { holidays: [{ name: 'Christmas Day', from: '2026-12-25' }] }));
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe('/v1/calendars/billing-hours');
    expect(res.body).toMatchObject({
      id: 'billing-hours',
      timeZone: 'America/Chicago',
      version: 1,
      holidays: [{ name: 'Christmas Day', from: '2026-12-25' }],
      overrides: [],
    });
    expect((await api.call('GET', '/v1/calendars/billing-hours', AGENT_KEY)).body).toEqual(res.body);
    expect((await api.call('GET', '/v1/calendars', AGENT_KEY)).body.items.map((c: { id: string }) => c.id)).toContain('billing-hours');
    const refused = await api.call('POST', '/v1/calendars', AGENT_KEY, billing('agents-own'));
    expect(refused.status).toBe(403);
    expect((await asAdmin('POST', '/v1/calendars', billing('billing-hours'))).status).toBe(409);
  });

  it('refuses each bad part with a pointer: an overlap, an empty range, nine ranges a day, a bad time, a date out of range, a backwards holiday, an unknown zone or field', async () => {
    const nine = Array.from({ length: 9 }, (_, i) => ({ start: `${String(i).padStart(2, '0')}:00`, end: `${String(i).padStart(2, '0')}:30` }));
    const res = await asAdmin('POST', '/v1/calendars', {
      id: 'bad',
      name: 'Bad',
      timeZone: 'Mars/Olympus',
      weekly: {
        mon: [
          { start: '08:00', end: '12:00' },
          { start: '11:00', end: '13:00' },
        ],
        tue: [{ start: '09:00', end: '09:00' }],
        wed: nine,
        thu: [{ start: '25:00', end: '26:00' }],
        funday: [],
      },
      holidays: [
        { name: 'Too early', from: '1969-12-31' },
        { name: 'Backwards', from: '2026-12-26', to: '2026-12-24' },
      ],
      overrides: [
        { date: '2026-12-24', hours: [] },
        { date: '2026-12-24', hours: [] },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(pointers(res.body)).toEqual(
      ['/holidays/0/from', '/holidays/1/to', '/overrides/1/date', '/thu/0/end', '/thu/0/start', '/timeZone', '/tue/0', '/wed', '/mon/1', '/funday']
        .map((p) => (p.startsWith('/holidays') || p.startsWith('/overrides') || p === '/timeZone' ? p : `/weekly${p}`))
        .sort(),
    );
  });

  it('raises the version with every change', async () => {
    await asAdmin('POST', '/v1/calendars', billing('versioned'));
    const changed = await asAdmin('PATCH', '/v1/calendars/versioned', {
      overrides: [{ date: '2026-12-24', hours: [{ start: '08:00', end: '13:00' }], note: 'Half day' }],
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ version: 2, overrides: [{ date: '2026-12-24', note: 'Half day' }] });
    expect((await asAdmin('PATCH', '/v1/calendars/versioned', { name: 'Versioned hours' })).body.version).toBe(3);
    expect((await asAdmin('PATCH', '/v1/calendars/nowhere', { name: 'x' })).status).toBe(404);
  });
});

describe('holidays from elsewhere', () => {
  it("adds a region's public holidays (Texas, 2026) once, however often it is imported, and names an unknown region", async () => {
    await asAdmin('POST', '/v1/calendars', billing('texas'));
    const first = await asAdmin('POST', '/v1/calendars/texas/holidays/import', { source: 'public', region: 'US-TX', years: [2026] });
    expect(first.status).toBe(200);
    expect(first.body.added).toBeGreaterThan(8);
    expect(first.body.holidays).toEqual(
      expect.arrayContaining([
        { name: 'Thanksgiving Day', from: '2026-11-26' },
        { name: 'Christmas Day', from: '2026-12-25' },
      ]),
    );
    expect(first.body.holidays.some((h: { name: string }) => /Mother/.test(h.name))).toBe(false);
    const again = await asAdmin('POST', '/v1/calendars/texas/holidays/import', { source: 'public', region: 'US-TX', years: [2026] });
    expect(again.body.added).toBe(0);
    const unknown = await asAdmin('POST', '/v1/calendars/texas/holidays/import', { source: 'public', region: 'US-ZZ', years: [2026] });
    expect(unknown.status).toBe(400);
    expect(pointers(unknown.body)).toEqual(['/region']);
  });

  it('reads an iCalendar file: a multi-day closure blocks every day it covers, a yearly event each year asked for', async () => {
    await asAdmin('POST', '/v1/calendars', billing('ical'));
    const ics = [
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
      'BEGIN:VEVENT',
      'UID:founders@example',
      'DTSTAMP:20260101T000000Z',
      'DTSTART;VALUE=DATE:20200314',
      'DTEND;VALUE=DATE:20200315',
      'RRULE:FREQ=YEARLY',
      'SUMMARY:Founders day',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n');
    const res = await asAdmin('POST', '/v1/calendars/ical/holidays/import', { source: 'ical', ics, years: [2026, 2027] });
    expect(res.status).toBe(200);
    expect(res.body.holidays).toEqual([
      { name: 'Founders day', from: '2026-03-14' },
      { name: 'Office move', from: '2026-12-28', to: '2026-12-30' },
      { name: 'Founders day', from: '2027-03-14' },
    ]);
  });

  it('refuses a file that is not iCalendar, one over 1 MB, and one with more than 2,000 events, naming /ics', async () => {
    await asAdmin('POST', '/v1/calendars', billing('ical-bad'));
    const junk = await asAdmin('POST', '/v1/calendars/ical-bad/holidays/import', { source: 'ical', ics: 'hello', years: [2026] });
    expect([junk.status, pointers(junk.body)]).toEqual([400, ['/ics']]);
    const big = await asAdmin('POST', '/v1/calendars/ical-bad/holidays/import', {
      source: 'ical',
      ics: `BEGIN:VCALENDAR\r\n${'X-PAD:'.padEnd(70, 'x')}\r\n`.repeat(16_000),
      years: [2026],
    });
    expect([big.status, pointers(big.body)]).toEqual([400, ['/ics']]);
    const event = (i: number) => `BEGIN:VEVENT\r\nUID:e${i}\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20260101\r\nSUMMARY:E\r\nEND:VEVENT\r\n`;
    const many = `BEGIN:VCALENDAR\r\nVERSION:2.0\r\n${Array.from({ length: 2_001 }, (_, i) => event(i)).join('')}END:VCALENDAR\r\n`;
    const tooMany = await asAdmin('POST', '/v1/calendars/ical-bad/holidays/import', { source: 'ical', ics: many, years: [2026] });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors).toEqual([{ pointer: '/ics', detail: 'has 2001 events; at most 2000 are read' }]);
  });
});

describe('the preview', () => {
  it('says where 4 business hours from now fall, with close of business and 10 AM next business day', async () => {
    await asAdmin('POST', '/v1/calendars', {
      id: 'always',
      name: 'Always open',
      timeZone: 'UTC',
      weekly: Object.fromEntries(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((d) => [d, [{ start: '00:00', end: '24:00' }]])),
    });
    const res = await api.call('GET', '/v1/calendars/always/preview?dueIn=PT4H', AGENT_KEY);
    expect(res.status).toBe(200);
    expect(res.body.openNow).toBe(true);
    expect(Date.parse(res.body.dueAt) - Date.parse(res.body.at)).toBe(4 * 3600_000);
  });

  it('answers 422 naming the calendar when it has no open time at all', async () => {
    await asAdmin('POST', '/v1/calendars', { id: 'never', name: 'Never open', timeZone: 'UTC', weekly: {} });
    const res = await api.call('GET', '/v1/calendars/never/preview', AGENT_KEY);
    expect(res.status).toBe(422);
    expect(res.body.detail).toContain('never');
  });
});
