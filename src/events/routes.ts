/**
 * /v1/event-subscriptions: who receives which events (docs/events.md). Admins manage every
 * subscription; a supervisor those of their own team (a team is required of them). Asking for the
 * customer's contacts in events is for admins. The signing secret is answered once, at creation
 * and at each rotation. Not under /v1/webhooks, which is where Twilio calls us.
 */
import { z } from 'zod';
import type { ApiDeps } from '../api/deps';
import type { Principal } from '../api/auth';
import { problems } from '../api/problems';
import { jsonResponse, problemResponse } from '../api/resource';
import { route, type AnyRoute } from '../api/route';
import { ensureEventPump } from './pump-start';
import { receiverUrlProblem } from './receivers';
import {
  CreateSubscription,
  DeliveryParams,
  DeliveryQuery,
  DeliveryResource,
  PatchSubscription,
  SubscriptionParams,
  SubscriptionResource,
  SubscriptionWithSecret,
} from './schemas';
import {
  createSubscription,
  deleteSubscription,
  findSubscription,
  listDeliveries,
  listSubscriptions,
  queueTestEvent,
  resendDelivery,
  rotateSecret,
  teamExists,
  updateSubscription,
  type SubscriptionRecord,
} from './store';

const List = z.object({ items: z.array(SubscriptionResource) }).meta({ id: 'EventSubscriptionList' });
const Deliveries = z.object({ items: z.array(DeliveryResource) }).meta({ id: 'EventDeliveryList' });
const Queued = z.object({ eventId: z.string(), deliveryId: z.string() }).meta({ id: 'QueuedTestEvent' });
const FORBIDDEN = { 403: problemResponse('Admins, and supervisors for their own team'), 404: problemResponse('No such subscription') };

function assertMayManage(p: Principal, teamId: string | null, what: string): void {
  if (p.role === 'admin') return;
  if (p.role === 'supervisor' && teamId !== null && teamId === p.teamId) return;
  throw problems.forbidden(
    p.role === 'supervisor'
      ? `${what}: supervisors manage subscriptions of their own team (${p.teamId ?? 'none'}), with teamId set to it; every team is for admins.`
      : `${what} is for admins and the team's supervisors; this API key belongs to ${p.staffId}, an ${p.role}.`,
  );
}

async function load(deps: ApiDeps, p: Principal, id: string, what: string): Promise<SubscriptionRecord> {
  const found = await findSubscription(deps.db, id);
  if (!found) throw problems.notFound(`No event subscription has the id ${id}.`);
  assertMayManage(p, found.teamId, what);
  return found;
}

async function checkTarget(
  deps: ApiDeps,
  p: Principal,
  given: { url?: string | undefined; teamId?: string | null | undefined; includeContacts?: boolean | undefined },
): Promise<void> {
  const errors = [];
  if (given.url !== undefined) {
    const why = receiverUrlProblem(given.url, deps.receivers ?? { insecure: false, allowedRanges: [] });
    if (why) errors.push({ pointer: '/url', detail: why });
  }
  if (given.teamId && !(await teamExists(deps.db, given.teamId))) errors.push({ pointer: '/teamId', detail: `no team has the id ${given.teamId}` });
  if (errors.length) throw problems.unprocessable(errors, 'The subscription cannot be made as asked; see errors.');
  if (given.includeContacts && p.role !== 'admin')
    throw problems.forbidden("Events with the customer's phone and email (includeContacts) are for admins; leave it out and events carry the rest.");
}

/** The pump runs whenever a subscription may have work; starting it again is a no-op. */
const wakePump = (deps: ApiDeps) => ensureEventPump(deps.client, deps.taskQueue);

