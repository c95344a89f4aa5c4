/**
 * Query-string and response schemas of the queues and reports. Query values arrive as strings (or
 * arrays, when a name repeats), so each parameter is parsed from a string; a single-valued
 * parameter given twice is refused rather than silently taking one of them. Each schema and its
 * inferred type share a name; ./openapi.ts documents the parameters from these schemas.
 */
import { z } from 'zod';
import { COMMITMENT_STATUSES, ROOT_CAUSES, TRIGGERS } from '../shared/contract';
import { DIRECTORY_ID } from '../people/model';
import { CommitmentListItem } from './resource';
import { text } from './text';

/** Largest page a list returns: bigger pages make a slow client hold a connection for long. */
export const MAX_LIMIT = 200;
export const DEFAULT_LIMIT = 50;

export const once = <T extends z.ZodType<unknown, string>>(schema: T) =>
  z.string({ error: (iss) => (Array.isArray(iss.input) ? 'must be given once' : 'must be a string') }).pipe(schema);

/**
 * The instants a query may name: nothing in this service happened before 1970 or will be due
 * after 2100, and Postgres has no year 0 (0001-01-01-01:00 is one), so anything outside is a
 * mistake answered 400 rather than a database error.
 */
export const EARLIEST_INSTANT = Date.UTC(1970, 0, 1);
export const LATEST_INSTANT = Date.UTC(2100, 0, 1);
const INSTANT_RANGE = 'must be between 1970-01-01 and 2100-01-01';
export const inInstantRange = (iso: string) => {
  const at = Date.parse(iso);
  return at >= EARLIEST_INSTANT && at < LATEST_INSTANT;
};

/** Parsed once, here, to the ISO 8601 UTC instant it names. */
const DateTime = once(
  z.iso
    .datetime({ offset: true, message: 'must be an ISO 8601 date-time with an offset, e.g. 2026-11-22T15:15:00-06:00' })
    .transform((v) => new Date(v).toISOString())
    .refine(inInstantRange, INSTANT_RANGE),
);

/** Cursors are base64url; the decoder checks what they hold. */
export const CURSOR = /^[A-Za-z0-9_-]{1,512}$/;

export const limit = (max: number) =>
  once(
    z
      .string()
      .regex(/^\d{1,6}$/, `must be a whole number from 1 to ${max}`)
      .transform(Number)
      .pipe(z.number().int().min(1, `must be a whole number from 1 to ${max}`).max(max, `must be at most ${max}`)),
  );

/** `status=open&status=escalated` and `status=open,escalated` mean the same. */
const Statuses = z
  .union([z.string(), z.array(z.string())])
  .transform((v) =>
    (Array.isArray(v) ? v : [v])
      .flatMap((s) => s.split(','))
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.enum(COMMITMENT_STATUSES, { message: `must be one of ${COMMITMENT_STATUSES.join(', ')}` })).min(1, 'must name at least one status'));

