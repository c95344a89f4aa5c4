/**
 * /v1/calendars: business hours for teams (docs/business-hours.md). Admins write; everyone with a
 * key reads, because an agent promising "by close of business" should see what that means.
 */
import { z } from 'zod';
import { assertAdmin } from '../people/routes/access';
import { problems } from '../api/problems';
import { jsonResponse, problemResponse } from '../api/resource';
import { route, type AnyRoute } from '../api/route';
import { holidayImportRoutes } from './import-routes';
import { previewRoutes } from './preview';
import { CalendarParams, loadCalendar, toCalendarResource } from './resource';
import { CalendarResource, CreateCalendar, PatchCalendar } from './schemas';
import { createCalendar, listCalendars, updateCalendar } from './store';
import { recountCalendar, Recounted } from './recount';

const WRITE = { 403: problemResponse('Only admins change calendars'), 409: problemResponse('The id is taken') };
const List = z.object({ items: z.array(CalendarResource) }).meta({ id: 'CalendarList' });
const Changed = CalendarResource.extend({ commitments: Recounted }).meta({ id: 'ChangedCalendar' });

export const calendarRoutes: AnyRoute[] = [
  route({
    method: 'get',
    path: '/v1/calendars',
    operationId: 'listCalendars',
    tag: 'Calendars',
    summary: 'Business-hours calendars',
    auth: 'key',
    responses: { 200: jsonResponse('Every calendar', List) },
    handle: async ({ res }, deps) => {
      res.json({ items: (await listCalendars(deps.db)).map(toCalendarResource) });
    },
  }),
  route({
    method: 'post',
    path: '/v1/calendars',
    operationId: 'createCalendar',
    tag: 'Calendars',
    summary: 'Add a calendar: zone, weekly hours, holidays, date overrides (admins)',
    auth: 'key',
    body: CreateCalendar,
    responses: { 201: jsonResponse('Added', CalendarResource), ...WRITE },
    handle: async ({ body, principal, res }, deps) => {
      assertAdmin(principal, 'Adding a calendar');
      const created = await createCalendar(deps.db, body);
      res.status(201).location(`/v1/calendars/${created.id}`).json(toCalendarResource(created));
    },
  }),
  route({
    method: 'get',
    path: '/v1/calendars/{id}',
    operationId: 'getCalendar',
    tag: 'Calendars',
    summary: 'A calendar',
    auth: 'key',
    params: CalendarParams,
    responses: { 200: jsonResponse('The calendar', CalendarResource) },
    handle: async ({ params, res }, deps) => {
      res.json(toCalendarResource(await loadCalendar(deps, params.id)));
    },
  }),
  route({
    method: 'patch',
    path: '/v1/calendars/{id}',
    operationId: 'updateCalendar',
    tag: 'Calendars',
    summary: 'Change a calendar (admins); its version rises',
    auth: 'key',
    params: CalendarParams,
    body: PatchCalendar,
    responses: { 200: jsonResponse('The calendar as changed, and what that did to the deadlines counted on it', Changed), ...WRITE },
    handle: async ({ params, body, principal, res }, deps) => {
      assertAdmin(principal, 'Changing a calendar');
      const before = await loadCalendar(deps, params.id);
      const changed = await updateCalendar(deps.db, params.id, body);
      if (!changed) throw problems.notFound(`No calendar has the id ${params.id}.`);
      // The open commitments counted on it move with it (./recount.ts).
      res.json({ ...toCalendarResource(changed), commitments: await recountCalendar(deps, principal, before, changed) });
    },
  }),
  ...holidayImportRoutes,
  ...previewRoutes,
];
