/**
 * The response schemas: a commitment as the API shows it, and the problem document. `Commitment`
 * is checked at compile time against the model (`CommitmentView` less `version` and the creating key) in both
 * directions, field by field: a field added to one and not the other fails `tsc`.
 */
import { z } from 'zod';
import {
  COMMITMENT_STATUSES,
  CUSTOMER_STATES,
  CUSTOMER_WANTS,
  ESCALATION_REASONS,
  ROLES,
  ROOT_CAUSES,
  TIMELINE_EVENT_TYPES,
  ATTEMPT_OUTCOMES,
  TRIGGERS,
  type CommitmentState,
  type CommitmentView,
} from '../shared/contract';
import { BOUND_NAMES } from '../db/message-cap';
import { CUSTOMER_LOCALES } from '../shared/locale';
import { STATE_TEXTING_RULES } from '../shared/policy';
import type { SameShape } from './same-shape';

const ContactOut = z.object({ id: z.string(), name: z.string(), email: z.string().optional(), phone: z.string().optional() });
const ActorOut = z.object({
  kind: z.enum(['staff', 'customer', 'system']),
  id: z.string().optional(),
  name: z.string(),
  role: z.enum(ROLES).optional(),
  teamId: z.string().nullable().optional(),
});
const LevelTargetOut = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('staff'), staff: ContactOut }),
  z.object({ kind: z.literal('supervisor') }),
  z.object({ kind: z.literal('rotation'), rotationId: z.string(), name: z.string() }),
]);
const CallLogOut = z.object({
  trigger: z.enum(TRIGGERS).optional(),
  customerState: z.enum(CUSTOMER_STATES).optional(),
  customerWants: z.enum(CUSTOMER_WANTS).optional(),
  rootCause: z.enum(ROOT_CAUSES).optional(),
  neededFix: z.string().optional(),
  businessConstraint: z.string().optional(),
});

const BusinessOut = z.object({
  asked: z.string().meta({ description: 'What was asked: open time as an ISO 8601 duration (PT2H), or close_of_business / next_business_day_10am' }),
  calendar: z
    .object({ id: z.string(), name: z.string(), version: z.number().int() })
    .optional()
    .meta({ description: "The owner's team's calendar it was counted on, at the version pinned then; absent: the team has none (open all the time)" }),
  remindAt: z.string().optional().meta({ description: "When the owner is reminded: the reminder's lead counted back in open time" }),
  checkInAt: z.string().optional().meta({ description: 'When the customer is told how it is going: the midpoint in open time, for long promises' }),
});

