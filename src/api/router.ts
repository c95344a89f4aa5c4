/**
 * Builds the express routes from the table: per route, the middleware its `auth` needs, then one
 * parse of path, query, header and body against the route's schemas, then the handler with the
 * parsed values. Handlers never read `req.body` or `req.query` themselves.
 */
import express, { type Request, type RequestHandler } from 'express';
import type { z } from 'zod';
import { principalOf } from './auth';
import type { ApiDeps } from './deps';
import { fieldErrors, problems } from './problems';
import { expressPath, isKeyed, type AnyRoute, type RouteInput } from './route';
import { verifyTwilioSignature } from './twilio';

/** 64 KB is far above any real commitment and small enough that nobody can tie up the parser. */
export const BODY_LIMIT = '64kb';
/** Texts and answer forms are small; Twilio posts well under this. */
const FORM_LIMIT = '16kb';
/** The Temporal UI decodes a history's payloads in batches; a commitment's state is a few KB each. */
const CODEC_LIMIT = '4mb';
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** What authenticates the keyed routes, and what limits them once the caller is known (./limits.ts). */
export interface Gates {
  key: RequestHandler;
  codec: RequestHandler;
  perPrincipal: RequestHandler;
}

function middlewareFor(r: AnyRoute, deps: ApiDeps, gates: Gates): RequestHandler[] {
  const { auth, method } = r;
  const form = express.urlencoded({ extended: false, limit: FORM_LIMIT });
  // The key is checked before the body is read: an unknown caller costs no parsing.
  if (auth === 'key') return [gates.key, gates.perPrincipal, express.json({ limit: r.bodyLimit ?? BODY_LIMIT })];
  if (auth === 'codec') return [gates.codec, gates.perPrincipal, express.json({ limit: CODEC_LIMIT })];
  if (auth === 'twilio') return [form, verifyTwilioSignature(deps)];
  return method === 'get' ? [] : [form];
}

/**
 * Query pointers are `/query/<name>` (RFC 6901 over the parsed query object), so a client tells a
 * bad parameter from a bad body field at a glance.
 */
export function parseQuery<S extends z.ZodType>(schema: S, req: Request): z.output<S> {
  const parsed = schema.safeParse({ ...(req.query as Record<string, unknown>) }, { reportInput: true });
  if (parsed.success) return parsed.data;
  throw problems.invalid(
    fieldErrors(parsed.error).map((e) => ({
      pointer: `/query${e.pointer}`,
      detail: e.detail === 'is not a known field' ? 'is not a known parameter' : e.detail,
    })),
    'The query string has invalid parameters; see errors.',
  );
}

function parseBody(r: AnyRoute, req: Request): unknown {
  if (!r.body) return undefined;
  if (isKeyed(r.auth) && !req.is('application/json')) throw problems.unsupportedMediaType();
  const parsed = (r.body as z.ZodType).safeParse(req.body ?? {}, { reportInput: true });
  if (!parsed.success) throw problems.invalid(fieldErrors(parsed.error));
  return parsed.data;
}

function parseInput(r: AnyRoute, req: Request, res: express.Response): RouteInput<unknown, unknown, unknown> {
  let params: unknown;
  if (r.params) {
    const parsed = (r.params as z.ZodType).safeParse(req.params);
    // A malformed id names nothing that could exist: not found, not a bad request.
    if (!parsed.success) throw problems.notFound(`Nothing is at ${req.path}: ${parsed.error.issues[0]?.message ?? 'no such resource'}.`);
    params = parsed.data;
  }
  const query = r.query ? parseQuery(r.query as z.ZodType, req) : undefined;
  const idempotencyKey = r.idempotent ? req.get('idempotency-key') : undefined;
  if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
    throw problems.invalid([], 'The Idempotency-Key header must be 1 to 255 visible ASCII characters.');
  }
  const body = parseBody(r, req);
  return { body, query, params, principal: principalOf(res), idempotencyKey, req, res };
}

/** Mounts every route of the table on the app, in table order; `gates` guard the keyed routes. */
export function mountRoutes(app: express.Express, routes: readonly AnyRoute[], deps: ApiDeps, gates: Gates): void {
  for (const r of routes) {
    app[r.method](expressPath(r.path), ...middlewareFor(r, deps, gates), async (req, res) => {
      await r.handle(parseInput(r, req, res), deps);
    });
  }
}
