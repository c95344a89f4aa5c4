/**
 * The codec endpoint: POST /codec/encode and /codec/decode, Temporal's remote codec protocol, so
 * staff read the payloads the worker encrypted (src/temporal/codec.ts) in the Temporal UI or the
 * `temporal` CLI. It decrypts customer details, so it is behind a key: a supervisor's or an
 * admin's bearer key (the CLI's `--codec-auth "Bearer …"`), or their console session (the UI,
 * with "include cross-origin credentials" on, for someone signed in to the console).
 *
 * 👉 The session needs no CSRF token here: encoding and decoding change nothing, and what an
 *    answer holds is readable only by the origins in TEMPORAL_UI_ORIGINS (CORS below).
 */
import type { Payload } from '@temporalio/common';
import type { RequestHandler } from 'express';
import { z } from 'zod';
import { cookieJar } from '../console/cookies';
import { sessionOf, sessionPrincipal } from '../console/session-auth';
import { AesGcmCodec, PayloadDecryptionError } from '../temporal/codec';
import { overseesAll } from './auth';
import type { ApiDeps } from './deps';
import { problems } from './problems';
import { jsonResponse, problemResponse } from './resource';
import { route, type AnyRoute } from './route';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const Bytes = z.string().max(4_000_000).regex(BASE64, 'must be base64');
const JsonPayload = z.strictObject({ metadata: z.record(z.string().min(1).max(256), Bytes).optional(), data: Bytes.optional() });
/** Payloads in protobuf's JSON form, as the Temporal UI and CLI send them. */
export const CodecRequest = z.strictObject({ payloads: z.array(JsonPayload).max(1000) }).meta({ id: 'CodecPayloads' });
type JsonPayload = z.infer<typeof JsonPayload>;

const fromJson = (p: JsonPayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, new Uint8Array(Buffer.from(v, 'base64'))])),
  data: new Uint8Array(Buffer.from(p.data ?? '', 'base64')),
});
const toJson = (p: Payload): JsonPayload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? new Uint8Array()).toString('base64')])),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});

/**
 * CORS for the Temporal UI: its origin may call us with credentials (the console cookie) and the
 * headers the UI sends; a preflight is answered here. Any other origin gets no CORS headers, so
 * a browser there cannot read an answer.
 */
export function codecCors(deps: Pick<ApiDeps, 'temporalUiOrigins'>): RequestHandler {
  const allowed = new Set(deps.temporalUiOrigins ?? []);
  return (req, res, next) => {
    const origin = req.get('origin');
    res.vary('Origin');
    if (origin && allowed.has(origin)) {
      res.set({
        'Access-Control-Allow-Origin': origin,
        'Access-Control-Allow-Credentials': 'true',
        'Access-Control-Allow-Methods': 'POST, OPTIONS',
        'Access-Control-Allow-Headers': 'Content-Type, Authorization, X-Namespace',
        'Access-Control-Max-Age': '600',
      });
    }
    if (req.method === 'OPTIONS') return void res.status(204).end();
    next();
  };
}

/** A bearer key, or the console session without its CSRF token (see above); the key's own 401 otherwise. */
export function codecAuthentication(deps: Pick<ApiDeps, 'db' | 'auth' | 'publicBaseUrl'>): RequestHandler {
  const jar = cookieJar(deps.publicBaseUrl);
  return async (req, res, next) => {
    if (req.get('authorization') === undefined) {
      const found = await sessionOf(deps.db, jar, req);
      if (found) {
        res.locals.principal = sessionPrincipal(found.session);
        return next();
      }
    }
    await deps.auth.middleware(req, res, next);
  };
}

function codecRoute(op: 'encode' | 'decode'): AnyRoute {
  return route({
    method: 'post',
    path: `/codec/${op}`,
    operationId: op === 'encode' ? 'encodePayloads' : 'decodePayloads',
    tag: 'Codec',
    summary:
      op === 'encode' ? 'Encrypt payloads as the worker does (Temporal remote codec)' : 'Decrypt payloads for the Temporal UI or CLI (Temporal remote codec)',
    auth: 'codec',
    body: CodecRequest,
    responses: {
      200: jsonResponse(`The payloads, ${op}d, in the same order`, CodecRequest),
      403: problemResponse('Only supervisors and admins read payloads'),
      404: problemResponse('PAYLOAD_KEYS is not set: nothing is encrypted'),
    },
    handle: async ({ body, principal, res }, deps) => {
      if (!overseesAll(principal)) throw problems.forbidden('Payloads hold customer details of every team: supervisors and admins read them.');
      if (!deps.payloadKeys?.length) throw problems.notFound('PAYLOAD_KEYS is not set, so there is nothing to encode or decode.');
      const codec = new AesGcmCodec(deps.payloadKeys);
      const payloads = body.payloads.map(fromJson);
      try {
        const out = op === 'encode' ? await codec.encode(payloads) : await codec.decode(payloads);
        res.set('Cache-Control', 'no-store').json({ payloads: out.map(toJson) });
      } catch (err) {
        if (err instanceof PayloadDecryptionError) throw problems.invalid([{ pointer: '/payloads', detail: err.message }]);
        throw err;
      }
    },
  });
}

export const codecRoutes: AnyRoute[] = [codecRoute('encode'), codecRoute('decode')];
