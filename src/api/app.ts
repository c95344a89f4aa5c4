/**
 * Builds the express app from injected dependencies and the route table. Listening is someone
 * else's job (src/compose/api.ts builds what this needs; api.ts, start.ts and tests listen).
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import { createOutboxMail } from '../channels/outbox';
import { apiAuthentication, consoleRouter, cookieJar, securityHeaders } from '../console';
import { codecAuthentication, codecCors } from './codec';
import type { ApiDeps } from './deps';
import { directoryProblem } from '../people/routes';
import { loggedRequest } from './log-path';
import { HttpProblem, problems, sendProblem } from './problems';
import { mountRoutes } from './router';
import { ROUTES } from './routes';
import { unavailableDependency, unavailableProblem } from './unavailable';

export type { ApiDeps } from './deps';
export { BODY_LIMIT } from './router';

/**
 * body-parser's refusals are the client's mistakes, never 5xx. Its own carry a `type`; a body that
 * does not inflate (garbage under `Content-Encoding: gzip`) comes from zlib with only a 400 status,
 * marked `expose` as http-errors marks every error meant for the client.
 */
function bodyParserProblem(err: unknown): HttpProblem | undefined {
  const { type, status, expose } = err as { type?: string; status?: unknown; expose?: unknown };
  if (type === 'entity.parse.failed') {
    return problems.invalid([{ pointer: '', detail: 'is not valid JSON' }], 'The body is not valid JSON.');
  }
  if (type === 'entity.too.large') return problems.tooLarge(sizeOf((err as { limit?: unknown }).limit));
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') return problems.unsupportedMediaType();
  if (expose === true && typeof status === 'number' && status >= 400 && status < 500) {
    return problems.invalid(
      [{ pointer: '', detail: 'could not be read' }],
      'The body could not be read: it does not match its Content-Encoding, or it ended early.',
    );
  }
  return undefined;
}

/** body-parser's limit in bytes, as a person reads it: 64 KB, 3 MB. */
function sizeOf(limit: unknown): string {
  if (typeof limit !== 'number') return '64 KB';
  return limit >= 1024 * 1024 ? `${Math.round(limit / (1024 * 1024))} MB` : `${Math.round(limit / 1024)} KB`;
}

/** A dependency that is down or too slow is a 503 naming it, never a 500 or a hang. */
function dependencyProblem(err: unknown): HttpProblem | undefined {
  const dependency = unavailableDependency(err);
  return dependency ? unavailableProblem(dependency) : undefined;
}

export function createApp(deps: ApiDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // The source address the limits count by is the client's, behind as many proxies as TRUST_PROXY says.
  app.set('trust proxy', deps.trustProxy ?? false);
  app.use(securityHeaders(deps.publicBaseUrl));
  // Before the limits, so a 429 reaches the Temporal UI readable.
  app.use('/codec', codecCors(deps));
  const { limits } = deps;
  app.use(limits.byAddress);
  // Who a caller is comes from their key or, in the console, their session: never from a body.
  const jar = cookieJar(deps.publicBaseUrl);
  mountRoutes(app, ROUTES, deps, {
    key: apiAuthentication({ db: deps.db, bearer: deps.auth.middleware, jar }),
    codec: codecAuthentication(deps),
    perPrincipal: limits.byPrincipal,
  });
  // The console's pages, after the API and before the JSON 404: HTML for browsers, not API routes.
  const log = deps.log ?? (() => {});
  app.use(
    consoleRouter({
      db: deps.db,
      client: deps.client,
      mail: deps.mail ?? createOutboxMail(log),
      publicBaseUrl: deps.publicBaseUrl,
      jar,
      log,
      signInLimit: limits.signIn,
    }),
  );

  app.use((req: Request) => {
    throw problems.notFound(`Nothing is served at ${req.method} ${req.path}. See /openapi.json.`);
  });
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const problem = err instanceof HttpProblem ? err : (bodyParserProblem(err) ?? directoryProblem(err) ?? dependencyProblem(err));
    if (problem?.status === 503) deps.log?.(`${loggedRequest(req)}: ${problem.detail ?? ''} (${err instanceof Error ? err.message : String(err)})`);
    if (problem) return sendProblem(res, problem, req.originalUrl);
    deps.log?.(`${loggedRequest(req)} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    sendProblem(res, new HttpProblem(500, 'about:blank', 'Internal error', 'Something failed on our side; it has been logged.'), req.originalUrl);
  });
  return app;
}