export const Commitment = z
  .object({
    id: z.string(),
    workflowId: z.string(),
    status: z.enum(COMMITMENT_STATUSES),
    customer: z.object({
      name: z.string(),
      phone: z.string().optional(),
      email: z.string().optional(),
      timezone: z.string(),
      locale: z
        .enum(CUSTOMER_LOCALES)
        .optional()
        .meta({ description: 'The language every message to the customer is in; absent: en-US (made before languages)' }),
      region: z.string().optional().meta({ description: 'ISO 3166-2: whose texting hours apply; absent: the federal hours' }),
      regionSource: z
        .enum(['given', 'area_code', 'time_zone'])
        .optional()
        .meta({ description: "Where the region came from: the request, the number's area code, or the time zone" }),
    }),
    owner: ContactOut,
    supervisor: ContactOut,
    team: z.object({ id: z.string(), name: z.string() }).optional(),
    summary: z.string(),
    dueAt: z.string(),
    business: BusinessOut.optional().meta({
      description: 'Present when dueAt was counted in business time (docs/business-hours.md); absent: on the wall clock',
    }),
    createdAt: z.string(),
    log: CallLogOut.optional(),
    externalRef: z.string().optional(),
    fulfilment: z
      .object({
        resolution: z.string(),
        pending: z.string().optional(),
        pendingUntil: z.string().optional(),
        nextContactAt: z.string().optional(),
        fulfilledAt: z.string(),
        onTime: z.boolean(),
        by: ActorOut.optional(),
      })
      .optional(),
    createdBy: z.string().optional(),
    creator: ActorOut.optional(),
    formerOwnerIds: z.array(z.string()).optional().meta({ description: 'Who owned it before: they may read it and add notes' }),
    attempts: z
      .array(z.object({ at: z.string(), outcome: z.enum(ATTEMPT_OUTCOMES), by: z.string(), note: z.string().optional() }))
      .optional()
      .meta({ description: 'Callback attempts, in the order logged (POST …/attempts)' }),
    wrongNumber: z.string().optional().meta({ description: 'The number a wrong_number attempt found wrong: no more texts go to it' }),
    followUpOf: z.string().optional(),
    deadlineNo: z.number().int().meta({ description: 'Counts deadlines: rises with each extension, acknowledgement, resume and reopen' }),
    deadlineSetAt: z.string(),
    policy: z.object({
      remindBeforeMs: z.number().int().optional(),
      confirmAfterMs: z.number().int(),
      confirmWithinMs: z.number().int(),
      reopenWithinMs: z.number().int(),
      maxExtensions: z.number().int(),
      checkInAfterMs: z
        .number()
        .int()
        .optional()
        .meta({ description: 'Windows longer than this get a check-in to the customer at the midpoint (absent: 48 hours)' }),
      escalation: z.object({
        levels: z.array(
          z.object({
            target: LevelTargetOut,
            ackWithinMs: z.number().int(),
            businessHoursOnly: z
              .boolean()
              .optional()
              .meta({ description: "Alerted only while the team's calendar is open; after hours the next level is alerted instead (absent: false)" }),
            ackClock: z.literal('business').optional().meta({ description: "The acknowledge window counts the team's open time (absent: wall time)" }),
          }),
        ),
        repeat: z.number().int(),
        attemptsBeforePrompt: z
          .number()
          .int()
          .optional()
          .meta({ description: 'Failed callback attempts before the owner is asked to close it or hand it on (absent: 3)' }),
      }),
      quietHours: z.object({ start: z.string(), end: z.string() }).nullable(),
      texting: z
        .object({ stateRules: z.enum(STATE_TEXTING_RULES) })
        .optional()
        .meta({ description: "Texting hours by the customer's place (docs/texting.md); absent: quiet hours only" }),
    }),
    escalation: z
      .object({
        reason: z.enum(ESCALATION_REASONS),
        raisedBy: ActorOut.optional(),
        note: z.string().optional(),
        round: z.number().int(),
        level: z.number().int(),
        alertedAt: z.string().optional(),
        ackBy: z.string().optional().meta({ description: "When the current level's window ends, when it counts in business time" }),
        current: ContactOut.optional(),
        alerted: z.array(ContactOut),
        lastUnreached: z.string().optional(),
        exhausted: z.boolean().optional(),
        acknowledgedBy: z.string().optional(),
        acknowledgedAt: z.string().optional(),
      })
      .optional(),
    paused: z
      .object({
        since: z.string(),
        reason: z.string(),
        until: z.string().optional(),
        resumeWith: z
          .object({ dueAt: z.string(), business: BusinessOut })
          .optional()
          .meta({ description: 'A business-time deadline once the pause ends at until: the open time it had left, counted from then' }),
      })
      .optional(),
    cancellation: z.object({ reason: z.string(), at: z.string() }).optional(),
    awaiting: z.enum(['confirmation', 'rating']).optional().meta({ description: 'What the customer is being asked, if anything' }),
    smsOptedOut: z.boolean().optional(),
    model: z.literal(2).optional().meta({ description: 'Absent for commitments started before the current model' }),
    facts: z.object({
      firstFulfilledAt: z.string().optional(),
      firstFulfilledOnTime: z.boolean().optional(),
      fulfilledOwnerId: z.string().optional(),
      lapsedAt: z.string().optional(),
      lapsedOwnerId: z.string().optional(),
      escalatedAt: z.string().optional(),
      escalationReason: z.enum(ESCALATION_REASONS).optional(),
      acknowledgedAt: z.string().optional(),
      acknowledgedBy: z.string().optional(),
      managerRequestedAt: z.string().optional(),
      cancelledAt: z.string().optional(),
      closedAt: z.string().optional(),
      extensionCount: z.number().int(),
      customerMoves: z.number().int().optional().meta({ description: 'Times the customer moved the time on their page (not extensions)' }),
      reopenCount: z.number().int(),
      lastUpdateAt: z.string().optional(),
      followUpId: z.string().optional(),
      satisfaction: z
        .object({
          askedAt: z.string(),
          remindedAt: z.string().optional(),
          reaskedAt: z.string().optional(),
          answer: z.enum(['yes', 'no']).optional(),
          rating: z.number().int().optional(),
          comment: z.string().optional(),
          answeredAt: z.string().optional(),
        })
        .optional(),
    }),
    timeline: z.array(z.object({ seq: z.number().int(), at: z.string(), type: z.enum(TIMELINE_EVENT_TYPES), detail: z.string(), actor: ActorOut.optional() })),
  })
  .meta({ id: 'Commitment' });
