/**
 * Texting hours by the customer's place, in running commitments (docs/texting.md). The worker
 * keeps real time, so each test picks the customer's time zone for the hour it needs: a zone where
 * it is now 8 PM holds a Florida customer's text and lets a New York customer's go. Each state's
 * hours at every hour of the week, Texas on a Sunday morning among them, are the unit tests' table
 * (test/places); these prove the workflow keeps them.
 */
import { describe, expect, it } from 'vitest';
import { commitmentBody, eventually, useHarness } from '../support/harness';

const h = useHarness({ env: { TEXTING_HOURS: 'by_place' } });

const ZONES = Intl.supportedValuesOf('timeZone');
const localMinutes = (zone: string, at: Date) => {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at).map((x) => [x.type, x.value]),
  );
  return Number(p.hour) * 60 + Number(p.minute);
};
/**
 * A zone where the local time is now between `from` and `to` (minutes since midnight). Zones an
 * hour apart cover every hour; a window shorter than an hour may have none for a minute or two
 * (until the next minute one does), so this waits for the clock, never longer than that.
 */
const zoneAt = (from: number, to: number): Promise<string> =>
  eventually(
    () => {
      const now = new Date();
      return Promise.resolve(ZONES.find((z) => localMinutes(z, now) >= from && localMinutes(z, now) < to));
    },
    180_000,
    `a time zone whose local time is between minute ${from} and ${to}`,
  );

let n = 0;
const phoneIn = (areaCode: string) => `+1${areaCode}555${String(100 + (++n % 900)).padStart(4, '0')}`;
type Row = { type: string; detail: string };
const timeline = async (id: string): Promise<Row[]> => (await h.api('GET', `/v1/commitments/${id}`)).body.timeline;

describe('texting hours by place', () => {
  it("holds a Florida customer's recap at 8:30 PM their time, naming Florida's hours, and emails it at once", async () => {
    // After Florida's 8 PM (and held until morning however late in the hour).
    const timezone = await zoneAt(20 * 60, 21 * 60);
    const customer = { name: 'Rosa Florida', phone: phoneIn('305'), email: `rosa${n}@example.com`, timezone };
    const res = await h.api('POST', '/v1/commitments', { body: commitmentBody({ customer, dueIn: 'PT2H' }) });
    expect(res.status).toBe(201);
    // Presumed from the area code, and said so.
    expect(res.body.customer).toMatchObject({ region: 'US-FL', regionSource: 'area_code' });

    await h.smtp.waitForMail((m) => m.to.includes(customer.email), 15_000);
    const held = await eventually(async () => (await timeline(res.body.id)).find((e) => e.type === 'held_for_quiet_hours'));
    expect(held.detail).toMatch(/^Text to the customer \(customer recap\) waits for Florida's .+ \(8 AM to 8 PM\) to open at /);
    // The owner's confirmation went after the recap's hold was decided: no text reached the customer.
    await eventually(async () => ((await timeline(res.body.id)).some((e) => e.type === 'owner_confirmation_sent') ? true : undefined));
    expect(h.twilio.messages.filter((m) => m.to === customer.phone)).toEqual([]);
  });

  it('texts a New York customer at 8:30 PM their time: the federal hours run to 9 PM', async () => {
    // Two minutes to spare before 9 PM, for the create to reach the worker.
    const timezone = await zoneAt(20 * 60, 20 * 60 + 58);
    const customer = { name: 'Nate York', phone: phoneIn('212'), email: `nate${n}@example.com`, timezone };
    const res = await h.api('POST', '/v1/commitments', { body: commitmentBody({ customer, dueIn: 'PT2H' }) });
    expect(res.status).toBe(201);
    expect(res.body.customer).toMatchObject({ region: 'US-NY', regionSource: 'area_code' });
    await h.twilio.waitForMessage((m) => m.to === customer.phone, 15_000);
    expect((await timeline(res.body.id)).filter((e) => e.type === 'held_for_quiet_hours')).toEqual([]);
  });

  it("sends Florida's third text about one promise in a day, and the fourth by email alone, saying why", async () => {
    const timezone = await zoneAt(11 * 60, 16 * 60);
    const customer = { name: 'Flo Rida', phone: phoneIn('305'), email: `flo${n}@example.com`, timezone };
    const res = await h.api('POST', '/v1/commitments', { body: commitmentBody({ customer, dueIn: 'PT4H' }) });
    expect(res.status).toBe(201);
    const id = res.body.id as string;
    const texts = () => h.twilio.messages.filter((m) => m.to === customer.phone);
    const count = (n: number) => () => Promise.resolve(texts().length === n ? true : undefined);
    await eventually(count(1), 15_000, 'the recap by text');
    for (const [i, expected] of [
      [2, 2],
      [3, 3],
    ] as const) {
      expect((await h.api('POST', `/v1/commitments/${id}/updates`, { body: { text: `Progress note ${i}: the bank is on it.` } })).status).toBe(200);
      await eventually(count(expected), 15_000, `text ${expected}`);
    }
    expect((await h.api('POST', `/v1/commitments/${id}/updates`, { body: { text: 'Progress note 4: the refund is approved.' } })).status).toBe(200);
    await h.smtp.waitForMail((m) => m.to.includes(customer.email) && m.text.includes('Progress note 4'), 15_000);
    const fallback = await eventually(async () => (await timeline(id)).find((e) => e.type === 'delivery_fallback'));
    expect(fallback.detail).toMatch(
      /not sent: Florida's limit on texts about one subject \(at most 3 in 24 hours\) is reached, so it went by email instead\.$/,
    );
    expect(texts()).toHaveLength(3);
    expect((await timeline(id)).filter((e) => e.type === 'held_for_quiet_hours')).toEqual([]);
  });

  it('takes the region given over the area code, and refuses an unknown one naming the field', async () => {
    const timezone = await zoneAt(11 * 60, 16 * 60);
    const given = await h.api('POST', '/v1/commitments', {
      body: commitmentBody({ customer: { name: 'Tex Given', phone: phoneIn('305'), timezone, region: 'US-TX' } }),
    });
    expect(given.status).toBe(201);
    expect(given.body.customer).toMatchObject({ region: 'US-TX', regionSource: 'given' });

    const bad = await h.api('POST', '/v1/commitments', {
      body: commitmentBody({ customer: { name: 'Nowhere', phone: phoneIn('305'), timezone, region: 'US-ZZ' } }),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ pointer: '/customer/region', detail: expect.stringContaining('US-FL') })]);
  });

  it('presumes the place from the time zone when the area code names no state, and says so', async () => {
    const res = await h.api('POST', '/v1/commitments', {
      body: commitmentBody({ customer: { name: 'Pat Phoenix', phone: phoneIn('500'), email: 'pat@example.com', timezone: 'America/Phoenix' } }),
    });
    expect(res.status).toBe(201);
    expect(res.body.customer).toMatchObject({ region: 'US-AZ', regionSource: 'time_zone' });
  });
});
