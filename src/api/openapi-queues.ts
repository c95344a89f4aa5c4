/**
 * OpenAPI paths of the queues and reports, generated from the zod schemas in query-schemas.ts
 * (parameters included), merged into the document by openapi.ts.
 */
import { z } from 'zod';
import {
  CommitmentListItem,
  CommitmentPage,
  EscalationList,
  EscalationsQuery,
  ListCommitmentsQuery,
  PatternsQuery,
  PatternsReport,
  SummaryQuery,
  SummaryReport,
} from './query-schemas';

const json = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' });

/** One query parameter per key of the schema; the parsed (output) type is what a client means. */
export function queryParameters(schema: z.ZodObject): Record<string, unknown>[] {
  return Object.entries(schema.shape).map(([name, field]) => {
    const { description, $schema: _dialect, ...rest } = json(field as z.ZodType) as Record<string, unknown>;
    const required = !(field as z.ZodType).safeParse(undefined).success;
    return {
      name,
      in: 'query',
      required,
      ...(description ? { description } : {}),
      ...(rest.type === 'array' ? { style: 'form', explode: true } : {}),
      schema: rest,
    };
  });
}

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});
const ok = (description: string, ref: string, csv = false) => ({
  description,
  content: {
    'application/json': { schema: { $ref: `#/components/schemas/${ref}` } },
    ...(csv ? { 'text/csv': { schema: { type: 'string' }, example: 'trigger,rootCause,count,previousCount,delta\r\nbilling_error,bad_automation,12,4,8\r\n' } } : {}),
  },
});
const common = {
  '400': problem('Unknown or invalid query parameters; each error points at `/query/<name>`'),
  '401': problem('Missing or unknown API key'),
};
const supervisorsOnly = { ...common, '403': problem('Only the supervisor role may read this') };

/** Per path and method; `/v1/commitments` only has `get` here, openapi.ts joins it with its `post`. */
export const queuePaths: Record<string, Record<string, unknown>> = {
  '/v1/commitments': {
    get: {
      summary: 'List commitments, soonest deadline first',
      description:
        'Agents see the commitments they own or registered; supervisors see all. Pages are keyset-paginated: ' +
        'follow nextCursor until it is null; rows inserted meanwhile never shift or repeat a page.',
      parameters: queryParameters(ListCommitmentsQuery),
      responses: { '200': ok('One page', 'CommitmentPage'), ...common, '403': problem('An agent key that names no staff member') },
    },
  },
  '/v1/escalations': {
    get: {
      summary: 'Open escalations, unacknowledged first, longest waiting first',
      parameters: queryParameters(EscalationsQuery),
      responses: { '200': ok('Open escalations', 'EscalationList'), ...supervisorsOnly },
    },
  },
  '/v1/reports/summary': {
    get: {
      summary: 'Outcome counts and rates of the commitments created in [from, to)',
      parameters: queryParameters(SummaryQuery),
      responses: { '200': ok('One row per group (one overall row without groupBy)', 'SummaryReport', true), ...supervisorsOnly },
    },
  },
  '/v1/reports/patterns': {
    get: {
      summary: 'Trigger × root cause counts against the previous period of the same length, largest first',
      parameters: queryParameters(PatternsQuery),
      responses: { '200': ok('One row per trigger and root cause', 'PatternsReport', true), ...supervisorsOnly },
    },
  },
};

export const queueSchemas: Record<string, unknown> = {
  CommitmentListItem: json(CommitmentListItem),
  CommitmentPage: json(CommitmentPage),
  EscalationList: json(EscalationList),
  SummaryReport: json(SummaryReport),
  PatternsReport: json(PatternsReport),
};
