/**
 * The rate limits against the real API and its Postgres store, with limits low enough to reach.
 * The API trusts one proxy (TRUST_PROXY=1), so each test speaks from an address of its own
 * through X-Forwarded-For, as clients behind a load balancer do.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createLimits } from '../../src/api/limits';
import { composeApi } from '../../src/compose/api';
import { loadConfig } from '../../src/config';
import { generateSecret } from '../../src/people/store/keys';
import { closeServer, listen } from '../../src/runtime';
import { TEST_ENV } from '../support/config';
import { addTestStaff, commitmentBody, useHarness } from '../support/harness';

const LIMITS = {
  TRUST_PROXY: '1',
  RATE_LIMIT_BAD_KEYS: '5',
  RATE_LIMIT_PER_KEY: '8',
  // Above the 300 guesses below, so what refuses them is the refused-keys limit.
  RATE_LIMIT_PER_ADDRESS: '400',
  RATE_LIMIT_SIGN_IN: '3',
  RATE_LIMIT_TEXTS_PER_PHONE: '3',
  CUSTOMER_MESSAGES_PER_HOUR: '3',
};
const h = useHarness({ env: LIMITS });

let lastOctet = 0;
const newAddress = () => `203.0.113.${++lastOctet}`;
const from = (address: string) => ({ 'x-forwarded-for': address });
/** A key of its own, so what one test spends is not another's to lose (a key's count lasts a minute). */
const newKey = (name: string) => addTestStaff(h.db.pool, { id: `agent-${randomUUID().slice(0, 8)}`, name, email: `${randomUUID()}@support.example` });

/**
 * Another API process on the file's database, built by the composition root with the same limits
 * and no lookup cache, so every request with a key passes the lookup gate (a cached one never does).
 */
