/**
 * Who may do what in the directory: every endpoint, asked by each kind of caller. Team "support"
 * (test/support/directory.ts) has agents Dana and Lee and supervisor Sam; team "claims" has
 * supervisor Kim; Alex is an admin.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueKey } from '../../../src/people/store/keys';
import { ADMIN_KEY, AGENT_KEY, startReadApi, SUPERVISOR_KEY, type ReadApi } from '../../support/read-api';

let api: ReadApi;
const keys = { kim: '', revoked: '', deactivated: '' };

async function admin(method: string, path: string, body?: unknown): Promise<any> {
  const res = await api.call(method, path, ADMIN_KEY, body);
  if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

beforeAll(async () => {
  api = await startReadApi();
  await admin('POST', '/v1/teams', { id: 'claims', name: 'Claims', timezone: 'America/New_York' });
  await admin('POST', '/v1/staff', { id: 'sup-kim', name: 'Kim Park', role: 'supervisor', team: 'claims', email: 'kim@claims.example' });
  await admin('PATCH', '/v1/teams/claims', { supervisor: 'sup-kim' });
  await admin('POST', '/v1/staff', { id: 'agent-gone', name: 'Gone Away', role: 'agent', team: 'support', email: 'gone@support.example' });
  await admin('POST', '/v1/rotations', {
    id: 'support-oncall',
    team: 'support',
    name: 'Support on-call',
    members: ['agent-dana', 'agent-lee'],
    shiftHours: 24,
    handoffTime: '09:00',
    startsOn: '2026-03-02',
  });
  keys.kim = (await admin('POST', '/v1/keys', { staffId: 'sup-kim' })).secret;
  keys.deactivated = (await admin('POST', '/v1/keys', { staffId: 'agent-gone' })).secret;
  const revoked = await admin('POST', '/v1/keys', { staffId: 'agent-dana', label: 'to revoke' });
  keys.revoked = revoked.secret;
  await admin('DELETE', `/v1/keys/${revoked.id}`);
  await admin('PATCH', '/v1/staff/agent-gone', { active: false });
});

afterAll(async () => {
  await api?.close();
});

interface Caller {
  name: string;
  key: () => string | null;
  /** Whose fresh key the caller revokes as "their own" (someone active, for the callers refused anyway). */
  staffId: string;
}

const CALLERS: Caller[] = [
  { name: 'admin', key: () => ADMIN_KEY, staffId: 'admin-alex' },
  { name: "the team's supervisor", key: () => SUPERVISOR_KEY, staffId: 'sup-sam' },
  { name: "another team's supervisor", key: () => keys.kim, staffId: 'sup-kim' },
  { name: 'the agent', key: () => AGENT_KEY, staffId: 'agent-dana' },
  { name: 'no key', key: () => null, staffId: 'agent-dana' },
  { name: 'a revoked key', key: () => keys.revoked, staffId: 'agent-dana' },
  { name: "a deactivated person's key", key: () => keys.deactivated, staffId: 'agent-dana' },
];

let n = 0;
const fresh = (prefix: string) => `${prefix}-${++n}`;
const freshKeyOf = async (staffId: string) => `/v1/keys/${(await issueKey(api.db.pool, { staffId, label: 'matrix' })).key.id}`;

interface Row {
  request: string;
  method: string;
  path: string | ((c: Caller) => Promise<string>);
  body?: () => unknown;
  /** admin, the team's supervisor, another team's supervisor, the agent (Dana); the rest are always 401. */
  expected: [number, number, number, number];
}

