/**
 * The follow-through actions in a real Chromium against the real server, worker, Temporal, Twilio
 * and SMTP servers: an owner tells the customer how it is going and escalates with a reason, a
 * supervisor corrects the call log of a closed commitment, and a fulfilment with a next contact
 * time creates a follow-up that the page links to, both ways. Each new dialog passes axe.
 */
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { instantOf, wallClock, wallOf } from '../../src/shared/zoned-time';
import { seriousViolations, signInWithKey, useBrowser } from '../support/browser';
import { AGENT_KEY, commitmentBody, SUPERVISOR_KEY, useHarness } from '../support/harness';

const h = useHarness();
const browser = useBrowser();
const WAIT = { timeout: 20_000 };

// One signed-in page per person for the whole file: the session outlives each test's worker.
const sessions = new Map<string, Promise<{ context: BrowserContext; page: Page }>>();
function signedIn(key: string): Promise<{ context: BrowserContext; page: Page }> {
  let session = sessions.get(key);
  if (!session) {
    session = (async () => {
      // A browser set to Tokyo: the console must read times in the person's directory zone (Chicago).
      const context = await browser().context({ timezoneId: 'Asia/Tokyo' });
      const page = await context.newPage();
      await signInWithKey(page, h.baseUrl, key, '/mine');
      return { context, page };
    })();
    sessions.set(key, session);
  }
  return session;
}
afterAll(async () => {
  for (const s of sessions.values()) await (await s).context.close();
});

