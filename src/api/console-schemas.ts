/**
 * Query and response schemas of the endpoints the console added: the board, a commitment's
 * messages, and the report chart series. Same style as ./query-schemas.ts (each parameter parsed
 * from a string once, unknown parameters refused); the OpenAPI paths are generated from these.
 */
import { z } from 'zod';
import { BOARD_SECTIONS } from '../db/board';
import { NOTIFICATION_STATUSES } from '../db/notifications';
import { ATTEMPT_OUTCOMES, COMMITMENT_STATUSES, ESCALATION_REASONS } from '../shared/contract';
import { CURSOR, limit, once, ReportRange, toAfterFrom } from './query-schemas';

/** Rows per section of the board; a supervisor's screen shows about this many at once. */
export const BOARD_DEFAULT_LIMIT = 20;
export const BOARD_MAX_LIMIT = 100;

export const BoardQuery = z
  .strictObject({
    section: once(z.enum(BOARD_SECTIONS))
      .optional()
      .meta({ description: 'Only this section (with its next page when cursor is given); omitted: every section’s first page' }),
    cursor: once(z.string().regex(CURSOR, 'is not a cursor this endpoint returned')).optional().meta({ description: 'nextCursor of a section; needs section' }),
    limit: limit(BOARD_MAX_LIMIT)
      .optional()
      .meta({ description: `Rows per section, default ${BOARD_DEFAULT_LIMIT}` }),
  })
  .superRefine((q, ctx) => {
    if (q.cursor !== undefined && q.section === undefined) ctx.addIssue({ code: 'custom', path: ['section'], message: 'is required with cursor' });
  });
export type BoardQuery = z.infer<typeof BoardQuery>;

const instant = z.string().meta({ description: 'ISO 8601, UTC' });
export const BoardItem = z.object({
  id: z.string(),
  status: z.enum(COMMITMENT_STATUSES),
  summary: z.string(),
  customer: z.object({ name: z.string(), timezone: z.string() }),
  owner: z.object({ id: z.string(), name: z.string() }),
  dueAt: instant,
  createdAt: instant,
  lapsedAt: instant.nullable(),
  lapsedOwnerId: z.string().nullable().meta({ description: 'Who held it when it lapsed (the lapse stays theirs)' }),
  lapsedOwnerName: z.string().nullable().meta({ description: 'Their name, when the staff directory has them' }),
  escalatedAt: instant.nullable().meta({ description: 'When the current escalation began (escalated section)' }),
  waitingSeconds: z.number().int().nullable().meta({ description: 'How long it has waited for an acknowledgement (escalated section)' }),
  escalation: z
    .object({
      reason: z.enum(ESCALATION_REASONS),
      level: z.number().int(),
      round: z.number().int(),
      alertedAt: z.string().optional(),
      exhausted: z.boolean().optional(),
      acknowledgedBy: z.string().optional(),
      acknowledgedAt: z.string().optional(),
      current: z.string().optional().meta({ description: 'Name of the person the current level alerted' }),
    })
    .nullable(),
  attemptCount: z
    .number()
    .int()
    .meta({ description: 'Callback attempts logged so far (POST …/attempts), 0 before the first; the commitment itself lists them (attempts)' }),
  lastAttempt: z
    .object({ at: instant, outcome: z.enum(ATTEMPT_OUTCOMES) })
    .nullable()
    .meta({ description: 'When the latest attempt was logged and how it went; null before the first' }),
});
export const OwnerLoad = z.object({
  owner: z.object({ id: z.string(), name: z.string() }),
  open: z.number().int(),
  paused: z.number().int(),
  escalated: z.number().int(),
  atRisk: z.number().int(),
  nextDueAt: instant.nullable(),
});
const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });
export const Board = z.object({
  generatedAt: instant,
  todayStart: instant.meta({ description: "Midnight in the viewer's time zone: where 'lapsed today' starts" }),
  timezone: z.string().meta({ description: "The viewer's time zone, from the staff directory" }),
  worker: z.enum(['present', 'absent', 'unknown']).meta({
    description: 'Whether a worker polls the task queue (as GET /healthz says); while absent, deadlines, alerts and messages wait',
  }),
  counts: z.object({
    escalatedUnacknowledged: z.number().int(),
    atRisk: z.number().int(),
    lapsedToday: z.number().int(),
    open: z.number().int(),
    paused: z.number().int(),
    escalated: z.number().int(),
    owners: z.number().int(),
  }),
  sections: z.object({
    escalated: page(BoardItem).optional().meta({ description: 'Escalated and not acknowledged, longest waiting first' }),
    atRisk: page(BoardItem).optional().meta({ description: 'Open and due within the hour (or past due, not yet lapsed), soonest first' }),
    lapsedToday: page(BoardItem).optional().meta({ description: 'Lapsed since midnight, latest first, whatever became of them' }),
    owners: page(OwnerLoad).optional().meta({ description: 'Open work per owner, soonest next deadline first' }),
  }),
});
export type Board = z.infer<typeof Board>;

