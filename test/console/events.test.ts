/**
 * The events page (issue 22) in a real Chromium against the real API, worker, Temporal and
 * Postgres, with a receiver on 127.0.0.1 (ALLOW_INSECURE) that verifies every request with the
 * `standardwebhooks` package against the secret the page showed: an admin is refused beside the
 * field (no event type; a URL no receiver may have), adds a subscription, sees its secret once and
 * not after a reload, sends a test event and reads it delivered (status 204) in the log, resends
 * it (the same webhook-id arrives again), rotates the secret (confirming first; the new one shown
 * once, requests signed with both), turns it off and on, and removes it. A supervisor at phone
 * width sees their own team's subscriptions only, adds one to their team, reads a 503 and the
 * answer's first KB (a <details> opened with the keyboard) while the receiver is down, and resends
 * the delivery once it is back; another team's subscription is refused. An agent gets no Events
 * entry and a refusal at /events, from the server and from the client's own routing.
 */
import type { Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureEventPump } from '../../src/events/pump-start';
import { startEventReceiver, type EventReceiver } from '../../tools/testkit/event-receiver';
import { seriousViolations, signInWithKey, useBrowser } from '../support/browser';
import { OTHER_TEAM, TEST_TEAM } from '../support/directory';
import { ADMIN_KEY, AGENT_KEY, SUPERVISOR_KEY, useHarness } from '../support/harness';

const h = useHarness({ env: { ALLOW_INSECURE: 'true' } });
const browser = useBrowser();
const T = (t: string) => `followthrough.commitment.${t}`;

let receiver: EventReceiver;
beforeEach(async () => {
  receiver = await startEventReceiver();
  await ensureEventPump(h.client, h.taskQueue);
});
afterEach(async () => {
  // Later tests' events must not go to a receiver that is gone.
  for (const s of (await h.api('GET', '/v1/event-subscriptions', { key: ADMIN_KEY })).body.items)
    await h.api('DELETE', `/v1/event-subscriptions/${s.id}`, { key: ADMIN_KEY });
  await receiver.close();
});

async function signedIn(key: string, next: string, size?: { width: number; height: number }) {
  const context = await browser().context(size);
  const page = await context.newPage();
  await signInWithKey(page, h.baseUrl, key, next);
  return { context, page };
}

const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });
const nav = (page: Page) => page.getByRole('navigation', { name: 'Console' });
const focused = (page: Page) => page.evaluate(() => (globalThis as any).document.activeElement?.id as string | undefined);
/** The delivery log's entries, newest first. */
const deliveries = (page: Page) => page.locator('ol.log > li');
const secretOnPage = (page: Page) => page.getByLabel('Signing secret', { exact: true });

