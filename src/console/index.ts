/**
 * The console, served by the API process on the same origin: sign-in and sign-out, the built
 * client's files, and one HTML shell for every console page. Mounted after the /v1 routers: the
 * console reads and changes state only through /v1, authenticated by its session cookie
 * (./session-auth.ts). Errors here are answered with HTML pages, not problem documents.
 */
import type { Client } from '@temporalio/client';
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Pool } from 'pg';
import type { Limits } from '../api/limits';
import { loggedRequest } from '../api/log-path';
import type { MailSender } from '../channels/types';
import { ASSETS_PATH, assetsHandler, ClientNotBuiltError, consoleDistDir, manifestReader, type Manifest } from './assets';
import type { CookieJar } from './cookies';
import { loginRouter } from './login';
import { errorPage } from './pages';
import { shellRouter } from './shell';

export { cookieJar } from './cookies';
export { apiAuthentication } from './session-auth';
export { securityHeaders } from './security';

export interface ConsoleDeps {
  db: Pool;
  client: Client;
  /** Sends the sign-in links: the product's mail sender (SMTP when configured, else the outbox). */
  mail: MailSender;
  publicBaseUrl: string;
  jar: CookieJar;
  log: (line: string) => void;
  /** Where the built client is; default dist/console beside package.json. */
  distDir?: string;
  /** Counts sign-in attempts per address (../api/limits.ts); none when absent. */
  signInLimit?: Limits['signIn'];
}

export function consoleRouter(deps: ConsoleDeps): Router {
  const dir = deps.distDir ?? consoleDistDir();
  const assets = manifestReader(dir);
  const assetsIfBuilt = (): Manifest | undefined => {
    try {
      return assets();
    } catch {
      return undefined;
    }
  };
  const router = Router();
  router.use(ASSETS_PATH, assetsHandler(dir));
  router.use(loginRouter({ ...deps, assets: assetsIfBuilt }));
  router.use(shellRouter({ ...deps, assets }));

  // A browser asking for a page we do not have gets a page; API clients keep the JSON 404.
  router.use((req, res, next) => {
    if (req.method !== 'GET' || req.path.startsWith('/v1/') || req.accepts(['json', 'html']) !== 'html') return next();
    res
      .status(404)
      .type('html')
      .send(errorPage(assetsIfBuilt(), 'Not found', `There is no page at ${req.path}.`));
  });

  router.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const status = (err as { status?: unknown }).status;
    if (status === 404)
      return res
        .status(404)
        .type('html')
        .send(errorPage(assetsIfBuilt(), 'Not found', `There is no file at ${req.path}.`));
    // body-parser's refusals (a form too large, a bad encoding) are the sender's mistakes, never a 5xx.
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return res
        .status(status)
        .type('html')
        .send(errorPage(assetsIfBuilt(), 'That form could not be read', 'Go back, reload the page and try again.'));
    }
    if (err instanceof ClientNotBuiltError) {
      deps.log(err.message);
      return res
        .status(503)
        .type('html')
        .send(errorPage(undefined, 'The console is not built', 'Run `npm run build` (npm start does it for you), then reload.'));
    }
    deps.log(`${loggedRequest(req)} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    res
      .status(500)
      .type('html')
      .send(errorPage(assetsIfBuilt(), 'Something failed on our side', 'It has been logged. Try again in a minute.'));
  });
  return router;
}
