/**
 * Request and response schemas of hard calls and check-ins (./routes.ts). The flag's body is also
 * create's optional `hardCall` (src/api/commitments/schemas.ts).
 */
import { z } from 'zod';
import { once, ReportRange, toAfterFrom } from '../api/query-schemas';
import { words } from '../api/schemas';
import { DirectoryId } from '../people/routes/schemas';
import { CHECK_IN_ID_SOURCE, HARD_CALL_KINDS } from './model';

const Kind = z.enum(HARD_CALL_KINDS, { error: `must be one of ${HARD_CALL_KINDS.join(', ')}` }).meta({
  description: 'What made the call hard',
});

export const FlagHardCall = z
  .strictObject({
    kind: Kind,
    note: words(1000).meta({
      description: 'What happened, for the supervisor who checks in (never shown to the customer)',
      example: 'Shouted and swore at me for ten minutes about the refund.',
    }),
  })
  .meta({ id: 'FlagHardCall' });
export type FlagHardCall = z.output<typeof FlagHardCall>;

export const CompleteCheckIn = z
  .strictObject({ note: words(1000).optional().meta({ description: 'How the check-in went, for the record' }) })
  .meta({ id: 'CompleteCheckIn' });
export type CompleteCheckIn = z.output<typeof CompleteCheckIn>;

export const CheckInParams = z.object({ id: z.string().regex(new RegExp(`^${CHECK_IN_ID_SOURCE}$`), 'must be a check-in id such as ci_4fT0…') });

export const HardCallReportQuery = z
  .strictObject({
    ...ReportRange,
    from: ReportRange.from.meta({ description: 'Calls flagged at or after this instant' }),
    to: ReportRange.to.meta({ description: 'Calls flagged before this instant' }),
    team: once(DirectoryId)
      .optional()
      .meta({ description: "Only this team (admins; a supervisor may name only their own); absent: every team an admin sees, a supervisor's own" }),
  })
  .superRefine(toAfterFrom);
export type HardCallReportQuery = z.output<typeof HardCallReportQuery>;

// Responses.

const Person = z.object({ id: z.string(), name: z.string() });
const instant = z.string().meta({ description: 'ISO 8601, UTC' });

export const HardCall = z
  .object({
    id: z.string().meta({ example: 'hc_4fT0aQ9LmZ2xYv8KpR3sTn1W' }),
    commitmentId: z.string(),
    teamId: z.string().meta({ description: "The commitment's team when it was flagged: whose supervisor checks in" }),
    agent: Person.meta({ description: 'Who took the call: the owner of the commitment when it was flagged' }),
    kind: z.enum(HARD_CALL_KINDS),
    note: z.string(),
    flaggedBy: Person,
    flaggedAt: instant,
  })
  .meta({ id: 'HardCall', description: 'A call flagged as hard; staff only: no customer page, message or event carries it' });
export type HardCall = z.infer<typeof HardCall>;

export const HardCallList = z
  .object({
    items: z.array(HardCall).meta({ description: "The commitment's flags, oldest first" }),
    customerFlagsLast30Days: z
      .number()
      .int()
      .meta({ description: "Flags in the last 30 days of any commitment of this commitment's customer (the same phone or email), this one's included" }),
  })
  .meta({ id: 'HardCallList' });
export type HardCallList = z.infer<typeof HardCallList>;

export const CheckIn = z
  .object({
    id: z.string().meta({ example: 'ci_9QwE3rTy7uIo1pAs5dFg2hJk' }),
    hardCallId: z.string(),
    commitmentId: z.string(),
    team: Person,
    agent: Person.meta({ description: 'Whom to check in with' }),
    kind: z.enum(HARD_CALL_KINDS),
    note: z.string().meta({ description: "The flag's note" }),
    flaggedAt: instant,
    flaggedBy: Person,
    doneAt: instant.optional().meta({ description: 'When it was marked done; absent while open' }),
    doneBy: Person.optional(),
    doneNote: z.string().optional().meta({ description: 'The note given when it was marked done, if any' }),
  })
  .meta({ id: 'CheckIn', description: "A check-in with the agent who took a hard call: a task for the team's supervisor, not an alert" });
export type CheckIn = z.infer<typeof CheckIn>;

export const CheckInList = z.object({ items: z.array(CheckIn).meta({ description: 'Open check-ins, oldest flag first' }) }).meta({ id: 'CheckInList' });

export const HardCallReportRow = z.object({
  week: z.string().meta({ description: 'Monday (UTC) of the ISO week the calls were flagged in, YYYY-MM-DD' }),
  agent: Person,
  flagged: z.number().int().meta({ description: 'Calls flagged that week that the agent took' }),
  checkInsDone: z.number().int().meta({ description: 'Of those, how many check-ins are done (so far)' }),
});
export type HardCallReportRow = z.infer<typeof HardCallReportRow>;

export const HardCallReport = z
  .object({ from: instant, to: instant, rows: z.array(HardCallReportRow).meta({ description: 'By week, then agent' }) })
  .meta({ id: 'HardCallReport' });
