/**
 * The small page behind the links in the "is it resolved?" email. GET only shows the question
 * (mail scanners open links; an answer must never be recorded by merely opening one); the form
 * POST records it. Each ask takes one answer: the YES and NO links share a row in link_answers.
 *
 * In the customer's language (their commitment's `customer.locale`), from the catalogues'
 * `page.answer.*`; a link that opens no commitment we can find, or none at all, is answered in English.
 */
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { Response } from 'express';
import { z } from 'zod';
import { findCommitment } from '../db/commitments';
import { claimLinkAnswer, releaseLinkAnswer } from '../db/link-answers';
import { InvalidLinkError, verifyLink, type LinkClaims } from '../links';
import type { MessageKey } from '../messages/catalogue';
import { text, type TextValues } from '../messages/format';
import { commitmentWorkflowId, customerReplyUpdate, type CustomerReply } from '../shared/contract';
import { DEFAULT_CUSTOMER_LOCALE, localeOf, type CustomerLocale } from '../shared/locale';
import type { ApiDeps } from './deps';
import { route, type AnyRoute } from './route';
import { cleanText } from './text';
import { withDeadline } from './unavailable';

export const esc = (s: string) => s.replace(/[<>&'"]/g, (ch) => `&#${ch.charCodeAt(0)};`);

/**
 * A page's words from the catalogue, as HTML: each value escaped, the catalogue's own words as
 * written (they are ours and hold no markup), so an apostrophe reads as it always has.
 */
export function words(locale: CustomerLocale, key: MessageKey, values: TextValues = {}): string {
  return text(locale, key, Object.fromEntries(Object.entries(values).map(([name, value]) => [name, esc(value)])));
}

/** `title` is plain text; `body` is HTML; `locale` is the language the page is written in. */
export function page(res: Response, status: number, title: string, body: string, locale: CustomerLocale = DEFAULT_CUSTOMER_LOCALE): void {
  res
    // The address carries the signed token: no cache, shared or private, keeps the page.
    .set('Cache-Control', 'no-store')
    .status(status)
    .type('html')
    .send(
      `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
        `<title>${esc(title)}</title><style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#222}` +
        `button{font:inherit;padding:.6rem 1.2rem;margin-top:1rem}textarea{width:100%;min-height:5rem;font:inherit}label{display:block;margin-top:1rem}</style></head>` +
        `<body><h1>${esc(title)}</h1>${body}</body></html>`,
    );
}

/**
 * A signed link's claims, or undefined after answering the page that says why not: 404 for a
 * forged or malformed token, 410 for an expired one. `words` says what closed, in the page's terms.
 */
export function verifiedOr<T>(
  res: Response,
  secret: string | undefined,
  verify: (secret: string) => T,
  words: { closed: string; invalid: string; help: string },
): T | undefined {
  try {
    if (!secret) throw new InvalidLinkError('forged');
    return verify(secret);
  } catch (err) {
    const expired = err instanceof InvalidLinkError && err.reason === 'expired';
    page(
      res,
      expired ? 410 : 404,
      expired ? 'This link has expired' : 'This link is not valid',
      `<p>${expired ? words.closed : words.invalid} ${words.help}</p>`,
    );
    return undefined;
  }
}

const claimsOr = (res: Response, secret: string | undefined, token: string): LinkClaims | undefined =>
  verifiedOr(res, secret, (key) => verifyLink(key, token), {
    closed: 'The question this link answered has closed.',
    invalid: 'Please use the link from your most recent email.',
    help: 'If anything is still wrong, reply to that email and it comes straight to us.',
  });

/**
 * The language of the customer a link was sent to: English when their commitment is not found, or
 * while Postgres cannot say (the answer itself goes to the workflow, which needs no Postgres).
 */
async function localeFor(deps: ApiDeps, id: string): Promise<CustomerLocale> {
  const c = await findCommitment(deps.db, id).catch(() => undefined);
  return c ? localeOf(c.customer) : DEFAULT_CUSTOMER_LOCALE;
}

const TokenParams = z.object({ token: z.string().min(1).max(2048) });

/** The page's own form; anything else a browser might add is ignored, never refused. */
export const AnswerForm = z
  .looseObject({
    rating: z
      .string()
      .optional()
      .transform((v) => (v !== undefined && /^[1-5]$/.test(v) ? Number(v) : undefined)),
    text: z
      .string()
      .optional()
      // The customer's words are kept whatever they hold: a stray control character is dropped, not refused.
      .transform((v) => (v === undefined ? undefined : cleanText(v, 1600) || undefined)),
  })
  .meta({ id: 'AnswerForm' });

const html = (description: string) => ({ description, content: { 'text/html': { schema: z.string() } } });

export const confirmRoutes: AnyRoute[] = [
  route({
    method: 'get',
    path: '/c/{token}',
    operationId: 'getConfirmationPage',
    tag: 'Confirmations',
    summary: "The customer's answer page behind the signed links in the satisfaction email (shows the question; records nothing)",
    auth: 'public',
    params: TokenParams,
    responses: { 200: html('The question, as a form'), 404: html('Invalid link'), 410: html('Expired link') },
    handle: async ({ params, res }, deps) => {
      const claims = claimsOr(res, deps.linkSecret, params.token);
      if (!claims) return;
      const locale = await localeFor(deps, claims.c);
      const w = (key: MessageKey) => words(locale, key);
      const scale = (n: number) => (n === 1 ? ` ${w('page.answer.poor')}` : n === 5 ? ` ${w('page.answer.great')}` : '');
      const form =
        claims.a === 'yes'
          ? `<p>${w('page.answer.yesAsk')}</p>${[1, 2, 3, 4, 5].map((n) => `<label><input type="radio" name="rating" value="${n}"> ${n}${scale(n)}</label>`).join('')}<button type="submit">${w('page.answer.yesButton')}</button>`
          : `<label for="text">${w('page.answer.noLabel')}</label><textarea id="text" name="text" maxlength="1600"></textarea><button type="submit">${w('page.answer.noButton')}</button>`;
      page(res, 200, text(locale, claims.a === 'yes' ? 'page.answer.yesTitle' : 'page.answer.noTitle'), `<form method="post">${form}</form>`, locale);
    },
  }),
  route({
    method: 'post',
    path: '/c/{token}',
    operationId: 'submitConfirmation',
    tag: 'Confirmations',
    summary: 'Records the answer (once per question), with an optional rating or the customer’s words',
    auth: 'public',
    params: TokenParams,
    body: AnswerForm,
    responses: { 200: html('Thank-you page'), 404: html('Invalid link'), 409: html('Already answered, or no longer asked'), 410: html('Expired link') },
    handle: async ({ params, body, res }, deps) => {
      const claims = claimsOr(res, deps.linkSecret, params.token);
      if (!claims) return;
      const locale = await localeFor(deps, claims.c);
      const say = (status: number, title: MessageKey, body: string) => page(res, status, text(locale, title), `<p>${body}</p>`, locale);
      if (!(await claimLinkAnswer(deps.db, claims.c, claims.n, claims.a))) return say(409, 'page.answer.alreadyTitle', words(locale, 'page.answer.already'));
      const handle = deps.client.workflow.getHandle(commitmentWorkflowId(claims.c));
      const reply = (answer: CustomerReply) =>
        withDeadline(deps.client, deps.temporalDeadlineMs, () => handle.executeUpdate(customerReplyUpdate, { args: [answer] }));
      try {
        await reply({ answer: claims.a, via: 'link', ...(body.text ? { text: body.text } : {}) });
        if (claims.a === 'yes' && body.rating !== undefined) await reply({ answer: 'rating', rating: body.rating, via: 'link' });
      } catch (err) {
        // Not recorded: free the answer so a later, valid attempt is not refused as a repeat.
        await releaseLinkAnswer(deps.db, claims.c, claims.n);
        // Refused by the commitment: its reason is in English, so another language says it in its own words.
        const refused = err instanceof WorkflowUpdateFailedError && err.cause ? err.cause.message : undefined;
        const why = refused === undefined ? words(locale, 'page.answer.failed') : locale === 'en-US' ? esc(refused) : words(locale, 'page.answer.closed');
        return say(409, 'page.answer.failedTitle', why);
      }
      say(200, 'page.answer.thanksTitle', words(locale, claims.a === 'yes' ? 'page.answer.thanksYes' : 'page.answer.thanksNo'));
    },
  }),
];