async function create(summary: string, o: Record<string, unknown> = {}): Promise<string> {
  const res = await h.api('POST', '/v1/commitments', { body: commitmentBody({ summary, dueIn: 'PT2H', ...o }) });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

/** The commitment's page, as `key`'s person, with the dialog of the action named `label` open. */
async function openAction(key: string, id: string, label: string): Promise<{ page: Page; dialog: Locator }> {
  const { page } = await signedIn(key);
  await page.goto(`${h.baseUrl}/commitments/${id}`);
  await page.getByRole('group', { name: 'Actions' }).getByRole('button', { name: label, exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  expect(await seriousViolations(page)).toEqual([]);
  return { page, dialog };
}

const promise = (page: Page) => page.locator('#promise-title ~ dl');
const timeline = (page: Page) => page.locator('.timeline');

describe('the follow-through actions in the console', () => {
  it('lets the owner send the customer an update from the commitment page, which reaches them by text', async () => {
    const id = await create('Call you back about the blocked card');
    const { page, dialog } = await openAction(AGENT_KEY, id, 'Send update');
    const text = `The bank unblocked the card; it works again tonight (${id.slice(-6)}).`;
    await dialog.getByLabel('Update for the customer').fill(text);
    await dialog.getByRole('button', { name: 'Send update' }).click();
    await dialog.waitFor({ state: 'detached' });

    const sms = await h.twilio.waitForMessage((m) => m.to === '+14155550123' && m.body.includes(text), 15_000);
    expect(sms.body).toContain('an update from Dana Reyes');
    await expect.poll(() => timeline(page).textContent(), WAIT).toContain(`Dana Reyes sent the customer an update: ${text}`);
  });

  it('lets the owner escalate now with a reason: the supervisor is alerted and the page says why', async () => {
    const id = await create('Refund the double charge');
    const { page, dialog } = await openAction(AGENT_KEY, id, 'Escalate now');
    const reason = dialog.getByLabel('Why it needs more authority');
    expect(await reason.locator('option').allTextContents()).toEqual([
      'Choose a reason',
      'Manager request',
      'Safety',
      'Legal',
      'Abuse',
      'Repeat contact',
      'Other',
    ]);
    await dialog.getByRole('button', { name: 'Escalate now' }).click();
    expect(await dialog.locator('#action-reason-error').textContent()).toBe('Choose one.');
    await reason.selectOption('manager_request');
    await dialog.getByLabel('The issue in one sentence').fill('Customer asked twice for a manager about the refund.');
    await dialog.getByRole('button', { name: 'Escalate now' }).click();
    await dialog.waitFor({ state: 'detached' });

    const alert = await h.smtp.waitForMail(
      (m) => m.to.includes('sam@support.example') && m.subject.startsWith('Escalated (the customer asked for a manager)') && m.text.includes(id),
      15_000,
    );
    expect(alert.text).toContain('Customer asked twice for a manager about the refund.');
    await expect.poll(() => page.locator('.badge').textContent(), WAIT).toBe('escalated');
    expect(await promise(page).textContent()).toContain('Manager request, raised by Dana Reyes: Customer asked twice for a manager about the refund.');
    // Gone over the agent's head: telling the customer and the record are still theirs, withdrawing it is not.
    expect(await page.getByRole('group', { name: 'Actions' }).getByRole('button').allTextContents()).toEqual([
      'Log a call',
      'Send update',
      'Add note',
      'Correct call log',
      'Change language or state',
    ]);
  });

  it('lets a supervisor correct the root cause of a cancelled commitment, with the audit entry in the timeline', async () => {
    const id = await create('Send the corrected invoice', { log: { trigger: 'billing_error', rootCause: 'bad_automation', neededFix: 'Dedupe card retries' } });
    expect((await h.api('POST', `/v1/commitments/${id}/cancel`, { body: { reason: 'customer went elsewhere', notifyCustomer: false } })).status).toBe(200);
    await expect.poll(async () => (await h.client.workflow.getHandle(`commitment-${id}`).describe()).status.name, WAIT).toBe('COMPLETED');

    const { page, dialog } = await openAction(SUPERVISOR_KEY, id, 'Correct call log');
    // Starts from the log as it stands; a value cannot be removed, so "Not recorded" is offered only where there is none.
    const rootCause = dialog.getByLabel('Root cause');
    expect(await rootCause.inputValue()).toBe('bad_automation');
    expect(await rootCause.locator('option').allTextContents()).not.toContain('Not recorded');
    expect(await dialog.getByLabel('Customer state').inputValue()).toBe('');
    expect(await dialog.getByLabel('Needed fix').inputValue()).toBe('Dedupe card retries');
    await dialog.getByRole('button', { name: 'Correct call log' }).click();
    expect(await dialog.getByRole('alert').textContent()).toBe('Change at least one field.');

    await rootCause.selectOption('unclear_policy');
    await dialog.getByRole('button', { name: 'Correct call log' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => timeline(page).textContent(), WAIT).toContain('Sam Okafor updated the call log: root cause: unclear policy.');
    expect(await page.locator('#log-title ~ dl').textContent()).toContain('Unclear policy');
    expect(await page.locator('.badge').textContent()).toBe('cancelled');
  });

  it('creates a follow-up from the fulfil dialog’s next contact time, read in the owner’s zone, and links the two both ways', async () => {
    const summary = 'Replace the faulty router';
    const id = await create(summary);
    const { page, dialog } = await openAction(AGENT_KEY, id, 'Fulfil');
    // Tomorrow at 10:00 on the owner's wall clock in Chicago, whatever zone the browser is in.
    const tomorrow = new Date(wallClock(Date.now(), 'America/Chicago') + 86_400_000).toISOString().slice(0, 10);
    const at = (time: string) => new Date(instantOf(wallOf(tomorrow, time), 'America/Chicago')).toISOString();
    await dialog.getByLabel('What was done').fill('Sent a new router by courier');
    await dialog.getByLabel('Still pending until (optional)').fill(`${tomorrow}T09:00`);
    await dialog.getByLabel('Call the customer again on (optional)').fill(`${tomorrow}T10:00`);
    expect(await dialog.locator('#action-nextContactAt-hint').textContent()).toContain('Your time (America/Chicago).');
    await dialog.getByRole('button', { name: 'Fulfil' }).click();
    await dialog.waitFor({ state: 'detached' });

    const link = page.getByRole('link', { name: 'The follow-up commitment' });
    await link.waitFor(WAIT);
    expect((await h.api('GET', `/v1/commitments/${id}`)).body.fulfilment).toMatchObject({ pendingUntil: at('09:00'), nextContactAt: at('10:00') });
    await link.click();
    await page.getByRole('heading', { level: 1, name: `Follow-up: ${summary}` }).waitFor();
    const followUpId = new URL(page.url()).pathname.split('/').pop() ?? '';
    expect((await h.api('GET', `/v1/commitments/${followUpId}`)).body).toMatchObject({ followUpOf: id, dueAt: at('10:00'), owner: { id: 'agent-dana' } });

    await page.getByRole('link', { name: 'The commitment it follows up' }).click();
    await page.getByRole('heading', { level: 1, name: summary, exact: true }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/commitments/${id}`);
    await h.api('POST', `/v1/commitments/${followUpId}/cancel`, { body: { reason: 'test done', notifyCustomer: false } });
  });
});
