/**
 * Builds the express app from injected dependencies and the route table. Listening is someone
 * else's job (src/compose/api.ts builds what this needs; api.ts, start.ts and tests listen).
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import { createOutboxMail } from '../channels/outbox';
import { apiAuthentication, consoleRouter, cookieJar, securityHeaders } from '../console';
import type { ApiDeps } from './deps';
import { directoryProblem } from './directory';
import { HttpProblem, problems, sendProblem } from './problems';
import { mountRoutes } from './router';
import { ROUTES } from './routes';
import { unavailableDependency, unavailableProblem } from './unavailable';

export type { ApiDeps } from './deps';
export { BODY_LIMIT } from './router';

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

/** A dependency that is down or too slow is a 503 naming it, never a 500 or a hang. */
function dependencyProblem(err: unknown): HttpProblem | undefined {
  const dependency = unavailableDependency(err);
  return dependency ? unavailableProblem(dependency) : undefined;
}

export function createApp(deps: ApiDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders(deps.publicBaseUrl));
  // Who a caller is comes from their key or, in the console, their session: never from a body.
  const jar = cookieJar(deps.publicBaseUrl);
  const keyAuth = apiAuthentication({ db: deps.db, bearer: deps.auth.middleware, jar });
  mountRoutes(app, ROUTES, deps, keyAuth);
  // The console's pages, after the API and before the JSON 404: HTML for browsers, not API routes.
  const log = deps.log ?? (() => {});
  app.use(consoleRouter({ db: deps.db, client: deps.client, mail: deps.mail ?? createOutboxMail(log), publicBaseUrl: deps.publicBaseUrl, jar, log }));

  app.use((req: Request) => {
    throw problems.notFound(`Nothing is served at ${req.method} ${req.path}. See /openapi.json.`);
  });
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const problem = err instanceof HttpProblem ? err : (bodyParserProblem(err) ?? directoryProblem(err) ?? dependencyProblem(err));
    if (problem?.status === 503) deps.log?.(`${req.method} ${req.originalUrl}: ${problem.detail ?? ''} (${err instanceof Error ? err.message : String(err)})`);
    if (problem) return sendProblem(res, problem, req.originalUrl);
    deps.log?.(`${req.method} ${req.originalUrl} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    sendProblem(res, new HttpProblem(500, 'about:blank', 'Internal error', 'Something failed on our side; it has been logged.'), req.originalUrl);
  });
  return app;
}
