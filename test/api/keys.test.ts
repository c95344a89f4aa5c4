/**
 * API keys bound to people: issued once, stored hashed, revocable, with a last-used time; and
 * authentication against them.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH_CACHE_MS } from '../../src/api/auth';
import { generateSecret, revokeKey } from '../../src/people/store/keys';
import { ADMIN_KEY, AGENT_KEY, startReadApi, type ReadApi } from '../support/read-api';

let api: ReadApi;
const issue = async (staffId: string, label = 'laptop') => (await api.call('POST', '/v1/keys', ADMIN_KEY, { staffId, label })).body;
const keysOf = async (staffId: string) => (await api.call('GET', `/v1/keys?staff=${staffId}`, ADMIN_KEY)).body.items as any[];

beforeAll(async () => {
  api = await startReadApi();
});

afterAll(async () => {
  await api?.close();
});

describe('issuing a key', () => {
  it('shows the secret once, in a scanner-recognisable shape, uncached, and stores only its SHA-256', async () => {
    const res = await api.call('POST', '/v1/keys', ADMIN_KEY, { staffId: 'agent-lee', label: 'Lee’s laptop' });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toMatchObject({
      id: expect.stringMatching(/^key_[0-9A-Za-z]{20}$/),
      staffId: 'agent-lee',
      label: 'Lee’s laptop',
      secret: expect.stringMatching(/^ft_live_[0-9A-Za-z]{32}$/),
    });
    const listed = (await keysOf('agent-lee')).find((k) => k.id === res.body.id);
    expect(listed).toEqual({ id: res.body.id, staffId: 'agent-lee', label: 'Lee’s laptop', createdAt: res.body.createdAt });
    const { rows } = await api.db.pool.query('SELECT to_jsonb(k)::text AS row, secret_hash FROM api_keys k WHERE id = $1', [res.body.id]);
    expect(rows[0].secret_hash).toEqual(createHash('sha256').update(res.body.secret).digest());
    expect(rows[0].row).not.toContain(res.body.secret.slice(8));
  });

  it('makes the key work at once, as its person', async () => {
    const { secret } = await issue('agent-lee');
    expect((await api.call('GET', '/v1/staff/me', secret)).body).toMatchObject({ id: 'agent-lee', name: 'Lee Chan', role: 'agent' });
  });

  it('refuses a key for someone who is not there or not active, pointing at staffId', async () => {
    const res = await api.call('POST', '/v1/keys', ADMIN_KEY, { staffId: 'ghost' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ pointer: '/staffId', detail: 'is not an active staff member' }]);
  });
});

describe('authenticating', () => {
  it('records when a key was last used, writing it at most once a minute', async () => {
    const key = await issue('agent-lee');
    expect(key.lastUsedAt).toBeUndefined();
    await api.call('GET', '/v1/staff/me', key.secret);
    const first = (await keysOf('agent-lee')).find((k) => k.id === key.id).lastUsedAt;
    expect(Date.parse(first)).toBeGreaterThanOrEqual(Date.parse(key.createdAt));
    await api.call('GET', '/v1/staff/me', key.secret);
    expect((await keysOf('agent-lee')).find((k) => k.id === key.id).lastUsedAt).toBe(first);
  });

  it('refuses an unknown key and a malformed one with 401', async () => {
    expect((await api.call('GET', '/v1/staff/me', generateSecret())).body.detail).toBe('Unknown API key.');
    expect((await api.call('GET', '/v1/staff/me', 'dev-agent-key-change-me')).status).toBe(401);
    expect((await api.call('GET', '/v1/staff/me', null)).status).toBe(401);
  });
});

describe('revoking a key', () => {
  it('refuses it from the next request on, keeps it listed with the time, and keeps the first time on a second revoke', async () => {
    const key = await issue('agent-dana');
    expect((await api.call('GET', '/v1/staff/me', key.secret)).status).toBe(200);
    const revoked = await api.call('DELETE', `/v1/keys/${key.id}`, AGENT_KEY);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
    expect((await api.call('GET', '/v1/staff/me', key.secret)).status).toBe(401);
    expect((await api.call('DELETE', `/v1/keys/${key.id}`, ADMIN_KEY)).body.revokedAt).toBe(revoked.body.revokedAt);
    expect((await keysOf('agent-dana')).find((k) => k.id === key.id).revokedAt).toBe(revoked.body.revokedAt);
  });

  it(`stops a key revoked elsewhere (the admin CLI, another API process) within the ${AUTH_CACHE_MS / 1000} s lookup cache`, async () => {
    const key = await issue('agent-dana');
    expect((await api.call('GET', '/v1/staff/me', key.secret)).status).toBe(200);
    await revokeKey(api.db.pool, key.id);
    const started = Date.now();
    await expect.poll(async () => (await api.call('GET', '/v1/staff/me', key.secret)).status, { timeout: AUTH_CACHE_MS + 5_000, interval: 250 }).toBe(401);
    expect(Date.now() - started).toBeLessThan(AUTH_CACHE_MS + 2_500);
  });

  it("revokes a person's keys when they are deactivated; coming back does not bring them back", async () => {
    await api.call('POST', '/v1/staff', ADMIN_KEY, { id: 'agent-temp', name: 'Temp Worker', role: 'agent', team: 'support', email: 'temp@support.example' });
    const key = await issue('agent-temp');
    await api.call('PATCH', '/v1/staff/agent-temp', ADMIN_KEY, { active: false });
    expect((await api.call('GET', '/v1/staff/me', key.secret)).body.detail).toBe('This API key belongs to a deactivated staff member.');
    await api.call('PATCH', '/v1/staff/agent-temp', ADMIN_KEY, { active: true });
    expect((await api.call('GET', '/v1/staff/me', key.secret)).body.detail).toBe('This API key has been revoked.');
    expect((await keysOf('agent-temp'))[0].revokedAt).toEqual(expect.any(String));
  });
});
