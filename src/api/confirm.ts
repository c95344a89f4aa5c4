/**
 * The small page behind the links in the "is it resolved?" email. GET only shows the question
 * (mail scanners open links; an answer must never be recorded by merely opening one); the form
 * POST records it. Each ask takes one answer: the YES and NO links share a row in link_answers.
 */
import type { Client } from '@temporalio/client';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import express, { Router, type Response } from 'express';
import type { Pool } from 'pg';
import { InvalidLinkError, verifyLink, type LinkClaims } from '../links';
import { commitmentWorkflowId, customerReplyUpdate } from '../shared/contract';

export interface ConfirmDeps {
  client: Client;
  db: Pool;
  linkSecret?: string;
}

const esc = (s: string) => s.replace(/[<>&'"]/g, (ch) => `&#${ch.charCodeAt(0)};`);

function page(res: Response, status: number, title: string, body: string): void {
  res
    .status(status)
    .type('html')
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
        `<title>${esc(title)}</title><style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#222}` +
        `button{font:inherit;padding:.6rem 1.2rem;margin-top:1rem}textarea{width:100%;min-height:5rem;font:inherit}label{display:block;margin-top:1rem}</style></head>` +
        `<body><h1>${esc(title)}</h1>${body}</body></html>`,
    );
}

function claimsOr(res: Response, secret: string | undefined, token: string): LinkClaims | undefined {
  try {
    if (!secret) throw new InvalidLinkError('forged');
    return verifyLink(secret, token);
  } catch (err) {
    const expired = err instanceof InvalidLinkError && err.reason === 'expired';
    page(res, expired ? 410 : 404, expired ? 'This link has expired' : 'This link is not valid', `<p>${expired ? 'The question this link answered has closed.' : 'Please use the link from your most recent email.'} If anything is still wrong, reply to that email and it comes straight to us.</p>`);
    return undefined;
  }
}

export function confirmRouter(deps: ConfirmDeps): Router {
  const router = Router();

  router.get('/c/:token', (req, res) => {
    const claims = claimsOr(res, deps.linkSecret, req.params.token);
    if (!claims) return;
    const form =
      claims.a === 'yes'
        ? `<p>Glad to hear it. How did we do? (optional)</p>${[1, 2, 3, 4, 5].map((n) => `<label><input type="radio" name="rating" value="${n}"> ${n}${n === 1 ? ' (poor)' : n === 5 ? ' (great)' : ''}</label>`).join('')}<button type="submit">Yes, it's resolved</button>`
        : `<label for="text">What is still not right? A supervisor will read this before contacting you.</label><textarea id="text" name="text" maxlength="1600"></textarea><button type="submit">No, it's not resolved</button>`;
    page(res, 200, claims.a === 'yes' ? 'Is it fully resolved?' : 'Sorry it is not sorted yet', `<form method="post">${form}</form>`);
  });

  router.post('/c/:token', express.urlencoded({ extended: false, limit: '8kb' }), async (req, res) => {
    const claims = claimsOr(res, deps.linkSecret, req.params.token);
    if (!claims) return;
    const form = req.body as { rating?: string; text?: string };
    const claimed = await deps.db.query('INSERT INTO link_answers (commitment_id, cycle, answer) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [claims.c, claims.n, claims.a]);
    if (claimed.rowCount === 0) return page(res, 409, 'Already answered', '<p>We already have your answer to this question. Thank you.</p>');
    const handle = deps.client.workflow.getHandle(commitmentWorkflowId(claims.c));
    try {
      const text = form.text?.trim().slice(0, 1600);
      await handle.executeUpdate(customerReplyUpdate, { args: [{ answer: claims.a, via: 'link', ...(text ? { text } : {}) }] });
      const rating = Number(form.rating);
      if (claims.a === 'yes' && Number.isInteger(rating) && rating >= 1 && rating <= 5) {
        await handle.executeUpdate(customerReplyUpdate, { args: [{ answer: 'rating', rating, via: 'link' }] });
      }
    } catch (err) {
      // Not recorded: free the answer so a later, valid attempt is not refused as a repeat.
      await deps.db.query('DELETE FROM link_answers WHERE commitment_id = $1 AND cycle = $2', [claims.c, claims.n]);
      const why = err instanceof WorkflowUpdateFailedError && err.cause ? err.cause.message : 'We could not record your answer just now. Please try again in a minute.';
      return page(res, 409, 'We could not record that', `<p>${esc(why)}</p>`);
    }
    page(res, 200, 'Thank you', claims.a === 'yes' ? '<p>Thanks for confirming. We are glad it is sorted.</p>' : '<p>Thank you for telling us. A supervisor now owns this and will contact you; you will not need to explain it again.</p>');
  });

  return router;
}