const replicas: { close(): Promise<void> }[] = [];
afterAll(async () => {
  for (const r of replicas) await r.close();
});
async function replica(): Promise<(key: string, address: string) => Promise<number>> {
  const env = { ...TEST_ENV, ...LIMITS, TEMPORAL_ADDRESS: inject('temporalAddress'), DATABASE_URL: h.db.url };
  const { app } = composeApi(loadConfig(env), { db: h.db.pool, client: h.client, authCacheMs: 0, log: console.error });
  const server = await listen(app, 0, '127.0.0.1');
  replicas.push({ close: () => closeServer(server) });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/staff/me`;
  return async (key, address) => (await fetch(url, { headers: { authorization: `Bearer ${key}`, ...from(address) } })).status;
}
/** 31 guesses, over RATE_LIMIT_BAD_KEYS (5 here, 30 by default): the address is locked out. */
const lockOut = async (call: (key: string, address: string) => Promise<number>, address: string) => {
  const statuses: number[] = [];
  for (let i = 0; i < 31; i++) statuses.push(await call(generateSecret(), address));
  expect(statuses.filter((s) => s === 401)).toHaveLength(5);
  expect(statuses.at(-1)).toBe(429);
};

async function points(key: string): Promise<number> {
  const { rows } = await h.db.pool.query<{ points: number }>('SELECT points FROM rate_limits WHERE key = $1', [key]);
  return rows[0]?.points ?? 0;
}

describe('refused API keys', () => {
  it('looks up a handful of 300 guessed keys sent within a second, and answers the rest 429 with Retry-After', async () => {
    const address = newAddress();
    const started = Date.now();
    const answers = await Promise.all(Array.from({ length: 300 }, () => h.api('GET', '/v1/staff/me', { key: generateSecret(), headers: from(address) })));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(10);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(290);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    // Every lookup that found nothing was counted; the refused requests cost none.
    expect(await points(`badkey:${address}`)).toBeLessThanOrEqual(10);
    const refused = answers.find((a) => a.status === 429)!;
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.body).toMatchObject({ type: '/problems/too-many-requests', status: 429 });
    console.log(`300 guessed keys from one address: ${statuses.filter((s) => s === 401).length} looked up, ${Date.now() - started} ms`);

    // A good key that has not authenticated recently waits out the window like a guess; another address is not affected.
    const unused = await newKey('Unused Key');
    expect((await h.api('GET', '/v1/staff/me', { key: unused, headers: from(address) })).status).toBe(429);
    expect((await h.api('GET', '/v1/staff/me', { key: unused, headers: from(newAddress()) })).status).toBe(200);
  });

  it('lets a key that authenticated recently through an address locked out by guesses, while the next guess is refused 429', async () => {
    const call = await replica();
    const address = newAddress();
    const integration = await newKey('CRM Integration');
    expect(await call(integration, newAddress())).toBe(200);
    await lockOut(call, address);
    expect(await call(integration, address)).toBe(200);
    expect(await call(generateSecret(), address)).toBe(429);
    expect(await call(await newKey('Never Used'), address)).toBe(429);
  });

  it('lets through a key another API process saw recently (its last_used_at), on a process that never saw it', async () => {
    const [one, two] = [await replica(), await replica()];
    const address = newAddress();
    const integration = await newKey('Helpdesk Bridge');
    expect(await one(integration, newAddress())).toBe(200);
    await lockOut(two, address);
    expect(await two(integration, address)).toBe(200);
    expect(await two(generateSecret(), address)).toBe(429);
  });
});

describe('requests per key and per address', () => {
  it('answers a key over its limit 429, while another key from the same address goes on', async () => {
    const address = newAddress();
    const [busy, other] = [await newKey('Busy Bee'), await newKey('Other Bee')];
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await h.api('GET', '/v1/staff/me', { key: busy, headers: from(address) })).status);
    expect(statuses).toEqual([...Array(8).fill(200), 429, 429]);
    expect((await h.api('GET', '/v1/staff/me', { key: other, headers: from(address) })).status).toBe(200);
  });

  it('answers an address over its limit 429 whatever it asks for, and never limits the health check', async () => {
    const address = newAddress();
    const statuses: number[] = [];
    for (let batch = 0; batch < 8; batch++) {
      const answers = await Promise.all(Array.from({ length: 50 }, () => h.api('GET', '/v1/staff/me', { key: null, headers: from(address) })));
      statuses.push(...answers.map((a) => a.status));
    }
    statuses.push((await h.api('GET', '/c/anything', { key: null, headers: from(address) })).status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(400);
    expect(statuses.at(-1)).toBe(429);
    expect((await h.api('GET', '/healthz', { key: null, headers: from(address) })).status).toBe(200);
  });
});

describe('across API replicas', () => {
  it('counts in Postgres: what one replica let through, another refuses', async () => {
    const settings = { perKeyPerMinute: 1000, perAddressPerMinute: 1000, badKeysPerWindow: 1000, signInsPerWindow: 1000, textsPerPhonePerHour: 2 };
    const [one, two] = [createLimits(h.db.pool, settings), createLimits(h.db.pool, settings)];
    const phone = `+1415555${String(Math.floor(Math.random() * 9000) + 1000)}`;
    await one.inboundText(phone);
    await two.inboundText(phone);
    await expect(one.inboundText(phone)).rejects.toMatchObject({ status: 429 });
    await expect(two.inboundText(phone)).rejects.toMatchObject({ status: 429 });
  });
});

describe('console sign-in', () => {
  it('answers the fourth sign-in attempt from an address 429 with Retry-After: a page for a browser, a problem for a client', async () => {
    const address = newAddress();
    const post = (accept: string) =>
      fetch(`${h.baseUrl}/login`, {
        method: 'POST',
        headers: { ...from(address), accept, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'email=sam%40support.example',
        redirect: 'manual',
      });
    for (let i = 0; i < 3; i++) expect((await post('text/html')).status).toBe(403); // no CSRF cookie: refused, but counted
    const page = await post('text/html,application/xhtml+xml');
    expect(page.status).toBe(429);
    expect(Number(page.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await page.text()).toContain('Too many sign-in attempts');
    const problem = await post('application/json');
    expect([problem.status, problem.headers.get('content-type')]).toEqual([429, 'application/problem+json; charset=utf-8']);
  });
});

describe('inbound texts', () => {
  it('answers a phone over its limit 429, but always takes its STOP', async () => {
    const phone = `+1415555${String(Math.floor(Math.random() * 9000) + 1000)}`;
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await h.sms(phone, `hello ${i}`)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect((await h.sms(phone, 'STOP')).status).toBe(200);
    const { rows } = await h.db.pool.query('SELECT 1 FROM sms_opt_outs WHERE phone = $1', [phone]);
    expect(rows).toHaveLength(1);
  });
});

describe('messages to a customer', () => {
  it('sends at most CUSTOMER_MESSAGES_PER_HOUR messages about one commitment, records the rest as not sent with why, and never holds back staff alerts', async () => {
    const email = `${randomUUID()}@support.example`;
    const key = await addTestStaff(h.db.pool, { id: `agent-${randomUUID().slice(0, 8)}`, name: 'Cap Owner', email });
    const customer = { name: 'Cap Tester', phone: '+14155550188', email: `cap-${randomUUID()}@example.com`, timezone: 'America/Chicago' };
    const c = (await h.api('POST', '/v1/commitments', { key, body: commitmentBody({ customer }) })).body;
    // Recap (1), then pause (2), resume (3): the cap of 3 is reached; a second pause is the 4th.
    for (const [path, body] of [
      ['pause', { reason: 'waiting on the bank' }],
      ['resume', {}],
      ['pause', { reason: 'waiting again' }],
    ] as const) {
      expect((await h.api('POST', `/v1/commitments/${c.id}/${path}`, { key, body })).status).toBe(200);
    }
    const rows = async () =>
      (
        await h.db.pool.query<{ purpose: string; status: string; attempts: number; error: string | null }>(
          `SELECT purpose, status, attempts, error FROM notifications WHERE commitment_id = $1 AND recipient_role = 'customer' ORDER BY created_at, channel`,
          [c.id],
        )
      ).rows;
    const events = async () =>
      (await h.db.pool.query<{ type: string; detail: string }>('SELECT type, detail FROM commitment_events WHERE commitment_id = $1 ORDER BY seq', [c.id]))
        .rows;
    await expect.poll(async () => (await events()).filter((e) => e.type === 'notification_failed').length, { timeout: 20_000 }).toBe(2);
    await expect.poll(() => h.twilio.requests.filter((r) => r.form.To === customer.phone).length, { timeout: 20_000 }).toBe(3);

    const capped = (await rows()).filter((r) => r.status === 'failed');
    expect(capped.map((r) => [r.purpose, r.attempts])).toEqual([
      ['customer_paused', 0],
      ['customer_paused', 0],
    ]);
    expect(capped[0]?.error).toContain('CUSTOMER_MESSAGES_PER_HOUR');
    expect((await rows()).filter((r) => r.status !== 'failed')).toHaveLength(6);
    const refusal = (await events()).find((e) => e.type === 'notification_failed')?.detail;
    expect(refusal).toMatch(/^(SMS|email) to the customer not sent: the customer already had 3 messages/);
    // Not an unreachable customer: the owner is not told so.
    expect((await events()).some((e) => e.type === 'customer_unreachable')).toBe(false);
    // The owner's own messages are never capped: the confirmation reached them.
    await h.smtp.waitForMail((m) => m.to.includes(email), 15_000);
  });
});
