/**
 * The calendar page in a real Chromium against the real API, worker and Temporal, with the API's
 * clock on a Friday at 4 PM in Chicago a week or more ahead (the worker keeps real time): an admin
 * adds a calendar, splits Monday into two ranges, adds a holiday, saves and reads the preview; a
 * save that moves an open deadline says so; an overlapping range is refused beside its field at
 * phone width and nothing is saved; an agent reads a calendar and cannot change it. Each page passes axe.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { whenText } from '../../src/messages/time';
import { instantOf, wallOf } from '../../src/shared/zoned-time';
import { seriousViolations, signInWithKey, useBrowser } from '../support/browser';
import { ADMIN_KEY, AGENT_KEY, commitmentBody, useHarness } from '../support/harness';

const ZONE = 'America/Chicago';
const chicago = (date: string, time: string) => new Date(instantOf(wallOf(date, time), ZONE));
const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** A Friday at least a week ahead, as YYYY-MM-DD. */
function fridayAhead(): string {
  const d = new Date(Date.now() + 8 * 86_400_000);
  while (d.getUTCDay() !== 5) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
const FRIDAY = fridayAhead();
const MONDAY = addDays(FRIDAY, 3);
const TUESDAY = addDays(FRIDAY, 4);
const THURSDAY = addDays(FRIDAY, 6);
const NOW = chicago(FRIDAY, '16:00');
/** How the page says an instant: on the calendar's clock, seen from the API's now. */
const said = (date: string, time: string) => whenText(chicago(date, time), ZONE, NOW);

const h = useHarness({ clock: () => NOW });
const browser = useBrowser();

const nineToFive = [{ start: '09:00', end: '17:00' }];
const WEEKDAYS = { mon: nineToFive, tue: nineToFive, wed: nineToFive, thu: nineToFive, fri: nineToFive };

async function addCalendar(id: string, extra: Record<string, unknown> = {}): Promise<void> {
  const res = await h.api('POST', '/v1/calendars', { key: ADMIN_KEY, body: { id, name: 'Support hours', timeZone: ZONE, weekly: WEEKDAYS, ...extra } });
  expect(res.status).toBe(201);
}

async function signedIn(key: string, next: string, size?: { width: number; height: number }) {
  const context = await browser().context(size);
  const page = await context.newPage();
  await signInWithKey(page, h.baseUrl, key, next);
  return { context, page };
}

const label = (page: Page, name: string) => page.getByLabel(name, { exact: true });
const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });
const status = (page: Page) => page.locator('form.calendar [role="status"]');
const preview = (page: Page, part: string) => page.locator(`[data-preview="${part}"]`);
const focused = (page: Page) => page.evaluate(() => (globalThis as any).document.activeElement?.id as string | undefined);

