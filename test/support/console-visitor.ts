/**
 * A browser's side of the console over plain HTTP, for tests about sessions rather than pages:
 * it keeps cookies, fills the sign-in forms the server renders (with the CSRF token each carries)
 * and calls /v1 with the session cookie and the page's CSRF token, as the client does.
 */
import type { ReceivedMail } from '../../tools/testkit/smtp-server';

interface VisitorRequest {
  method?: string;
  form?: Record<string, string>;
  json?: unknown;
  headers?: Record<string, string>;
}

export interface Answer {
  status: number;
  location: string | null;
  text: string;
}

const hiddenValue = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';

/** The token of a sign-in link in a mail (the link names PUBLIC_BASE_URL; the token is what matters). */
export const linkTokenIn = (mail: ReceivedMail): string => /\/login\/link\?token=([A-Za-z0-9_-]+)/.exec(mail.text)?.[1] ?? '';

export class ConsoleVisitor {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly baseUrl: string) {}

  /** The session cookie's value, to replay it elsewhere. */
  get session(): string | undefined {
    return this.cookies.get('ft_session');
  }

  async fetch(path: string, init: VisitorRequest = {}): Promise<Answer> {
    const headers: Record<string, string> = { accept: 'text/html', ...init.headers };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    if (init.json !== undefined) {
      [headers['content-type'], headers.accept] = ['application/json', 'application/json'];
      body = JSON.stringify(init.json);
    }
    const method = init.method ?? 'GET';
    const res = await fetch(`${this.baseUrl}${path}`, { method, headers, redirect: 'manual', ...(body === undefined ? {} : { body }) });
    for (const set of res.headers.getSetCookie()) {
      const [pair = ''] = set.split(';');
      const [name = '', value = ''] = pair.split('=');
      if (value) this.cookies.set(name.trim(), value);
      else this.cookies.delete(name.trim());
    }
    return { status: res.status, location: res.headers.get('location'), text: await res.text() };
  }

  /** The sign-in page's key form, as a person fills it in; 303 when it signed in. */
  async signInWithKey(key: string): Promise<number> {
    const page = await this.fetch('/login?next=/mine');
    return (await this.fetch('/login/key', { method: 'POST', form: { csrf: hiddenValue(page.text, 'csrf'), next: '/mine', key } })).status;
  }

  /** Asks for a link by email (the answer is the same whoever asks). */
  async askForLink(email: string): Promise<number> {
    const page = await this.fetch('/login');
    return (await this.fetch('/login', { method: 'POST', form: { csrf: hiddenValue(page.text, 'csrf'), next: '/mine', email } })).status;
  }

  /** Opens a link's page and presses its button; 303 when it signed in, 410 when the link is dead. */
  async useLink(token: string): Promise<number> {
    const page = await this.fetch(`/login/link?token=${token}`);
    return (await this.fetch('/login/link', { method: 'POST', form: { csrf: hiddenValue(page.text, 'csrf'), token } })).status;
  }

  /** The CSRF token the shell of a console page carries (empty when the page is not served). */
  async csrfToken(): Promise<string> {
    return /<meta name="csrf-token" content="([^"]+)">/.exec((await this.fetch('/mine')).text)?.[1] ?? '';
  }

  /** A read through /v1 as the client makes it. */
  async read(path = '/v1/staff/me'): Promise<number> {
    return (await this.fetch(path, { headers: { accept: 'application/json' } })).status;
  }

  /** A change through /v1 as the client makes it, with the session's CSRF token. */
  async post(path: string, json: unknown, csrf: string): Promise<number> {
    return (await this.fetch(path, { method: 'POST', json, headers: { 'x-csrf-token': csrf } })).status;
  }
}
