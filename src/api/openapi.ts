/**
 * The OpenAPI 3.1 document, generated from the same zod schemas that validate requests,
 * so the document cannot drift from what the API accepts.
 */
import { z } from 'zod';
import { queuePaths, queueSchemas } from './openapi-queues';
import { Commitment, CreateCommitment, Fulfil, Problem } from './schemas';

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
    security: [{ bearer: [] }],
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
      '/v1/commitments/{id}/fulfil': {
        post: {
          summary: 'Report the promise kept',
          parameters: [idParam],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Fulfil' } } } },
          responses: {
            '200': commitment('Fulfilled; the customer gets a recap of what was done'),
            '400': problem('Invalid fields'),
            '401': problem('Missing or unknown API key'),
            '404': problem('No such commitment'),
            '409': problem('The commitment is no longer open (already fulfilled, or escalated)'),
          },
        },
      },
      '/healthz': {
        get: { summary: 'Liveness and dependencies', security: [], responses: { '200': { description: 'Healthy' }, '503': problem('A dependency is down') } },
      },
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A key from API_KEYS' } },
      schemas: {
        CreateCommitment: json(CreateCommitment, 'input'),
        Fulfil: json(Fulfil, 'input'),
        Commitment: json(Commitment, 'output'),
        Problem: json(Problem, 'output'),
        ...queueSchemas,
      },
    },
  };
}
