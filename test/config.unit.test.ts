import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config';

describe('configuration', () => {
  it('runs on defaults for the embedded mode', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ PORT: 3000, PUBLIC_BASE_URL: 'http://localhost:3000', TEMPORAL_NAMESPACE: 'default', TEMPORAL_TASK_QUEUE: 'followthrough' });
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.API_KEYS).toBeUndefined();
  });

  it('refuses API_KEYS, which is retired, saying where keys live now', () => {
    expect(() => loadConfig({ API_KEYS: 'agent:dana:aaaaaaaaaaaaaaaa1' })).toThrow(/API_KEYS: is retired: API keys live in the staff directory.*issue-key/);
    expect(loadConfig({ API_KEYS: '' }).API_KEYS).toBeUndefined();
  });

  it('fails fast naming each bad variable', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'not a url', API_KEYS: 'admin:xxxxxxxxxxxxxxxxxxx', TWILIO_ACCOUNT_SID: 'AC123' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const name of ['PORT', 'DATABASE_URL', 'API_KEYS', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM']) expect(message).toContain(name);
    expect(message).toContain('.env.example');
  });

  it('treats empty variables as unset, as .env files write them', () => {
    const c = loadConfig({ SMTP_URL: '', TEMPORAL_ADDRESS: '' });
    expect([c.SMTP_URL, c.TEMPORAL_ADDRESS]).toEqual([undefined, undefined]);
    // Empty is the default cache, not 0 (which would turn the cache off).
    expect(loadConfig({ WORKER_CACHED_WORKFLOWS: '' }).WORKER_CACHED_WORKFLOWS).toBe(100);
  });

  it('bounds how long a request may take to arrive: 30 s by default, PT1S to PT10M, refusing the rest by name', () => {
    expect(loadConfig({}).REQUEST_TIMEOUT).toBe(30_000);
    expect(loadConfig({ REQUEST_TIMEOUT: 'PT5S' }).REQUEST_TIMEOUT).toBe(5_000);
    for (const bad of ['PT0.5S', 'PT11M', 'soon']) expect(() => loadConfig({ REQUEST_TIMEOUT: bad })).toThrow(/REQUEST_TIMEOUT: .* from PT1S to PT10M/);
  });

  it('takes the private ranges event receivers may be in as CIDR, none by default, refusing the rest by name', () => {
    expect(loadConfig({}).EVENT_RECEIVER_PRIVATE_RANGES).toEqual([]);
    expect(loadConfig({ EVENT_RECEIVER_PRIVATE_RANGES: '10.20.0.0/16, fd00:20::/32,192.168.4.7' }).EVENT_RECEIVER_PRIVATE_RANGES).toEqual([
      '10.20.0.0/16',
      'fd00:20::/32',
      '192.168.4.7',
    ]);
    for (const bad of ['10.20.0.0/33', 'intranet', '10.0.0.0/8/1', 'fd00::/129'])
      expect(() => loadConfig({ EVENT_RECEIVER_PRIVATE_RANGES: bad })).toThrow(/EVENT_RECEIVER_PRIVATE_RANGES: .*is not a CIDR range/);
  });

  it('sizes the worker cache from WORKER_CACHED_WORKFLOWS and refuses what is not a count', () => {
    expect(loadConfig({ WORKER_CACHED_WORKFLOWS: '250' }).WORKER_CACHED_WORKFLOWS).toBe(250);
    expect(() => loadConfig({ WORKER_CACHED_WORKFLOWS: 'lots' })).toThrow(/WORKER_CACHED_WORKFLOWS/);
    expect(() => loadConfig({ WORKER_CACHED_WORKFLOWS: '-5' })).toThrow(/WORKER_CACHED_WORKFLOWS/);
  });
});

describe('empty variables', () => {
  it('treats every empty variable as unset, so each takes its default instead of 0 or ""', () => {
    const blank = Object.fromEntries(Object.keys(loadConfig({})).map((name) => [name, '']));
    const c = loadConfig({ ...blank, PORT: '', DEFAULT_MAX_EXTENSIONS: ' ' });
    expect(c).toEqual(loadConfig({}));
    expect(c.PORT).toBe(3000);
    expect(c.DEFAULT_MAX_EXTENSIONS).toBe(2);
    expect(c.RETENTION_DAYS).toBe(365);
  });
});

