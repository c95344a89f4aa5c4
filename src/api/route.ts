/**
 * One route as the table declares it: method, path, schemas, responses, who may call it, and the
 * handler. The express router (./router.ts) and the OpenAPI document (./openapi.ts) are both built
 * from the table in ./routes.ts, so a route cannot be served undocumented or documented unserved.
 */
import type { ResponseConfig } from '@asteasolutions/zod-to-openapi';
import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { Principal } from './auth';
import type { ApiDeps } from './deps';

/**
 * key: a bearer API key (or the console session with its CSRF token), JSON body. codec: the same
 * key or session, for the Temporal UI's codec calls (./codec.ts). twilio: X-Twilio-Signature, form
 * body. public: customers' pages and the service documents, form body if any.
 */
export type Auth = 'key' | 'codec' | 'twilio' | 'public';

/** Routes whose caller is a person with a key: everything but Twilio's webhooks and the public pages. */
export const isKeyed = (auth: Auth): boolean => auth === 'key' || auth === 'codec';

/**
 * The OpenAPI document's tags, one per resource, each with the line that describes it there. Every
 * route names one, so a client generated from /openapi.json groups its operations by resource.
 */
export const TAGS = {
  Commitments: 'Register commitments and read them with their timeline and messages',
  Actions: 'Change a commitment: fulfil, extend, reassign, transfer, cancel, pause, resume, escalate, acknowledge and more',
  Queues: 'Lists of commitments and open escalations, filtered and paged',
  Board: "A supervisor's board of escalated, at-risk and lapsed commitments",
  Reports: 'Outcome, pattern, weekly, satisfaction and acknowledgement reports',
  Staff: 'The staff directory: agents, supervisors and admins',
  Teams: 'Teams and their escalation policies',
  Rotations: 'On-call rotations, their overrides, and who is on call',
  Keys: 'API keys: issue, list and revoke',
  Calendars: 'Business-hours calendars, their holidays, and where deadlines fall on them',
  Events: 'Event subscriptions: signed webhooks to your helpdesk or CRM, their delivery log, resends and test events',
  Confirmations: "The customer's answer page behind the signed links in the satisfaction email",
  Webhooks: "Twilio's webhooks: inbound texts and delivery reports",
  Codec: 'The Temporal remote codec: payloads encrypted as the worker stores them',
  Service: 'Health, liveness and this document',
} as const;

export type Tag = keyof typeof TAGS;

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteInput<B, Q, P> {
  body: B;
  query: Q;
  params: P;
  /** Set on `key` and `codec` routes. */
  principal: Principal;
  /** The Idempotency-Key header, validated, on routes that take one. */
  idempotencyKey: string | undefined;
  req: Request;
  res: Response;
}

export interface RouteDef<BS extends z.ZodType | undefined, QS extends z.ZodObject | undefined, PS extends z.ZodObject | undefined> {
  method: 'get' | 'post' | 'patch' | 'delete';
  /** OpenAPI form: /v1/commitments/{id}. */
  path: string;
  /** The operation's name in the OpenAPI document, camelCase and unique across the API: createCommitment. */
  operationId: string;
  /** The resource the operation belongs to, one of the document's tags. */
  tag: Tag;
  summary: string;
  description?: string;
  auth: Auth;
  /** Documented under components by its `.meta({ id })`; the media type follows from `auth`. */
  body?: BS;
  query?: QS;
  /** A path parameter that fails its schema is a 404: there is nothing at that address. */
  params?: PS;
  /** A larger JSON body than the usual 64 KB (an imported file), in body-parser's units: '3mb'. */
  bodyLimit?: string;
  /** Takes an Idempotency-Key header: a retry with the same key is answered, not applied again. */
  idempotent?: boolean;
  /** Besides the problems every route of its kind can answer (see ./openapi.ts). */
  responses: Record<number, ResponseConfig>;
  handle(input: RouteInput<Out<BS>, Out<QS>, Out<PS>>, deps: ApiDeps): Promise<void> | void;
}

// The table holds routes of many input types; the router only passes each one its own parse.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRoute = RouteDef<any, any, any>;

/** Declares a route; the types of `handle`'s input follow from the schemas. */
export function route<
  BS extends z.ZodType | undefined = undefined,
  QS extends z.ZodObject | undefined = undefined,
  PS extends z.ZodObject | undefined = undefined,
>(def: RouteDef<BS, QS, PS>): AnyRoute {
  return def as AnyRoute;
}

/** /v1/commitments/{id} → /v1/commitments/:id */
export const expressPath = (path: string): string => path.replace(/\{(\w+)\}/g, ':$1');
