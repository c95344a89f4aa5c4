/**
 * Request and response schemas of /v1/event-subscriptions (docs/events.md). The receiver's URL is
 * checked here for its form and again by the route against where receivers may be
 * (src/events/receivers.ts), which depends on how the service runs.
 */
import { z } from 'zod';
import { text } from '../api/text';
import { DIRECTORY_ID } from '../people/model';
import { EVENT_TYPE_NAMES } from './catalogue';
import { SUBSCRIPTION_ID_SOURCE } from './ids';

export const MAX_URL = 2_000;

const Url = z.string().trim().max(MAX_URL, `must be at most ${MAX_URL} characters`).meta({
  description: 'Where events are POSTed: https (http and local addresses only under npm start or ALLOW_INSECURE)',
  example: 'https://helpdesk.example.com/hooks/followthrough',
});

const Types = z
  .array(z.enum(EVENT_TYPE_NAMES))
  .min(1, 'must name at least one event type')
  .max(EVENT_TYPE_NAMES.length)
  .refine((t) => new Set(t).size === t.length, 'must not name a type twice')
  .meta({ description: 'The event types wanted (docs/events.md)', example: ['followthrough.commitment.lapsed', 'followthrough.commitment.fulfilled'] });

const TeamId = z.string().regex(DIRECTORY_ID, 'must be a team id').meta({ description: "Only this team's commitments; absent: every team (admins only)" });

export const CreateSubscription = z
  .strictObject({
    url: Url,
    types: Types,
    teamId: TeamId.optional(),
    description: text(500, { min: 0 }).optional(),
    enabled: z.boolean().optional().meta({ description: 'Default true' }),
    includeContacts: z.boolean().optional().meta({ description: "Send the customer's phone and email in each event (admins only); default false" }),
  })
  .meta({ id: 'CreateEventSubscription' });

export const PatchSubscription = z
  .strictObject({
    url: Url.optional(),
    types: Types.optional(),
    teamId: TeamId.nullable().optional(),
    description: text(500, { min: 0 }).optional(),
    enabled: z.boolean().optional(),
    includeContacts: z.boolean().optional(),
  })
  .refine((p) => Object.keys(p).length > 0, 'must change at least one field')
  .meta({ id: 'PatchEventSubscription' });

export const SubscriptionId = z.string().regex(new RegExp(`^${SUBSCRIPTION_ID_SOURCE}$`), 'must be a subscription id such as sub_4fT0…');
export const SubscriptionParams = z.object({ id: SubscriptionId });
export const DeliveryParams = z.object({ id: SubscriptionId, deliveryId: z.string().regex(/^\d{1,18}$/, 'must be a delivery id') });

export const SubscriptionResource = z
  .object({
    id: z.string(),
    url: z.string(),
    types: z.array(z.string()),
    teamId: z.string().nullable(),
    description: z.string(),
    enabled: z.boolean(),
    includeContacts: z.boolean(),
    createdBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    disabledReason: z.string().optional().meta({ description: 'Why delivery turned it off (410 Gone, or failing for 5 days)' }),
    failingSince: z.string().optional().meta({ description: 'The first failed attempt since the last success' }),
    previousSecretUntil: z.string().optional().meta({ description: 'After a rotation, the old secret signs too until then' }),
  })
  .meta({ id: 'EventSubscription' });

export const SubscriptionWithSecret = SubscriptionResource.extend({
  secret: z.string().meta({ description: 'The signing secret (whsec_…), shown only now: verify each request with it (Standard Webhooks)' }),
}).meta({ id: 'EventSubscriptionWithSecret' });

const Attempt = z.object({
  attempt: z.number().int(),
  at: z.string(),
  status: z.number().int().optional(),
  error: z.string().optional(),
  durationMs: z.number().int(),
  response: z.string().optional().meta({ description: "The first KB of the receiver's answer" }),
});

export const DeliveryResource = z
  .object({
    id: z.string(),
    eventId: z.string(),
    type: z.string(),
    commitmentId: z.string().optional(),
    state: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.array(Attempt),
    nextAttemptAt: z.string().optional(),
    deliveredAt: z.string().optional(),
    createdAt: z.string(),
  })
  .meta({ id: 'EventDelivery' });

export const DeliveryQuery = z.object({
  state: z.enum(['pending', 'delivered', 'failed']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z
    .string()
    .regex(/^\d{1,18}$/, 'must be a delivery id')
    .optional()
    .meta({ description: 'Deliveries older than this id (the page before)' }),
});
