/**
 * The /v1 API for browsers: a request without an Authorization header may carry the console's
 * session cookie instead, and is then the same principal with the same rules as that person's
 * key. A cookie rides along with any request the browser makes, even one another site starts, so
 * every unsafe method authenticated by it must also carry the session's CSRF token in
 * `X-CSRF-Token` (which another site cannot read); without it the request is refused 403.
 */
import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Pool } from 'pg';
import type { Authenticator, Principal } from '../api/auth';
import { problems } from '../api/problems';
import { findSession, type Session } from '../db/sessions';
import { readCookie, type CookieJar } from './cookies';

export const CSRF_HEADER = 'X-CSRF-Token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The principal of a session: keyId names the console, so idempotency keys are scoped per person there. */
export function sessionPrincipal(s: Session): Principal {
  return { staffId: s.staff.id, role: s.staff.role, teamId: s.staff.teamId, name: s.staff.name, keyId: `console:${s.staff.id}` };
}

/** The request's live session, if its cookie names one. */
export async function sessionOf(db: Pool, jar: CookieJar, req: Request): Promise<{ id: string; session: Session } | undefined> {
  const id = readCookie(req, jar.session);
  if (!id || id.length > 100) return undefined;
  const session = await findSession(db, id);
  return session && { id, session };
}

/** Constant-time comparison of a presented token with the expected one. */
export function tokensMatch(presented: string | undefined, expected: string): boolean {
  if (!presented) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Bearer key first (a request that sends one means it, and a bad one is a 401); else the session
 * cookie; else the bearer middleware's 401, which says how to authenticate.
 */
export function apiAuthentication(deps: { db: Pool; bearer: Authenticator['middleware']; jar: CookieJar }) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    if (req.get('authorization') !== undefined) return deps.bearer(req, res, next);
    const found = await sessionOf(deps.db, deps.jar, req);
    if (!found) return deps.bearer(req, res, next);
    if (!SAFE_METHODS.has(req.method) && !tokensMatch(req.get(CSRF_HEADER), found.session.csrfToken)) {
      throw problems.forbidden(`A change made with the console's session cookie must carry the session's CSRF token in the ${CSRF_HEADER} header.`);
    }
    res.locals.principal = sessionPrincipal(found.session);
    next();
  };
}
