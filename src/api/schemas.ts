/**
 * Request and response schemas. Validation happens here, once, at the edge; handlers receive the
 * parsed value. The OpenAPI document is generated from these same schemas.
 * Each schema and its inferred type share a name.
 */
import { isValidPhoneNumber } from 'libphonenumber-js';
import { z } from 'zod';
import { isValidTimeZone } from '../messages/time';
import {
  COMMITMENT_STATUSES,
  ESCALATION_REASONS,
  ROLES,
  CUSTOMER_STATES,
  CUSTOMER_WANTS,
  ROOT_CAUSES,
  TIMELINE_EVENT_TYPES,
  TRIGGERS,
} from '../shared/contract';
import { parseDurationMs } from '../shared/duration';

/** A deadline further out than this is almost certainly a typo (a year instead of a day). */
export const MAX_LEAD_MS = 366 * 24 * 3600_000;

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

export const Phone = z
  .string()
  .regex(/^\+[1-9]\d{6,14}$/, { message: 'must be an E.164 number such as +14155550123', abort: true })
  .refine((v) => isValidPhoneNumber(v), 'is not a valid phone number')
  .meta({ example: '+14155550123', description: 'E.164' });

export const Email = z.email('must be an email address').max(254);

export const TimeZone = z
  .string()
  .refine(isValidTimeZone, 'must be an IANA time zone such as America/Chicago')
  .meta({ example: 'America/Chicago' });

const reachable = (v: { phone?: string; email?: string }) => Boolean(v.phone ?? v.email);
const REACHABLE = { message: 'needs a phone (E.164) or an email, or both' };

export const Customer = z
  .strictObject({ name: text(200), phone: Phone.optional(), email: Email.optional(), timezone: TimeZone })
  .refine(reachable, REACHABLE);

export const StaffContact = z
  .strictObject({ id: text(100), name: text(200), email: Email.optional(), phone: Phone.optional() })
  .refine(reachable, REACHABLE);

export const CallLog = z.strictObject({
  trigger: z.enum(TRIGGERS).optional(),
  customerState: z.enum(CUSTOMER_STATES).optional(),
  customerWants: z.enum(CUSTOMER_WANTS).optional(),
  rootCause: z.enum(ROOT_CAUSES).optional(),
  neededFix: text(2000).optional(),
});

const Duration = z
  .string()
  .refine((v) => (parseDurationMs(v) ?? 0) > 0, 'must be an ISO 8601 duration such as PT15M or P1DT4H')
  .meta({ example: 'PT30M' });

export const EscalationLevel = z.strictObject({ contact: StaffContact, ackWithin: Duration });
export const Escalation = z.strictObject({
  levels: z.array(EscalationLevel).min(1, 'needs at least one level').max(10),
  repeat: z.number().int().min(0).max(10).optional().meta({ description: 'Further passes through the chain while nobody acknowledges' }),
});

const OffsetDateTime = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with an offset, e.g. 2026-11-22T15:15:00-06:00' });

export const CreateCommitment = z
  .strictObject({
    customer: Customer,
    owner: StaffContact,
    supervisor: StaffContact,
    summary: text(500).meta({ description: "The promise in the customer's words", example: 'Call you back about the duplicate charge' }),
    dueAt: OffsetDateTime.optional(),
    dueIn: z
      .string()
      .refine((v) => parseDurationMs(v) !== undefined, 'must be an ISO 8601 duration such as PT15M or P1DT4H')
      .optional()
      .meta({ example: 'PT2H' }),
    log: CallLog.optional(),
    externalRef: text(200).optional(),
    remindBefore: Duration.optional().meta({ description: 'Owner reminder this long before the deadline (default: 10 minutes, or 80% into short windows)' }),
    confirmAfter: Duration.optional(),
    confirmWithin: Duration.optional(),
    reopenWithin: Duration.optional(),
    maxExtensions: z.number().int().min(0).max(20).optional(),
    escalation: Escalation.optional().meta({ description: 'Pinned at creation; default: the supervisor, then the configured defaults' }),
  })
  .superRefine(deadlineRule);
export type CreateCommitment = z.infer<typeof CreateCommitment>;

/** Exactly one of dueAt / dueIn, in the future and within a year. */
function deadlineRule(body: { dueAt?: string | undefined; dueIn?: string | undefined }, ctx: z.RefinementCtx): void {
  if ((body.dueAt === undefined) === (body.dueIn === undefined)) {
    ctx.addIssue({ code: 'custom', path: body.dueAt === undefined ? [] : ['dueIn'], message: 'give exactly one of dueAt or dueIn' });
    return;
  }
  // Object refinements run even when a field failed its own check; don't report that field twice.
  if (body.dueAt !== undefined && !OffsetDateTime.safeParse(body.dueAt).success) return;
  const lead = body.dueAt !== undefined ? Date.parse(body.dueAt) - Date.now() : parseDurationMs(body.dueIn ?? '');
  if (lead === undefined || Number.isNaN(lead)) return;
  const field = body.dueAt !== undefined ? 'dueAt' : 'dueIn';
  if (lead <= 0) ctx.addIssue({ code: 'custom', path: [field], message: 'must be in the future' });
  else if (lead > MAX_LEAD_MS) ctx.addIssue({ code: 'custom', path: [field], message: 'must be less than a year ahead' });
}

