/**
 * The route table: every route the API serves, in the order express matches them. The router
 * (./router.ts) and the OpenAPI document (./openapi.ts) are both built from it; a test walks the
 * express stack against the document (test/api/openapi-parity.test.ts).
 */
import { z } from 'zod';
import { actionRoutes } from './commitments/actions';
import { commitmentRoutes } from './commitments/routes';
import { confirmRoutes } from './confirm';
import { customerPageRoutes } from './customer-page';
import { boardRoutes } from './board';
import { calendarRoutes } from '../calendars/routes';
import { eventSubscriptionRoutes } from '../events/routes';
import { codecRoutes } from './codec';
import { directoryRoutes } from '../people/routes';
import { hardCallRoutes } from '../hard-calls/routes';
import { messageRoutes } from './commitments/messages';
import { chartRoutes } from './report-charts';
import { healthRoute, livenessRoute } from './health';
import { openApiDocument } from './openapi';
import { queueRoutes } from './queues';
import { reportRoutes } from './reports';
import { problemResponse } from './resource';
import { route, type AnyRoute } from './route';
import { twilioRoutes } from './twilio';

const serviceRoutes: AnyRoute[] = [
  healthRoute,
  livenessRoute,
  route({
    method: 'get',
    path: '/openapi.json',
    operationId: 'getOpenApiDocument',
    tag: 'Service',
    summary: 'This document',
    auth: 'public',
    responses: {
      200: { description: 'OpenAPI 3.1', content: { 'application/json': { schema: z.looseObject({ openapi: z.string() }) } } },
      // Limited by address like every path but the probes and Twilio's (src/api/limits.ts).
      429: problemResponse('Too many requests from this address; retry after Retry-After seconds'),
    },
    handle: ({ res }, deps) => {
      res.json(openApiDocument(ROUTES, deps.publicBaseUrl));
    },
  }),
];

export const ROUTES: readonly AnyRoute[] = [
  ...serviceRoutes,
  ...confirmRoutes,
  ...customerPageRoutes,
  ...twilioRoutes,
  ...directoryRoutes,
  ...calendarRoutes,
  ...eventSubscriptionRoutes,
  ...commitmentRoutes,
  ...messageRoutes,
  ...queueRoutes,
  ...boardRoutes,
  ...actionRoutes,
  ...hardCallRoutes,
  ...reportRoutes,
  ...chartRoutes,
  ...codecRoutes,
];
