/**
 * Callback attempts in a real Chromium against the real server, worker and Temporal: the agent
 * logs "No answer" in one click from My commitments and a voicemail with a note from the
 * commitment page's "Log a call" dialog, and the page and the API then hold both; a wrong number
 * is asked again before it is logged, and the page says texts to it stopped. Each new view passes axe.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { seriousViolations, signInWithKey, useBrowser } from '../support/browser';
import { AGENT_KEY, commitmentBody, useHarness } from '../support/harness';

const h = useHarness();
const browser = useBrowser();
const WAIT = { timeout: 20_000 };

// One signed-in page for the whole file: the session outlives each test.
let session: Promise<{ context: BrowserContext; page: Page }> | undefined;
function signedInAgent(): Promise<{ context: BrowserContext; page: Page }> {
  session ??= (async () => {
    const context = await browser().context();
    const page = await context.newPage();
    await signInWithKey(page, h.baseUrl, AGENT_KEY, '/mine');
    return { context, page };
  })();
  return session;
}
afterAll(async () => {
  if (session) await (await session).context.close();
});

async function create(summary: string): Promise<string> {
  const res = await h.api('POST', '/v1/commitments', { body: commitmentBody({ summary, dueIn: 'PT3H' }) });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

const fact = (page: Page, panel: string, name: string) => page.locator(`#${panel}-title ~ dl dt:text-is("${name}") + dd`);

/** The commitment's page with the "Log a call" dialog open, checked by axe. */
async function logACall(page: Page, id: string) {
  if (!page.url().endsWith(`/commitments/${id}`)) await page.goto(`${h.baseUrl}/commitments/${id}`);
  await page.getByRole('group', { name: 'Actions' }).getByRole('button', { name: 'Log a call', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  expect(await seriousViolations(page)).toEqual([]);
  return dialog;
}

describe('callback attempts in the console', () => {
  it('logs no answer in one click from My commitments and a voicemail from the commitment page; the page and the API hold both', async () => {
    const summary = 'Call you back about the late parcel';
    const id = await create(summary);
    const { page } = await signedInAgent();
    await page.goto(`${h.baseUrl}/mine`);
    const card = page.locator(`li[data-id="${id}"]`);
    await card.waitFor(WAIT);
    expect(await card.textContent()).not.toContain('attempt');
    expect(await card.getByRole('button').allTextContents()).toEqual(['Fulfil', 'Log no answer', 'Log a call', 'Extend', 'Pause', 'Add note']);

    await card.getByRole('button', { name: `Log no answer: ${summary}` }).click();
    await expect.poll(() => card.locator('dt:text-is("Calls") + dd').textContent(), WAIT).toMatch(/^1 attempt, last: no answer \d{1,2}:\d{2} [AP]M$/);
    await expect.poll(() => page.getByRole('status').textContent(), WAIT).toBe('Logged no answer for Maria Lopez: they are told we called and will try again.');
    expect(await seriousViolations(page)).toEqual([]);
    expect((await h.api('GET', `/v1/commitments/${id}`)).body.attempts).toMatchObject([{ outcome: 'no_answer', by: 'agent-dana' }]);

    await card.getByRole('link', { name: summary }).click();
    await page.getByRole('heading', { level: 1, name: summary }).waitFor();
    expect(await fact(page, 'promise', 'Attempts').textContent()).toMatch(/^1 — no answer \d{1,2}:\d{2} [AP]M \(Dana Reyes\)$/);
    const dialog = await logACall(page, id);
    expect(await dialog.getByRole('group', { name: 'How did the call go?' }).getByRole('button').allTextContents()).toEqual([
      'Reached them',
      'No answer',
      'Left voicemail',
      'Busy',
      'Wrong number',
    ]);
    await dialog.getByLabel('Note (optional)').fill('Left the case number');
    await dialog.getByRole('button', { name: 'Left voicemail' }).click();
    await dialog.waitFor({ state: 'detached' });

    const attempts = fact(page, 'promise', 'Attempts');
    await expect
      .poll(() => attempts.textContent(), WAIT)
      .toMatch(/^2 — no answer \d{1,2}:\d{2} [AP]M, voicemail \d{1,2}:\d{2} [AP]M \(Dana Reyes\)\d{1,2}:\d{2} [AP]M: Left the case number$/);
    const c = (await h.api('GET', `/v1/commitments/${id}`)).body;
    expect(c.attempts).toMatchObject([
      { outcome: 'no_answer', by: 'agent-dana' },
      { outcome: 'voicemail', by: 'agent-dana', note: 'Left the case number' },
    ]);
    expect(c.wrongNumber).toBeUndefined();
    const timeline = await page.locator('.timeline').textContent();
    expect(timeline).toContain('Dana Reyes tried to reach Maria Lopez (1st attempt): no answer.');
    expect(timeline).toContain('Dana Reyes tried to reach Maria Lopez (2nd attempt): left a voicemail. Left the case number.');
  });

  it('asks again before logging a wrong number, and then says texts to it stopped', async () => {
    const id = await create('Call you back about the refund amount');
    const { page } = await signedInAgent();
    const dialog = await logACall(page, id);
    expect(await dialog.locator('#action-wrong_number-warning').textContent()).toBe(
      'Wrong number: texts to +14155550123 stop for this commitment; ask the customer for a new number.',
    );

    await dialog.getByRole('button', { name: 'Wrong number', exact: true }).click();
    const question = dialog.getByRole('group', { name: /^Wrong number\?/ });
    await question.waitFor();
    expect(await question.textContent()).toContain('Wrong number? Then texts to +14155550123 stop for this commitment; ask the customer for a new number.');
    const yes = question.getByRole('button', { name: 'Yes, wrong number' });
    expect(await yes.evaluate((el) => el === (globalThis as any).document.activeElement)).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    // Going back sends nothing, and puts the keyboard back on the answer.
    await question.getByRole('button', { name: 'Go back' }).click();
    const wrong = dialog.getByRole('button', { name: 'Wrong number', exact: true });
    await expect.poll(() => wrong.evaluate((el) => el === (globalThis as any).document.activeElement)).toBe(true);
    expect((await h.api('GET', `/v1/commitments/${id}`)).body.attempts).toBeUndefined();

    await wrong.click();
    await yes.click();
    await dialog.waitFor({ state: 'detached' });
    await expect
      .poll(() => fact(page, 'customer', 'Wrong number').textContent(), WAIT)
      .toBe('+14155550123: texts to it stopped for this commitment; ask for a new number');
    expect(await fact(page, 'promise', 'Attempts').textContent()).toMatch(/^1 — wrong number \d{1,2}:\d{2} [AP]M \(Dana Reyes\)$/);
    const c = (await h.api('GET', `/v1/commitments/${id}`)).body;
    expect(c.wrongNumber).toBe('+14155550123');
    expect(c.attempts).toMatchObject([{ outcome: 'wrong_number' }]);
  });
});
