/**
 * Request and response schemas of /v1/calendars. Every bad part is reported at its own pointer:
 * a range that is empty or overlaps another on the same day, more than 8 ranges a day, a date
 * outside 1970 to 2100, an unknown zone (docs/business-hours.md).
 */
import { z } from 'zod';
import { TimeZone } from '../api/schemas';
import { text } from '../api/text';
import { DIRECTORY_ID } from '../people/model';
import { WEEKDAYS, type TimeRange } from './model';
import { minutesOf } from './open-time';

/** Lunch breaks and split shifts need a few ranges a day; more is a data-entry mistake. */
export const MAX_RANGES_A_DAY = 8;
export const MAX_HOLIDAYS = 2_000;
export const MAX_OVERRIDES = 1_000;
/** A holiday range longer than this is a closure, not a holiday: make it an override or edit the week. */
const MAX_HOLIDAY_DAYS = 366;

export const CalendarId = z
  .string()
  .regex(DIRECTORY_ID, 'must be 1 to 64 of a-z, 0-9, ".", "_" or "-", starting with a letter or digit')
  .meta({ example: 'billing-hours' });

const Start = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day as HH:MM, from 00:00 to 23:59');
const End = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'must be a time of day as HH:MM, from 00:00 to 24:00');

export const TimeRangeSchema = z
  .strictObject({ start: Start, end: End })
  .refine((r) => !Start.safeParse(r.start).success || !End.safeParse(r.end).success || r.start !== r.end, 'is empty: start and end are the same')
  .meta({
    description: 'Local times; an end at or before the start passes midnight and belongs to the day it starts',
    example: { start: '08:00', end: '18:00' },
  });

const span = (r: TimeRange): [number, number] => {
  const start = minutesOf(r.start);
  const end = minutesOf(r.end);
  return [start, end <= start ? end + 24 * 60 : end];
};

/** Several ranges a day, none overlapping another of the same day. */
const DayRanges = z
  .array(TimeRangeSchema)
  .max(MAX_RANGES_A_DAY, `must have at most ${MAX_RANGES_A_DAY} ranges a day`)
  .superRefine((ranges, ctx) => {
    const valid = ranges.flatMap((r, i) => (Start.safeParse(r.start).success && End.safeParse(r.end).success ? [{ i, s: span(r) }] : []));
    const spans = valid.sort((a, b) => a.s[0] - b.s[0]);
    for (let k = 1; k < spans.length; k++) {
      const prev = spans[k - 1]!;
      const cur = spans[k]!;
      if (cur.s[0] < prev.s[1]) ctx.addIssue({ code: 'custom', path: [cur.i], message: `overlaps range ${prev.i} of the same day` });
    }
  });

const LocalDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date as YYYY-MM-DD', abort: true })
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), {
    message: 'is not a date',
    abort: true,
  })
  .refine((d) => d >= '1970-01-01' && d < '2100-01-01', 'must be between 1970-01-01 and 2099-12-31');

export const HolidaySchema = z
  .strictObject({ name: text(200), from: LocalDate, to: LocalDate.optional() })
  .superRefine((h, ctx) => {
    if (h.to === undefined) return;
    const days = (Date.parse(`${h.to}T00:00:00Z`) - Date.parse(`${h.from}T00:00:00Z`)) / 86_400_000;
    if (days < 0) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
    else if (days >= MAX_HOLIDAY_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: `must be within ${MAX_HOLIDAY_DAYS} days of from` });
  })
  .meta({ example: { name: 'Thanksgiving', from: '2026-11-26', to: '2026-11-27' } });

export const DateOverrideSchema = z
  .strictObject({ date: LocalDate, hours: DayRanges.meta({ description: 'The hours that day; none is closed' }), note: text(200).optional() })
  .meta({ example: { date: '2026-12-24', hours: [{ start: '08:00', end: '13:00' }], note: 'Christmas Eve: half day' } });

export const Weekly = z
  .strictObject(Object.fromEntries(WEEKDAYS.map((d) => [d, DayRanges.optional()])) as Record<(typeof WEEKDAYS)[number], z.ZodOptional<typeof DayRanges>>)
  .meta({
    description: 'Ranges per weekday (sun … sat); a day left out is closed',
    example: {
      mon: [
        { start: '08:00', end: '12:00' },
        { start: '13:00', end: '18:00' },
      ],
      fri: [{ start: '08:00', end: '18:00' }],
    },
  });

const Holidays = z.array(HolidaySchema).max(MAX_HOLIDAYS, `must have at most ${MAX_HOLIDAYS} holidays`);
const Overrides = z
  .array(DateOverrideSchema)
  .max(MAX_OVERRIDES, `must have at most ${MAX_OVERRIDES} overrides`)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((o, i) => {
      if (seen.has(o.date)) ctx.addIssue({ code: 'custom', path: [i, 'date'], message: 'has another override already' });
      seen.add(o.date);
    });
  });

export const CreateCalendar = z
  .strictObject({ id: CalendarId, name: text(200), timeZone: TimeZone, weekly: Weekly, holidays: Holidays.default([]), overrides: Overrides.default([]) })
  .meta({ id: 'CreateCalendar' });
export type CreateCalendar = z.output<typeof CreateCalendar>;

export const PatchCalendar = z
  .strictObject({
    name: text(200).optional(),
    timeZone: TimeZone.optional(),
    weekly: Weekly.optional(),
    holidays: Holidays.optional(),
    overrides: Overrides.optional(),
  })
  .refine((p) => Object.values(p).some((v) => v !== undefined), 'give at least one field to change')
  .meta({ id: 'PatchCalendar' });
export type PatchCalendar = z.output<typeof PatchCalendar>;

export const CalendarResource = z
  .object({
    id: z.string(),
    name: z.string(),
    timeZone: z.string(),
    weekly: Weekly,
    holidays: z.array(HolidaySchema),
    overrides: z.array(DateOverrideSchema),
    version: z.number().int().meta({ description: 'Rises with every change; a commitment pins the version it was counted on' }),
    updatedAt: z.string(),
  })
  .meta({ id: 'Calendar' });
