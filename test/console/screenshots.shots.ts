/**
 * The console's screenshots in docs/ (README, "Console"), taken from the real server with real
 * lapses, alerts and messages. Not part of `npm test`: run `npm run screenshots` after changing a
 * page (CONSOLE_SCREENSHOTS names another folder).
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { signInWithKey, useBrowser } from '../support/browser';
import { commitmentState, recordAll } from '../support/commitments';
import { commitmentBody, OTHER_AGENT_KEY, SUPERVISOR_KEY, useHarness } from '../support/harness';

const dir = process.env.CONSOLE_SCREENSHOTS ?? 'docs';

describe('console screenshots', () => {
  const h = useHarness();
  const browser = useBrowser();

  async function create(o: Record<string, unknown>, key?: string): Promise<string> {
    const res = await h.api('POST', '/v1/commitments', { body: commitmentBody(o), ...(key ? { key } : {}) });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  }
  const shot = (page: Page, name: string) => page.screenshot({ path: path.resolve(dir, name), fullPage: true });

  it('takes the board, a commitment, the reports and the board on a phone', async () => {
    const customer = (name: string, timezone: string, phone: string) => ({
      customer: { name, phone, email: `${name.split(' ')[0]?.toLowerCase()}@example.com`, timezone },
    });
    const lapsing = await create({
      ...customer('Maria Lopez', 'America/Chicago', '+14155550123'),
      summary: 'Call you back about the duplicate charge',
      dueIn: 'PT2S',
    });
    await create({
      ...customer('James Wright', 'America/New_York', '+14155550124'),
      summary: 'Confirm the replacement router ships today',
      dueIn: 'PT3S',
      log: { trigger: 'delay', customerState: 'anxious', customerWants: 'same_day_service', rootCause: 'staffing_gap' },
    });
    const rescued = await create({ ...customer('Aiko Tanaka', 'America/Los_Angeles', '+14155550125'), summary: 'Email the corrected invoice', dueIn: 'PT2S' });
    await create(
      { ...customer('Priya Shah', 'Europe/London', '+447911123456'), summary: 'Call back with the refund reference', dueIn: 'PT25M' },
      OTHER_AGENT_KEY,
    );
    const tried = await create({
      ...customer('Tom Becker', 'America/Denver', '+14155550127'),
      summary: 'Check the meter reading and call back',
      dueIn: 'PT50M',
    });
    const hard = await create(
      { ...customer('Sofia Rossi', 'Europe/Rome', '+393331234567'), summary: 'Book the engineer visit', dueIn: 'PT5H' },
      OTHER_AGENT_KEY,
    );
    // A callback that did not get through, and a hard call: the board shows the attempt and the supervisor's check-in.
    expect((await h.api('POST', `/v1/commitments/${tried}/attempts`, { body: { outcome: 'no_answer', note: 'Rang out twice' } })).status).toBe(200);
    const flag = { kind: 'abusive', note: 'Shouted and swore for ten minutes about the visit being moved.' };
    expect((await h.api('POST', `/v1/commitments/${hard}/hard-call`, { key: OTHER_AGENT_KEY, body: flag })).status).toBe(201);
    await recordAll(
      h.db.pool,
      Array.from({ length: 60 }, (_, i) => history(i)),
    );
    await h.smtp.waitForMail((m) => m.subject.startsWith('Escalated') && m.text.includes(rescued), 30_000);
    expect(
      (
        await h.api('POST', `/v1/commitments/${rescued}/acknowledge`, {
          key: SUPERVISOR_KEY,
          body: { dueIn: 'PT1H', note: 'Taking this one: the invoice system is down.' },
        })
      ).status,
    ).toBe(200);
    await h.smtp.waitForMail((m) => m.subject.startsWith('Escalated') && m.text.includes(lapsing), 30_000);

    const context = await browser().context({ width: 1280, height: 900 });
    const page = await context.newPage();
    await signInWithKey(page, h.baseUrl, SUPERVISOR_KEY, '/board');
    await page.locator(`#escalated li[data-id="${lapsing}"]`).waitFor();
    await page.getByText('Check in with').first().waitFor();
    await shot(page, 'console-board.png');

    await page.goto(`${h.baseUrl}/commitments/${lapsing}`);
    await expect.poll(() => page.locator('.messages > li').count(), { timeout: 20_000 }).toBeGreaterThan(4);
    await shot(page, 'console-commitment.png');

    await page.goto(`${h.baseUrl}/reports`);
    await expect.poll(() => page.locator('canvas').count()).toBe(5);
    await shot(page, 'console-reports.png');

    const phone = await browser().context({ width: 360, height: 780 });
    const small = await phone.newPage();
    await signInWithKey(small, h.baseUrl, SUPERVISOR_KEY, '/board');
    await small.locator(`#escalated li[data-id="${lapsing}"]`).waitFor();
    await small.screenshot({ path: path.resolve(dir, 'console-board-phone.png') });
    await context.close();
    await phone.close();
  });
});

/** Closed commitments of the last six weeks, for the reports and the per-owner figures. */
function history(i: number) {
  const createdAt = new Date(Date.now() - (1 + (i % 41)) * 86_400_000).toISOString();
  const after = (minutes: number) => new Date(Date.parse(createdAt) + minutes * 60_000).toISOString();
  const lapsed = i % 5 === 0 || (i % 3 === 0 && i > 30);
  const triggers = ['billing_error', 'delay', 'handoff_failure', 'missed_expectation'] as const;
  const causes = ['bad_automation', 'staffing_gap', 'unclear_policy', 'poor_account_notes'] as const;
  return commitmentState({
    ownerId: ['agent-dana', 'agent-lee', 'agent-kim'][i % 3] as string,
    createdAt,
    team: i % 3 === 2 ? { id: 'billing', name: 'Billing' } : { id: 'support', name: 'Support' },
    status: i % 6 === 0 ? 'unconfirmed' : 'confirmed',
    log: { trigger: triggers[i % 4], rootCause: causes[(i * 7) % 4] },
    facts: {
      extensionCount: 0,
      reopenCount: i % 9 === 0 ? 1 : 0,
      firstFulfilledAt: after(lapsed ? 95 : 40),
      firstFulfilledOnTime: !lapsed,
      ...(lapsed
        ? {
            lapsedAt: after(60),
            lapsedOwnerId: 'agent-dana',
            escalatedAt: after(60),
            acknowledgedAt: after(62 + (i % 7) * 3),
            acknowledgedBy: i % 2 ? 'sup-sam' : 'sup-ada',
          }
        : {}),
      satisfaction: { askedAt: after(150), ...(i % 6 ? { answer: 'yes', rating: [5, 4, 5, 3, 4, 2, 5][i % 7] as number } : {}) },
    },
  });
}
