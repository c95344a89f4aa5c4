/**
 * Builds the express app from injected dependencies. Listening is someone else's job
 * (api.ts in production, start.ts for the embedded mode, tests on a random port).
 */
import type { Client } from '@temporalio/client';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Pool } from 'pg';
import { createOutboxMail } from '../channels/outbox';
import type { MailSender } from '../channels/types';
import { apiAuthentication, consoleRouter, cookieJar, securityHeaders } from '../console';
import { createAuthenticator } from './auth';
import { actionsRouter } from './actions';
import { boardRouter } from './board';
import { commitmentsRouter } from './commitments';
import { confirmRouter } from './confirm';
import { directoryRouter } from './directory';
import { messagesRouter } from './messages';
import { webhooksRouter } from './webhooks';
import type { PolicyDefaults } from './policy';
import { openApiDocument } from './openapi';
import { HttpProblem, problems, sendProblem } from './problems';
import { queuesRouter } from './queues';
import { reportChartsRouter } from './report-charts';
import { reportsRouter } from './reports';

export interface AppDeps {
  client: Client;
  db: Pool;
  taskQueue: string;
  publicBaseUrl: string;
  policyDefaults: PolicyDefaults;
  /** Signs and verifies the answer links in customer emails. */
  linkSecret?: string;
  /** Verifies X-Twilio-Signature on webhooks; unset, the webhooks answer 404. */
  twilioAuthToken?: string;
  log?: (line: string) => void;
  /** Hands a deactivated person's open commitments over; by default nothing happens yet. */
  onDeactivated?: (staffId: string) => Promise<void>;
  /** How long a key lookup is cached (default AUTH_CACHE_MS, src/api/auth.ts). */
  authCacheMs?: number;
  /** Sends the console's sign-in links; by default they go to the outbox (the log). */
  mail?: MailSender;
}

/** 64 KB is far above any real commitment and small enough that nobody can tie up the parser. */
export const BODY_LIMIT = '64kb';

/** body-parser marks its own errors with a `type`; they are the client's mistakes, never 5xx. */
function bodyParserProblem(err: unknown): HttpProblem | undefined {
  const type = (err as { type?: string }).type;
  if (type === 'entity.parse.failed') {
    return problems.invalid([{ pointer: '', detail: 'is not valid JSON' }], 'The body is not valid JSON.');
  }
  if (type === 'entity.too.large') return problems.tooLarge('64 KB');
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') return problems.unsupportedMediaType();
  return undefined;
}

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders(deps.publicBaseUrl));

  app.get('/healthz', async (_req, res) => {
    const checks = await Promise.allSettled([deps.db.query('SELECT 1'), deps.client.workflowService.getSystemInfo({})]);
    const [db, temporal] = checks.map((c) => (c.status === 'fulfilled' ? 'ok' : 'down'));
    res.status(checks.every((c) => c.status === 'fulfilled') ? 200 : 503).json({ status: db === 'ok' && temporal === 'ok' ? 'ok' : 'degraded', postgres: db, temporal });
  });
  app.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument(deps.publicBaseUrl));
  });

  // Customers and Twilio authenticate by signature, not by API key.
  app.use(confirmRouter({ client: deps.client, db: deps.db, ...(deps.linkSecret ? { linkSecret: deps.linkSecret } : {}) }));
  app.use('/v1', webhooksRouter({ client: deps.client, db: deps.db, publicBaseUrl: deps.publicBaseUrl, ...(deps.twilioAuthToken ? { twilioAuthToken: deps.twilioAuthToken } : {}), ...(deps.log ? { log: deps.log } : {}) }));
  // Keys live in the staff directory; who a caller is comes from their key (or, in the console,
  // their session), never from a body.
  const auth = createAuthenticator(deps.db, deps.authCacheMs === undefined ? {} : { cacheMs: deps.authCacheMs });
  const jar = cookieJar(deps.publicBaseUrl);
  app.use('/v1', apiAuthentication({ db: deps.db, bearer: auth.middleware, jar }), express.json({ limit: BODY_LIMIT }));
  app.use('/v1', directoryRouter({ db: deps.db, auth, ...(deps.onDeactivated ? { onDeactivated: deps.onDeactivated } : {}) }));
  app.use('/v1', commitmentsRouter({ client: deps.client, db: deps.db, taskQueue: deps.taskQueue, policyDefaults: deps.policyDefaults }));
  app.use('/v1', actionsRouter({ client: deps.client, db: deps.db }));
  app.use('/v1', queuesRouter({ db: deps.db }), reportsRouter({ db: deps.db }));
  app.use('/v1', boardRouter({ db: deps.db }), messagesRouter(deps), reportChartsRouter({ db: deps.db }));
  const log = deps.log ?? (() => {});
  app.use(consoleRouter({ db: deps.db, client: deps.client, mail: deps.mail ?? createOutboxMail(log), publicBaseUrl: deps.publicBaseUrl, jar, log }));

  app.use((req: Request) => {
    throw problems.notFound(`Nothing is served at ${req.method} ${req.path}. See /openapi.json.`);
  });
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const problem = err instanceof HttpProblem ? err : bodyParserProblem(err);
    if (problem) return sendProblem(res, problem, req.originalUrl);
    deps.log?.(`${req.method} ${req.originalUrl} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    sendProblem(res, new HttpProblem(500, 'about:blank', 'Internal error', 'Something failed on our side; it has been logged.'), req.originalUrl);
  });
  return app;
}