const ROWS: Row[] = [
  { request: 'GET /v1/staff/me', method: 'GET', path: '/v1/staff/me', expected: [200, 200, 200, 200] },
  { request: 'GET /v1/staff', method: 'GET', path: '/v1/staff', expected: [200, 200, 200, 403] },
  { request: 'GET /v1/staff?team=support', method: 'GET', path: '/v1/staff?team=support', expected: [200, 200, 403, 403] },
  { request: "GET /v1/staff/agent-dana (the agent's own record)", method: 'GET', path: '/v1/staff/agent-dana', expected: [200, 200, 403, 200] },
  { request: "GET /v1/staff/agent-lee (the agent's team mate)", method: 'GET', path: '/v1/staff/agent-lee', expected: [200, 200, 403, 403] },
  { request: 'GET /v1/staff/sup-kim (of the other team)', method: 'GET', path: '/v1/staff/sup-kim', expected: [200, 403, 200, 403] },
  {
    request: 'POST /v1/staff',
    method: 'POST',
    path: '/v1/staff',
    body: () => ({ id: fresh('new'), name: 'New Person', role: 'agent', team: 'support', email: `${fresh('new')}@support.example` }),
    expected: [201, 403, 403, 403],
  },
  { request: 'PATCH /v1/staff/agent-lee', method: 'PATCH', path: '/v1/staff/agent-lee', body: () => ({ name: 'Lee Chan' }), expected: [200, 403, 403, 403] },
  { request: 'GET /v1/teams', method: 'GET', path: '/v1/teams', expected: [200, 200, 200, 403] },
  { request: 'GET /v1/teams/support', method: 'GET', path: '/v1/teams/support', expected: [200, 200, 403, 403] },
  {
    request: 'POST /v1/teams',
    method: 'POST',
    path: '/v1/teams',
    body: () => ({ id: fresh('team'), name: 'Another team', timezone: 'UTC' }),
    expected: [201, 403, 403, 403],
  },
  { request: 'PATCH /v1/teams/support', method: 'PATCH', path: '/v1/teams/support', body: () => ({ name: 'Support' }), expected: [200, 403, 403, 403] },
  { request: 'GET /v1/rotations?team=support', method: 'GET', path: '/v1/rotations?team=support', expected: [200, 200, 403, 403] },
  { request: 'GET /v1/rotations/support-oncall', method: 'GET', path: '/v1/rotations/support-oncall', expected: [200, 200, 403, 403] },
  { request: 'GET /v1/rotations/support-oncall/on-call', method: 'GET', path: '/v1/rotations/support-oncall/on-call', expected: [200, 200, 403, 403] },
  {
    request: 'POST /v1/rotations',
    method: 'POST',
    path: '/v1/rotations',
    body: () => ({ id: fresh('rot'), team: 'support', name: 'Nights', members: ['agent-lee'], shiftHours: 12, handoffTime: '21:00', startsOn: '2026-03-02' }),
    expected: [201, 403, 403, 403],
  },
  {
    request: 'PATCH /v1/rotations/support-oncall',
    method: 'PATCH',
    path: '/v1/rotations/support-oncall',
    body: () => ({ name: 'Support on-call' }),
    expected: [200, 403, 403, 403],
  },
  {
    request: 'POST /v1/rotations/support-oncall/overrides',
    method: 'POST',
    path: '/v1/rotations/support-oncall/overrides',
    body: () => ({ staffId: 'agent-lee', from: '2030-04-01T00:00:00Z', to: '2030-04-02T00:00:00Z' }),
    expected: [201, 403, 403, 403],
  },
  { request: 'GET /v1/keys (their own)', method: 'GET', path: '/v1/keys', expected: [200, 200, 200, 200] },
  { request: "GET /v1/keys?staff=agent-lee (someone else's)", method: 'GET', path: '/v1/keys?staff=agent-lee', expected: [200, 403, 403, 403] },
  { request: 'POST /v1/keys', method: 'POST', path: '/v1/keys', body: () => ({ staffId: 'agent-lee', label: 'matrix' }), expected: [201, 403, 403, 403] },
  { request: 'DELETE /v1/keys/{one of their own}', method: 'DELETE', path: (c) => freshKeyOf(c.staffId), expected: [200, 200, 200, 200] },
  { request: "DELETE /v1/keys/{a team mate's}", method: 'DELETE', path: () => freshKeyOf('agent-lee'), expected: [200, 403, 403, 403] },
];

const sentence = (expected: Row['expected']) =>
  `${CALLERS.slice(0, 4)
    .map((c, i) => `${c.name} ${expected[i]}`)
    .join(', ')}; no key, a revoked key and a deactivated person's key 401`;

describe('the directory role matrix', () => {
  for (const row of ROWS) {
    it(`${row.request}: ${sentence(row.expected)}`, async () => {
      const actual: Record<string, number> = {};
      const wanted: Record<string, number> = {};
      for (const [i, caller] of CALLERS.entries()) {
        const path = typeof row.path === 'string' ? row.path : await row.path(caller);
        actual[caller.name] = (await api.call(row.method, path, caller.key(), row.body?.())).status;
        wanted[caller.name] = row.expected[i] ?? 401;
      }
      expect(actual).toEqual(wanted);
    });
  }

  it('answers refusals as problem documents that say why: 401 with a Bearer challenge, 403 naming the rule', async () => {
    const revoked = await api.call('GET', '/v1/staff/me', keys.revoked);
    expect(revoked.headers.get('www-authenticate')).toContain('Bearer');
    expect(revoked.headers.get('content-type')).toContain('application/problem+json');
    expect(revoked.body.detail).toBe('This API key has been revoked.');
    expect((await api.call('GET', '/v1/staff/me', keys.deactivated)).body.detail).toBe('This API key belongs to a deactivated staff member.');
    const other = await api.call('GET', '/v1/teams/support', keys.kim);
    expect(other.body.detail).toBe('Team support belongs to team support; supervisors read their own team (claims).');
  });

  it("narrows a supervisor's lists to their own team", async () => {
    const everyone = (await api.call('GET', '/v1/staff', ADMIN_KEY)).body.items as { id: string; team: string | null }[];
    const theirs = (await api.call('GET', '/v1/staff', SUPERVISOR_KEY)).body.items;
    expect(theirs).toEqual(everyone.filter((s) => s.team === 'support'));
    expect(theirs.map((s: { id: string }) => s.id)).toEqual(expect.arrayContaining(['agent-dana', 'agent-gone', 'agent-lee', 'sup-sam']));
    expect((await api.call('GET', '/v1/teams', keys.kim)).body.items.map((t: { id: string }) => t.id)).toEqual(['claims']);
  });
});
