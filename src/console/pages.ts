/**
 * The pages the server renders itself, as plain HTML: sign-in, the emailed link's page, sign-out,
 * and the error pages (403, 404, 400, 500). They use the console's stylesheet and no script. The
 * console proper is one HTML shell for every path (shell()), which the client then renders.
 */
import type { Manifest } from './assets';
import type { Role } from '../shared/vocab';

export const esc = (s: string): string => s.replace(/[<>&'"]/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** JSON safe inside a <script type="application/json">: no `</script>` or `<!--` can close it early. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

function document(title: string, head: string, body: string): string {
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<meta name="color-scheme" content="light"><title>${esc(title)} · Followthrough</title>${head}</head>${body}</html>`
  );
}

/** A server page: the stylesheet (when the client is built) and one narrow column. */
export function page(assets: Manifest | undefined, title: string, main: string): string {
  const head = assets ? `<link rel="stylesheet" href="${esc(assets.style)}">` : '';
  return document(
    title,
    head,
    `<body><a class="skip" href="#main">Skip to content</a><header class="bar"><span class="brand">Followthrough</span></header>` +
      `<main id="main" class="narrow"><h1>${esc(title)}</h1>${main}</main></body>`,
  );
}

const hidden = (name: string, value: string) => `<input type="hidden" name="${esc(name)}" value="${esc(value)}">`;

export interface SignInForm {
  csrf: string;
  next: string;
  email?: string;
  /** Shown next to the field it is about. */
  emailError?: string;
  keyError?: string;
}

export function signInPage(assets: Manifest | undefined, f: SignInForm): string {
  const fieldError = (id: string, text?: string) => (text ? `<p class="field-error" id="${id}">${esc(text)}</p>` : '');
  const invalid = (id: string, text?: string) => (text ? ` aria-invalid="true" aria-describedby="${id}"` : '');
  return page(
    assets,
    'Sign in',
    `<p>We email you a link that signs you in once. Use the address the staff directory has for you.</p>` +
      `<form method="post" action="/login" class="stack">${hidden('csrf', f.csrf)}${hidden('next', f.next)}` +
      `<label for="email">Work email</label><input id="email" name="email" type="email" autocomplete="email" required maxlength="254" value="${esc(f.email ?? '')}"${invalid('email-error', f.emailError)}>` +
      `${fieldError('email-error', f.emailError)}<button type="submit" class="primary">Email me a sign-in link</button></form>` +
      `<section class="aside" aria-labelledby="dev-key"><h2 id="dev-key">Sign in with an API key</h2>` +
      `<p>For development: a key from <code>npm start</code> or <code>npm run admin -- issue-key</code> acts as its person here too.</p>` +
      `<form method="post" action="/login/key" class="stack">${hidden('csrf', f.csrf)}${hidden('next', f.next)}` +
      `<label for="key">API key</label><input id="key" name="key" type="password" autocomplete="off" required maxlength="100"${invalid('key-error', f.keyError)}>` +
      `${fieldError('key-error', f.keyError)}<button type="submit">Sign in with the key</button></form></section>`,
  );
}

export const linkSentPage = (assets: Manifest | undefined, minutes: number) =>
  page(
    assets,
    'Check your email',
    `<p role="status">If that address belongs to someone in the staff directory, a sign-in link is on its way. It works once, within ${minutes} minutes.</p>` +
      `<p><a href="/login">Back to sign-in</a></p>`,
  );

/** The emailed link opens this; only the button's POST signs in, because mail scanners open links too. */
export const linkPage = (assets: Manifest | undefined, csrf: string, token: string) =>
  page(
    assets,
    'Sign in to Followthrough',
    `<p>This link signs you in once, on this browser.</p><form method="post" action="/login/link">${hidden('csrf', csrf)}${hidden('token', token)}` +
      `<button type="submit" class="primary">Sign in</button></form>`,
  );

export const signOutPage = (assets: Manifest | undefined, csrf: string, name: string) =>
  page(
    assets,
    'Sign out',
    `<p>Signed in as ${esc(name)}.</p><form method="post" action="/logout">${hidden('csrf', csrf)}<button type="submit" class="primary">Sign out</button></form>` +
      `<p><a href="/">Back to the console</a></p>`,
  );

/** An error page: what happened, and where to go from here. */
export const errorPage = (assets: Manifest | undefined, title: string, detail: string, back = '<a href="/">Go to the console</a>') =>
  page(assets, title, `<p>${esc(detail)}</p><p>${back}</p>`);

export interface ShellBoot {
  me: { id: string; name: string; role: Role; teamId: string | null; email?: string; phone?: string; timezone: string };
  /** The team's supervisor: who a new commitment's escalation goes to first. */
  supervisor?: { id: string; name: string; email?: string; phone?: string };
}

/** The console's one HTML shell: the client renders every path from it. */
export function shell(assets: Manifest, csrf: string, boot: ShellBoot): string {
  return document(
    'Console',
    `<meta name="csrf-token" content="${esc(csrf)}"><link rel="stylesheet" href="${esc(assets.style)}"><script type="module" src="${esc(assets.script)}"></script>`,
    `<body><div id="app"><p class="narrow">Loading the console…</p><noscript><p class="narrow">The console needs JavaScript. The API works without it: see /openapi.json.</p></noscript></div>` +
      `<script type="application/json" id="ft-boot">${scriptJson(boot)}</script></body>`,
  );
}
