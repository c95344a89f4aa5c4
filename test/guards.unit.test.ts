/**
 * What the production entries (dist/src/bin/api.js, dist/src/bin/worker.js) refuse to start without, and the
 * settings behind the guards, limits and payload encryption, as the environment gives them.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { assertProductionReady, listenHost, productionProblems, ProductionGuardError } from '../src/guards';

const KEY = Buffer.alloc(32, 7).toString('base64');
const ready = { PUBLIC_BASE_URL: 'https://followthrough.example.com', LINK_SECRET: 'l'.repeat(40), PAYLOAD_KEYS: `k1:${KEY}` };

describe('the production guards', () => {
  it('refuse the laptop defaults, naming each missing thing and how to set it', () => {
    expect(() => assertProductionReady(loadConfig({}), 'api')).toThrow(ProductionGuardError);
    const found = productionProblems(loadConfig({ SHORTEST_WINDOW: 'PT1S' }));
    expect(found).toHaveLength(4);
    expect(found[0]).toMatch(/^PUBLIC_BASE_URL is http:\/\/localhost:3000: .*Set PUBLIC_BASE_URL=https:/);
    expect(found[1]).toMatch(/^LINK_SECRET is not set: .*openssl rand -base64 32/);
    expect(found[2]).toMatch(/^PAYLOAD_KEYS is not set: .*PAYLOAD_KEYS=k1:\$\(openssl rand -base64 32\)/);
    expect(found[3]).toMatch(/^SHORTEST_WINDOW is 1 s/);
    let message = '';
    try {
      assertProductionReady(loadConfig({}), 'worker');
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('The worker will not start in production like this');
    expect(message).toContain('ALLOW_INSECURE=true');
  });

  it('let a configuration with https, a link secret and payload keys start', () => {
    expect(productionProblems(loadConfig(ready))).toEqual([]);
    expect(() => assertProductionReady(loadConfig(ready), 'api')).not.toThrow();
  });

  it('stand aside for ALLOW_INSECURE=true, and only for true', () => {
    expect(() => assertProductionReady(loadConfig({ ALLOW_INSECURE: 'true' }), 'api')).not.toThrow();
    expect(() => assertProductionReady(loadConfig({ ALLOW_INSECURE: 'false' }), 'api')).toThrow(ProductionGuardError);
    expect(() => loadConfig({ ALLOW_INSECURE: 'yes please' })).toThrow(/ALLOW_INSECURE: must be true or false/);
  });

  it('listen on 127.0.0.1 under npm start and on every interface in production, unless HOST says otherwise', () => {
    expect(listenHost(loadConfig({}), 'npm start')).toBe('127.0.0.1');
    expect(listenHost(loadConfig({}), 'production')).toBe('0.0.0.0');
    expect(listenHost(loadConfig({ HOST: '0.0.0.0' }), 'npm start')).toBe('0.0.0.0');
  });
});

describe('the settings', () => {
  it('read PAYLOAD_KEYS as id:key pairs, the first encrypting, and refuse a short key, a bad id or a repeated one', () => {
    const keys = loadConfig({ PAYLOAD_KEYS: `2026:${KEY}, 2025:${Buffer.alloc(32, 1).toString('base64')}` }).PAYLOAD_KEYS;
    expect(keys?.map((k) => [k.id, k.key.length])).toEqual([
      ['2026', 32],
      ['2025', 32],
    ]);
    expect(() => loadConfig({ PAYLOAD_KEYS: `k1:${Buffer.alloc(16).toString('base64')}` })).toThrow(/PAYLOAD_KEYS: must be id:key pairs/);
    expect(() => loadConfig({ PAYLOAD_KEYS: `bad id:${KEY}` })).toThrow(/PAYLOAD_KEYS/);
    expect(() => loadConfig({ PAYLOAD_KEYS: `k1:${KEY},k1:${KEY}` })).toThrow(/names the key id k1 twice/);
  });

  it('read SHORTEST_WINDOW from a second to an hour, a minute by default, and keep the default windows above it', () => {
    expect(loadConfig({}).SHORTEST_WINDOW).toBe(60_000);
    expect(loadConfig({ SHORTEST_WINDOW: 'PT1S' }).SHORTEST_WINDOW).toBe(1000);
    expect(() => loadConfig({ SHORTEST_WINDOW: 'PT0.5S' })).toThrow(/SHORTEST_WINDOW/);
    expect(() => loadConfig({ SHORTEST_WINDOW: 'PT2H' })).toThrow(/SHORTEST_WINDOW/);
    expect(() => loadConfig({ DEFAULT_CONFIRM_AFTER: 'PT30S' })).toThrow(/DEFAULT_CONFIRM_AFTER: must be at least SHORTEST_WINDOW/);
    expect(() => loadConfig({ DEFAULT_REOPEN_WITHIN: 'P60D' })).toThrow(/DEFAULT_REOPEN_WITHIN.*up to 30 days/);
  });

  it('read the Temporal UI origins, the limits and TRUST_PROXY', () => {
    const c = loadConfig({ TEMPORAL_UI_ORIGINS: 'https://temporal.example.com, http://localhost:8233', RATE_LIMIT_PER_KEY: '50', TRUST_PROXY: '2' });
    expect([c.TEMPORAL_UI_ORIGINS, c.RATE_LIMIT_PER_KEY, c.TRUST_PROXY]).toEqual([['https://temporal.example.com', 'http://localhost:8233'], 50, 2]);
    expect(() => loadConfig({ TEMPORAL_UI_ORIGINS: 'https://temporal.example.com/path' })).toThrow(/TEMPORAL_UI_ORIGINS/);
    expect(() => loadConfig({ RATE_LIMIT_PER_ADDRESS: '0' })).toThrow(/RATE_LIMIT_PER_ADDRESS: must be at least 1/);
    expect(loadConfig({}).CUSTOMER_MESSAGES_PER_HOUR).toBe(10);
  });

  it('read the bounds on customer messages, with defaults a contact centre would accept', () => {
    const d = loadConfig({});
    const names = ['RECIPIENT_PER_HOUR', 'RECIPIENT_PER_DAY', 'KEY_PER_HOUR', 'KEY_PER_DAY'] as const;
    expect(names.map((n) => d[`CUSTOMER_MESSAGES_PER_${n}`])).toEqual([8, 24, 600, 6000]);
    expect(loadConfig({ CUSTOMER_MESSAGES_PER_RECIPIENT_PER_DAY: '40' }).CUSTOMER_MESSAGES_PER_RECIPIENT_PER_DAY).toBe(40);
    expect(() => loadConfig({ CUSTOMER_MESSAGES_PER_KEY_PER_HOUR: '0' })).toThrow(/CUSTOMER_MESSAGES_PER_KEY_PER_HOUR: must be at least 1/);
  });
});