export const ListCommitmentsQuery = z.strictObject({
  owner: once(z.string().regex(DIRECTORY_ID, 'must be a staff id, e.g. dana')).optional().meta({ description: "Owner's staff id" }),
  status: Statuses.optional().meta({ description: 'One or several statuses: repeat the parameter or separate with commas' }),
  dueAfter: DateTime.optional().meta({ description: 'Deadline at or after this instant' }),
  dueBefore: DateTime.optional().meta({ description: 'Deadline before this instant' }),
  createdAfter: DateTime.optional().meta({ description: 'Created at or after this instant' }),
  createdBefore: DateTime.optional().meta({ description: 'Created before this instant' }),
  customerPhone: once(z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number such as +14155550123')).optional(),
  customerEmail: once(z.email('must be an email address').max(254)).optional().meta({ description: 'Matched case-insensitively' }),
  externalRef: once(text(200))
    .optional()
    .meta({ description: 'The ticket or CRM reference given at creation, matched exactly: every commitment of a ticket you may see, whatever its status' }),
  trigger: once(z.enum(TRIGGERS)).optional(),
  rootCause: once(z.enum(ROOT_CAUSES)).optional(),
  sort: once(z.enum(['dueAt', '-createdAt']))
    .optional()
    .meta({ description: 'dueAt (default): soonest deadline first; -createdAt: newest first' }),
  limit: limit(MAX_LIMIT)
    .optional()
    .meta({ description: `Page size, default ${DEFAULT_LIMIT}` }),
  cursor: once(z.string().regex(CURSOR, 'is not a cursor this endpoint returned'))
    .optional()
    .meta({ description: 'nextCursor of the previous page; keep the other parameters the same' }),
});
export type ListCommitmentsQuery = z.infer<typeof ListCommitmentsQuery>;

export const EscalationsQuery = z.strictObject({
  limit: limit(MAX_LIMIT)
    .optional()
    .meta({ description: `At most this many, default ${DEFAULT_LIMIT}` }),
});
export type EscalationsQuery = z.infer<typeof EscalationsQuery>;

export const ReportRange = {
  from: DateTime.meta({ description: 'Commitments created at or after this instant' }),
  to: DateTime.meta({ description: 'Commitments created before this instant' }),
  format: once(z.enum(['json', 'csv']))
    .optional()
    .meta({ description: 'csv: text/csv (RFC 4180) with a header row' }),
};
/** Two years and their leap days: a report over more is a data export, and reads every row. */
export const MAX_REPORT_RANGE_MS = 732 * 24 * 3600_000;
export const toAfterFrom = (q: { from: string; to: string }, ctx: z.core.$RefinementCtx) => {
  const span = Date.parse(q.to) - Date.parse(q.from);
  if (span <= 0) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
  else if (span > MAX_REPORT_RANGE_MS) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be within two years of from' });
};

export const GROUP_BY = ['owner', 'team', 'trigger', 'rootCause', 'escalationReason'] as const;
export const SummaryQuery = z
  .strictObject({ ...ReportRange, groupBy: once(z.enum(GROUP_BY)).optional().meta({ description: 'Omitted: one overall row' }) })
  .superRefine(toAfterFrom);
export type SummaryQuery = z.infer<typeof SummaryQuery>;

export const PatternsQuery = z.strictObject(ReportRange).superRefine(toAfterFrom);
export type PatternsQuery = z.infer<typeof PatternsQuery>;

// Responses.

export const CommitmentPage = z
  .object({
    items: z.array(CommitmentListItem),
    nextCursor: z.string().nullable().meta({ description: 'Pass as cursor for the next page; null on the last page' }),
  })
  .meta({ id: 'CommitmentPage' });
export type CommitmentPage = z.infer<typeof CommitmentPage>;

export const OpenEscalation = z.object({
  commitment: CommitmentListItem,
  escalatedAt: z.string().nullable().meta({ description: 'When this escalation began (it may be the second: see facts.escalatedAt for the first)' }),
  waitingSeconds: z.number().int().nullable().meta({ description: 'Seconds since this escalation began' }),
  acknowledged: z.boolean(),
  escalation: z
    .object({
      level: z.number().int(),
      round: z.number().int(),
      alertedAt: z.string().optional().meta({ description: 'When the current level was alerted' }),
      exhausted: z.boolean().optional().meta({ description: 'The whole chain was alerted and nobody acknowledged' }),
      acknowledgedAt: z.string().optional(),
      acknowledgedBy: z.string().optional(),
    })
    .nullable()
    .meta({ description: 'Where the acknowledge chain stands, when the workflow has recorded it' }),
});
export const EscalationList = z.object({ items: z.array(OpenEscalation) }).meta({ id: 'EscalationList' });
export type EscalationList = z.infer<typeof EscalationList>;

const rate = z.number().nullable();
export const SummaryRow = z.object({
  group: z.string().nullable().meta({
    description:
      "Accountable owner (who held it when it lapsed, else who kept it, else who holds it), team, trigger, root cause or escalation reason ('unrecorded' when not logged); null without groupBy",
  }),
  created: z.number().int(),
  keptOnTime: z.number().int(),
  keptLate: z.number().int(),
  lapsed: z.number().int(),
  escalated: z.number().int(),
  cancelled: z.number().int(),
  reopened: z.number().int(),
  keptOnTimeRate: rate.meta({
    description:
      'keptOnTime / decided (kept on time, kept late or lapsed): one still open and not yet due is not a miss; 4 decimals, null while nothing is decided',
  }),
  medianTimeToFulfilSeconds: rate,
  p90TimeToFulfilSeconds: rate,
  extensionsPerCommitment: rate,
  satisfactionAsked: z.number().int(),
  satisfactionAnswered: z.number().int(),
  satisfactionResponseRate: rate,
  averageRating: rate,
  acknowledged: z.number().int(),
  managerRequests: z.number().int(),
  medianTimeToAcknowledgeSeconds: rate.meta({ description: 'From the escalation to the acknowledgement, in wall time' }),
  medianTimeToAcknowledgeBusinessSeconds: rate.meta({
    description:
      "The same median in business time: the open time of the commitment's team's calendar (as it is now) between the escalation and the acknowledgement; wall time for a team without a calendar",
  }),
  attemptsPerKeptPromise: rate.meta({
    description: 'Callback attempts logged on the kept promises (kept on time or late) / kept promises; 2 decimals, null while none is kept',
  }),
  unreachableRate: rate.meta({
    description:
      'Decided promises tried and never reached (at least one attempt that did not get through, none that reached the customer) / decided; 4 decimals, null while nothing is decided',
  }),
  customerMoves: z
    .number()
    .int()
    .meta({ description: 'Times customers moved the time themselves on their page: counted apart, never as extensions or lapses' }),
});
export type SummaryRow = z.infer<typeof SummaryRow>;
export const SummaryReport = z
  .object({ from: z.string(), to: z.string(), groupBy: z.enum(GROUP_BY).nullable(), rows: z.array(SummaryRow) })
  .meta({ id: 'SummaryReport' });

export const PatternRow = z.object({
  trigger: z.string(),
  rootCause: z.string(),
  count: z.number().int(),
  lapsed: z.number().int(),
  neededFixes: z.number().int().meta({ description: 'How many name a needed fix in their call log' }),
  previousCount: z.number().int(),
  delta: z.number().int(),
});
export type PatternRow = z.infer<typeof PatternRow>;
export const PatternsReport = z
  .object({
    from: z.string(),
    to: z.string(),
    previousFrom: z.string().meta({ description: 'The previous period is as long as [from, to) and ends at from' }),
    rows: z.array(PatternRow),
  })
  .meta({ id: 'PatternsReport' });
