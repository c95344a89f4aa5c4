/**
 * The building blocks of request schemas: contacts, staff ids, durations, deadlines and free text.
 * Validation happens once, at the edge, and so does conversion: durations become milliseconds,
 * date-times and `dueIn` become ISO 8601 UTC instants (`dueAt`); handlers receive the parsed value.
 * Each resource's bodies are beside its routes (./commitments/schemas.ts, ./commitments/action-schemas.ts,
 * ../people/routes/schemas.ts, ../calendars/schemas.ts). The OpenAPI document is generated from
 * these same schemas (the request side: what a client sends). Each schema and its type share a name.
 */
import { isValidPhoneNumber } from 'libphonenumber-js';
import { z } from 'zod';
import { isValidTimeZone } from '../messages/time';
import { DIRECTORY_ID } from '../people/model';
import { DEADLINE_CLOCKS, NAMED_DEADLINES, type DeadlineClock, type NamedDeadline } from '../calendars/model';
import { formatDuration, parseDurationMs } from '../shared/duration';
import { CUSTOMER_LOCALES } from '../shared/locale';
import { isKnownRegion, KNOWN_REGIONS } from '../shared/regions';
import { text } from './text';

const DAY_MS = 24 * 3600_000;
/** A deadline further out than this is almost certainly a typo (a year instead of a day). */
export const MAX_LEAD_MS = 366 * DAY_MS;
/**
 * Longest wait before asking "is it resolved?", the longest the customer has to answer, and the
 * longest a reopened commitment may run: past a month the customer has moved on, or it is a new promise.
 */
export const MAX_CONFIRM_MS = 30 * DAY_MS;
export const MAX_REOPEN_MS = 30 * DAY_MS;

/** Free text a person wrote (summaries, reasons, notes): newlines and tabs allowed. */
export const words = (max: number) => text(max, { multiline: true });

export const Phone = z
  .string()
  .regex(/^\+[1-9]\d{6,14}$/, { message: 'must be an E.164 number such as +14155550123', abort: true })
  .refine((v) => isValidPhoneNumber(v), 'is not a valid phone number')
  .meta({ example: '+14155550123', description: 'E.164' });

export const Email = z.email('must be an email address').max(254);

export const TimeZone = z
  .string()
  .max(64, 'must be an IANA time zone such as America/Chicago')
  .refine(isValidTimeZone, 'must be an IANA time zone such as America/Chicago')
  .meta({ example: 'America/Chicago' });

const reachable = (v: { phone?: string; email?: string }) => Boolean(v.phone ?? v.email);
const REACHABLE = { message: 'needs a phone (E.164) or an email, or both' };

/** A language customers are written to in: one the catalogues have (src/shared/locale.ts). */
export const CustomerLocaleSchema = z
  .enum(CUSTOMER_LOCALES, { error: `must be one of the supported languages: ${CUSTOMER_LOCALES.join(', ')}` })
  .meta({ example: 'es-US', description: `BCP 47 language of every message to the customer: ${CUSTOMER_LOCALES.join(', ')}` });

/** A US state, DC or territory as ISO 3166-2 (src/places/region.ts): whose texting rules apply. */
export const Region = z
  .string()
  .refine(isKnownRegion, { error: `must be a US state, DC or territory as ISO 3166-2 in capitals, such as US-FL; supported: ${KNOWN_REGIONS.join(', ')}` })
  .meta({ example: 'US-FL', description: 'ISO 3166-2 code of the US state, DC or territory the customer is in: whose texting hours apply (docs/texting.md)' });

export const Customer = z
  .strictObject({
    name: text(200),
    phone: Phone.optional(),
    email: Email.optional(),
    timezone: TimeZone,
    locale: CustomerLocaleSchema.optional().meta({ description: "Default: the owner's team's customer language, else en-US" }),
    region: Region.optional().meta({
      description: "Default: presumed from a US number's area code, else from the time zone; without either, the federal texting hours apply",
    }),
  })
  .refine(reachable, REACHABLE);

/** A member of staff, named by their directory id; who they are and how to reach them come from the directory. */
export const StaffId = z.string().regex(DIRECTORY_ID, 'must be a staff id from the directory, e.g. dana').meta({ example: 'dana' });

const DURATION_MESSAGE = 'must be an ISO 8601 duration such as PT15M or P1DT4H';

const days = (ms: number) => `${ms / DAY_MS} days`;

/**
 * An ISO 8601 duration, parsed to milliseconds: more than zero and at most `maxMs`. The shortest
 * a window may be is a setting (SHORTEST_WINDOW), checked where the request is handled (./windows.ts).
 */
export const durationMs = (maxMs: number) =>
  z
    .string()
    .max(40, DURATION_MESSAGE)
    .transform((v, ctx) => {
      const ms = parseDurationMs(v);
      if (ms === undefined || !Number.isFinite(ms)) ctx.addIssue({ code: 'custom', message: DURATION_MESSAGE });
      else if (ms <= 0) ctx.addIssue({ code: 'custom', message: 'must be longer than zero' });
      else if (ms > maxMs) ctx.addIssue({ code: 'custom', message: `must be at most ${days(maxMs)}` });
      else return ms;
      return z.NEVER;
    });