describe('the brand and the help contact', () => {
  it('names the business Followthrough by default and has no help contact', () => {
    const c = loadConfig({});
    expect([c.BRAND_NAME, c.HELP_CONTACT]).toEqual(['Followthrough', undefined]);
  });

  it('takes a brand of up to 30 GSM-7 characters and refuses one that would make every text UCS-2', () => {
    expect(loadConfig({ BRAND_NAME: 'Acme Plumbing & Heating' }).BRAND_NAME).toBe('Acme Plumbing & Heating');
    expect(() => loadConfig({ BRAND_NAME: 'A'.repeat(31) })).toThrow(/BRAND_NAME.*30 characters/);
    expect(() => loadConfig({ BRAND_NAME: 'Acme — Plumbing' })).toThrow(/BRAND_NAME.*GSM-7/);
  });

  it('takes a phone number or a URL as the help contact, nothing else', () => {
    expect(loadConfig({ HELP_CONTACT: '+1 415 555 0100' }).HELP_CONTACT).toBe('+1 415 555 0100');
    expect(loadConfig({ HELP_CONTACT: 'https://acme.example/help' }).HELP_CONTACT).toBe('https://acme.example/help');
    expect(() => loadConfig({ HELP_CONTACT: 'ask anyone' })).toThrow(/HELP_CONTACT/);
  });
});

describe('the embedded servers’ ports (npm start)', () => {
  it('leaves them unset by default, so npm start takes the usual ones or free ones', () => {
    const c = loadConfig({});
    expect([c.TEMPORAL_PORT, c.TEMPORAL_UI_PORT, c.POSTGRES_PORT]).toEqual([undefined, undefined, undefined]);
    expect(loadConfig({ TEMPORAL_PORT: '', POSTGRES_PORT: ' ' }).POSTGRES_PORT).toBeUndefined();
  });

  it('takes each as a port number', () => {
    const c = loadConfig({ TEMPORAL_PORT: '17233', TEMPORAL_UI_PORT: '18233', POSTGRES_PORT: '54330' });
    expect([c.TEMPORAL_PORT, c.TEMPORAL_UI_PORT, c.POSTGRES_PORT]).toEqual([17233, 18233, 54330]);
  });

  it('refuses what is not a port from 1024 to 65535, by name', () => {
    for (const bad of ['80', '0', '65536', '7233.5', 'seven']) {
      expect(() => loadConfig({ TEMPORAL_PORT: bad })).toThrow(/TEMPORAL_PORT: must be .*port/);
    }
    expect(() => loadConfig({ POSTGRES_PORT: '99999' })).toThrow(/POSTGRES_PORT: must be a port from 1024 to 65535/);
  });

  it('refuses a port for an embedded server that does not run because an external one is configured', () => {
    expect(() => loadConfig({ TEMPORAL_ADDRESS: 'localhost:7233', TEMPORAL_PORT: '7234' })).toThrow(/TEMPORAL_PORT: .*TEMPORAL_ADDRESS/);
    const external = { TEMPORAL_ADDRESS: 'localhost:7233' };
    expect(() => loadConfig({ ...external, TEMPORAL_UI_PORT: '8234' })).toThrow(/TEMPORAL_UI_PORT: .*TEMPORAL_ADDRESS/);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://db/x', POSTGRES_PORT: '5433' })).toThrow(/POSTGRES_PORT: .*DATABASE_URL/);
  });

  it('refuses two servers on one port', () => {
    const same = { TEMPORAL_PORT: '7300', TEMPORAL_UI_PORT: '7300' };
    expect(() => loadConfig(same)).toThrow(/TEMPORAL_UI_PORT: is 7300, the same port as TEMPORAL_PORT/);
    expect(() => loadConfig({ PORT: '4000', POSTGRES_PORT: '4000' })).toThrow(/POSTGRES_PORT: is 4000, the same port as PORT/);
  });
});
