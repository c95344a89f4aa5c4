/**
 * A real Chromium for the console's tests: Debian's /usr/bin/chromium driven by playwright-core
 * (no browser download), headless. Playwright gives each launch a fresh user-data-dir of its own
 * (and deletes it on close), and each context its own cookies, so nothing outlives a test file.
 * Also: signing in with a key, and axe-core's audit of a page.
 */
import { readFile } from 'node:fs/promises';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface Browser {
  /**
   * A new browser context (its own cookies), as if a second person opened the console; its clock
   * in Chicago unless `timezoneId` says otherwise (a laptop set to another zone than the directory's).
   */
  context(opts?: { width?: number; height?: number; timezoneId?: string }): Promise<BrowserContext>;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  return {
    context: (opts = {}) =>
      browser.newContext({
        viewport: { width: opts.width ?? 1280, height: opts.height ?? 900 },
        locale: 'en-US',
        timezoneId: opts.timezoneId ?? 'America/Chicago',
      }),
    close: () => browser.close(),
  };
}

/** One browser for the test file it is called in, started before its tests and closed after them. */
export function useBrowser(): () => Browser {
  let current: Browser | undefined;
  beforeAll(async () => {
    current = await launchBrowser();
  });
  afterAll(async () => {
    await current?.close();
  });
  return () => {
    if (!current) throw new Error('the browser is used before beforeAll started it');
    return current;
  };
}

/** Signs in through the sign-in page's API-key form and waits for the page it leads to. */
export async function signInWithKey(page: Page, baseUrl: string, key: string, next = '/'): Promise<void> {
  await page.goto(`${baseUrl}/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('API key', { exact: true }).fill(key);
  await page.getByRole('button', { name: 'Sign in with the key' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

let axeSource: Promise<string> | undefined;

/** axe-core's serious and critical violations on the page as it is now (WCAG 2.x A and AA rules). */
export async function seriousViolations(page: Page): Promise<{ id: string; help: string; targets: string[] }[]> {
  axeSource ??= readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  // Evaluated through the DevTools protocol: our CSP (rightly) refuses an injected inline script.
  await page.evaluate(await axeSource);
  const violations: AxeViolation[] = await page.evaluate(async () => {
    // Runs in the page, where axe and document are globals.
    const page = globalThis as any;
    const result = await page.axe.run(page.document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return result.violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, help: v.help, targets: v.nodes.map((n) => JSON.stringify(n.target)) }));
}
