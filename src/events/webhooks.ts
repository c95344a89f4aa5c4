/**
 * The requests we send, described for the OpenAPI document's `webhooks` (./openapi.ts in src/api
 * calls `eventWebhooks`): one entry per event type, each a POST with the three Standard Webhooks
 * headers and a CloudEvents 1.0 JSON body (./cloud-event.ts) whose `data` is ./catalogue.ts's
 * EventData. The shapes are held to the catalogue's types at compile time, as `Commitment` is to
 * the model (src/api/resource.ts). Prose: docs/events.md.
 */
import type { ResponseConfig, RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { CommitmentListItem } from '../api/resource';
import type { SameShape } from '../api/same-shape';
import { ATTEMPT_OUTCOMES, ESCALATION_REASONS, ROLES, TIMELINE_EVENT_TYPES, type Actor } from '../shared/contract';
import { COMMITMENT_EVENT_TYPES, EVENT_PREFIX, TEST_EVENT_TYPE, type CommitmentEventType, type EventCommitment, type EventData } from './catalogue';
import { EVENT_SOURCE } from './cloud-event';

/** When each event is sent: the first sentence of its webhook entry, and of its row in docs/events.md. */
export const EVENT_SUMMARIES: Record<CommitmentEventType, string> = {
  created: 'A commitment was registered (API, console or a helpdesk trigger).',
  reminded: 'The owner was reminded that the deadline is near.',
  lapsed: 'The deadline passed before the owner reported it done; `escalated` follows at once.',
  escalated: 'The commitment went to the escalation chain: after a lapse, at the extension limit, or by hand with a reason.',
  acknowledged: 'Someone the escalation chain alerted took it over, with a new deadline.',
  reassigned: 'The owner handed it to a team mate, with a handoff note.',
  transferred: 'A supervisor or an admin moved it to another team.',
  extended: 'The owner moved the deadline, with a reason the customer hears.',
  paused: 'The deadline clock stopped while we wait on something.',
  resumed: 'The deadline clock runs again, by hand or when the pause ended; a new deadline.',
  updated: 'The owner sent the customer a progress update.',
  attempted: 'A callback attempt was logged: reached, no answer, voicemail, busy or wrong number.',
  moved_by_customer: 'The customer picked another time on their page (not an extension).',
  fulfilled: 'The owner reported it done.',
  confirmed: 'The customer confirmed it is resolved.',
  rated: 'The customer rated the outcome, 1 to 5.',
  unconfirmed: 'The customer did not answer whether it is resolved; it closed as unconfirmed.',
  reopened: 'The customer said it is not resolved; the supervisor owns it now, with a new deadline.',
  cancelled: 'It was cancelled, with a reason.',
  follow_up_created: 'A follow-up commitment was created from the fulfilment (nextContactAt).',
  customer_unreachable: 'No channel reached the customer with a message; the owner was told.',
  staff_alert_unresolved: 'A message to staff (an alert, a reminder) could not be confirmed as delivered.',
  escalation_unreached: 'A level of the escalation chain could not be reached on any channel; the next level is alerted.',
};

const At = z.string().meta({ description: 'ISO 8601 UTC instant' });

const EventActor = z
  .object({
    kind: z.enum(['staff', 'customer', 'system']),
    id: z.string().optional().meta({ description: 'Staff id, for staff' }),
    name: z.string(),
    role: z.enum(ROLES).optional(),
    teamId: z.string().nullable().optional(),
  })
  .meta({ id: 'EventActor', description: 'Who made it happen: a member of staff, the customer, or Followthrough itself' });

const EventEntry = z
  .object({
    type: z.enum(TIMELINE_EVENT_TYPES).meta({ description: 'The timeline entry this event tells of (lapsed, reminder_sent, progress_update…)' }),
    at: At,
    detail: z.string().meta({ description: "The timeline's sentence, ready to paste into a ticket note" }),
  })
  .meta({ id: 'EventTimelineEntry' });

const DueAt = z.object({ dueAt: At.meta({ description: 'The deadline now' }) });

/** The `details` of the types that have them (catalogue.ts, detailsOf); the others send none. */
const DETAILS: Partial<Record<CommitmentEventType, z.ZodObject>> = {
  escalated: z.object({ reason: z.enum(ESCALATION_REASONS), note: z.string().optional().meta({ description: 'The note of a hand escalation' }) }),
  extended: DueAt,
  resumed: DueAt,
  acknowledged: DueAt,
  moved_by_customer: DueAt,
  reopened: DueAt,
  attempted: z.object({ outcome: z.enum(ATTEMPT_OUTCOMES), at: At }),
  fulfilled: z.object({ onTime: z.boolean().meta({ description: 'Reported done by the deadline' }) }),
  rated: z.object({ rating: z.number().int().min(1).max(5) }),
};

const DataFields = {
  sequence: z.number().int().meta({ description: "The entry's position in the commitment's timeline: increases per commitment; order and deduplicate by it" }),
  entry: EventEntry,
  actor: EventActor,
  // The component itself (a .meta here would copy it inline): the commitment after the event, as
  // GET /v1/commitments/{id} shows it less its timeline; the customer's phone and email only with includeContacts.
  commitment: CommitmentListItem,
};

const EventDataSchema = z
  .object({
    ...DataFields,
    details: z.record(z.string(), z.unknown()).optional().meta({ description: "The event's own facts, where it has more than the entry's sentence" }),
  })
  .meta({ id: 'CommitmentEventData' });

// Compile-time: a field added to the catalogue's EventData or Actor and not here (or the reverse) fails `tsc`.
const _dataMatchesCatalogue: SameShape<z.infer<typeof EventDataSchema>, EventData> = true;
const _actorMatchesModel: SameShape<z.infer<typeof EventActor>, Actor> = true;
const _commitmentMatchesCatalogue: SameShape<z.infer<typeof CommitmentListItem>, EventCommitment> = true;

const pascal = (s: string) => s.replace(/(^|_)([a-z])/g, (_m, _u: string, c: string) => c.toUpperCase());

const envelope = (type: string, subject: boolean) => ({
  specversion: z.literal('1.0'),
  id: z.string().meta({
    description: subject
      ? '`<commitment id>:<sequence>`; the same as the webhook-id header. Deduplicate on it'
      : 'Unique per test event; the webhook-id header',
  }),
  source: z.literal(EVENT_SOURCE),
  type: z.literal(type),
  ...(subject ? { subject: z.string().meta({ description: "The commitment's id" }) } : {}),
  time: At.meta({ description: subject ? "When it happened: the timeline entry's time" : 'When the test was asked for' }),
  datacontenttype: z.literal('application/json'),
});

/** One CloudEvent schema per commitment event type, its `details` typed where it has them. */
function commitmentEventSchema(t: CommitmentEventType): z.ZodType {
  const details = DETAILS[t];
  const data = details ? z.object({ ...DataFields, details: details.optional() }).meta({ id: `Commitment${pascal(t)}EventData` }) : EventDataSchema;
  return z
    .object({ ...envelope(`${EVENT_PREFIX}${t}`, true), data })
    .meta({ id: `Commitment${pascal(t)}Event`, description: `followthrough.commitment.${t}: ${EVENT_SUMMARIES[t]}` });
}

const TestEvent = z
  .object({
    ...envelope(TEST_EVENT_TYPE, false),
    data: z.object({
      message: z.string(),
      subscriptionId: z.string(),
      sentBy: z.looseObject({ staffId: z.string(), name: z.string() }).meta({ description: 'Who asked for the test event' }),
    }),
  })
  .meta({ id: 'TestEvent', description: 'followthrough.test: sent by POST /v1/event-subscriptions/{id}/test; it belongs to no commitment' });

const SignatureHeaders = z.object({
  'webhook-id': z
    .string()
    .meta({ description: 'The same on every attempt and resend of one event to one receiver: deduplicate on it (it equals the body’s id)' }),
  'webhook-timestamp': z
    .string()
    .regex(/^\d+$/)
    .meta({ description: 'Seconds since the epoch when this attempt was signed; refuse it when far from now (the libraries allow 5 minutes)' }),
  'webhook-signature': z.string().meta({
    description:
      'Standard Webhooks: `v1,<base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<body>">`, space-separated, one per live secret (two for 24 hours after a rotation); verify with the standardwebhooks package',
    example: 'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=',
  }),
});

const RetryAfter = z.object({
  'Retry-After': z
    .string()
    .optional()
    .meta({ description: 'Seconds, or an HTTP date: the next attempt waits this long when it is longer than the schedule (at most 24 hours)' }),
});
const answer = (description: string, headers?: z.ZodObject): ResponseConfig => ({ description, ...(headers ? { headers } : {}) });
const RESPONSES: Record<string, ResponseConfig> = {
  '2XX': answer('Received; the body of the answer is ignored (its first KB is kept in the delivery log)'),
  '410': answer('Gone: the subscription is turned off at once and nothing more is sent to it until it is turned back on'),
  '429': answer('Too many: retried on the schedule, or after Retry-After when that is longer', RetryAfter),
  '503': answer('Unavailable: as 429, Retry-After honoured', RetryAfter),
  default: answer('Anything else, a redirect (never followed), or no answer within 10 seconds: retried on the schedule in docs/events.md'),
};

const webhook = (name: string, operationId: string, summary: string, description: string, body: z.ZodType): RouteConfig => ({
  method: 'post',
  path: name,
  operationId,
  tags: ['Events'],
  summary,
  description,
  // What the receiver checks is the signature, not one of our keys.
  security: [],
  request: { headers: SignatureHeaders, body: { required: true, content: { 'application/json': { schema: body } } } },
  responses: RESPONSES,
});

/**
 * The `webhooks` entries: named by the full event type (followthrough.commitment.lapsed), and
 * followthrough.test. Each is what one subscription's receiver is POSTed when it asked for the type.
 */
export function eventWebhooks(): RouteConfig[] {
  const signed = 'Signed with Standard Webhooks; at least once, in order per commitment (docs/events.md).';
  const common = `${signed} A resend after retention redacted a closed commitment (RETENTION_DAYS) carries only sequence, actor, the redacted entry and "redacted": true in data.`;
  return [
    ...COMMITMENT_EVENT_TYPES.map((t) =>
      webhook(`${EVENT_PREFIX}${t}`, `commitment${pascal(t)}Event`, EVENT_SUMMARIES[t], `${EVENT_SUMMARIES[t]} ${common}`, commitmentEventSchema(t)),
    ),
    webhook(
      TEST_EVENT_TYPE,
      'testEvent',
      'A test event, on request',
      `Sent by POST /v1/event-subscriptions/{id}/test, to that receiver only. ${signed}`,
      TestEvent,
    ),
  ];
}
