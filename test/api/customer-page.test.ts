/**
 * The customer's page (/p/{token}) through the real API, worker, Temporal, Postgres, the SMTP
 * stand-in and Debian's Chromium at 360 px: the recap email carries the link, the page shows the
 * promise in the customer's time, moving the callback moves the deadline (not an extension) and
 * tells the owner, a replayed or tampered form changes nothing, and "I still need help" reaches
 * the owner.
 */
import { describe, expect, it } from 'vitest';
import { pageToken } from '../../src/links';
import { useBrowser, seriousViolations } from '../support/browser';
import { commitmentBody, eventually, LINK_SECRET, useHarness } from '../support/harness';

const h = useHarness();
const browser = useBrowser();
const DANA_EMAIL = 'dana@support.example';

let n = 0;
async function create() {
  n += 1;
  const customer = { name: `Robin ${n} Vale`, email: `robin${n}@example.com`, timezone: 'America/Chicago' };
  const res = await h.api('POST', '/v1/commitments', { body: commitmentBody({ customer, dueIn: 'PT3H' }) });
  expect(res.status).toBe(201);
  const recap = await h.smtp.waitForMail((m) => m.to.includes(customer.email) && m.text.includes('/p/'), 15_000);
  const link = /https?:\/\/\S+\/p\/(\S+)/.exec(recap.text);
  expect(link).not.toBeNull();
  return { id: res.body.id as string, customer, token: link![1]!, dueAt: res.body.dueAt as string };
}
const form = (path: string, fields: Record<string, string>) =>
  fetch(`${h.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields) });

describe("the customer's page", () => {
  it('shows the promise at 360 px, and moving the callback moves the deadline without an extension and tells the owner', async () => {
    const { id, customer, token } = await create();
    const context = await browser().context({ width: 360, height: 740 });
    const page = await context.newPage();
    await page.goto(`${h.baseUrl}/p/${token}`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Your callback from Dana Reyes');
    expect(await page.locator('dl').textContent()).toContain('Call you back about the duplicate charge');
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    expect(await seriousViolations(page)).toEqual([]);
    const options = await page.locator('select#at option').evaluateAll((els) => els.map((e) => e.getAttribute('value') ?? ''));
    expect(options.length).toBeGreaterThan(0);
    const picked = options[Math.min(3, options.length - 1)]!;
    await page.selectOption('select#at', picked);
    await page.getByRole('button', { name: 'Move my callback' }).click();
    await expect.poll(() => page.locator('[role=status]').textContent()).toContain('Done: Dana Reyes will get back to you by');
    await context.close();

    const read = await h.api('GET', `/v1/commitments/${id}`);
    expect(read.body.dueAt).toBe(picked);
    expect(read.body.facts).toMatchObject({ extensionCount: 0, customerMoves: 1 });
    expect(read.body.timeline.map((e: { type: string }) => e.type)).toContain('moved_by_customer');
    const told = await h.smtp.waitForMail((m) => m.to.includes(DANA_EMAIL) && m.text.includes('I picked another time on my page'), 15_000);
    expect(told.text).toContain(customer.name);
  });

  it('changes nothing for a replayed form, a time it did not offer, or a tampered link', async () => {
    const { id, token, dueAt } = await create();
    const html = await (await fetch(`${h.baseUrl}/p/${token}`)).text();
    const offered = [...html.matchAll(/<option value="([^"]+)"/g)].map((m) => m[1]!);
    const first = await form(`/p/${token}/time`, { at: offered[0]! });
    expect(first.status).toBe(200);
    const replay = await form(`/p/${token}/time`, { at: offered[0]! });
    expect(replay.status).toBe(200);
    const read = await h.api('GET', `/v1/commitments/${id}`);
    expect(read.body.facts.customerMoves).toBe(1);
    expect(read.body.dueAt).toBe(offered[0]);
    const offPage = await form(`/p/${token}/time`, { at: new Date(Date.parse(dueAt) + 7 * 60_000).toISOString() });
    expect(offPage.status).toBe(409);
    const forged = pageToken('not-the-secret', id, Math.floor(Date.now() / 1000) + 3600);
    expect((await fetch(`${h.baseUrl}/p/${forged}`)).status).toBe(404);
    const expired = pageToken(LINK_SECRET, id, Math.floor(Date.now() / 1000) - 60);
    expect((await fetch(`${h.baseUrl}/p/${expired}`)).status).toBe(410);
    expect((await h.api('GET', `/v1/commitments/${id}`)).body.facts.customerMoves).toBe(1);
  });

  it('lets the customer move it twice at most, and passes "I still need help" to the owner', async () => {
    const { id, token } = await create();
    for (let i = 0; i < 2; i++) {
      const html = await (await fetch(`${h.baseUrl}/p/${token}`)).text();
      const at = [...html.matchAll(/<option value="([^"]+)"/g)].map((m) => m[1]!)[i + 1]!;
      expect((await form(`/p/${token}/time`, { at })).status).toBe(200);
    }
    const after = await (await fetch(`${h.baseUrl}/p/${token}`)).text();
    expect(after).not.toContain('Pick another time');
    // The form as the page gave it, with its own id: sent twice (a refresh, a replay), forwarded once.
    const n = /name="n" value="([0-9a-f-]{36})"/.exec(after)?.[1];
    expect(n).toBeDefined();
    const fields = { n: n!, text: 'The refund still shows twice on my card' };
    for (let i = 0; i < 2; i++) {
      const help = await form(`/p/${token}/help`, fields);
      expect(help.status).toBe(200);
      expect(await help.text()).toContain('Sent. Dana Reyes will read it before they contact you.');
    }
    await h.smtp.waitForMail((m) => m.to.includes(DANA_EMAIL) && m.text.includes('The refund still shows twice on my card'), 15_000);
    // A later note proves the moment passed: the owner had the help once, then the note.
    expect((await h.api('POST', `/v1/commitments/${id}/notes`, { body: { text: 'Called the bank about it.' } })).status).toBe(200);
    const read = await eventually(async () => {
      const v = (await h.api('GET', `/v1/commitments/${id}`)).body;
      return v.timeline.some((e: { type: string; detail: string }) => e.type === 'note' && e.detail.includes('Called the bank')) ? v : undefined;
    });
    expect(read.facts.customerMoves).toBe(2);
    const helped = read.timeline.filter((e: { detail: string }) => e.detail.includes('The refund still shows twice on my card'));
    expect(helped.map((e: { type: string }) => e.type)).toEqual(['customer_message']);
    expect(h.smtp.mails.filter((m) => m.to.includes(DANA_EMAIL) && m.text.includes('The refund still shows twice on my card'))).toHaveLength(1);
  });
});