/** A date-time with an offset, parsed to the ISO 8601 UTC instant it names. */
const OffsetDateTime = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time with an offset, e.g. 2026-11-22T15:15:00-06:00' })
  .transform((v) => new Date(v).toISOString());

/** An instant ahead of now, within `maxMs`: checked on the parsed instant, so the offset counts. */
export const FutureDateTime = (maxMs: number) =>
  OffsetDateTime.refine((v) => Date.parse(v) > Date.now(), 'must be in the future').refine(
    (v) => Date.parse(v) - Date.now() <= maxMs,
    `must be at most ${days(maxMs)} ahead`,
  );
const DueIn = durationMs(MAX_LEAD_MS).meta({ example: 'PT2H' });

/**
 * Exactly one of dueAt / dueIn / dueBy, parsed into what the handler counts (../calendars/deadlines.ts):
 * a wall-clock deadline is already the instant (`dueAt`, ISO UTC, and `lead`, how far ahead it
 * was asked for and in which field; the shortest allowed is a setting the handler checks). A
 * business-time one (`dueIn` with `clock: business`, or a named `dueBy`) needs the team's
 * calendar, so the handler counts it.
 */
export function withDeadline<T extends z.ZodRawShape>(shape: T) {
  return z
    .strictObject({
      ...shape,
      dueAt: OffsetDateTime.optional(),
      dueIn: DueIn.optional(),
      dueBy: z
        .enum(NAMED_DEADLINES)
        .optional()
        .meta({ description: "A deadline agents say by name, counted on the owner's team's calendar: close of business today, or 10 AM next business day" }),
      clock: z
        .enum(DEADLINE_CLOCKS)
        .optional()
        .meta({ description: "What dueIn counts: wall time (default), or business time, the open hours of the owner's team's calendar" }),
    })
    .superRefine(deadlineRule)
    .transform((body) => resolveDeadline(body as typeof body & Deadline));
}

interface Deadline {
  dueAt?: string | undefined;
  dueIn?: number | undefined;
  dueBy?: NamedDeadline | undefined;
  clock?: DeadlineClock | undefined;
}

/** How far ahead a deadline was asked for, and in which field: what SHORTEST_WINDOW is checked against. */
export interface Lead {
  pointer: '/dueAt' | '/dueIn' | '/dueBy';
  ms: number;
}

/** A deadline as asked: an instant already (wall clock), or business time the handler counts on a calendar. */
export type DeadlineAsk =
  | { clock: 'wall'; dueAt: string; lead: Lead }
  | { clock: 'business'; pointer: '/dueIn'; ms: number; asked: string }
  | { clock: 'business'; pointer: '/dueBy'; by: NamedDeadline; asked: string };

function resolveDeadline<B extends Deadline>({ dueAt, dueIn, dueBy, clock, ...rest }: B): Omit<B, keyof Deadline> & { deadline: DeadlineAsk } {
  const now = Date.now();
  if (dueBy !== undefined) return { ...rest, deadline: { clock: 'business', pointer: '/dueBy', by: dueBy, asked: dueBy } };
  if (dueAt !== undefined) return { ...rest, deadline: { clock: 'wall', dueAt, lead: { pointer: '/dueAt', ms: Date.parse(dueAt) - now } } };
  const ms = dueIn ?? 0;
  if (clock === 'business') return { ...rest, deadline: { clock: 'business', pointer: '/dueIn', ms, asked: formatDuration(ms) } };
  return { ...rest, deadline: { clock: 'wall', dueAt: new Date(now + ms).toISOString(), lead: { pointer: '/dueIn', ms } } };
}

/** Runs on values already parsed where they are valid; a field that failed its own check is not reported twice. */
function deadlineRule(body: { dueAt?: unknown; dueIn?: unknown; dueBy?: unknown; clock?: unknown }, ctx: z.RefinementCtx): void {
  const given = (['dueAt', 'dueIn', 'dueBy'] as const).filter((k) => body[k] !== undefined);
  if (given.length !== 1) {
    ctx.addIssue({ code: 'custom', path: given.length ? [given[1] ?? ''] : [], message: 'give exactly one of dueAt, dueIn or dueBy' });
    return;
  }
  if (body.clock !== undefined && body.dueIn === undefined) {
    const why = body.dueAt !== undefined ? 'dueAt is an instant already' : 'a named deadline is always counted in business time';
    ctx.addIssue({ code: 'custom', path: ['clock'], message: `applies to dueIn only: ${why}` });
    return;
  }
  // A business dueIn becomes an instant only on the calendar: the handler bounds it there.
  if (body.dueBy !== undefined || body.clock === 'business') return;
  const lead =
    typeof body.dueAt === 'string' && body.dueAt.endsWith('Z') ? Date.parse(body.dueAt) - Date.now() : typeof body.dueIn === 'number' ? body.dueIn : undefined;
  if (lead === undefined || Number.isNaN(lead)) return;
  const field = body.dueAt !== undefined ? 'dueAt' : 'dueIn';
  if (lead <= 0) ctx.addIssue({ code: 'custom', path: [field], message: 'must be in the future' });
  else if (lead > MAX_LEAD_MS) ctx.addIssue({ code: 'custom', path: [field], message: 'must be less than a year ahead' });
  // A dueIn beyond a year was reported by its own check.
}
