/**
 * The supervisors' board in a real Chromium against the real server, worker and Temporal: a lapse
 * appears without a reload, is acknowledged from the board in two clicks and leaves the escalated
 * list; the alert email's link acknowledges in one click after sign-in; phone width and keyboard.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousViolations, signInWithKey, useBrowser } from '../support/browser';
import { commitmentBody, SUPERVISOR_KEY, useHarness } from '../support/harness';

const h = useHarness();
const browser = useBrowser();

async function create(summary: string, dueIn: string): Promise<string> {
  const res = await h.api('POST', '/v1/commitments', { body: commitmentBody({ summary, dueIn }) });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();

describe('the board', () => {
  it('shows a lapse without a reload; acknowledging it from the board takes it off the escalated list', async () => {
    const context = await browser().context();
    const page = await context.newPage();
    await signInWithKey(page, h.baseUrl, SUPERVISOR_KEY, '/board');
    await expect.poll(() => page.locator('#escalated').textContent()).toContain('Nothing is waiting for a supervisor.');
    await page.evaluate(() => ((globalThis as any).sameDocument = true));

    const id = await create('Call back about the frozen account', 'PT2S');
    const card = page.locator(`#escalated li[data-id="${id}"]`);
    await card.waitFor({ timeout: 30_000 });
    expect(await page.evaluate(() => (globalThis as any).sameDocument)).toBe(true);
    expect(await card.textContent()).toMatch(/Waiting \d+ (s|min)/);
    expect(await page.locator('[data-count="escalated"]').textContent()).toBe('1');
    expect(await seriousViolations(page)).toEqual([]);

    await card.getByRole('button', { name: /^Acknowledge/ }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.evaluate((d) => d.contains((globalThis as any).document.activeElement))).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByLabel('I will have it done').selectOption('PT2H');
    await dialog.getByRole('button', { name: 'Acknowledge' }).click();

    await card.waitFor({ state: 'detached' });
    expect(await page.locator('[data-count="escalated"]').textContent()).toBe('0');
    // A rescued lapse is still today's lapse, and still the original owner's.
    await expect.poll(() => page.locator(`#lapsedToday li[data-id="${id}"]`).textContent()).toContain('Acknowledged by Sam Okafor');
    expect(await page.locator(`#lapsedToday li[data-id="${id}"]`).textContent()).toContain("lapsed in Dana Reyes's hands");
    const after = await h.api('GET', `/v1/commitments/${id}`, { key: SUPERVISOR_KEY });
    expect(after.body).toMatchObject({ status: 'open', owner: { id: 'sup-sam' } });
    await context.close();
  });

  it('opens the acknowledge form from the alert email’s link, one click after signing in by email', async () => {
    const id = await create('Replace the missing router', 'PT2S');
    const alert = await h.smtp.waitForMail((m) => m.to.includes('sam@support.example') && m.subject.startsWith('Escalated') && m.text.includes(id), 30_000);
    const ackLink = /Acknowledge it with one click: (\S+)/.exec(alert.text)?.[1] ?? '';
    expect(ackLink).toBe(`${h.baseUrl}/commitments/${id}?do=acknowledge`);

    const context = await browser().context();
    const page = await context.newPage();
    await page.goto(ackLink);
    expect(new URL(page.url()).pathname).toBe('/login');
    const asked = Date.now();
    await page.getByLabel('Work email').fill('sam@support.example');
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    const mail = await h.smtp.waitForMail(
      (m) => m.to.includes('sam@support.example') && m.subject.includes('sign-in link') && (m.receivedAt ?? 0) >= asked,
      10_000,
    );
    const link = new URL(/http\S+\/login\/link\?token=\S+/.exec(mail.text)?.[0] ?? 'http://missing/');
    await page.goto(`${h.baseUrl}${link.pathname}${link.search}`);
    await page.getByRole('button', { name: 'Sign in' }).click();

    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(new URL(page.url()).pathname).toBe(`/commitments/${id}`);
    await dialog.getByRole('button', { name: 'Acknowledge' }).click();
    await expect.poll(() => page.locator('.badge').textContent()).toBe('open');
    await context.close();
  });

  it('works at phone width and by keyboard: nothing wider than the screen, dialogs give focus back', async () => {
    await create('Confirm the new delivery slot', 'PT30M');
    const context = await browser().context({ width: 360, height: 780 });
    const page = await context.newPage();
    await signInWithKey(page, h.baseUrl, SUPERVISOR_KEY, '/board');
    const extend = page
      .locator('#atRisk')
      .getByRole('button', { name: /^Extend/ })
      .first();
    await extend.waitFor();
    expect(await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(await seriousViolations(page)).toEqual([]);

    await extend.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    expect(await extend.evaluate((b) => b === (globalThis as any).document.activeElement)).toBe(true);
    expect(await heading(page)).toBe('Board');
    await context.close();
  });
});
