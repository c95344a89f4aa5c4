/**
 * The console's two cookies. Both are HttpOnly (no script reads them) and SameSite=Lax (a form
 * posted from another site arrives without them), and Secure when PUBLIC_BASE_URL is https, where
 * they also take the `__Host-` prefix: the browser then refuses them from a sibling subdomain or
 * over plain http, so nobody can plant one.
 */
import type { CookieOptions, Request, Response } from 'express';

export interface CookieJar {
  /** The session id. */
  session: string;
  /** The sign-in forms' CSRF token, before there is a session to hold one (double submit). */
  preSession: string;
  secure: boolean;
}

export function cookieJar(publicBaseUrl: string): CookieJar {
  const secure = publicBaseUrl.startsWith('https:');
  const prefix = secure ? '__Host-' : '';
  return { session: `${prefix}ft_session`, preSession: `${prefix}ft_signin`, secure };
}

/** RFC 6265 `Cookie` header → name/value pairs; the first of a repeated name wins, as browsers send the most specific first. */
export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(value);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export function cookieOptions(jar: CookieJar, maxAgeMs?: number): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure: jar.secure, path: '/', ...(maxAgeMs === undefined ? {} : { maxAge: maxAgeMs }) };
}

export function clearCookie(res: Response, jar: CookieJar, name: string): void {
  res.clearCookie(name, cookieOptions(jar));
}
