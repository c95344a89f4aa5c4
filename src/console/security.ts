/**
 * Security headers for every HTML page we serve, from helmet. The console's policy allows scripts,
 * styles, fonts and requests from our own origin only (no CDN, nothing inline), no framing at all
 * (clickjacking an "Acknowledge" button is the attack), no plugins, and forms that post only back
 * to us. Referrers are never sent: a sign-in link must not leak to another site through one.
 */
import type { RequestHandler } from 'express';
import helmet from 'helmet';

export interface PageHeaderOptions {
  /** PUBLIC_BASE_URL is https: ask browsers to stay on https (HSTS) and upgrade stray http requests. */
  secure: boolean;
  /**
   * Pages that still carry an inline <style> (the customer answer page, src/api/confirm.ts).
   * Styles only: no page of ours ever runs an inline script.
   */
  inlineStyles?: boolean;
}

export function pageHeaders(opts: PageHeaderOptions): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': opts.inlineStyles ? ["'self'", "'unsafe-inline'"] : ["'self'"],
        'img-src': ["'self'", 'data:'],
        'font-src': ["'self'"],
        'connect-src': ["'self'"],
        'object-src': ["'none'"],
        'base-uri': ["'none'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
        // On plain http (a laptop, the tests) an upgrade would send every asset request to a port with no TLS.
        ...(opts.secure ? { 'upgrade-insecure-requests': [] } : {}),
      },
    },
    strictTransportSecurity: opts.secure ? { maxAge: 180 * 24 * 3600, includeSubDomains: false } : false,
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
    crossOriginEmbedderPolicy: false,
  });
}

/**
 * Headers for every response of the app: the console's strict policy, and the customer answer
 * pages (/c/…, rendered with an inline stylesheet) the same with inline styles allowed. On JSON
 * the policy changes nothing; it is there so that no HTML page can ever go out without it.
 */
export function securityHeaders(publicBaseUrl: string): RequestHandler {
  const secure = publicBaseUrl.startsWith('https:');
  const strict = pageHeaders({ secure });
  const answerPages = pageHeaders({ secure, inlineStyles: true });
  return (req, res, next) => (req.path.startsWith('/c/') ? answerPages : strict)(req, res, next);
}
