/**
 * What a calendar makes of a deadline, before anyone promises one: "4 business hours from now",
 * close of business, 10 AM next business day. The console's calendar page shows it.
 */
import { z } from 'zod';
import { problems } from '../api/problems';
import { once } from '../api/query-schemas';
import { jsonResponse, problemResponse } from '../api/resource';
import { route, type AnyRoute } from '../api/route';
import { parseDurationMs } from '../shared/duration';
import { addBusinessTime, closeOfBusiness, HORIZON_MS, isOpenAt, nextBusinessDayAt, NoOpenTimeError } from './business-time';
import { CalendarParams, loadCalendar } from './resource';

const DueIn = once(
  z.string().transform((v, ctx) => {
    const ms = parseDurationMs(v);
    if (ms === undefined || !Number.isFinite(ms) || ms < 0) ctx.addIssue({ code: 'custom', message: 'must be an ISO 8601 duration such as PT4H' });
    else if (ms > HORIZON_MS) ctx.addIssue({ code: 'custom', message: 'must be at most a year' });
    else return ms;
    return z.NEVER;
  }),
);
const PreviewQuery = z.strictObject({ dueIn: DueIn.optional().meta({ example: 'PT4H', description: 'Business time to add (default PT4H)' }) });

const Preview = z
  .object({
    at: z.string(),
    openNow: z.boolean(),
    dueInMs: z.number().int(),
    dueAt: z.string().meta({ description: 'dueIn of open time from now' }),
    closeOfBusiness: z.string(),
    nextBusinessDay10am: z.string(),
  })
  .meta({ id: 'CalendarPreview' });

export const previewRoutes: AnyRoute[] = [
  route({
    method: 'get',
    path: '/v1/calendars/{id}/preview',
    operationId: 'previewCalendar',
    tag: 'Calendars',
    summary: 'Where business-time deadlines fall on this calendar from now',
    auth: 'key',
    params: CalendarParams,
    query: PreviewQuery,
    responses: { 200: jsonResponse('The deadlines', Preview), 422: problemResponse('The calendar has no open time') },
    handle: async ({ params, query, res }, deps) => {
      const calendar = await loadCalendar(deps, params.id);
      const now = (deps.clock?.() ?? new Date()).getTime();
      const ms = query.dueIn ?? 4 * 3600_000;
      const iso = (t: number) => new Date(t).toISOString();
      try {
        res.json({
          at: iso(now),
          openNow: isOpenAt(calendar, now),
          dueInMs: ms,
          dueAt: iso(addBusinessTime(calendar, now, ms, calendar.id)),
          closeOfBusiness: iso(closeOfBusiness(calendar, now, calendar.id)),
          nextBusinessDay10am: iso(nextBusinessDayAt(calendar, now, '10:00', calendar.id)),
        });
      } catch (err) {
        if (err instanceof NoOpenTimeError) throw problems.unprocessable([{ pointer: '/id', detail: 'has no open time' }], err.message);
        throw err;
      }
    },
  }),
];