export const eventSubscriptionRoutes: AnyRoute[] = [
  route({
    method: 'get',
    path: '/v1/event-subscriptions',
    operationId: 'listEventSubscriptions',
    tag: 'Events',
    summary: "Event subscriptions (admins: all; supervisors: their team's)",
    auth: 'key',
    responses: { 200: jsonResponse('The subscriptions', List), 403: FORBIDDEN[403] },
    handle: async ({ principal, res }, deps) => {
      if (principal.role === 'agent') assertMayManage(principal, null, 'Listing event subscriptions');
      const team = principal.role === 'admin' ? undefined : (principal.teamId ?? '');
      res.json({ items: await listSubscriptions(deps.db, team) });
    },
  }),
  route({
    method: 'post',
    path: '/v1/event-subscriptions',
    operationId: 'createEventSubscription',
    tag: 'Events',
    summary: 'Subscribe a receiver to events; the signing secret is in this answer only',
    auth: 'key',
    body: CreateSubscription,
    responses: {
      201: jsonResponse('Subscribed; keep the secret', SubscriptionWithSecret),
      ...FORBIDDEN,
      422: problemResponse('A URL where receivers may not be, or an unknown team'),
    },
    handle: async ({ body, principal, res }, deps) => {
      const teamId = body.teamId ?? (principal.role === 'supervisor' ? principal.teamId : null);
      assertMayManage(principal, teamId, 'Subscribing to events');
      await checkTarget(deps, principal, { ...body, teamId });
      const created = await createSubscription(deps.db, {
        url: body.url,
        types: body.types,
        teamId,
        description: body.description ?? '',
        enabled: body.enabled ?? true,
        includeContacts: body.includeContacts ?? false,
        createdBy: principal.staffId,
      });
      await wakePump(deps);
      res.status(201).location(`/v1/event-subscriptions/${created.id}`).json(created);
    },
  }),
  route({
    method: 'get',
    path: '/v1/event-subscriptions/{id}',
    operationId: 'getEventSubscription',
    tag: 'Events',
    summary: 'An event subscription',
    auth: 'key',
    params: SubscriptionParams,
    responses: { 200: jsonResponse('The subscription', SubscriptionResource), ...FORBIDDEN },
    handle: async ({ params, principal, res }, deps) => {
      res.json(await load(deps, principal, params.id, 'Reading an event subscription'));
    },
  }),
  route({
    method: 'patch',
    path: '/v1/event-subscriptions/{id}',
    operationId: 'updateEventSubscription',
    tag: 'Events',
    summary: 'Change a subscription: URL, types, team, description; turn it off or back on',
    auth: 'key',
    params: SubscriptionParams,
    body: PatchSubscription,
    responses: {
      200: jsonResponse('The subscription as changed', SubscriptionResource),
      ...FORBIDDEN,
      422: problemResponse('A URL where receivers may not be, or an unknown team'),
    },
    handle: async ({ params, body, principal, res }, deps) => {
      const before = await load(deps, principal, params.id, 'Changing an event subscription');
      if (body.teamId !== undefined) assertMayManage(principal, body.teamId, 'Moving an event subscription');
      await checkTarget(deps, principal, body);
      const changed = await updateSubscription(deps.db, before.id, body);
      if (!changed) throw problems.notFound(`No event subscription has the id ${params.id}.`);
      if (changed.enabled) await wakePump(deps);
      res.json(changed);
    },
  }),
  route({
    method: 'delete',
    path: '/v1/event-subscriptions/{id}',
    operationId: 'deleteEventSubscription',
    tag: 'Events',
    summary: 'Remove a subscription and its delivery log',
    auth: 'key',
    params: SubscriptionParams,
    responses: { 204: { description: 'Removed' }, ...FORBIDDEN },
    handle: async ({ params, principal, res }, deps) => {
      await load(deps, principal, params.id, 'Removing an event subscription');
      await deleteSubscription(deps.db, params.id);
      res.status(204).end();
    },
  }),
  route({
    method: 'post',
    path: '/v1/event-subscriptions/{id}/rotate-secret',
    operationId: 'rotateEventSubscriptionSecret',
    tag: 'Events',
    summary: 'A new signing secret; for 24 hours each request is signed with the old and the new',
    auth: 'key',
    params: SubscriptionParams,
    responses: { 200: jsonResponse('The new secret, shown only now', SubscriptionWithSecret), ...FORBIDDEN },
    handle: async ({ params, principal, res }, deps) => {
      await load(deps, principal, params.id, 'Rotating a signing secret');
      const rotated = await rotateSecret(deps.db, params.id);
      if (!rotated) throw problems.notFound(`No event subscription has the id ${params.id}.`);
      res.json(rotated);
    },
  }),
  route({
    method: 'post',
    path: '/v1/event-subscriptions/{id}/test',
    operationId: 'sendTestEvent',
    tag: 'Events',
    summary: 'Send a followthrough.test event to this receiver now',
    auth: 'key',
    params: SubscriptionParams,
    responses: { 202: jsonResponse('Queued; its delivery is in the log', Queued), ...FORBIDDEN, 409: problemResponse('The subscription is turned off') },
    handle: async ({ params, principal, res }, deps) => {
      const sub = await load(deps, principal, params.id, 'Sending a test event');
      if (!sub.enabled)
        throw problems.conflict(`Subscription ${sub.id} is turned off${sub.disabledReason ? ` (${sub.disabledReason})` : ''}; turn it on first.`);
      const queued = await queueTestEvent(deps.db, sub, principal);
      await wakePump(deps);
      res.status(202).json(queued);
    },
  }),
  route({
    method: 'get',
    path: '/v1/event-subscriptions/{id}/deliveries',
    operationId: 'listEventDeliveries',
    tag: 'Events',
    summary: 'The delivery log: each event, its attempts, status, duration and the first KB of the answer (newest first)',
    auth: 'key',
    params: SubscriptionParams,
    query: DeliveryQuery,
    responses: { 200: jsonResponse('Deliveries', Deliveries), ...FORBIDDEN },
    handle: async ({ params, query, principal, res }, deps) => {
      await load(deps, principal, params.id, 'Reading a delivery log');
      res.json({ items: await listDeliveries(deps.db, params.id, query) });
    },
  }),
  route({
    method: 'post',
    path: '/v1/event-subscriptions/{id}/deliveries/{deliveryId}/resend',
    operationId: 'resendEventDelivery',
    tag: 'Events',
    summary: 'Send one delivery again, with its webhook-id, in its commitment’s order',
    auth: 'key',
    params: DeliveryParams,
    responses: { 202: jsonResponse('Queued again', DeliveryResource), ...FORBIDDEN, 409: problemResponse('It is being sent right now') },
    handle: async ({ params, principal, res }, deps) => {
      await load(deps, principal, params.id, 'Resending a delivery');
      const [delivery] = await listDeliveries(deps.db, params.id, { limit: 1, id: params.deliveryId });
      if (!delivery) throw problems.notFound(`Subscription ${params.id} has no delivery ${params.deliveryId}.`);
      if (!(await resendDelivery(deps.db, params.id, params.deliveryId)))
        throw problems.conflict(`Delivery ${params.deliveryId} is being sent right now; look again in a few seconds.`);
      await wakePump(deps);
      const [queued] = await listDeliveries(deps.db, params.id, { limit: 1, id: params.deliveryId });
      res.status(202).json(queued);
    },
  }),
];