const dueAtField = OffsetDateTime.optional();
const dueInField = z.string().refine((v) => parseDurationMs(v) !== undefined, 'must be an ISO 8601 duration such as PT15M or P1DT4H').optional();

export const Extend = z.strictObject({ dueAt: dueAtField, dueIn: dueInField, reason: text(1000) }).superRefine(deadlineRule);
export const Reassign = z.strictObject({ owner: StaffContact, handoffNote: text(4000) });
export const Cancel = z.strictObject({ reason: text(1000), notifyCustomer: z.boolean().default(true) });
export const Note = z.strictObject({ text: text(4000) });
export const Pause = z.strictObject({ reason: text(1000), until: OffsetDateTime.optional() });
export const Resume = z.strictObject({});
export const Acknowledge = z
  .strictObject({
    by: text(100).optional().meta({ description: "Staff id of who takes it over; default: the API key's staff id" }),
    dueAt: dueAtField,
    dueIn: dueInField,
    note: text(2000).optional(),
  })
  .superRefine(deadlineRule);

export const Fulfil = z.strictObject({
  resolution: text(2000).meta({ description: 'What was done, in words the customer will read' }),
  pending: text(2000).optional().meta({ description: 'What is still outstanding, if anything' }),
  nextContactAt: OffsetDateTime.optional().meta({ description: 'When the customer will hear from us next' }),
});
export type Fulfil = z.infer<typeof Fulfil>;

const ContactOut = z.object({ id: z.string(), name: z.string(), email: z.string().optional(), phone: z.string().optional() });
const ActorOut = z.object({ kind: z.enum(['staff', 'customer', 'system']), id: z.string().optional(), name: z.string(), role: z.enum(ROLES).optional() });
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

export const Commitment = z
  .object({
    id: z.string(),
    workflowId: z.string(),
    status: z.enum(COMMITMENT_STATUSES),
    customer: z.object({ name: z.string(), phone: z.string().optional(), email: z.string().optional(), timezone: z.string() }),
    owner: ContactOut,
    supervisor: ContactOut,
    team: z.object({ id: z.string(), name: z.string() }).optional(),
    summary: z.string(),
    dueAt: z.string(),
    createdAt: z.string(),
    log: CallLogOut.optional(),
    externalRef: z.string().optional(),
    fulfilment: z
      .object({ resolution: z.string(), pending: z.string().optional(), pendingUntil: z.string().optional(), nextContactAt: z.string().optional(), fulfilledAt: z.string(), onTime: z.boolean(), by: ActorOut.optional() })
      .optional(),
    createdBy: z.string().optional(),
    creator: ActorOut.optional(),
    followUpOf: z.string().optional(),
    deadlineNo: z.number().int().meta({ description: 'Counts deadlines: rises with each extension, acknowledgement, resume and reopen' }),
    deadlineSetAt: z.string(),
    policy: z.object({
      remindBeforeMs: z.number().int().optional(),
      confirmAfterMs: z.number().int(),
      confirmWithinMs: z.number().int(),
      reopenWithinMs: z.number().int(),
      maxExtensions: z.number().int(),
      escalation: z.object({ levels: z.array(z.object({ target: LevelTargetOut, ackWithinMs: z.number().int() })), repeat: z.number().int() }),
      quietHours: z.object({ start: z.string(), end: z.string() }).nullable(),
    }),
    escalation: z
      .object({
        reason: z.enum(ESCALATION_REASONS),
        raisedBy: ActorOut.optional(),
        note: z.string().optional(),
        round: z.number().int(),
        level: z.number().int(),
        alertedAt: z.string().optional(),
        current: ContactOut.optional(),
        alerted: z.array(ContactOut),
        lastUnreached: z.string().optional(),
        exhausted: z.boolean().optional(),
        acknowledgedBy: z.string().optional(),
        acknowledgedAt: z.string().optional(),
      })
      .optional(),
    paused: z.object({ since: z.string(), reason: z.string(), until: z.string().optional() }).optional(),
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
  });
export type Commitment = z.infer<typeof Commitment>;

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(z.object({ pointer: z.string(), detail: z.string() })).optional(),
  })
  .meta({ description: 'RFC 9457 problem details' });