describe('the events page', () => {
  it('lets an admin add a subscription, see its secret once, send a test event, read it delivered, resend it, rotate the secret, turn it off and on, and remove it', async () => {
    const { context, page } = await signedIn(ADMIN_KEY, '/board');
    await nav(page).getByRole('link', { name: 'Events', exact: true }).click();
    await page.waitForURL(`${h.baseUrl}/events`);
    await page.getByRole('heading', { level: 1, name: 'Events' }).waitFor();
    await page.getByText('No subscriptions yet.').waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    // No event type: refused beside the types, and the focus goes to the first of them.
    await page.getByLabel('URL').fill(receiver.url);
    await button(page, 'Add subscription').click();
    await expect.poll(() => page.locator('#new-types-error').textContent(), { timeout: 10_000 }).toBe('must name at least one event type');
    await expect.poll(() => focused(page), { timeout: 10_000 }).toBe('new-type-created');
    expect(await page.getByRole('group', { name: /Event types/ }).getAttribute('aria-describedby')).toContain('new-types-error');

    // A URL no receiver may have: refused beside the URL.
    await page.getByLabel('Made (created)', { exact: true }).check();
    await page.getByLabel('Deadline missed (lapsed)', { exact: true }).check();
    await page.getByLabel('URL').fill('ftp://helpdesk.example.com/hooks');
    await button(page, 'Add subscription').click();
    await expect.poll(() => page.locator('#new-url-error').textContent(), { timeout: 10_000 }).toBe('must be an https URL');
    await expect.poll(() => focused(page), { timeout: 10_000 }).toBe('new-url');
    expect(await page.getByLabel('URL').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#new-types-error').count()).toBe(0);
    expect(await page.getByRole('alert').textContent()).toBe('Nothing was added: see the fields marked.');
    expect((await h.api('GET', '/v1/event-subscriptions', { key: ADMIN_KEY })).body.items).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByLabel('URL').fill(receiver.url);
    await page.getByLabel('Description (optional)').fill('Zendesk notes');
    await page.getByLabel('Team', { exact: true }).selectOption(TEST_TEAM.id);
    await button(page, 'Add subscription').click();
    await page.waitForURL(/\/events\/sub_[A-Za-z0-9]+$/);
    const id = new URL(page.url()).pathname.split('/').pop() as string;
    await page.getByRole('heading', { level: 1, name: 'Zendesk notes' }).waitFor();

    // The secret, once, with the warning.
    await page.getByText('Copy it now: it will not be shown again.').waitFor();
    const secret = await secretOnPage(page).inputValue();
    expect(secret).toMatch(/^whsec_/);
    expect(await seriousViolations(page)).toEqual([]);
    const made = (await h.api('GET', `/v1/event-subscriptions/${id}`, { key: ADMIN_KEY })).body;
    expect(made).toMatchObject({ url: receiver.url, types: [T('created'), T('lapsed')], teamId: TEST_TEAM.id, description: 'Zendesk notes', enabled: true });
    expect(made).not.toHaveProperty('secret');
    expect(await page.locator('[data-state]').textContent()).toBe('On');

    // Not after a reload: the page has nothing to show it from.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Zendesk notes' }).waitFor();
    await page.getByText('Nothing sent to it yet. Send a test event to see one arrive.').waitFor();
    expect(await secretOnPage(page).count()).toBe(0);
    expect(await page.content()).not.toContain(secret);

    // A test event: the receiver verifies it with the secret the page showed, and the log says 204.
    receiver.secrets = [secret];
    await button(page, 'Send a test event').click();
    const test = await receiver.received.waitFor((r) => r.event.type === 'followthrough.test', 30_000);
    expect(test.event.data).toMatchObject({ subscriptionId: id });
    expect(test.verifiedWith).toEqual([secret]);
    const entry = deliveries(page).first();
    await expect.poll(() => entry.locator('[data-delivery-state]').textContent(), { timeout: 20_000 }).toBe('Delivered');
    expect(await entry.getByRole('heading', { level: 3 }).textContent()).toBe('Test event');
    expect(await entry.locator('[data-attempt="1"]').textContent()).toMatch(/^Attempt 1, .+: status 204 in \d+ ms$/);
    expect(await deliveries(page).count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);

    // Resend: the same event (its webhook-id) arrives again, and the log shows a second attempt.
    await entry.getByRole('button', { name: /^Resend/ }).click();
    await receiver.received.waitFor((r) => r !== test && r.webhookId === test.webhookId, 30_000);
    await expect.poll(() => entry.locator('[data-attempt="2"]').textContent(), { timeout: 20_000 }).toMatch(/^Attempt 2, .+: status 204 in \d+ ms$/);
    await expect.poll(() => entry.locator('[data-delivery-state]').textContent(), { timeout: 20_000 }).toBe('Delivered');
    expect(receiver.refused).toEqual([]);

    // Rotating asks first; Cancel keeps the secret.
    await button(page, 'Rotate the secret…').click();
    const dialog = page.getByRole('dialog', { name: 'Rotate the signing secret?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await secretOnPage(page).count()).toBe(0);
    await button(page, 'Rotate the secret…').click();
    await dialog.getByRole('button', { name: 'Rotate the secret', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'The new signing secret' }).waitFor();
    await expect.poll(() => focused(page), { timeout: 10_000 }).toBe('secret-title');
    const rotated = await secretOnPage(page).inputValue();
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(secret);
    // For a day each request is signed with both: a receiver that knows only the new one verifies it.
    receiver.secrets = [rotated];
    await button(page, 'Send a test event').click();
    const second = await receiver.received.waitFor((r) => r.event.type === 'followthrough.test' && r.webhookId !== test.webhookId, 30_000);
    expect(second.signatures).toBe(2);
    expect(second.verifiedWith).toEqual([rotated]);
    await expect.poll(() => deliveries(page).count(), { timeout: 20_000 }).toBe(2);
    await expect.poll(() => deliveries(page).first().locator('[data-delivery-state]').textContent(), { timeout: 20_000 }).toBe('Delivered');
    await button(page, 'I have copied it').click();
    expect(await secretOnPage(page).count()).toBe(0);

    // Off: nothing can be tested until it is on again.
    await button(page, 'Turn off').click();
    await expect.poll(() => page.locator('[data-state]').textContent(), { timeout: 10_000 }).toBe('Off');
    expect(await button(page, 'Send a test event').isDisabled()).toBe(true);
    expect((await h.api('GET', `/v1/event-subscriptions/${id}`, { key: ADMIN_KEY })).body.enabled).toBe(false);
    await button(page, 'Turn on').click();
    await expect.poll(() => page.locator('[data-state]').textContent(), { timeout: 10_000 }).toBe('On');
    expect(await button(page, 'Send a test event').isDisabled()).toBe(false);

    // The list: its URL, 2 types, the team, on, not failing.
    await page.getByRole('link', { name: 'All subscriptions' }).click();
    const row = page.locator(`tr[data-subscription="${id}"]`);
    await row.waitFor();
    await expect.poll(() => row.locator('td').allTextContents(), { timeout: 10_000 }).toEqual(['2', TEST_TEAM.name, 'On', '—']);
    expect(await row.getByRole('link').textContent()).toBe(receiver.url);

    // Removing asks first too.
    await row.getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: 'Zendesk notes' }).waitFor();
    await button(page, 'Remove…').click();
    await page.getByRole('dialog', { name: 'Remove this subscription?' }).getByRole('button', { name: 'Remove the subscription' }).click();
    await page.waitForURL(`${h.baseUrl}/events`);
    await page.getByText(`Removed the subscription for ${receiver.url} and its delivery log.`).waitFor();
    await page.getByText('No subscriptions yet.').waitFor();
    expect((await h.api('GET', `/v1/event-subscriptions/${id}`, { key: ADMIN_KEY })).status).toBe(404);
    await context.close();
  });

  it("shows a supervisor their own team's subscriptions only, and adds one to their team, at phone width", async () => {
    const types = [T('fulfilled')];
    const ours = await h.api('POST', '/v1/event-subscriptions', { key: ADMIN_KEY, body: { url: receiver.url, types, teamId: TEST_TEAM.id } });
    const theirs = await h.api('POST', '/v1/event-subscriptions', { key: ADMIN_KEY, body: { url: receiver.url, types, teamId: OTHER_TEAM.id } });
    const everyone = await h.api('POST', '/v1/event-subscriptions', { key: ADMIN_KEY, body: { url: receiver.url, types } });
    expect([ours.status, theirs.status, everyone.status]).toEqual([201, 201, 201]);

    const { context, page } = await signedIn(SUPERVISOR_KEY, '/events', { width: 375, height: 740 });
    await page.getByRole('heading', { level: 1, name: 'Events' }).waitFor();
    await page.locator(`tr[data-subscription="${ours.body.id}"]`).waitFor();
    expect(await page.locator('tr[data-subscription]').count()).toBe(1);
    // Admins choose a team and the customer's contacts; a supervisor's subscriptions are their team's.
    expect(await page.getByLabel('Team', { exact: true }).count()).toBe(0);
    expect(await page.getByLabel("Include the customer's phone and email").count()).toBe(0);

    await button(page, 'Choose every type').click();
    await button(page, 'Add subscription').click();
    await expect.poll(() => page.locator('#new-url-error').textContent(), { timeout: 10_000 }).toMatch(/^must be an absolute URL/);
    await expect.poll(() => focused(page), { timeout: 10_000 }).toBe('new-url');
    // Nothing runs off the side of a phone.
    expect(await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByLabel('URL').fill(receiver.url);
    await button(page, 'Add subscription').click();
    await page.waitForURL(/\/events\/sub_[A-Za-z0-9]+$/);
    await secretOnPage(page).waitFor();
    const id = new URL(page.url()).pathname.split('/').pop() as string;
    expect((await h.api('GET', `/v1/event-subscriptions/${id}`, { key: ADMIN_KEY })).body).toMatchObject({
      teamId: TEST_TEAM.id,
      types: expect.arrayContaining(types),
    });
    const secret = await secretOnPage(page).inputValue();

    // The receiver is down: the log has its status, and the first KB of its answer behind a <details> opened with the keyboard.
    receiver.answer = { kind: 'status', status: 503, body: 'Down for maintenance' };
    await button(page, 'Send a test event').click();
    const entry = deliveries(page).first();
    await expect.poll(() => entry.locator('[data-attempt="1"]').textContent(), { timeout: 20_000 }).toContain(': status 503 in ');
    expect(await entry.locator('[data-delivery-state]').textContent()).toBe('Pending');
    expect(await entry.locator('pre').isVisible()).toBe(false);
    await entry.locator('[data-attempt="1"] summary').focus();
    await page.keyboard.press('Enter');
    await entry.locator('pre').waitFor();
    expect(await entry.locator('pre').textContent()).toBe('Down for maintenance');
    await page.getByText('Failing since', { exact: true }).waitFor();
    expect(await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    expect(await seriousViolations(page)).toEqual([]);

    // Back up: Resend delivers it now rather than at the next retry, and it is no longer failing.
    receiver.answer = { kind: 'ok' };
    receiver.secrets = [secret];
    await entry.getByRole('button', { name: /^Resend/ }).click();
    await receiver.received.waitFor((r) => r.event.type === 'followthrough.test' && r.event.data.subscriptionId === id, 30_000);
    await expect.poll(() => entry.locator('[data-delivery-state]').textContent(), { timeout: 20_000 }).toBe('Delivered');
    await page.getByText('Failing since', { exact: true }).waitFor({ state: 'detached', timeout: 20_000 });

    // Another team's subscription is not theirs to see.
    await page.goto(`${h.baseUrl}/events/${theirs.body.id}`);
    await page.getByRole('heading', { level: 1, name: 'Not yours to see' }).waitFor();
    await context.close();
  });

  it('gives an agent no Events entry, and a refusal at /events from the server and from the page', async () => {
    const { context, page } = await signedIn(AGENT_KEY, '/mine');
    await nav(page).getByRole('link', { name: 'My commitments' }).waitFor();
    expect(await nav(page).getByRole('link', { name: 'Events' }).count()).toBe(0);

    const answer = await page.goto(`${h.baseUrl}/events`);
    expect(answer?.status()).toBe(403);
    await page.getByRole('heading', { level: 1, name: 'Not yours to see' }).waitFor();
    expect(await page.getByText('The events page is for supervisors and admins').count()).toBe(1);
    expect((await page.goto(`${h.baseUrl}/events/sub_0123456789abcdefABCDEF`))?.status()).toBe(403);

    // Reached without the server (the console's own navigation), the page refuses too.
    await page.goto(`${h.baseUrl}/mine`);
    await nav(page).getByRole('link', { name: 'My commitments' }).waitFor();
    await page.evaluate(() => {
      const w = globalThis as any;
      w.history.pushState(null, '', '/events');
      w.dispatchEvent(new w.PopStateEvent('popstate'));
    });
    await page.getByRole('heading', { level: 1, name: 'Not yours to see' }).waitFor();
    expect(await page.getByText('The events page is for supervisors and admins.').count()).toBe(1);
    await context.close();
  });
});
