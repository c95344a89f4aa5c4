/**
 * Signing in and out. Staff in the directory ask for a one-time link by email; the answer is the
 * same whoever asks, and comes before the mail is sent, so the form tells nobody who works here.
 * The link opens a page whose button signs in (mail scanners open links, and must not use them
 * up). An API key signs in too, for development. The forms carry a CSRF token that must match a
 * cookie set with them (double submit): another site can post a form, but not read or set that.
 */
import { randomBytes } from 'node:crypto';
import express, { Router, type Request, type Response } from 'express';
import type { Pool } from 'pg';
import { z } from 'zod';
import type { Limits } from '../api/limits';
import { problems, sendProblem } from '../api/problems';
import type { MailSender } from '../channels/types';
import { findKeyHolder, hashSecret, SECRET_FORMAT } from '../people/store/keys';
import { findSignInRecipient, issueLoginToken, LOGIN_TOKEN_TTL_MS, redeemLoginToken } from '../db/login-tokens';
import { endSession, openSession, SESSION_MAX_MS, type SessionOrigin } from '../db/sessions';
import type { Manifest } from './assets';
import { clearCookie, cookieOptions, readCookie, type CookieJar } from './cookies';
import { safeNext } from './paths';
import { errorPage, linkPage, linkSentPage, signInPage, signOutPage } from './pages';
import { sessionOf, tokensMatch } from './session-auth';

export interface LoginDeps {
  db: Pool;
  mail: MailSender;
  publicBaseUrl: string;
  jar: CookieJar;
  assets: () => Manifest | undefined;
  log: (line: string) => void;
  signInLimit?: Limits['signIn'];
}

const form = express.urlencoded({ extended: false, limit: '8kb' });
const field = z.string().max(300).optional();
const SignInForm = z.object({ csrf: field, next: field, email: field, key: field, token: field });
const Email = z.email().max(254);
const LINK_TOKEN = /^[A-Za-z0-9_-]{43}$/;

