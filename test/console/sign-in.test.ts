/**
 * Signing in to the console in a real Chromium: by the one-time link emailed to a person in the
 * directory (read from the test SMTP server), with an API key, and out again; the session cookie,
 * CSRF on every change, and the security headers of the pages.
 */
import { describe, expect, it } from 'vitest';
import { SESSION_IDLE_MS } from '../../src/db/sessions';
import { seriousViolations, signInWithKey, useBrowser } from '../support/browser';
import { AGENT_KEY, SUPERVISOR_KEY, useHarness } from '../support/harness';

const h = useHarness();
const browser = useBrowser();

/** The emailed link names PUBLIC_BASE_URL, which in the harness has no port; the path is what matters. */
async function linkFromMail(to: string, since: number): Promise<string> {
  const mail = await h.smtp.waitForMail((m) => m.to.includes(to) && m.subject.includes('sign-in link') && (m.receivedAt ?? 0) >= since, 10_000);
  const url = new URL(/https?:\/\/\S+\/login\/link\?token=\S+/.exec(mail.text)?.[0] ?? 'http://missing/');
  return `${h.baseUrl}${url.pathname}${url.search}`;
}

describe('signing in to the console', () => {
  it('takes a supervisor from the board to the sign-in page and back by the link emailed to them, which works once', async () => {
    const context = await browser().context();
    const page = await context.newPage();
    await page.goto(`${h.baseUrl}/board`);
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await seriousViolations(page)).toEqual([]);

    const asked = Date.now();
    await page.getByLabel('Work email').fill('SAM@support.example');
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Check your email');
    expect(await seriousViolations(page)).toEqual([]);
    const link = await linkFromMail('sam@support.example', asked);

    await page.goto(link);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${h.baseUrl}/board`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Board');

    const cookie = (await context.cookies()).find((c) => c.name === 'ft_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: false });

    // The same link again, even from the same browser, signs nobody in.
    await page.goto(link);
    const again = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/login/link') && r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ]);
    expect(again[0].status()).toBe(410);
    await context.close();
  });

  it('answers an address nobody here has exactly as it answers a colleague’s, and mails only the colleague', async () => {
    const answer = async (email: string) => {
      const context = await browser().context();
      const page = await context.newPage();
      await page.goto(`${h.baseUrl}/login`);
      await page.getByLabel('Work email').fill(email);
      await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
      const text = await page.locator('main').textContent();
      await context.close();
      return text;
    };
    const asked = Date.now();
    const stranger = await answer('someone@elsewhere.example');
    const colleague = await answer('lee@support.example');
    expect(stranger).toBe(colleague);
    // Lee's mail arriving proves the stranger's request has been handled too (it came first).
    await linkFromMail('lee@support.example', asked);
    expect(h.smtp.mails.filter((m) => m.to.includes('someone@elsewhere.example'))).toEqual([]);
  });

  it('refuses a change sent with the session cookie but without its CSRF token, and accepts it with the token', async () => {
    const context = await browser().context();
    const page = await context.newPage();
    await signInWithKey(page, h.baseUrl, AGENT_KEY, '/mine');
    const refused = await context.request.post(`${h.baseUrl}/v1/commitments`, { data: { summary: 'x' } });
    expect(refused.status()).toBe(403);
    expect(await refused.json()).toMatchObject({ status: 403, detail: expect.stringContaining('X-CSRF-Token') });

    const token = await page.locator('meta[name="csrf-token"]').getAttribute('content');
    const accepted = await context.request.post(`${h.baseUrl}/v1/commitments`, { data: { summary: 'x' }, headers: { 'X-CSRF-Token': token ?? '' } });
    // Past the CSRF check, the body is judged as any client's: a 400 naming the missing fields.
    expect(accepted.status()).toBe(400);
    expect((await accepted.json()).errors).toEqual(expect.arrayContaining([{ pointer: '/customer', detail: 'is required' }]));

    // Reads need no token, and act as the signed-in person.
    expect(await (await context.request.get(`${h.baseUrl}/v1/staff/me`)).json()).toMatchObject({ id: 'agent-dana', role: 'agent' });
    await context.close();
  });

  it('refuses a sign-in form posted without the token its page was served with', async () => {
    const res = await fetch(`${h.baseUrl}/login/key`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ key: SUPERVISOR_KEY }).toString(),
      redirect: 'manual',
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('set-cookie') ?? '').not.toContain('ft_session');
  });

  it('answers a sign-in form too large to read with a 413 page, not a server error', async () => {
    const res = await fetch(`${h.baseUrl}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `email=${'a'.repeat(20_000)}`,
    });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toContain('text/html');
  });

  it('signs out: the session cookie stops working at once, even replayed', async () => {
    const context = await browser().context();
    const page = await context.newPage();
    await signInWithKey(page, h.baseUrl, SUPERVISOR_KEY, '/board');
    const session = (await context.cookies()).find((c) => c.name === 'ft_session')?.value ?? '';
    await page.goto(`${h.baseUrl}/logout`);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.pathname === '/login');
    const replayed = await fetch(`${h.baseUrl}/v1/staff/me`, { headers: { cookie: `ft_session=${session}` } });
    expect(replayed.status).toBe(401);
    await context.close();
  });

  it('ends a session left idle for 12 hours, and any session a week after sign-in', async () => {
    const context = await browser().context();
    const page = await context.newPage();
    await signInWithKey(page, h.baseUrl, SUPERVISOR_KEY, '/board');
    const cookie = `ft_session=${(await context.cookies()).find((c) => c.name === 'ft_session')?.value ?? ''}`;
    const me = () => fetch(`${h.baseUrl}/v1/staff/me`, { headers: { cookie } }).then((r) => r.status);
    expect(await me()).toBe(200);
    await h.db.pool.query(`UPDATE console_sessions SET last_seen_at = now() - $1 * interval '1 millisecond' - interval '1 minute' WHERE staff_id = 'sup-sam'`, [
      SESSION_IDLE_MS,
    ]);
    expect(await me()).toBe(401);
    await h.db.pool.query(`UPDATE console_sessions SET last_seen_at = now(), expires_at = now() - interval '1 second' WHERE staff_id = 'sup-sam'`);
    expect(await me()).toBe(401);
    await context.close();
  });

  it('sends every page with a strict content security policy and no framing', async () => {
    const res = await fetch(`${h.baseUrl}/login`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });
});
