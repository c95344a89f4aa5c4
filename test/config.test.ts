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
    expect(loadConfig({ API_KEYS: '' }).API_KEYS).toBe('');
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
    expect(loadConfig({ SMTP_URL: '', TEMPORAL_ADDRESS: '' })).toMatchObject({ SMTP_URL: undefined, TEMPORAL_ADDRESS: undefined });
    // Empty is the default cache, not 0 (which would turn the cache off).
    expect(loadConfig({ WORKER_CACHED_WORKFLOWS: '' }).WORKER_CACHED_WORKFLOWS).toBe(100);
  });

  it('sizes the worker cache from WORKER_CACHED_WORKFLOWS and refuses what is not a count', () => {
    expect(loadConfig({ WORKER_CACHED_WORKFLOWS: '250' }).WORKER_CACHED_WORKFLOWS).toBe(250);
    expect(() => loadConfig({ WORKER_CACHED_WORKFLOWS: 'lots' })).toThrow(/WORKER_CACHED_WORKFLOWS/);
    expect(() => loadConfig({ WORKER_CACHED_WORKFLOWS: '-5' })).toThrow(/WORKER_CACHED_WORKFLOWS/);
  });
});