export function loginRouter(deps: LoginDeps): Router {
  const router = Router();
  const html = (res: Response, status: number, body: string) => res.status(status).type('html').send(body);
  /** Too many sign-in attempts from one address: a page for a browser, a problem document for anything else. */
  const tooMany = (req: Request, res: Response, seconds: number) => {
    res.set('Retry-After', String(seconds));
    if (req.accepts(['json', 'html']) === 'html') {
      return html(
        res,
        429,
        errorPage(
          deps.assets(),
          'Too many sign-in attempts',
          `Too many attempts from this address. Try again in ${Math.ceil(seconds / 60)} minutes.`,
          '<a href="/login">Sign in</a>',
        ),
      );
    }
    sendProblem(res, problems.tooManyRequests(seconds, `Too many sign-in attempts from this address; try again in ${seconds} seconds.`), req.originalUrl);
  };
  const limited = deps.signInLimit?.(tooMany) ?? ((_req: Request, _res: Response, next: () => void) => next());

  /** The sign-in forms' token: the cookie's, or a new one set now. */
  function formToken(req: Request, res: Response): string {
    const current = readCookie(req, deps.jar.preSession);
    if (current && /^[A-Za-z0-9_-]{43}$/.test(current)) return current;
    const fresh = randomBytes(32).toString('base64url');
    res.cookie(deps.jar.preSession, fresh, cookieOptions(deps.jar));
    return fresh;
  }

  /** The posted form, once its CSRF token is known to match; otherwise the 403 page has been sent. */
  function postedForm(req: Request, res: Response): z.infer<typeof SignInForm> | undefined {
    const parsed = SignInForm.safeParse(req.body ?? {});
    const body = parsed.success ? parsed.data : {};
    if (tokensMatch(body.csrf, readCookie(req, deps.jar.preSession) ?? '')) return body;
    html(
      res,
      403,
      errorPage(
        deps.assets(),
        'This form has expired',
        'The sign-in form was opened in another browser session or too long ago. Open it again and retry.',
        '<a href="/login">Sign in</a>',
      ),
    );
    return undefined;
  }

  /** False when the person was deactivated (or the key revoked) since it was checked: no session. */
  async function signIn(res: Response, staffId: string, origin: SessionOrigin, next: string): Promise<boolean> {
    const opened = await openSession(deps.db, staffId, origin);
    if (!opened) return false;
    res.cookie(deps.jar.session, opened.id, cookieOptions(deps.jar, SESSION_MAX_MS));
    clearCookie(res, deps.jar, deps.jar.preSession);
    res.redirect(303, next);
    return true;
  }

  router.get('/login', async (req, res) => {
    const next = safeNext(req.query.next);
    if (await sessionOf(deps.db, deps.jar, req)) return res.redirect(303, next);
    html(res, 200, signInPage(deps.assets(), { csrf: formToken(req, res), next }));
  });

  router.post('/login', limited, form, async (req, res) => {
    const body = postedForm(req, res);
    if (!body) return;
    const next = safeNext(body.next);
    const email = Email.safeParse(body.email?.trim());
    if (!email.success) {
      return html(
        res,
        400,
        signInPage(deps.assets(), {
          csrf: formToken(req, res),
          next,
          email: body.email ?? '',
          emailError: 'Enter an email address, such as dana@example.com.',
        }),
      );
    }
    const recipient = await findSignInRecipient(deps.db, email.data);
    const token = recipient && (await issueLoginToken(deps.db, recipient.staffId, next));
    if (recipient && token) {
      const link = `${deps.publicBaseUrl}/login/link?token=${token}`;
      const text = [
        `Hello ${recipient.name},`,
        '',
        'Open this link to sign in to the Followthrough console:',
        link,
        '',
        `It works once, within ${LOGIN_TOKEN_TTL_MS / 60_000} minutes. If you did not ask for it, ignore this email: nobody can sign in without the link.`,
      ].join('\n');
      // Not awaited: the answer must take as long for an address we know as for one we don't.
      deps.mail.send({ to: recipient.email, subject: 'Your sign-in link for Followthrough', text }).catch((err: unknown) => {
        deps.log(`console: the sign-in link for ${recipient.staffId} could not be sent: ${err instanceof Error ? err.message : String(err)}`);
      });
    }
    html(res, 200, linkSentPage(deps.assets(), LOGIN_TOKEN_TTL_MS / 60_000));
  });

  router.get('/login/link', (req, res) => {
    const token = typeof req.query.token === 'string' ? req.query.token : '';
    if (!LINK_TOKEN.test(token))
      return html(
        res,
        400,
        errorPage(deps.assets(), 'This sign-in link is not valid', 'Copy the whole link from the email, or ask for a new one.', '<a href="/login">Sign in</a>'),
      );
    html(res, 200, linkPage(deps.assets(), formToken(req, res), token));
  });

  router.post('/login/link', limited, form, async (req, res) => {
    const body = postedForm(req, res);
    if (!body) return;
    const redeemed = LINK_TOKEN.test(body.token ?? '') ? await redeemLoginToken(deps.db, body.token ?? '') : undefined;
    if (!redeemed || !(await signIn(res, redeemed.staffId, { method: 'email' }, redeemed.nextPath))) {
      const detail = 'Each link works once, within 15 minutes. Ask for a new one.';
      html(res, 410, errorPage(deps.assets(), 'This sign-in link has expired', detail, '<a href="/login">Sign in</a>'));
    }
  });

  router.post('/login/key', limited, form, async (req, res) => {
    const body = postedForm(req, res);
    if (!body) return;
    const key = body.key?.trim() ?? '';
    const holder = SECRET_FORMAT.test(key) ? await findKeyHolder(deps.db, hashSecret(key)) : undefined;
    const valid = holder && !holder.key.revokedAt && holder.staff.active;
    if (!valid || !(await signIn(res, holder.staff.id, { method: 'key', keyId: holder.key.id }, safeNext(body.next)))) {
      const keyError = 'That key is unknown, revoked, or belongs to someone deactivated.';
      html(res, 401, signInPage(deps.assets(), { csrf: formToken(req, res), next: safeNext(body.next), keyError }));
    }
  });

  router.get('/logout', async (req, res) => {
    const found = await sessionOf(deps.db, deps.jar, req);
    if (!found) return res.redirect(303, '/login');
    html(res, 200, signOutPage(deps.assets(), found.session.csrfToken, found.session.staff.name));
  });

  router.post('/logout', form, async (req, res) => {
    const found = await sessionOf(deps.db, deps.jar, req);
    const csrf = typeof (req.body as { csrf?: unknown } | undefined)?.csrf === 'string' ? (req.body as { csrf: string }).csrf : undefined;
    if (found && !tokensMatch(csrf, found.session.csrfToken)) {
      return html(res, 403, errorPage(deps.assets(), 'This form has expired', 'Reload the page and sign out again.', '<a href="/logout">Sign out</a>'));
    }
    if (found) await endSession(deps.db, found.id);
    clearCookie(res, deps.jar, deps.jar.session);
    res.redirect(303, '/login');
  });

  return router;
}
