/**
 * Hard calls in a real Chromium against the real server (issue 24, "the team is protected after a
 * hard call"): the agent flags the call from the commitment page; the team's supervisor finds
 * "Check in with Dana Reyes" on the board and marks it done, and it leaves; the reports count the
 * flag and the check-in for the week. A call flagged at creation, and a customer flagged twice in
 * 30 days said so to whoever takes their next promise. Phone width, keyboard, axe.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousViolations, signInWithKey, useBrowser } from '../support/browser';
import { AGENT_KEY, commitmentBody, SUPERVISOR_KEY, useHarness } from '../support/harness';

const h = useHarness();
const browser = useBrowser();
const WAIT = { timeout: 20_000 };
const DAY = 86_400_000;

/** Each test its own customer: flags count per customer (the same phone or email) across promises. */
let customers = 0;
function customer() {
  const n = ++customers;
  return { name: `Customer ${n}`, phone: `+1415555${String(2000 + n)}`, email: `customer${n}@example.com`, timezone: 'America/Chicago' };
}

async function create(summary: string, who: ReturnType<typeof customer>, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await h.api('POST', '/v1/commitments', { body: commitmentBody({ summary, dueIn: 'PT2H', customer: who, ...extra }) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

async function flag(id: string, kind: string, note: string): Promise<void> {
  const res = await h.api('POST', `/v1/commitments/${id}/hard-call`, { body: { kind, note } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

const focused = (page: Page) => page.evaluate(() => (globalThis as any).document.activeElement?.outerHTML as string | undefined);
const scrollWidth = (page: Page) => page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth as number);

async function signedIn(key: string, next: string, width?: number) {
  const context = await browser().context(width ? { width, height: 844 } : {});
  const page = await context.newPage();
  await signInWithKey(page, h.baseUrl, key, next);
  return { context, page };
}

describe('hard calls in the console', () => {
  it('the agent flags a call; the supervisor checks in from the board and it leaves; the reports count both', async () => {
    const who = customer();
    const summary = 'Call you back about the refund';
    const id = await create(summary, who);

    // Dana, the owner, on the commitment page.
    const agent = await signedIn(AGENT_KEY, `/commitments/${id}`);
    const page = agent.page;
    await page.getByRole('heading', { level: 1, name: summary }).waitFor();
    const panel = page.locator('section.hard-calls');
    await expect.poll(() => panel.textContent(), WAIT).toContain('No call about this promise was flagged.');
    const open = panel.getByRole('button', { name: 'Flag a hard call' });
    await open.click();
    const dialog = page.getByRole('dialog', { name: `Flag a hard call: ${summary}` });
    await dialog.waitFor();
    expect(await dialog.evaluate((d) => d.contains((globalThis as any).document.activeElement))).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);

    // Nothing chosen, nothing written: said before anything is sent.
    await dialog.getByRole('button', { name: 'Flag a hard call' }).click();
    expect(await dialog.getByRole('alert').textContent()).toBe('Say what happened in the note.');
    expect(await dialog.getByLabel('What made it hard').getAttribute('aria-invalid')).toBe('true');
    expect((await h.api('GET', `/v1/commitments/${id}/hard-calls`)).body.items).toEqual([]);

    await dialog.getByLabel('What made it hard').selectOption('abusive');
    await dialog.getByLabel('What happened').fill('Shouted and swore at me about the refund for ten minutes.');
    await dialog.getByRole('button', { name: 'Flag a hard call' }).click();
    await dialog.waitFor({ state: 'detached' });
    // Focus goes back to the button that opened the dialog.
    expect(await open.evaluate((b) => b === (globalThis as any).document.activeElement)).toBe(true);
    await expect.poll(() => panel.locator('li').first().textContent(), WAIT).toContain('Abusive: Shouted and swore at me about the refund for ten minutes.');
    expect(await panel.textContent()).toContain('Flagged by Dana Reyes');
    // Once is not a pattern.
    expect(await panel.locator('[data-customer-flags]').count()).toBe(0);
    const flags = (await h.api('GET', `/v1/commitments/${id}/hard-calls`)).body;
    expect(flags).toMatchObject({ items: [{ kind: 'abusive', agent: { id: 'agent-dana' }, flaggedBy: { id: 'agent-dana' } }], customerFlagsLast30Days: 1 });
    expect(await seriousViolations(page)).toEqual([]);
    await agent.context.close();

    // Sam, the team's supervisor, on the board.
    const sup = await signedIn(SUPERVISOR_KEY, '/board');
    const board = sup.page;
    const section = board.locator('#checkIns');
    const item = section.locator('li.check-in', { hasText: 'Check in with Dana Reyes' });
    await item.waitFor(WAIT);
    expect(await item.getByRole('heading', { level: 3 }).textContent()).toBe('Check in with Dana Reyes');
    const text = await item.textContent();
    expect(text).toContain('Abusive');
    expect(text).toContain('Shouted and swore at me about the refund for ten minutes.');
    expect(text).toContain('by Dana Reyes');
    expect(await item.getByRole('link', { name: /^Open the commitment/ }).getAttribute('href')).toBe(`/commitments/${id}`);
    expect(await seriousViolations(board)).toEqual([]);

    await item.getByRole('button', { name: 'Done: Check in with Dana Reyes' }).click();
    await item.waitFor({ state: 'detached' });
    expect(await section.getByRole('status').textContent()).toBe('Marked done: check-in with Dana Reyes');
    expect(await section.textContent()).toContain('Nobody needs a check-in.');
    // The Done button is gone: the keyboard carries on from the section's heading.
    expect(await focused(board)).toContain('id="checkIns-title"');
    // Done on the server too, and it stays gone when the board asks again.
    expect((await h.api('GET', '/v1/check-ins', { key: SUPERVISOR_KEY })).body.items.filter((c: any) => c.commitmentId === id)).toEqual([]);
    await board.waitForTimeout(4_500);
    expect(await section.locator('li.check-in').count()).toBe(0);

    // The reports: the week's row for Dana, the flag and the check-in done.
    const range = `from=${encodeURIComponent(new Date(Date.now() - 14 * DAY).toISOString())}&to=${encodeURIComponent(new Date(Date.now() + DAY).toISOString())}`;
    const rows = (await h.api('GET', `/v1/reports/hard-calls?${range}`, { key: SUPERVISOR_KEY })).body.rows as any[];
    const week = rows.find((r) => r.agent.id === 'agent-dana')?.week as string;
    expect(week).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await board.getByRole('link', { name: 'Reports' }).click();
    const report = board.locator('section.hard-calls-report');
    await report.getByRole('heading', { name: 'Hard calls by agent and week' }).waitFor();
    const row = report.locator(`tr[data-week="${week}"][data-agent="agent-dana"]`);
    await row.waitFor(WAIT);
    expect(await row.locator('th, td').allTextContents()).toEqual([week, 'Dana Reyes', '1', '1']);
    expect(await report.getByRole('columnheader').allTextContents()).toEqual(['Week of', 'Agent', 'Flagged', 'Check-ins done']);
    expect(await seriousViolations(board)).toEqual([]);

    // A range without flags says so.
    await board.getByLabel('From', { exact: true }).fill('2020-01-06');
    await board.getByLabel('Until (not included)').fill('2020-02-03');
    await expect.poll(() => report.textContent(), WAIT).toContain('No call was flagged in this period.');
    await sup.context.close();
  });

  it('at phone width: the board’s check-in fits, Done works by keyboard, focus moves to the next one', async () => {
    const who = customer();
    const first = await create('Send the replacement card', who);
    const second = await create('Confirm the new address', who);
    await flag(first, 'threatening', 'Said he knows where our office is and will come down.');
    await flag(
      second,
      'distressing',
      `A long account of a bereavement; ${'the account was closed after the death and they were told to call back. '.repeat(8)}`,
    );

    const { context, page } = await signedIn(SUPERVISOR_KEY, '/board', 390);
    const section = page.locator('#checkIns');
    const one = section.locator(`li[data-check-in]`, { hasText: 'Said he knows where our office is' });
    const two = section.locator(`li[data-check-in]`, { hasText: 'A long account of a bereavement' });
    await one.waitFor(WAIT);
    await two.waitFor(WAIT);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
    for (const card of [one, two]) {
      const box = await card.boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
    }
    expect(await seriousViolations(page)).toEqual([]);

    // Oldest first: the first flag's check-in comes first. Done by keyboard, then the next one's Done has the focus.
    const done = one.getByRole('button', { name: /^Done/ });
    await done.focus();
    await page.keyboard.press('Enter');
    await one.waitFor({ state: 'detached' });
    expect(await section.getByRole('status').textContent()).toBe('Marked done: check-in with Dana Reyes');
    expect(await two.getByRole('button', { name: /^Done/ }).evaluate((b) => b === (globalThis as any).document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await two.waitFor({ state: 'detached' });
    expect(await focused(page)).toContain('id="checkIns-title"');

    // The reports' table fits the phone too, without scrolling sideways.
    await page.getByRole('link', { name: 'Reports' }).click();
    const table = page.locator('section.hard-calls-report .table-wrap');
    await table.waitFor(WAIT);
    expect(await table.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
    await context.close();
  });

  it('flags a call at creation; a customer flagged twice in 30 days is said so to whoever takes their next promise (phone width)', async () => {
    const who = customer();
    const { context, page } = await signedIn(AGENT_KEY, '/new', 360);
    await page.getByRole('heading', { level: 1, name: 'New commitment' }).waitFor();
    const fill = async (summary: string) => {
      await page.getByLabel('Name').fill(who.name);
      await page.getByLabel('Mobile phone').fill(who.phone);
      await page.getByLabel('Email').fill(who.email);
      await page.getByLabel('Their time zone').fill(who.timezone);
      await page.getByLabel("What you promised, in the customer's words").fill(summary);
    };
    const kind = page.getByLabel('What made it hard');
    expect(await kind.inputValue()).toBe('');
    expect(await page.getByLabel('What happened').count()).toBe(0);

    // Flagged, and its note asked for beside it before anything is sent.
    await fill('Call you back about the cancelled order');
    await kind.selectOption('threatening');
    const note = page.getByLabel('What happened');
    await note.waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Create commitment' }).click();
    expect(await page.locator('#f-hardCallNote-error').textContent()).toBe('Say what happened on the call.');
    expect(await note.evaluate((el) => el === (globalThis as any).document.activeElement)).toBe(true);
    await note.fill('Threatened to post my name online.');
    await page.getByRole('button', { name: 'Create commitment' }).click();
    await page.locator('.readback blockquote').waitFor(WAIT);
    const firstId = (await page.getByRole('link', { name: 'Open the commitment' }).getAttribute('href'))?.split('/').pop() ?? '';
    expect(await page.locator('[data-notices]').count()).toBe(0);
    // The form starts again unflagged.
    expect(await kind.inputValue()).toBe('');
    const flags = (await h.api('GET', `/v1/commitments/${firstId}/hard-calls`)).body;
    expect(flags.items).toMatchObject([{ kind: 'threatening', note: 'Threatened to post my name online.' }]);

    // A second flag on another of their promises: their next one carries the notice.
    await flag(await create('Refund the delivery fee', who), 'abusive', 'Swore at me twice.');
    await fill('Call you back about the replacement');
    await page.getByRole('button', { name: 'Create commitment' }).click();
    const notices = page.locator('.readback [data-notices]');
    await notices.waitFor(WAIT);
    expect(await notices.getAttribute('role')).toBe('alert');
    expect(await notices.locator('[data-code="customer_flagged"]').textContent()).toContain("This customer's calls were flagged");
    expect(await scrollWidth(page)).toBeLessThanOrEqual(360);
    expect(await seriousViolations(page)).toEqual([]);

    // Its page says so too, in the hard calls panel.
    await page.getByRole('link', { name: 'Open the commitment' }).click();
    await page.getByRole('heading', { level: 1, name: 'Call you back about the replacement' }).waitFor();
    const line = page.locator('section.hard-calls [data-customer-flags]');
    await line.waitFor(WAIT);
    expect(await line.textContent()).toBe("This customer's calls were flagged 2 times in the last 30 days.");
    expect(await page.locator('section.hard-calls').textContent()).toContain('No call about this promise was flagged.');
    expect(await scrollWidth(page)).toBeLessThanOrEqual(360);
    await context.close();
  });

  it('is offered on a closed commitment to its owner, by keyboard; not to whoever handed theirs on', async () => {
    const id = await create('Call you back about the voucher', customer());
    const cancelled = await h.api('POST', `/v1/commitments/${id}/cancel`, { body: { reason: 'The customer withdrew it', notifyCustomer: false } });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBeLessThan(300);
    const { context, page } = await signedIn(AGENT_KEY, `/commitments/${id}`, 390);
    await expect.poll(() => page.locator('.badge').textContent(), WAIT).toBe('cancelled');
    const open = page.locator('section.hard-calls').getByRole('button', { name: 'Flag a hard call' });
    await open.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
    await dialog.getByLabel('What made it hard').selectOption('distressing');
    await dialog.getByLabel('What happened').fill('Cried through the whole call.');
    await dialog.getByRole('button', { name: 'Flag a hard call' }).press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => page.locator('section.hard-calls li').count(), WAIT).toBe(1);

    // Handed on to Lee: Dana still reads it and its flags, but may no longer speak to the customer.
    const handed = await create('Call you back about the bank transfer', customer());
    const reassigned = await h.api('POST', `/v1/commitments/${handed}/reassign`, {
      key: SUPERVISOR_KEY,
      body: { ownerId: 'agent-lee', handoffNote: 'Lee has the bank contact' },
    });
    expect(reassigned.status, JSON.stringify(reassigned.body)).toBeLessThan(300);
    await page.goto(`${h.baseUrl}/commitments/${handed}`);
    await expect.poll(() => page.locator('.lead').textContent(), WAIT).toContain('Lee Chan');
    await expect.poll(() => page.locator('section.hard-calls').textContent(), WAIT).toContain('No call about this promise was flagged.');
    expect(await page.locator('section.hard-calls button').count()).toBe(0);
    await context.close();
  });
});
