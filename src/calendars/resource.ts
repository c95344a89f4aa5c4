/** A calendar as the API answers it, and loading one by id (404 when there is none). */
import { z } from 'zod';
import type { ApiDeps } from '../api/deps';
import { problems } from '../api/problems';
import { CalendarId } from './schemas';
import { findCalendar, type CalendarRecord } from './store';

export const CalendarParams = z.object({ id: CalendarId });

export const toCalendarResource = (c: CalendarRecord) => ({
  id: c.id,
  name: c.name,
  timeZone: c.timeZone,
  weekly: c.weekly,
  holidays: c.holidays,
  overrides: c.overrides,
  version: c.version,
  updatedAt: c.updatedAt,
});

export async function loadCalendar(deps: ApiDeps, id: string): Promise<CalendarRecord> {
  const found = await findCalendar(deps.db, id);
  if (!found) throw problems.notFound(`No calendar has the id ${id}.`);
  return found;
}
