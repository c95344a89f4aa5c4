/**
 * The OpenAPI 3.1 document, generated from the same zod schemas that validate requests,
 * so the document cannot drift from what the API accepts.
 */
import { z } from 'zod';
import { directoryPaths, directorySchemas } from './directory/openapi';
import { consolePaths, consoleSchemas, sessionScheme } from './openapi-console';
import { queuePaths, queueSchemas } from './openapi-queues';
import { Acknowledge, Cancel, Commitment, CreateCommitment, Extend, Fulfil, Note, Pause, Problem, Reassign, Resume } from './schemas';

const json = (schema: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(schema, { io, unrepresentable: 'any' });

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});
const commitment = (description: string, headers?: Record<string, unknown>) => ({
  description,
  ...(headers ? { headers } : {}),
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Commitment' } } },
});
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^cmt_[a-z0-9]{24}$' } };

export function openApiDocument(serverUrl: string): Record<string, unknown> {
  return {
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
    paths: {
      ...queuePaths,
      '/v1/commitments': {
        ...queuePaths['/v1/commitments'],
        post: {
          summary: 'Register a commitment',
          parameters: [
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: false,
              description: 'Retrying with the same key returns the same commitment instead of creating a second one.',
              schema: { type: 'string', minLength: 1, maxLength: 255 },
            },
          ],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/CreateCommitment' } } } },
          responses: {
            '201': commitment('Created (or, for a retried Idempotency-Key, the commitment created the first time)', {
              Location: { schema: { type: 'string' }, description: 'URL of the commitment' },
            }),
            '400': problem('Invalid fields; `errors` has a JSON pointer for each'),
            '401': problem('Missing or unknown API key'),
            '413': problem('Body larger than 64 KB'),
            '415': problem('Body is not application/json'),
            '422': problem('Idempotency-Key reused with a different body'),
          },
        },
      },
      '/v1/commitments/{id}': {
        get: {
          summary: 'A commitment with its timeline',
          parameters: [idParam],
          responses: { '200': commitment('The commitment'), '401': problem('Missing or unknown API key'), '404': problem('No such commitment') },
        },
      },
      ...actionPaths(),
      ...directoryPaths,
      ...webhookPaths(),
      ...consolePaths,
      '/healthz': {
        get: { summary: 'Liveness and dependencies', security: [], responses: { '200': { description: 'Healthy' }, '503': problem('A dependency is down') } },
      },
    },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'An API key from the staff directory (POST /v1/keys, or `npm run admin -- issue-key`); it acts as the person it was issued to' },
        session: sessionScheme,
      },
      schemas: {
        CreateCommitment: json(CreateCommitment, 'input'),
        ...Object.fromEntries(ACTIONS.map((a) => [a.schemaName, json(a.schema, 'input')])),
        Commitment: json(Commitment, 'output'),
        Problem: json(Problem, 'output'),
        ...queueSchemas,
        ...directorySchemas,
        ...consoleSchemas,
      },
    },
  };
}

/** The actions on one commitment: each a Temporal update with a synchronous answer. */
const ACTIONS = [
  { path: 'fulfil', schemaName: 'Fulfil', schema: Fulfil, summary: 'Report the promise kept; the customer gets a recap, then the satisfaction check' },
  { path: 'extend', schemaName: 'Extend', schema: Extend, summary: 'A new deadline with a reason, told to the customer; past maxExtensions it escalates instead' },
  { path: 'reassign', schemaName: 'Reassign', schema: Reassign, summary: 'Hand over to a new owner with a note; they get the whole timeline, the customer is told' },
  { path: 'cancel', schemaName: 'Cancel', schema: Cancel, summary: 'Withdraw it, optionally telling the customer why' },
  { path: 'notes', schemaName: 'Note', schema: Note, summary: 'Append a note to the timeline' },
  { path: 'pause', schemaName: 'Pause', schema: Pause, summary: 'Waiting on the customer: the deadline clock stops' },
  { path: 'resume', schemaName: 'Resume', schema: Resume, summary: 'The deadline clock runs again, moved by the pause' },
  { path: 'acknowledge', schemaName: 'Acknowledge', schema: Acknowledge, summary: 'Supervisors: take over an escalated commitment with a new deadline' },
] as const;

function actionPaths(): Record<string, unknown> {
  return Object.fromEntries(
    ACTIONS.map((a) => [
      `/v1/commitments/{id}/${a.path}`,
      {
        post: {
          summary: a.summary,
          parameters: [idParam],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${a.schemaName}` } } } },
          responses: {
            '200': commitment('The commitment after the change, with its timeline'),
            '400': problem('Invalid fields; `errors` has a JSON pointer for each'),
            '401': problem('Missing or unknown API key'),
            '403': problem("Another agent's commitment (agents act on their own; supervisors on any)"),
            '404': problem('No such commitment'),
            '409': problem('Not possible in its current state; `detail` says why'),
          },
        },
      },
    ]),
  );
}

function webhookPaths(): Record<string, unknown> {
  const signed = { name: 'X-Twilio-Signature', in: 'header', required: true, schema: { type: 'string' }, description: 'HMAC over PUBLIC_BASE_URL + path and the form parameters' };
  const form = (props: Record<string, unknown>) => ({ required: true, content: { 'application/x-www-form-urlencoded': { schema: { type: 'object', properties: props } } } });
  return {
    '/v1/webhooks/twilio/sms': {
      post: {
        summary: 'Inbound text (Twilio): YES / NO / 1-5 / ACK, STOP and START, HELP, or a note for the owner',
        security: [],
        parameters: [signed],
        requestBody: form({ From: { type: 'string' }, Body: { type: 'string' } }),
        responses: { '200': { description: 'TwiML', content: { 'text/xml': { schema: { type: 'string' } } } }, '403': problem('Forged or missing signature') },
      },
    },
    '/v1/webhooks/twilio/status': {
      post: {
        summary: 'Delivery report (Twilio): a failed or undelivered text is sent again by email',
        security: [],
        parameters: [signed],
        requestBody: form({ MessageSid: { type: 'string' }, MessageStatus: { type: 'string' }, ErrorCode: { type: 'string' } }),
        responses: { '204': { description: 'Recorded' }, '403': problem('Forged or missing signature') },
      },
    },
    '/c/{token}': {
      get: {
        summary: "The customer's answer page behind the signed links in the satisfaction email (shows the question; records nothing)",
        security: [],
        parameters: [{ name: 'token', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'HTML form' }, '404': { description: 'Invalid link' }, '410': { description: 'Expired link' } },
      },
      post: {
        summary: 'Records the answer (once per question), with an optional rating or the customer’s words',
        security: [],
        parameters: [{ name: 'token', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'Thank-you page' }, '409': { description: 'Already answered, or no longer asked' } },
      },
    },
  };
}
