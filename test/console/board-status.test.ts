/**
 * What the board says about itself, in a real Chromium: a banner when no worker is running (from
 * the real task queue's pollers), the "Live: updated" clock in the viewer's directory zone when
 * the browser's clock is elsewhere, and "owner" or "owners" as the count wants.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiBeside, workerPolls } from '../support/beside';
import { seriousViolations, signInWithKey, useBrowser } from '../support/browser';
import { commitmentState, recordAll } from '../support/commitments';
import { SUPERVISOR_KEY, useHarness } from '../support/harness';

const h = useHarness();
const browser = useBrowser();
const ownersTile = (page: Page) => page.locator('.counts a', { has: page.locator('[data-count="owners"]') });
const live = (page: Page) => page.locator('p.live');

/** Seconds since midnight of "3:15:42 PM" as written. */
function secondsOfDay(h12: string, m: string, s: string, period: string): number {
  return (((Number(h12) % 12) + (period === 'PM' ? 12 : 0)) * 60 + Number(m)) * 60 + Number(s);
}

describe('the board about itself', () => {
  // First, while this file's database has no open work.
  it('says "across 1 owner" and "across 2 owners"', async () => {
    const soon = () => new Date(Date.now() + 3 * 3600_000).toISOString();
    const context = await browser().context();
    const page = await context.newPage();
    await signInWithKey(page, h.baseUrl, SUPERVISOR_KEY, '/board');
    await expect.poll(() => ownersTile(page).textContent()).toBe('0 open, across 0 owners');
    await recordAll(h.db.pool, [commitmentState({ ownerId: 'agent-dana', team: { id: 'support', name: 'Support' }, dueAt: soon() })]);
    await expect.poll(() => ownersTile(page).textContent(), { timeout: 10_000 }).toBe('1 open, across 1 owner');
    await recordAll(h.db.pool, [commitmentState({ ownerId: 'agent-lee', team: { id: 'support', name: 'Support' }, dueAt: soon() })]);
    await expect.poll(() => ownersTile(page).textContent(), { timeout: 10_000 }).toBe('2 open, across 2 owners');
    await context.close();
  });

  it('shows a banner a supervisor can act on while no worker is running, and none while one is', async () => {
    const lonely = await apiBeside(h, `nobody-polls-${randomUUID()}`);
    const context = await browser().context();
    try {
      const page = await context.newPage();
      await signInWithKey(page, lonely.url, SUPERVISOR_KEY, '/board');
      const banner = page.getByRole('alert').filter({ hasText: 'No worker is running' });
      await banner.waitFor();
      expect(await banner.textContent()).toContain('deadlines, reminders, escalation alerts and messages to customers are waiting');
      expect(await banner.textContent()).toContain('npm run worker');
      expect(await seriousViolations(page)).toEqual([]);

      // With this test's worker polling (Temporal lists it), the same board has no banner.
      await workerPolls(h.client, h.taskQueue);
      // Same host, same database: the session cookie signs Sam in there too.
      await page.goto(`${h.baseUrl}/board`);
      // The live line is written from the same answer that carries the worker's presence.
      await expect.poll(() => live(page).textContent()).toContain('Live: updated');
      expect(await page.locator('[data-banner="no-worker"]').count()).toBe(0);
    } finally {
      await context.close();
      await lonely.close();
    }
  });

  it("writes the 'Live: updated' clock in the viewer's directory zone, not the browser's", async () => {
    // Sam's directory zone is America/Chicago; this laptop is set to Tokyo (14 or 15 hours ahead).
    const context = await browser().context({ timezoneId: 'Asia/Tokyo' });
    const page = await context.newPage();
    await signInWithKey(page, h.baseUrl, SUPERVISOR_KEY, '/board');
    await expect.poll(() => live(page).textContent()).toContain('Live: updated');
    const shown = /Live: updated (\d{1,2}):(\d{2}):(\d{2}) (AM|PM) (\S+)/.exec((await live(page).textContent()) ?? '');
    expect(shown?.[5]).toMatch(/^C[SD]T$/);
    const [hh, mm, ss, period] = shown?.slice(1, 5) ?? [];
    const clock: Intl.DateTimeFormatOptions = { hour: 'numeric', minute: '2-digit', second: '2-digit', hour12: true };
    const chicago = new Intl.DateTimeFormat('en-US', { timeZone: 'America/Chicago', ...clock }).formatToParts(new Date());
    const part = (type: string) => chicago.find((p) => p.type === type)?.value ?? '';
    const expected = secondsOfDay(part('hour'), part('minute'), part('second'), part('dayPeriod'));
    const apart = Math.abs(secondsOfDay(hh ?? '', mm ?? '', ss ?? '', period ?? '') - expected);
    expect(Math.min(apart, 86_400 - apart)).toBeLessThan(120);
    await context.close();
  });
});
