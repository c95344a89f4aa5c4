/**
 * An agent's console in a real Chromium: the create form with the call log (and the business
 * constraint) and the read-back to say before hanging up, their own commitments soonest first
 * with actions, the commitment page with every message sent, and the 403 page for someone else's
 * commitment or the board.
 */
import { describe, expect, it } from 'vitest';
import { seriousViolations, signInWithKey, useBrowser } from '../support/browser';
import { AGENT_KEY, commitmentBody, OTHER_AGENT_KEY, useHarness } from '../support/harness';

const h = useHarness();
const browser = useBrowser();

async function signedInAgent() {
  const context = await browser().context();
  const page = await context.newPage();
  await signInWithKey(page, h.baseUrl, AGENT_KEY, '/mine');
  return { context, page };
}

describe("an agent's console", () => {
  it('creates a commitment through the form and shows the read-back to say before hanging up', async () => {
    const { context, page } = await signedInAgent();
    await page.getByRole('link', { name: 'New commitment', exact: true }).first().click();
    await page.getByRole('heading', { name: 'New commitment' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByLabel('Name').fill('Maria Lopez');
    await page.getByLabel('Mobile phone').fill('+14155550123');
    await page.getByLabel('Their time zone').fill('America/Chicago');
    await page.getByLabel("What you promised, in the customer's words").fill('Call you back about the duplicate charge');
    await page.getByLabel('Due', { exact: true }).selectOption('PT2H');
    await page.getByLabel('Trigger').selectOption('billing_error');
    await page.getByLabel('Customer state').selectOption('frustrated');
    await page.getByLabel('Customer wants').selectOption('refund');
    await page.getByLabel('Root cause').selectOption('bad_automation');
    await page.getByLabel('Needed fix').fill('Dedupe card retries');
    await page.getByLabel('Business constraint').fill('Refunds over $40 need a second approver');
    await page.getByRole('button', { name: 'Create commitment' }).click();

    const script = page.locator('.readback blockquote');
    await script.waitFor();
    expect(await script.textContent()).toMatch(
      /^Dana will call you back about the duplicate charge by \d{1,2}:\d{2} [AP]M Central (today|tomorrow \(\w+day, \w{3} \d{1,2}\))\. If that slips, a supervisor takes over and you will hear from us\.$/,
    );
    expect(await page.evaluate(() => (globalThis as any).document.activeElement?.id)).toBe('readback-title');

    await page.getByRole('link', { name: 'Open the commitment' }).click();
    await page.getByRole('heading', { name: 'Call you back about the duplicate charge' }).waitFor();
    // The recap the customer got, as the ledger holds it.
    await expect
      .poll(() => page.locator('.messages').textContent(), { timeout: 20_000 })
      .toMatch(/Text to the customer at \+14155550123 · accepted by the provider/);
    const log = await page.locator('#log-title ~ dl').textContent();
    expect(log).toContain('Bad automation');
    expect(log).toContain('Refunds over $40 need a second approver');
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });

  it('puts the field the API refused beside its reason, and focuses it', async () => {
    const { context, page } = await signedInAgent();
    await page.goto(`${h.baseUrl}/new`);
    await page.getByLabel('Name').fill('Maria Lopez');
    await page.getByLabel('Mobile phone').fill('555-0123');
    await page.getByLabel("What you promised, in the customer's words").fill('Call you back');
    await page.getByRole('button', { name: 'Create commitment' }).click();
    const phone = page.getByLabel('Mobile phone');
    await expect.poll(() => phone.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#f-phone-error').textContent()).toContain('E.164');
    expect(await phone.evaluate((el) => el === (globalThis as any).document.activeElement)).toBe(true);
    await context.close();
  });

  it('lists my commitments soonest first, and fulfils one from the list', async () => {
    const later = await h.api('POST', '/v1/commitments', { body: commitmentBody({ summary: 'Send the corrected invoice', dueIn: 'PT5H' }) });
    const sooner = await h.api('POST', '/v1/commitments', { body: commitmentBody({ summary: 'Confirm the refund reference', dueIn: 'PT3H' }) });
    const { context, page } = await signedInAgent();
    const cards = page.locator('.cards > li');
    await expect
      .poll(async () =>
        (await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-id')))).filter((id) => id === later.body.id || id === sooner.body.id),
      )
      .toEqual([sooner.body.id, later.body.id]);
    expect(await seriousViolations(page)).toEqual([]);

    const card = page.locator(`li[data-id="${sooner.body.id}"]`);
    expect(await card.getByRole('button').allTextContents()).toEqual(['Fulfil', 'Extend', 'Pause', 'Add note']);
    await card.getByRole('button', { name: /^Fulfil/ }).click();
    await page.getByRole('dialog').getByLabel('What was done').fill('Sent the refund reference by email');
    await page.getByRole('dialog').getByRole('button', { name: 'Fulfil' }).click();
    await card.waitFor({ state: 'detached' });
    expect((await h.api('GET', `/v1/commitments/${sooner.body.id}`)).body.status).toBe('fulfilled');
    await context.close();
  });

  it("shows the 403 page to an agent opening another agent's commitment, and the board", async () => {
    const lees = await h.api('POST', '/v1/commitments', {
      key: OTHER_AGENT_KEY,
      body: commitmentBody({ summary: 'Lee’s promise' }),
    });
    const { context, page } = await signedInAgent();
    const res = await page.goto(`${h.baseUrl}/commitments/${lees.body.id}`);
    expect(res?.status()).toBe(403);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Not yours to see');
    expect(await page.locator('main').textContent()).not.toContain('Lee’s promise');
    expect(await seriousViolations(page)).toEqual([]);
    expect((await page.goto(`${h.baseUrl}/board`))?.status()).toBe(403);
    expect((await page.goto(`${h.baseUrl}/nothing-here`))?.status()).toBe(404);
    await context.close();
  });
});
