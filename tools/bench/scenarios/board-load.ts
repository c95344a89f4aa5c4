/**
 * The board's first load, as a supervisor sees it: a signed-in Chromium with an empty cache opens
 * /board and the clock stops when the counts and the first section are on the screen (the shell,
 * the hashed script and stylesheet, the shared chunk, GET /v1/board, and rendering). Part of the
 * scale scenario, so it is measured with that scenario's open commitments. Debian's Chromium
 * (the one the console's tests use); without it, the result says so.
 */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { buildClient } from '../../../src/console/build-client';
import type { Stack } from '../stack';
import { distribution, roundDistribution, type Distribution } from '../stats';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface BoardLoadResult {
  status: 'measured' | 'not measured';
  note?: string;
  /** Navigation start → counts and the escalated section rendered, ms. */
  firstLoadMs?: Distribution;
  /** Open work the board counted on its last load (open + paused + escalated). */
  openCounted?: number;
}

/** Signs the supervisor in through the console's API-key form; returns the session cookie's value. */
async function signIn(baseUrl: string, key: string): Promise<string> {
  const page = await fetch(`${baseUrl}/login`);
  const formCookie = /ft_signin=([^;]+)/.exec(page.headers.get('set-cookie') ?? '')?.[1] ?? '';
  const csrf = /name="csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  const res = await fetch(`${baseUrl}/login/key`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `ft_signin=${formCookie}` },
    body: new URLSearchParams({ csrf, key, next: '/board' }).toString(),
  });
  const session = /ft_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
  if (res.status !== 303 || !session) throw new Error(`console sign-in answered ${res.status}`);
  return session;
}

export async function measureBoardFirstLoad(stack: Stack, runs: number, log: (line: string) => void): Promise<BoardLoadResult> {
  if (!existsSync(CHROMIUM)) return { status: 'not measured', note: `no Chromium at ${CHROMIUM} (apt-get install chromium)` };
  // The API serves dist/console: build it from this checkout, as `npm run build` would.
  await buildClient();
  const baseUrl = stack.api.info.url as string;
  const session = await signIn(baseUrl, stack.supervisorKey);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  const times: number[] = [];
  let openCounted: number | undefined;
  try {
    for (let i = 0; i < runs + 1; i++) {
      // A new context per run: no cache, no service worker, only the session cookie.
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await context.addCookies([{ name: 'ft_session', value: session, url: baseUrl }]);
      const page = await context.newPage();
      const started = performance.now();
      await page.goto(`${baseUrl}/board`, { waitUntil: 'commit' });
      await page.waitForSelector('#escalated h2');
      await page.waitForFunction(
        () =>
          (globalThis as unknown as { document: { querySelector(s: string): { textContent: string | null } | null } }).document.querySelector(
            '[data-count="owners"]',
          )?.textContent !== '–',
      );
      const ms = performance.now() - started;
      openCounted = Number(await page.locator('[data-count="owners"]').textContent());
      await context.close();
      // The first run warms the server (its statement plans, the shell's manifest read); it is not counted.
      if (i > 0) times.push(ms);
    }
  } finally {
    await browser.close();
  }
  const firstLoadMs = roundDistribution(distribution(times));
  log(`scale: board first load in Chromium: p50 ${firstLoadMs.p50} ms, max ${firstLoadMs.max} ms (${openCounted} open counted)`);
  return { status: 'measured', firstLoadMs, ...(openCounted === undefined ? {} : { openCounted }) };
}
