/**
 * The reports page in a real Chromium: four panels of Chart.js charts drawn from the report
 * series over eight weeks of commitments, each with a working CSV download.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { CommitmentState } from '../../src/shared/contract';
import { seriousViolations, signInWithKey, useBrowser } from '../support/browser';
import { commitmentState, recordAll } from '../support/commitments';
import { ADMIN_KEY, AGENT_KEY, useHarness } from '../support/harness';

const h = useHarness();
const browser = useBrowser();
const DAY = 86_400_000;
const TRIGGERS = ['billing_error', 'delay', 'handoff_failure'] as const;
const CAUSES = ['bad_automation', 'staffing_gap', 'unclear_policy'] as const;

/** Six weeks of outcomes: most kept, some lapsed and rescued, rated 1 to 5. */
function history(): CommitmentState[] {
  return Array.from({ length: 48 }, (_, i) => {
    const createdAt = new Date(Date.now() - (i % 42) * DAY - 3600_000).toISOString();
    const after = (minutes: number) => new Date(Date.parse(createdAt) + minutes * 60_000).toISOString();
    const lapsed = i % 4 === 0;
    return commitmentState({
      ownerId: ['agent-dana', 'agent-lee', 'agent-kim'][i % 3] as string,
      createdAt,
      team: i % 2 ? { id: 'support', name: 'Support' } : { id: 'billing', name: 'Billing' },
      status: i % 5 === 0 ? 'unconfirmed' : 'confirmed',
      log: { trigger: TRIGGERS[i % 3], rootCause: CAUSES[(i >> 1) % 3] },
      facts: {
        extensionCount: 0,
        reopenCount: i % 7 === 0 ? 1 : 0,
        firstFulfilledAt: after(lapsed ? 90 : 30),
        firstFulfilledOnTime: !lapsed,
        ...(lapsed
          ? {
              lapsedAt: after(60),
              lapsedOwnerId: 'agent-dana',
              escalatedAt: after(60),
              acknowledgedAt: after(60 + 5 + (i % 9) * 4),
              acknowledgedBy: i % 8 ? 'sup-sam' : 'sup-ada',
            }
          : {}),
        satisfaction: { askedAt: after(120), ...(i % 5 ? { answer: 'yes', rating: 1 + (i % 5) } : {}) },
      },
    });
  });
}

beforeAll(async () => {
  await recordAll(h.db.pool, history());
});

describe('the reports page', () => {
  it('draws every chart from the report series, each with its CSV', async () => {
    const context = await browser().context();
    const page = await context.newPage();
    // An admin sees every team's figures (a supervisor sees their own team's).
    await signInWithKey(page, h.baseUrl, ADMIN_KEY, '/board');
    await page.getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('heading', { name: 'Time to acknowledge, per supervisor' }).waitFor();
    const canvases = page.locator('canvas');
    await expect.poll(() => canvases.count()).toBe(5);
    // A drawn chart has many coloured pixels: bars, lines and arcs, not only axes.
    const coloured = await canvases.evaluateAll((list) =>
      list.map((c: any) => {
        const data: Uint8ClampedArray = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 0; i < data.length; i += 4)
          if (
            (data[i + 3] as number) > 0 &&
            Math.max(data[i] as number, data[i + 1] as number, data[i + 2] as number) -
              Math.min(data[i] as number, data[i + 1] as number, data[i + 2] as number) >
              60
          )
            n++;
        return n;
      }),
    );
    for (const n of coloured) expect(n).toBeGreaterThan(300);
    expect(await seriousViolations(page)).toEqual([]);

    const links = page.getByRole('link', { name: /^Download CSV/ });
    expect(await links.count()).toBe(4);
    for (const href of await links.evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))) {
      const res = await context.request.get(`${h.baseUrl}${href}`);
      expect(res.status(), href).toBe(200);
      expect(res.headers()['content-type'], href).toContain('text/csv');
      expect((await res.text()).split('\r\n').length, href).toBeGreaterThan(2);
    }
    await context.close();
  });

  it('is the 403 page for an agent', async () => {
    const context = await browser().context();
    const page = await context.newPage();
    await signInWithKey(page, h.baseUrl, AGENT_KEY, '/mine');
    expect((await page.goto(`${h.baseUrl}/reports`))?.status()).toBe(403);
    await context.close();
  });
});
