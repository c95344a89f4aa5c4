/**
 * An agent's console in a real Chromium: the create form with the call log (and the business
 * constraint) and the read-back to say before hanging up, a ticket reference still open linked
 * (and a second commitment for it only when ticked), deadlines in business hours and by
 * name (on a team without a calendar and, at phone width, with one), their own commitments
 * soonest first with actions, the commitment page with every message sent, and the 403 page for
 * someone else's commitment or the board.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { instantOf, wallClock, wallOf } from '../../src/shared/zoned-time';
import { seriousViolations, signInWithKey, useBrowser } from '../support/browser';
import { ADMIN_KEY, AGENT_KEY, commitmentBody, OTHER_AGENT_KEY, useHarness } from '../support/harness';

const h = useHarness();
const browser = useBrowser();

async function signedInAgent() {
  const context = await browser().context();
  const page = await context.newPage();
  await signInWithKey(page, h.baseUrl, AGENT_KEY, '/mine');
  return { context, page };
}

/** The create form's customer and promise, filled in; the deadline is the test's to choose. */
async function fillPromise(page: Page, summary: string) {
  await page.getByLabel('Name').fill('Maria Lopez');
  await page.getByLabel('Mobile phone').fill('+14155550123');
  await page.getByLabel('Their time zone').fill('America/Chicago');
  await page.getByLabel("What you promised, in the customer's words").fill(summary);
}

/** Creates what the form holds, opens the commitment, and answers its id. */
async function createAndOpen(page: Page, summary: string): Promise<string> {
  await page.getByRole('button', { name: 'Create commitment' }).click();
  await page.locator('.readback blockquote').waitFor();
  await page.getByRole('link', { name: 'Open the commitment' }).click();
  await page.getByRole('heading', { level: 1, name: summary }).waitFor();
  return new URL(page.url()).pathname.split('/').pop() ?? '';
}

