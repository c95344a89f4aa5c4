/**
 * The OpenAPI 3.1 document, generated from the route table (./routes.ts) with zod-to-openapi: the
 * same schemas that parse requests describe them, so the document cannot drift from what the API
 * serves. Request bodies are documented as clients send them; query parameters as they are parsed
 * (a limit is an integer, a repeated status an array), which is what a client means. `webhooks`
 * describes what we POST to event receivers, one entry per event type (src/events/webhooks.ts).
 */
import { OpenAPIRegistry, OpenApiGeneratorV31, type ResponseConfig, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { eventWebhooks } from '../events/webhooks';
import { problemResponse } from './resource';
import { isKeyed, TAGS, type AnyRoute } from './route';

/** One query parameter per key of the schema, from its parsed (output) JSON schema. */
function queryParameters(schema: z.ZodObject): NonNullable<RouteConfig['parameters']> {
  return Object.entries(schema.shape).map(([name, field]) => {
    const json = z.toJSONSchema(field as z.ZodType, { io: 'output', unrepresentable: 'any' }) as Record<string, unknown>;
    const { description, $schema: _dialect, ...rest } = json;
    return {
      name,
      in: 'query' as const,
      required: !(field as z.ZodType).safeParse(undefined).success,
      ...(typeof description === 'string' ? { description } : {}),
      ...(rest.type === 'array' ? { style: 'form' as const, explode: true } : {}),
      schema: rest,
    };
  });
}

/** The problems every route of a kind can answer, besides its own responses. */
function commonProblems(r: AnyRoute): Record<number, ResponseConfig> {
  const out: Record<number, ResponseConfig> = {};
  if (r.body || r.query || r.idempotent) out[400] = problemResponse('Invalid fields; `errors` has a JSON pointer for each (`/query/<name>` for parameters)');
  if (isKeyed(r.auth)) {
    out[401] = problemResponse('Missing or unknown API key');
    out[429] = problemResponse('Too many requests with this key, or from this address; retry after Retry-After seconds');
  }
  if (r.params) out[404] = problemResponse('No such resource');
  if (isKeyed(r.auth) && r.body) {
    out[413] = problemResponse(r.auth === 'codec' ? 'Body larger than 4 MB' : 'Body larger than 64 KB');
    out[415] = problemResponse('Body is not application/json');
  }
  // Public pages that only verify a link call no dependency; everything else may wait on one.
  if (r.auth !== 'public' || r.body) out[503] = problemResponse('A dependency (named in `dependency`) is down or too slow; retry after Retry-After seconds');
  return out;
}

const IdempotencyHeader = z.object({
  'Idempotency-Key': z
    .string()
    .min(1)
    .max(255)
    .optional()
    .meta({ description: 'Retrying with the same key (1 to 255 visible ASCII characters) is answered with the first outcome instead of being applied again.' }),
});
const TwilioSignature = z.object({ 'X-Twilio-Signature': z.string().meta({ description: 'HMAC over PUBLIC_BASE_URL + path and the form parameters' }) });

function operation(r: AnyRoute): RouteConfig {
  const mediaType = isKeyed(r.auth) ? 'application/json' : 'application/x-www-form-urlencoded';
  const body = r.body as z.ZodType | undefined;
  const headers = r.idempotent ? IdempotencyHeader : r.auth === 'twilio' ? TwilioSignature : undefined;
  return {
    method: r.method,
    path: r.path,
    operationId: r.operationId,
    tags: [r.tag],
    summary: r.summary,
    ...(r.description ? { description: r.description } : {}),
    ...(isKeyed(r.auth) ? {} : { security: [] }),
    ...(r.query ? { parameters: queryParameters(r.query as z.ZodObject) } : {}),
    request: {
      ...(r.params ? { params: r.params as z.ZodObject } : {}),
      ...(headers ? { headers } : {}),
      ...(body ? { body: { required: true, content: { [mediaType]: { schema: body } } } } : {}),
    },
    responses: { ...commonProblems(r), ...r.responses },
  };
}

export function openApiDocument(routes: readonly AnyRoute[], serverUrl: string): ReturnType<OpenApiGeneratorV31['generateDocument']> {
  const registry = new OpenAPIRegistry();
  // Schemas with a `.meta({ id })` (Commitment, Problem, each body) become components, used by $ref.
  registry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'A key from the staff directory (`npm run admin -- issue-key`, or POST /v1/keys)',
  });
  registry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: 'ft_session',
    description: 'The console session (`__Host-ft_session` over https); every unsafe method also needs the session’s CSRF token in X-CSRF-Token',
  });
  for (const r of routes) registry.registerPath(operation(r));
  for (const w of eventWebhooks()) registry.registerWebhook(w);
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Followthrough API',
      version: '1.0.0',
      description:
        'Every promise an agent makes to a customer becomes a commitment with an owner, a deadline, ' +
        'customer recaps and escalation to a supervisor when the deadline lapses. Errors are RFC 9457 problem details.',
    },
    servers: [{ url: serverUrl }],
    security: [{ bearer: [] }, { session: [] }],
    tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
  });
}