export type Commitment = z.infer<typeof Commitment>;

export const CreateWarning = z
  .object({
    code: z.enum(BOUND_NAMES).meta({
      description:
        'Which bound holds the recap back: recipient_hour / recipient_day (messages to this number or email address, any ' +
        'commitment), key_hour / key_day (messages caused by commitments created with this key or console session), commitment_hour',
    }),
    channel: z.enum(['sms', 'email']),
    detail: z.string().meta({ description: 'What will not be sent and why, with the setting that lifts it: one sentence for the agent' }),
  })
  .meta({ id: 'CreateWarning', description: 'The commitment was created, but a message to the customer will not be sent' });
export type CreateWarning = z.infer<typeof CreateWarning>;

export const CreateNotice = z
  .object({
    code: z.enum(['customer_flagged']).meta({
      description:
        "customer_flagged: this customer's calls (the same phone or email) were flagged as hard at least twice in the last 30 days (src/hard-calls/)",
    }),
    detail: z.string().meta({ description: 'One sentence for whoever takes the promise' }),
  })
  .meta({ id: 'CreateNotice', description: 'Something whoever takes this promise should know about the customer; never shown to the customer' });
export type CreateNotice = z.infer<typeof CreateNotice>;

/**
 * The create's answer: the commitment, what will not be sent to the customer and why
 * (./create-bounds.ts), and what the agent should know about the customer (src/hard-calls/flag.ts).
 */
export const CreatedCommitment = Commitment.extend({
  warnings: z
    .array(CreateWarning)
    .optional()
    .meta({ description: 'Present when a message to the customer will not be sent (a bound on customer messages); the commitment stands' }),
  notices: z
    .array(CreateNotice)
    .optional()
    .meta({ description: "Present when the customer's calls were flagged as hard at least twice in the 30 days before this create" }),
}).meta({ id: 'CreatedCommitment' });
export type CreatedCommitment = z.infer<typeof CreatedCommitment>;

/** The list's item: the commitment less its timeline. */
export const CommitmentListItem = Commitment.omit({ timeline: true }).meta({
  id: 'CommitmentListItem',
  description: 'A commitment without its timeline (GET /v1/commitments/{id} has it)',
});
export type CommitmentListItem = z.infer<typeof CommitmentListItem>;

// Compile-time: each line fails `tsc` when the schema and the model part ways.
// The creating key is not shown: it is the bounds' business (src/api/commitments/create-bounds.ts).
const _commitmentMatchesModel: SameShape<Commitment, Omit<CommitmentView, 'version' | 'createdByKey'>> = true;
const _listItemMatchesModel: SameShape<CommitmentListItem, Omit<CommitmentState, 'version' | 'createdByKey'>> = true;

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(z.object({ pointer: z.string(), detail: z.string() })).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });

/** The 409 of a create whose externalRef a commitment of the same team still open carries. */
export const DuplicateRefProblem = Problem.extend({
  existingId: z.string().meta({ description: 'The commitment still open for this externalRef; `Location` points at it' }),
}).meta({ id: 'DuplicateRefProblem', description: 'RFC 9457 problem details naming the commitment that already holds the reference' });

/** OpenAPI response entries for the route table. */
export const problemResponse = (description: string) => ({ description, content: { 'application/problem+json': { schema: Problem } } });
export const jsonResponse = (description: string, schema: z.ZodType) => ({ description, content: { 'application/json': { schema } } });