describe('the calendar page', () => {
  it('lets an admin add a calendar, split Monday, add a holiday and save: the version rises, the page says so, the preview counts on it', async () => {
    const { context, page } = await signedIn(ADMIN_KEY, '/board');
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Calendars' }).click();
    await page.getByRole('heading', { level: 1, name: 'Calendars' }).waitFor();
    await page.getByText('No calendars yet.').waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByLabel('Id').fill('billing-hours');
    await page.getByLabel('Name').fill('Billing hours');
    await label(page, 'Time zone').fill(ZONE);
    expect(await label(page, 'Hours to start from').inputValue()).toBe('weekdays');
    await button(page, 'Add calendar').click();
    await page.waitForURL(`${h.baseUrl}/calendars/billing-hours`);
    await page.getByRole('heading', { level: 1, name: 'Billing hours' }).waitFor();
    // The new page's heading has the focus, as on every page the console opens.
    await expect.poll(() => page.evaluate(() => (globalThis as any).document.activeElement?.outerHTML)).toBe('<h1 tabindex="-1">Billing hours</h1>');
    expect(await page.locator('.notice').textContent()).toBe('Added Billing hours at version 1. Set its hours, holidays and date overrides below.');
    expect(await page.locator('[data-version]').textContent()).toBe('version 1');

    // Friday 4 PM, open 9 to 5 on weekdays: open now, closing at 5, and 4 business hours reach Monday noon.
    await expect.poll(() => page.locator('[data-open]').textContent()).toBe('Open now');
    expect(await preview(page, 'closeOfBusiness').textContent()).toBe(said(FRIDAY, '17:00'));
    expect(await preview(page, 'nextBusinessDay10am').textContent()).toBe(said(MONDAY, '10:00'));
    expect(await preview(page, 'dueAt').textContent()).toBe(said(MONDAY, '12:00'));

    // Monday: 9 to 12 and 13 to 17, the second range added with the keyboard.
    await label(page, 'Closes (Monday, range 1)').fill('12:00');
    await button(page, 'Add hours to Monday').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => focused(page)).toBe('cal-weekly-mon-1-start');
    await page.keyboard.type('13:00');
    await page.keyboard.press('Tab');
    await page.keyboard.type('17:00');
    // Tuesday is a holiday.
    await button(page, 'Add a holiday').click();
    await expect.poll(() => focused(page)).toBe('cal-holidays-0-name');
    await label(page, 'Holiday (holiday 1)').fill('Founders day');
    await label(page, 'From (holiday 1)').fill(TUESDAY);
    expect(await page.getByText('Unsaved changes.').isVisible()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);

    await button(page, 'Save calendar').click();
    await expect.poll(() => status(page).textContent()).toBe('Saved as version 2. No open deadline is counted on it.');
    expect(await page.locator('[data-version]').textContent()).toBe('version 2');
    const saved = (await h.api('GET', '/v1/calendars/billing-hours')).body;
    expect(saved).toMatchObject({
      version: 2,
      weekly: {
        mon: [
          { start: '09:00', end: '12:00' },
          { start: '13:00', end: '17:00' },
        ],
        tue: nineToFive,
      },
      holidays: [{ name: 'Founders day', from: TUESDAY }],
    });

    // The preview counts on the saved version: 8 business hours end at Monday's second close,
    // 24 skip Tuesday's holiday and end on Thursday.
    await label(page, 'Business time from now').selectOption('PT8H');
    await expect.poll(() => preview(page, 'dueAt').textContent()).toBe(said(MONDAY, '17:00'));
    expect(await page.locator('.preview dt').first().textContent()).toBe('8 business hours from now');
    await label(page, 'Business time from now').selectOption('PT24H');
    await expect.poll(() => preview(page, 'dueAt').textContent()).toBe(said(THURSDAY, '17:00'));
    expect(await seriousViolations(page)).toEqual([]);

    // The list shows it, at its version.
    await page.getByRole('link', { name: 'All calendars' }).click();
    const row = page.getByRole('row', { name: /Billing hours/ });
    await row.waitFor();
    expect(await row.locator('td').allTextContents()).toEqual(['billing-hours', ZONE, '1', '2']);
    await context.close();
  });

  it('says how many open deadlines a save moved', async () => {
    await addCalendar('support-hours');
    expect((await h.api('PATCH', '/v1/teams/support', { key: ADMIN_KEY, body: { calendar: 'support-hours' } })).status).toBe(200);
    try {
      // Friday 4 PM + 2 business hours: Monday 10 AM.
      const { dueIn: _dueIn, ...base } = commitmentBody({ customer: { name: 'Avery Stone', phone: '+14155554101', timezone: ZONE } });
      const made = await h.api('POST', '/v1/commitments', { body: { ...base, dueIn: 'PT2H', clock: 'business' } });
      expect(made.status).toBe(201);
      expect(made.body.dueAt).toBe(chicago(MONDAY, '10:00').toISOString());

      const { context, page } = await signedIn(ADMIN_KEY, '/calendars/support-hours');
      await page.getByRole('heading', { level: 1, name: 'Support hours' }).waitFor();
      await button(page, 'Add a holiday').click();
      await label(page, 'Holiday (holiday 1)').fill('Staff day');
      await label(page, 'From (holiday 1)').fill(MONDAY);
      await button(page, 'Save calendar').click();
      await expect
        .poll(() => status(page).textContent(), { timeout: 20_000 })
        .toBe('Saved as version 2. 1 open deadline moved; its customer is told the new time.');
      // The hour left on Monday is counted on Tuesday now.
      expect((await h.api('GET', `/v1/commitments/${made.body.id}`)).body.dueAt).toBe(chicago(TUESDAY, '10:00').toISOString());
      await context.close();
    } finally {
      expect((await h.api('PATCH', '/v1/teams/support', { key: ADMIN_KEY, body: { calendar: null } })).status).toBe(200);
    }
  });

  it('shows an overlapping range and a backwards holiday beside their fields, at phone width, and saves nothing', async () => {
    await addCalendar('overlap-hours');
    const { context, page } = await signedIn(ADMIN_KEY, '/calendars/overlap-hours', { width: 390, height: 844 });
    await page.getByRole('heading', { level: 1, name: 'Support hours' }).waitFor();
    await label(page, 'Closes (Monday, range 1)').fill('12:00');
    await button(page, 'Add hours to Monday').click();
    await label(page, 'Opens (Monday, range 2)').fill('11:00');
    await label(page, 'Closes (Monday, range 2)').fill('13:00');
    await button(page, 'Add a holiday').click();
    await label(page, 'Holiday (holiday 1)').fill('Backwards');
    await label(page, 'From (holiday 1)').fill(addDays(FRIDAY, 10));
    await label(page, 'To (holiday 1)').fill(addDays(FRIDAY, 8));
    await button(page, 'Save calendar').click();

    await expect.poll(() => page.locator('#cal-weekly-mon-1-error').textContent()).toBe('overlaps range 1 of the same day');
    expect(await page.locator('#cal-holidays-0-to-error').textContent()).toBe('must not be before from');
    expect(await page.getByRole('alert').textContent()).toBe('Nothing was saved: 2 problems to fix, marked beside their fields.');
    const opens = label(page, 'Opens (Monday, range 2)');
    expect(await opens.getAttribute('aria-invalid')).toBe('true');
    expect(await opens.getAttribute('aria-describedby')).toBe('cal-weekly-mon-1-error');
    expect(await label(page, 'To (holiday 1)').getAttribute('aria-invalid')).toBe('true');
    // The first field refused has the focus.
    await expect.poll(() => focused(page)).toBe('cal-weekly-mon-1-start');
    expect(await page.locator('[data-version]').textContent()).toBe('version 1');
    const stored = (await h.api('GET', '/v1/calendars/overlap-hours')).body;
    expect(stored).toMatchObject({ version: 1, weekly: { mon: nineToFive }, holidays: [] });
    // Nothing runs off a phone's screen.
    expect(await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await seriousViolations(page)).toEqual([]);

    // Fixed, it saves.
    await label(page, 'Opens (Monday, range 2)').fill('13:00');
    await label(page, 'Closes (Monday, range 2)').fill('17:00');
    await label(page, 'To (holiday 1)').fill(addDays(FRIDAY, 11));
    await button(page, 'Save calendar').click();
    await expect.poll(() => status(page).textContent()).toBe('Saved as version 2. No open deadline is counted on it.');
    expect(await page.getByRole('alert').count()).toBe(0);
    await context.close();
  });

  it("imports a region's public holidays, once there are no unsaved changes, and names an unknown region beside its field", async () => {
    await addCalendar('texas-hours');
    const year = FRIDAY.slice(0, 4);
    const { context, page } = await signedIn(ADMIN_KEY, '/calendars/texas-hours');
    await page.getByRole('heading', { level: 1, name: 'Support hours' }).waitFor();
    const region = page.getByLabel('Country or region');
    const importing = button(page, 'Import holidays');

    // An import saves the calendar, so it waits for unsaved changes to be saved or discarded.
    await label(page, 'Closes (Friday, range 1)').fill('16:00');
    expect(await importing.isDisabled()).toBe(true);
    await button(page, 'Discard changes').click();
    expect(await label(page, 'Closes (Friday, range 1)').inputValue()).toBe('17:00');
    expect(await importing.isDisabled()).toBe(false);

    await region.fill('US-ZZ');
    await page.getByLabel('Years').fill(year);
    await importing.click();
    await expect.poll(() => region.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#import-region-error').textContent()).toMatch(/^is not a region of US/);
    expect(await page.locator('[data-version]').textContent()).toBe('version 1');

    await region.fill('US-TX');
    await importing.click();
    const said = page.locator('form:has(#import-region) [role="status"]');
    await expect.poll(() => said.textContent(), { timeout: 10_000 }).toMatch(/^Added \d+ holidays; saved as version 2\. No open deadline is counted on it\.$/);
    const stored = (await h.api('GET', '/v1/calendars/texas-hours')).body;
    expect(stored.version).toBe(2);
    expect(stored.holidays).toEqual(expect.arrayContaining([{ name: 'Christmas Day', from: `${year}-12-25` }]));
    // The form shows them, ready to edit.
    expect(await page.locator('#cal-holidays-0-name').inputValue()).toBe(stored.holidays[0].name);
    expect(await page.locator('#cal-holidays-0-from').inputValue()).toBe(stored.holidays[0].from);
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });

  it('shows an agent a calendar to read, with nothing to change', async () => {
    await addCalendar('agents-read', {
      holidays: [{ name: 'Founders day', from: TUESDAY }],
      overrides: [{ date: THURSDAY, hours: [{ start: '09:00', end: '13:00' }], note: 'Half day' }],
    });
    // A sign-in link to a calendar leads back to it.
    const { context, page } = await signedIn(AGENT_KEY, '/calendars/agents-read');
    expect(new URL(page.url()).pathname).toBe('/calendars/agents-read');
    await page.getByRole('heading', { level: 1, name: 'Support hours' }).waitFor();
    await page.getByRole('heading', { name: 'Weekly hours' }).waitFor();
    expect(await page.getByRole('row', { name: /Monday/ }).textContent()).toBe('Monday09:00–17:00');
    expect(await page.getByRole('row', { name: /Saturday/ }).textContent()).toBe('SaturdayClosed');
    expect(
      await page
        .getByRole('row', { name: /Founders day/ })
        .locator('td')
        .textContent(),
    ).toMatch(/^Tue, \w{3} \d{1,2}, \d{4}$/);
    expect(
      await page
        .getByRole('row', { name: /Half day/ })
        .locator('td')
        .allTextContents(),
    ).toEqual(['09:00–13:00', 'Half day']);
    await expect.poll(() => page.locator('[data-open]').textContent()).toBe('Open now');
    expect(await page.getByText('Only admins change calendars.').isVisible()).toBe(true);
    expect(await button(page, 'Save calendar').count()).toBe(0);
    expect(await button(page, 'Import holidays').count()).toBe(0);
    expect(await page.locator('main input').count()).toBe(0);
    // The nav leads overseers there; an agent is sent a calendar's address.
    expect(await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Calendars' }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto(`${h.baseUrl}/calendars`);
    await page.getByRole('link', { name: 'Support hours' }).first().waitFor();
    expect(await button(page, 'Add calendar').count()).toBe(0);
    expect(await page.getByText('Only admins change them.').isVisible()).toBe(true);
    await page.goto(`${h.baseUrl}/calendars/nowhere`);
    await page.getByRole('heading', { level: 1, name: 'Not found' }).waitFor();
    expect(await page.locator('main').textContent()).toContain('No calendar has the id nowhere.');
    await context.close();
  });
});
