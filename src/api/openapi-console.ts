/**
 * OpenAPI paths of what the console added: the board, a commitment's messages, the report chart
 * series, and the console's own HTML routes (sign-in, sign-out, pages), generated from the zod
 * schemas in console-schemas.ts and merged into the document by openapi.ts.
 */
import { z } from 'zod';
import { AcknowledgementReport, Board, BoardQuery, MessageList, RangeQuery, SatisfactionReport, WeeklyQuery, WeeklyReport } from './console-schemas';
import { queryParameters } from './openapi-queues';

const json = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' });
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });
const ok = (description: string, ref: string, csv = false) => ({
  description,
  content: { 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } }, ...(csv ? { 'text/csv': { schema: { type: 'string' } } } : {}) },
});
const refusals = {
  '400': problem('Unknown or invalid query parameters; each error points at `/query/<name>`'),
  '401': problem('Missing or unknown API key or session'),
  '403': problem('Only supervisors and admins may read this'),
};
const html = (description: string) => ({ description, content: { 'text/html': { schema: { type: 'string' } } } });
const form = (props: Record<string, unknown>) => ({ required: true, content: { 'application/x-www-form-urlencoded': { schema: { type: 'object', properties: { csrf: { type: 'string' }, ...props } } } } });

const report = (summary: string, query: z.ZodObject, ref: string) => ({
  get: { summary, parameters: queryParameters(query), responses: { '200': ok(`${summary}; with format=csv, the CSV the chart downloads`, ref, true), ...refusals } },
});

export const consolePaths: Record<string, Record<string, unknown>> = {
  '/v1/board': {
    get: {
      summary: "The supervisors' board: counts, escalations nobody acknowledged, at risk, lapsed today, open work per owner",
      description: 'Every section is keyset-paged: pass `section` and its `nextCursor` for the next page. Reads only Postgres.',
      parameters: queryParameters(BoardQuery),
      responses: { '200': ok('Counts and the first page of each section (or the asked page of one)', 'Board'), ...refusals },
    },
  },
  '/v1/commitments/{id}/messages': {
    get: {
      summary: 'Every message sent for a commitment, with its delivery status as stored',
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^cmt_[a-z0-9]{24}$' } }],
      responses: { '200': ok('In the order recorded', 'MessageList'), '401': refusals['401'], '403': problem("Another agent's commitment"), '404': problem('No such commitment') },
    },
  },
  '/v1/reports/weekly': report('Kept-on-time rate per week (Monday, UTC) and team or owner', WeeklyQuery, 'WeeklyReport'),
  '/v1/reports/satisfaction': report('The satisfaction check: asked, confirmed, unconfirmed, reopened, and ratings 1 to 5', RangeQuery, 'SatisfactionReport'),
  '/v1/reports/acknowledgements': report('Time from escalation to acknowledgement per supervisor who acknowledged', RangeQuery, 'AcknowledgementReport'),
  '/login': {
    get: { summary: 'Console: the sign-in page (email link, or an API key for development)', security: [], responses: { '200': html('The forms'), '303': { description: 'Already signed in: on to `next`' } } },
    post: { summary: 'Console: email a one-time sign-in link; the same answer whether or not the address is known', security: [], requestBody: form({ email: { type: 'string' }, next: { type: 'string' } }), responses: { '200': html('Check your email'), '400': html('Not an email address'), '403': html('Missing or wrong form token') } },
  },
  '/login/link': {
    get: { summary: "Console: the emailed link's page; only its button signs in", security: [], parameters: [{ name: 'token', in: 'query', required: true, schema: { type: 'string' } }], responses: { '200': html('The button') } },
    post: { summary: 'Console: redeem a sign-in link (once, within 15 minutes) and open a session', security: [], requestBody: form({ token: { type: 'string' } }), responses: { '303': { description: 'Signed in; the session cookie is set' }, '410': html('Expired or used') } },
  },
  '/login/key': {
    post: { summary: 'Console: sign in with an API key (development)', security: [], requestBody: form({ key: { type: 'string' }, next: { type: 'string' } }), responses: { '303': { description: 'Signed in' }, '401': html('Unknown, revoked or deactivated') } },
  },
  '/logout': {
    get: { summary: 'Console: the sign-out page', responses: { '200': html('The button') } },
    post: { summary: 'Console: end the session', requestBody: form({}), responses: { '303': { description: 'Signed out' } } },
  },
  '/{page}': {
    get: {
      summary: 'Console pages: / (to /board or /mine), /board, /reports, /mine, /new, /commitments/{id}',
      parameters: [{ name: 'page', in: 'path', required: true, schema: { type: 'string' } }],
      security: [{ session: [] }],
      responses: { '200': html('The console'), '303': { description: 'Not signed in: to /login?next=…' }, '403': html('Not for this role, or not their commitment'), '404': html('No such page or commitment') },
    },
  },
};

export const consoleSchemas: Record<string, unknown> = {
  Board: json(Board),
  MessageList: json(MessageList),
  WeeklyReport: json(WeeklyReport),
  SatisfactionReport: json(SatisfactionReport),
  AcknowledgementReport: json(AcknowledgementReport),
};

export const sessionScheme = {
  type: 'apiKey',
  in: 'cookie',
  name: 'ft_session',
  description: 'The console session (`__Host-ft_session` over https). Every unsafe method also needs the session’s CSRF token in X-CSRF-Token',
};