export const Message = z.object({
  purpose: z.string(),
  occurrence: z.string(),
  audience: z.enum(['customer', 'owner', 'staff']),
  channel: z.enum(['sms', 'email']),
  recipientId: z.string().nullable().meta({ description: 'Staff id of a staff recipient' }),
  recipient: z.string().meta({ description: 'The phone number or email address it went to' }),
  subject: z.string().nullable(),
  body: z.string(),
  status: z.enum(NOTIFICATION_STATUSES),
  fallback: z.boolean().meta({ description: 'An email sent because the text of the same message was refused or undelivered' }),
  attempts: z.number().int(),
  resends: z.number().int().meta({ description: 'Copies sent again after an attempt whose outcome was lost' }),
  error: z.string().nullable(),
  createdAt: instant,
  updatedAt: instant,
  deliveredAt: instant.nullable(),
});
export type Message = z.infer<typeof Message>;
export const MessageList = z.object({ items: z.array(Message) });
export type MessageList = z.infer<typeof MessageList>;

export const WeeklyQuery = z
  .strictObject({
    ...ReportRange,
    // The weekly rate reads promises by their deadline as first promised, not by when they were made.
    from: ReportRange.from.meta({ description: 'Promises due (as first promised) at or after this instant' }),
    to: ReportRange.to.meta({ description: 'Promises due (as first promised) before this instant' }),
    groupBy: once(z.enum(['team', 'owner']))
      .optional()
      .meta({ description: 'team (default) or owner (who held the promise)' }),
  })
  .superRefine(toAfterFrom);
export const RangeQuery = z.strictObject(ReportRange).superRefine(toAfterFrom);
export const WeeklyReport = z.object({
  from: instant,
  to: instant,
  groupBy: z.enum(['team', 'owner']),
  rows: z.array(
    z.object({
      week: z.string().meta({ description: 'Monday (UTC) of the week the promise was due in, as first promised' }),
      group: z.string(),
      promised: z.number().int().meta({ description: 'Due that week, not withdrawn: keptOnTime + missed + open' }),
      keptOnTime: z.number().int(),
      missed: z.number().int().meta({ description: 'Lapsed, or reported done after the deadline' }),
      open: z.number().int().meta({ description: 'Not decided yet: left out of the rate, not counted as missed' }),
      keptOnTimeRate: z.number().nullable().meta({ description: 'keptOnTime / (keptOnTime + missed); null: nothing decided yet' }),
    }),
  ),
});
export const SatisfactionReport = z.object({
  from: instant,
  to: instant,
  asked: z.number().int(),
  confirmed: z.number().int(),
  unconfirmed: z.number().int(),
  reopened: z.number().int(),
  ratings: z.array(z.object({ rating: z.number().int(), count: z.number().int() })),
});
export const AcknowledgementReport = z.object({
  from: instant,
  to: instant,
  rows: z.array(
    z.object({
      supervisor: z.string(),
      acknowledged: z.number().int(),
      medianSeconds: z.number().nullable().meta({ description: 'From the escalation to the acknowledgement, in wall time' }),
      p90Seconds: z.number().nullable(),
      medianBusinessSeconds: z.number().nullable().meta({
        description:
          "The median in business time: the open time of the commitment's team's calendar (as it is now) in each wait; wall time for a team without a calendar",
      }),
    }),
  ),
});