const deadlineFact = (page: Page) => page.locator('#promise-title ~ dl dt:text-is("Deadline") + dd');

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

  it('counts a deadline in business hours when asked, and says so; a named deadline needs a team calendar', async () => {
    const { context, page } = await signedInAgent();
    await page.goto(`${h.baseUrl}/new`);
    await fillPromise(page, 'Call you back about the card limit');
    await page.getByLabel('Due', { exact: true }).selectOption('PT2H');
    const clock = page.getByLabel('Clock', { exact: true });
    expect(await clock.inputValue()).toBe('wall');
    await clock.selectOption({ label: 'Business hours' });
    expect(await seriousViolations(page)).toEqual([]);
    const before = Date.now();
    const id = await createAndOpen(page, 'Call you back about the card limit');
    const after = Date.now();

    // Team Support has no calendar: open all the time, so 2 business hours are 2 hours, and the answer says what was asked.
    const c = (await h.api('GET', `/v1/commitments/${id}`)).body;
    expect(c.business).toMatchObject({ asked: 'PT2H' });
    expect(c.business.calendar).toBeUndefined();
    expect(Date.parse(c.dueAt)).toBeGreaterThanOrEqual(before + 2 * 3600_000 - 1000);
    expect(Date.parse(c.dueAt)).toBeLessThanOrEqual(after + 2 * 3600_000 + 1000);
    expect(await deadlineFact(page).textContent()).toContain('(2 business hours; the team has no calendar, so open all the time)');

    // A deadline by name is always business time: no clock to choose, and without a calendar the API says why (422).
    await page.goto(`${h.baseUrl}/new`);
    await fillPromise(page, 'Send the statement');
    const due = page.getByLabel('Due', { exact: true });
    await due.selectOption({ label: 'by close of business today' });
    await clock.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Create commitment' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Team support has no business-hours calendar');
    expect(await page.locator('#f-when-error').textContent()).toBe('needs a team calendar');
    expect(await due.getAttribute('aria-invalid')).toBe('true');
    expect(await due.evaluate((el) => el === (globalThis as any).document.activeElement)).toBe(true);
    await context.close();
  });

  it('counts named deadlines and extensions on the team’s calendar, at phone width', async () => {
    const calendar = {
      id: 'console-hours',
      name: 'Console hours',
      timeZone: 'America/Chicago',
      weekly: Object.fromEntries(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((d) => [d, [{ start: '00:00', end: '24:00' }]])),
    };
    expect((await h.api('POST', '/v1/calendars', { key: ADMIN_KEY, body: calendar })).status).toBe(201);
    expect((await h.api('PATCH', '/v1/teams/support', { key: ADMIN_KEY, body: { calendar: 'console-hours' } })).status).toBe(200);
    const context = await browser().context({ width: 390, height: 844 });
    try {
      const page = await context.newPage();
      await signInWithKey(page, h.baseUrl, AGENT_KEY, '/new');
      await page.getByRole('heading', { name: 'New commitment' }).waitFor();
      await fillPromise(page, 'Post the replacement card');
      await page.getByLabel('Due', { exact: true }).selectOption({ label: 'by 10 AM next business day' });
      // Open every day: 10 AM next business day is 10:00 tomorrow in Chicago.
      const tomorrow = new Date(wallClock(Date.now(), 'America/Chicago') + 86_400_000).toISOString().slice(0, 10);
      const id = await createAndOpen(page, 'Post the replacement card');
      const pin = { id: 'console-hours', name: 'Console hours', version: 1 };
      const created = (await h.api('GET', `/v1/commitments/${id}`)).body;
      expect(created.business).toMatchObject({ asked: 'next_business_day_10am', calendar: pin });
      expect(created.dueAt).toBe(new Date(instantOf(wallOf(tomorrow, '10:00'), 'America/Chicago')).toISOString());
      expect(await deadlineFact(page).textContent()).toContain('(10 AM next business day on Console hours, v1)');
      // Nothing runs off a phone's screen.
      expect(await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

      await page.getByRole('group', { name: 'Actions' }).getByRole('button', { name: 'Extend', exact: true }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('New deadline').selectOption('P2D');
      await dialog.getByLabel('Clock', { exact: true }).selectOption('business');
      await dialog.getByLabel('Reason').fill('The courier collects tomorrow');
      expect(await seriousViolations(page)).toEqual([]);
      const before = Date.now();
      await dialog.getByRole('button', { name: 'Extend' }).click();
      await dialog.waitFor({ state: 'detached' });
      await expect.poll(() => deadlineFact(page).textContent(), { timeout: 20_000 }).toContain('(48 business hours on Console hours, v1)');
      const extended = (await h.api('GET', `/v1/commitments/${id}`)).body;
      expect(extended.business).toMatchObject({ asked: 'P2D', calendar: pin });
      expect(Math.abs(Date.parse(extended.dueAt) - (before + 48 * 3600_000))).toBeLessThan(60_000);
    } finally {
      await context.close();
      // The other tests' team has no calendar.
      expect((await h.api('PATCH', '/v1/teams/support', { key: ADMIN_KEY, body: { calendar: null } })).body.calendar).toBeNull();
    }
  });

  it('writes to a customer in Spanish when asked: the read-back says their deadline in their words, and the page names their language and state', async () => {
    const { context, page } = await signedInAgent();
    await page.goto(`${h.baseUrl}/new`);
    await fillPromise(page, 'Call you back about the refund in Spanish');
    await page.getByLabel('Their language').selectOption('es-US');
    await page.getByLabel('Their state').selectOption('US-TX');
    await page.getByLabel('Due', { exact: true }).selectOption('PT2H');
    await page.getByRole('button', { name: 'Create commitment' }).click();
    const words = page.locator('[data-their-words]');
    await words.waitFor();
    // The read-back stays in the agent's English; the customer's deadline as their recap words it.
    expect(await page.locator('.readback blockquote').textContent()).toMatch(/^Dana will call you back about the refund in Spanish by /);
    expect(await words.textContent()).toMatch(
      /^Their messages are in Spanish \(español\): the recap says the time as .*antes de|^Their messages are in Spanish \(español\): the recap says the time as las? \d{1,2}:\d{2} [ap]\.m\. CST (hoy|mañana)/,
    );
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Open the commitment' }).click();
    await page.locator('[data-locale]').waitFor();
    expect(await page.locator('[data-locale]').textContent()).toBe('Spanish (español)');
    expect(await page.locator('[data-region]').textContent()).toBe("Texas's (as given)");

    // The customer asks for English after all: changed on the page, with the state as it was.
    await page.getByRole('group', { name: 'Actions' }).getByRole('button', { name: 'Change language or state' }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.getByLabel('Their state').inputValue()).toBe('US-TX');
    await dialog.getByLabel('Their language').selectOption('en-US');
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Change language or state' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => page.locator('[data-locale]').textContent(), { timeout: 20_000 }).toBe('English');
    expect(await page.locator('[data-region]').textContent()).toBe("Texas's (as given)");
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

  it('links the commitment still open for a ticket reference, and makes a second one only when ticked', async () => {
    const ref = `CONSOLE-${Date.now()}`;
    const first = await h.api('POST', '/v1/commitments', { body: commitmentBody({ externalRef: ref, dueIn: 'PT4H' }) });
    expect(first.status).toBe(201);
    await expect.poll(async () => (await h.db.pool.query('SELECT 1 FROM commitments WHERE id = $1', [first.body.id])).rowCount, { timeout: 20_000 }).toBe(1);
    const { context, page } = await signedInAgent();
    await page.goto(`${h.baseUrl}/new`);
    await fillPromise(page, 'Call you back about the same ticket');
    const reference = page.getByLabel('Ticket or CRM reference (optional)');
    await reference.fill(ref);
    await page.getByRole('button', { name: 'Create commitment' }).click();
    const alert = page.locator('p[role="alert"].error');
    await expect.poll(() => alert.textContent()).toContain('This reference already has a commitment still open');
    expect(await alert.getByRole('link', { name: 'open it' }).getAttribute('href')).toBe(`/commitments/${first.body.id}`);
    expect(await page.locator('#f-externalRef-error').textContent()).toContain(first.body.id);
    expect(await reference.evaluate((el) => el === (globalThis as any).document.activeElement)).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByLabel('Make a second commitment for this reference anyway').check();
    const id = await createAndOpen(page, 'Call you back about the same ticket');
    expect(id).not.toBe(first.body.id);
    const items = (await h.api('GET', `/v1/commitments?externalRef=${ref}`)).body.items as { id: string }[];
    expect(items.map((c) => c.id).sort()).toEqual([first.body.id, id].sort());
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
    expect(await card.getByRole('button').allTextContents()).toEqual(['Fulfil', 'Log no answer', 'Log a call', 'Extend', 'Pause', 'Add note']);
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
