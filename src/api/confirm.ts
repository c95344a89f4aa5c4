/**
 * The small page behind the links in the "is it resolved?" email. GET only shows the question
 * (mail scanners open links; an answer must never be recorded by merely opening one); the form
 * POST records it. Each ask takes one answer: the YES and NO links share a row in link_answers.
 */
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { Response } from 'express';
import { z } from 'zod';
import { claimLinkAnswer, releaseLinkAnswer } from '../db/link-answers';
import { InvalidLinkError, verifyLink, type LinkClaims } from '../links';
import { commitmentWorkflowId, customerReplyUpdate, type CustomerReply } from '../shared/contract';
import { route, type AnyRoute } from './route';
import { cleanText } from './text';
import { withDeadline } from './unavailable';

export const esc = (s: string) => s.replace(/[<>&'"]/g, (ch) => `&#${ch.charCodeAt(0)};`);

export function page(res: Response, status: number, title: string, body: string): void {
  res
    // The address carries the signed token: no cache, shared or private, keeps the page.
    .set('Cache-Control', 'no-store')
    .status(status)
    .type('html')
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
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
    handle: ({ params, res }, deps) => {
      const claims = claimsOr(res, deps.linkSecret, params.token);
      if (!claims) return;
      const form =
        claims.a === 'yes'
          ? `<p>Glad to hear it. How did we do? (optional)</p>${[1, 2, 3, 4, 5].map((n) => `<label><input type="radio" name="rating" value="${n}"> ${n}${n === 1 ? ' (poor)' : n === 5 ? ' (great)' : ''}</label>`).join('')}<button type="submit">Yes, it's resolved</button>`
          : `<label for="text">What is still not right? A supervisor will read this before contacting you.</label><textarea id="text" name="text" maxlength="1600"></textarea><button type="submit">No, it's not resolved</button>`;
      page(res, 200, claims.a === 'yes' ? 'Is it fully resolved?' : 'Sorry it is not sorted yet', `<form method="post">${form}</form>`);
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
      if (!(await claimLinkAnswer(deps.db, claims.c, claims.n, claims.a)))
        return page(res, 409, 'Already answered', '<p>We already have your answer to this question. Thank you.</p>');
      const handle = deps.client.workflow.getHandle(commitmentWorkflowId(claims.c));
      const reply = (answer: CustomerReply) =>
        withDeadline(deps.client, deps.temporalDeadlineMs, () => handle.executeUpdate(customerReplyUpdate, { args: [answer] }));
      try {
        await reply({ answer: claims.a, via: 'link', ...(body.text ? { text: body.text } : {}) });
        if (claims.a === 'yes' && body.rating !== undefined) await reply({ answer: 'rating', rating: body.rating, via: 'link' });
      } catch (err) {
        // Not recorded: free the answer so a later, valid attempt is not refused as a repeat.
        await releaseLinkAnswer(deps.db, claims.c, claims.n);
        const why =
          err instanceof WorkflowUpdateFailedError && err.cause ? err.cause.message : 'We could not record your answer just now. Please try again in a minute.';
        return page(res, 409, 'We could not record that', `<p>${esc(why)}</p>`);
      }
      page(
        res,
        200,
        'Thank you',
        claims.a === 'yes'
          ? '<p>Thanks for confirming. We are glad it is sorted.</p>'
          : '<p>Thank you for telling us. A supervisor now owns this and will contact you; you will not need to explain it again.</p>',
      );
    },
  }),
];
