/**
 * Filling a calendar's holidays: public holidays of a country or region (date-holidays), or the
 * events of an iCalendar file (ical.js). Added holidays join those already there; a date range the
 * calendar has already is not added twice. The calendar's version rises, as for any edit.
 */
import { z } from 'zod';
import { assertAdmin } from '../people/routes/access';
import { problems } from '../api/problems';
import { jsonResponse, problemResponse } from '../api/resource';
import { route, type AnyRoute } from '../api/route';
import { holidaysFromICal, ICalendarError, MAX_ICAL_BYTES } from './ical';
import type { Holiday } from './model';
import { publicHolidays, UnknownRegionError } from './public-holidays';
import { CalendarParams, loadCalendar, toCalendarResource } from './resource';
import { CalendarResource, MAX_HOLIDAYS } from './schemas';
import { mergeHolidays, updateCalendar } from './store';
import { recountCalendar, Recounted } from './recount';

const Years = z
  .array(z.number().int().min(1970, 'must be from 1970 to 2099').max(2099, 'must be from 1970 to 2099'))
  .min(1, 'name at least one year')
  .max(5, 'name at most 5 years at a time')
  .meta({ example: [2026, 2027] });

export const ImportHolidays = z
  .discriminatedUnion('source', [
    z.strictObject({
      source: z.literal('public'),
      region: z
        .string()
        .regex(/^[A-Za-z]{2}(-[A-Za-z0-9]{1,3})?$/, 'must be a country code, optionally with a region: US, US-TX, GB-SCT')
        .meta({ example: 'US-TX' }),
      years: Years,
    }),
    z.strictObject({
      source: z.literal('ical'),
      ics: z
        .string()
        .max(MAX_ICAL_BYTES, 'must be at most 1 MB')
        .meta({ description: 'The text of an .ics file (RFC 5545); each event closes the dates it covers' }),
      years: Years,
    }),
  ])
  .meta({ id: 'ImportHolidays' });

const Imported = CalendarResource.extend({ added: z.number().int().meta({ description: 'Holidays added by this import' }), commitments: Recounted }).meta({
  id: 'ImportedHolidays',
});

/** The holidays an import asks for; a bad region or file is a 400 at its pointer. The admin CLI reads through this too. */
export function read(body: z.output<typeof ImportHolidays>): Holiday[] {
  try {
    return body.source === 'public' ? publicHolidays(body.region, body.years) : holidaysFromICal(body.ics, Math.min(...body.years), Math.max(...body.years));
  } catch (err) {
    if (err instanceof UnknownRegionError) throw problems.invalid([{ pointer: '/region', detail: err.detail }]);
    if (err instanceof ICalendarError) throw problems.invalid([{ pointer: '/ics', detail: err.message }]);
    throw err;
  }
}

export const holidayImportRoutes: AnyRoute[] = [
  route({
    method: 'post',
    path: '/v1/calendars/{id}/holidays/import',
    operationId: 'importCalendarHolidays',
    tag: 'Calendars',
    summary: "Add public holidays of a country or region, or an iCalendar file's events, to a calendar's holidays (admins)",
    auth: 'key',
    params: CalendarParams,
    body: ImportHolidays,
    // An .ics file of up to 1 MB, written as a JSON string.
    bodyLimit: '3mb',
    responses: { 200: jsonResponse('The calendar with the holidays added', Imported), 403: problemResponse('Only admins change calendars') },
    handle: async ({ params, body, principal, res }, deps) => {
      assertAdmin(principal, 'Importing holidays');
      const calendar = await loadCalendar(deps, params.id);
      const holidays = mergeHolidays(calendar.holidays, read(body));
      if (holidays.length > MAX_HOLIDAYS)
        throw problems.invalid([{ pointer: '', detail: `would give the calendar ${holidays.length} holidays; at most ${MAX_HOLIDAYS} are kept` }]);
      const changed = await updateCalendar(deps.db, calendar.id, { holidays });
      if (!changed) throw problems.notFound(`No calendar has the id ${params.id}.`);
      // A new holiday closes time the open commitments counted on it were counting on (./recount.ts).
      const commitments = await recountCalendar(deps, principal, calendar, changed);
      res.json({ ...toCalendarResource(changed), added: holidays.length - calendar.holidays.length, commitments });
    },
  }),
];
