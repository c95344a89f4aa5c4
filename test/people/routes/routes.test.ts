/**
 * Administering the directory over REST: what is stored, what is refused (with a pointer to each
 * bad field), and the seams others build on (deactivation, on-call at an instant).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, AGENT_KEY, startReadApi, type ReadApi } from '../../support/read-api';

let api: ReadApi;
const deactivated: string[] = [];
const asAdmin = (method: string, path: string, body?: unknown) => api.call(method, path, ADMIN_KEY, body);
const pointers = (body: { errors?: { pointer: string }[] }) => (body.errors ?? []).map((e) => e.pointer).sort();

beforeAll(async () => {
  api = await startReadApi({
    onDeactivated: (staffId) => {
      deactivated.push(staffId);
      return Promise.resolve();
    },
  });
});

afterAll(async () => {
  await api?.close();
});

describe('staff', () => {
  it("adds a person with the team's time zone unless given one, and answers 201 with where it lives", async () => {
    const res = await asAdmin('POST', '/v1/staff', { id: 'agent-ravi', name: 'Ravi Shah', role: 'agent', team: 'support', phone: '+14155550160' });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe('/v1/staff/agent-ravi');
    expect(res.body).toMatchObject({
      id: 'agent-ravi',
      name: 'Ravi Shah',
      role: 'agent',
      team: 'support',
      phone: '+14155550160',
      timezone: 'America/Chicago',
      active: true,
    });
    expect((await asAdmin('GET', '/v1/staff/agent-ravi')).body).toEqual(res.body);
  });

  it('refuses bad fields with a pointer to each: id, name, role, phone, email, zone, unknown keys', async () => {
    const res = await asAdmin('POST', '/v1/staff', {
      id: 'Not A Slug',
      name: 'x'.repeat(201),
      role: 'boss',
      team: 'support',
      phone: '555-0100',
      email: 'nope',
      timezone: 'Mars/Olympus',
      shoeSize: 44,
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(pointers(res.body)).toEqual(['/email', '/id', '/name', '/phone', '/role', '/shoeSize', '/timezone']);
  });

  it('refuses names with control characters, people who cannot be reached, and agents without a team', async () => {
    const res = await asAdmin('POST', '/v1/staff', { id: 'agent-x', name: 'Bad\u0007Name', role: 'agent' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { pointer: '/name', detail: 'must not contain control characters' },
        { pointer: '', detail: 'needs an email or a phone (E.164), or both' },
        { pointer: '/team', detail: 'is required for agents and supervisors' },
      ]),
    );
  });

  it('answers 409 naming the field when an id, an email or an active phone is taken, and 400 for a team that is not there', async () => {
    const taken = await asAdmin('POST', '/v1/staff', { id: 'agent-dana', name: 'Dana Again', role: 'agent', team: 'support', email: 'DANA@support.example' });
    expect(taken.status).toBe(409);
    expect(taken.body.errors).toEqual([{ pointer: '/id', detail: 'is already the id of a staff member' }]);
    const email = await asAdmin('POST', '/v1/staff', { id: 'agent-dana2', name: 'Dana Again', role: 'agent', team: 'support', email: 'DANA@support.example' });
    expect(email.body.errors).toEqual([{ pointer: '/email', detail: 'belongs to another staff member' }]);
    const phone = await asAdmin('POST', '/v1/staff', { id: 'agent-dana3', name: 'Dana Again', role: 'agent', team: 'support', phone: '+14155550150' });
    expect(phone.status).toBe(409);
    expect(pointers(phone.body)).toEqual(['/phone']);
    const team = await asAdmin('POST', '/v1/staff', { id: 'agent-z', name: 'Zed', role: 'agent', team: 'nowhere', email: 'zed@support.example' });
    expect(team.status).toBe(400);
    expect(team.body.errors).toEqual([{ pointer: '/team', detail: 'is not a team' }]);
  });

  it('deactivates with PATCH {active:false}: 200, the hand-over hook is called once, and the phone is free for someone else', async () => {
    await asAdmin('POST', '/v1/staff', { id: 'agent-leaving', name: 'Leaving Soon', role: 'agent', team: 'support', phone: '+14155550170' });
    const res = await asAdmin('PATCH', '/v1/staff/agent-leaving', { active: false });
    expect(res.status).toBe(200);
    expect(res.body.active).toBe(false);
    expect((await asAdmin('PATCH', '/v1/staff/agent-leaving', { active: false })).status).toBe(200);
    expect(deactivated).toEqual(['agent-leaving']);
    expect((await asAdmin('POST', '/v1/staff', { id: 'agent-arriving', name: 'New Hire', role: 'agent', team: 'support', phone: '+14155550170' })).status).toBe(
      201,
    );
  });

  it('clears a contact with null only while another remains', async () => {
    expect((await asAdmin('PATCH', '/v1/staff/agent-lee', { phone: null })).body.phone).toBeUndefined();
    const res = await asAdmin('PATCH', '/v1/staff/agent-lee', { email: null });
    expect(res.status).toBe(400);
    expect(pointers(res.body)).toEqual(['/email']);
  });

  it('refuses to demote or deactivate the last active admin (nobody could issue a key again)', async () => {
    const res = await asAdmin('PATCH', '/v1/staff/admin-alex', { active: false });
    expect(res.status).toBe(409);
    expect(res.body.detail).toContain('last active admin');
    expect((await asAdmin('PATCH', '/v1/staff/admin-alex', { role: 'supervisor', team: 'support' })).status).toBe(409);
    expect((await api.call('GET', '/v1/staff/me', ADMIN_KEY)).body).toMatchObject({ role: 'admin', active: true });
  });

  it("shows everyone their own record at /v1/staff/me, and reserves the id 'me'", async () => {
    expect((await api.call('GET', '/v1/staff/me', AGENT_KEY)).body).toMatchObject({ id: 'agent-dana', name: 'Dana Reyes', role: 'agent', team: 'support' });
    const me = await asAdmin('POST', '/v1/staff', { id: 'me', name: 'Me', role: 'admin', email: 'me@support.example' });
    expect(pointers(me.body)).toEqual(['/id']);
  });
});

describe('teams and their escalation policy', () => {
  it('creates a team with the default policy (its supervisor, 30 minutes, one repeat) and sets it later', async () => {
    const res = await asAdmin('POST', '/v1/teams', { id: 'returns', name: 'Returns', timezone: 'Europe/Berlin' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      supervisor: null,
      agentsMayCreateForTeammates: false,
      escalationPolicy: { levels: [{ target: { kind: 'supervisor' }, ackWithinMs: 1_800_000 }], repeat: 1 },
    });
    const policy = {
      levels: [
        { target: { kind: 'staff', staffId: 'sup-sam' }, ackWithinMs: 600_000 },
        { target: { kind: 'supervisor' }, ackWithinMs: 600_000 },
      ],
      repeat: 0,
    };
    const patched = await asAdmin('PATCH', '/v1/teams/returns', { supervisor: 'sup-sam', agentsMayCreateForTeammates: true, escalationPolicy: policy });
    expect(patched.body).toMatchObject({ supervisor: 'sup-sam', agentsMayCreateForTeammates: true, escalationPolicy: policy });
  });

  it('bounds the policy: 1 to 5 levels, a minute to 7 days to acknowledge, at most 3 repeats, known target kinds', async () => {
    const level = { target: { kind: 'supervisor' }, ackWithinMs: 60_000 };
    const bad = await asAdmin('PATCH', '/v1/teams/returns', {
      escalationPolicy: {
        levels: [level, { ...level, ackWithinMs: 59_999 }, { ...level, ackWithinMs: 7 * 86_400_000 + 1 }, { target: { kind: 'pager' }, ackWithinMs: 60_000 }],
        repeat: 4,
      },
    });
    expect(bad.status).toBe(400);
    expect(pointers(bad.body)).toEqual([
      '/escalationPolicy/levels/1/ackWithinMs',
      '/escalationPolicy/levels/2/ackWithinMs',
      '/escalationPolicy/levels/3/target/kind',
      '/escalationPolicy/repeat',
    ]);
    const levels = (count: number) => ({ escalationPolicy: { levels: Array.from({ length: count }, () => level), repeat: 0 } });
    expect(pointers((await asAdmin('PATCH', '/v1/teams/returns', levels(6))).body)).toEqual(['/escalationPolicy/levels']);
    expect(pointers((await asAdmin('PATCH', '/v1/teams/returns', levels(0))).body)).toEqual(['/escalationPolicy/levels']);
  });

  it('keeps a business-hours-only level as given, and refuses a policy whose levels are all business-hours-only', async () => {
    const mixed = {
      levels: [
        { target: { kind: 'staff', staffId: 'sup-sam' }, ackWithinMs: 600_000, businessHoursOnly: true },
        { target: { kind: 'supervisor' }, ackWithinMs: 600_000 },
      ],
      repeat: 0,
    };
    const ok = await asAdmin('PATCH', '/v1/teams/returns', { escalationPolicy: mixed });
    expect(ok.status).toBe(200);
    expect(ok.body.escalationPolicy).toEqual(mixed);
    expect((await asAdmin('GET', '/v1/teams/returns')).body.escalationPolicy).toEqual(mixed);

    const nobodyAfterHours = { levels: mixed.levels.map((l) => ({ ...l, businessHoursOnly: true })), repeat: 1 };
    for (const [method, path, body] of [
      ['PATCH', '/v1/teams/returns', { escalationPolicy: nobodyAfterHours }],
      ['POST', '/v1/teams', { id: 'night', name: 'Night', timezone: 'UTC', escalationPolicy: nobodyAfterHours }],
    ] as const) {
      const refused = await asAdmin(method, path, body);
      expect(refused.status, `${method} ${path}`).toBe(400);
      expect(refused.body.errors).toEqual([
        { pointer: '/escalationPolicy/levels', detail: 'needs a level that is not businessHoursOnly, so someone is alerted after hours' },
      ]);
    }
    expect((await asAdmin('GET', '/v1/teams/returns')).body.escalationPolicy).toEqual(mixed);
    expect((await asAdmin('GET', '/v1/teams/night')).status).toBe(404);
    // A level may say false outright; only true levels count as business-hours-only.
    const saidFalse = { levels: [{ ...mixed.levels[0], businessHoursOnly: false }], repeat: 0 };
    expect((await asAdmin('PATCH', '/v1/teams/returns', { escalationPolicy: saidFalse })).status).toBe(200);
  });

  it('keeps a business-time acknowledge window and a prompt after failed calls, and refuses either out of bounds, naming each', async () => {
    const policy = { levels: [{ target: { kind: 'supervisor' }, ackWithinMs: 600_000, ackClock: 'business' }], repeat: 0, attemptsBeforePrompt: 2 };
    const ok = await asAdmin('PATCH', '/v1/teams/returns', { escalationPolicy: policy });
    expect(ok.status).toBe(200);
    expect(ok.body.escalationPolicy).toEqual(policy);
    const bad = { levels: [{ ...policy.levels[0], ackClock: 'lunar' }], repeat: 0, attemptsBeforePrompt: 11 };
    const refused = await asAdmin('PATCH', '/v1/teams/returns', { escalationPolicy: bad });
    expect(refused.status).toBe(400);
    expect(pointers(refused.body)).toEqual(['/escalationPolicy/attemptsBeforePrompt', '/escalationPolicy/levels/0/ackClock']);
    expect(pointers((await asAdmin('PATCH', '/v1/teams/returns', { escalationPolicy: { ...policy, attemptsBeforePrompt: 0 } })).body)).toEqual([
      '/escalationPolicy/attemptsBeforePrompt',
    ]);
    expect((await asAdmin('GET', '/v1/teams/returns')).body.escalationPolicy).toEqual(policy);
  });

  it('refuses a policy naming people or rotations that are not there, and an agent as supervisor', async () => {
    const res = await asAdmin('PATCH', '/v1/teams/returns', {
      supervisor: 'agent-dana',
      escalationPolicy: {
        levels: [
          { target: { kind: 'staff', staffId: 'ghost' }, ackWithinMs: 60_000 },
          { target: { kind: 'rotation', rotationId: 'nope' }, ackWithinMs: 60_000 },
        ],
        repeat: 0,
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { pointer: '/supervisor', detail: 'is an agent; a supervisor or admin is needed' },
      { pointer: '/escalationPolicy/levels/0/target/staffId', detail: 'is not a staff member' },
      { pointer: '/escalationPolicy/levels/1/target/rotationId', detail: 'is not a rotation' },
    ]);
    expect((await asAdmin('GET', '/v1/teams/returns')).body.supervisor).toBe('sup-sam');
  });
});

describe('rotations', () => {
  const rotation = {
    id: 'returns-oncall',
    team: 'returns',
    name: 'Returns on-call',
    members: ['agent-dana', 'agent-lee'],
    shiftHours: 24,
    handoffTime: '09:00',
    startsOn: '2026-03-23',
  };

  it('answers who is on call at an instant, handing over at 09:00 Berlin time across the spring change', async () => {
    expect((await asAdmin('POST', '/v1/rotations', rotation)).status).toBe(201);
    const onCall = async (at: string) => (await asAdmin('GET', `/v1/rotations/returns-oncall/on-call?at=${encodeURIComponent(at)}`)).body;
    expect(await onCall('2026-03-28T07:59:59Z')).toMatchObject({ staff: { id: 'agent-dana' }, source: 'schedule', to: '2026-03-28T08:00:00.000Z' });
    expect(await onCall('2026-03-28T08:00:00Z')).toMatchObject({
      staff: { id: 'agent-lee' },
      from: '2026-03-28T08:00:00.000Z',
      to: '2026-03-29T07:00:00.000Z',
    });
    expect(await onCall('2026-03-29T07:00:00+00:00')).toMatchObject({ staff: { id: 'agent-dana' } });
  });

  it('puts an override ahead of the schedule and lists it with the rotation until it ends', async () => {
    const res = await asAdmin('POST', '/v1/rotations/returns-oncall/overrides', {
      staffId: 'sup-sam',
      from: '2030-01-01T00:00:00Z',
      to: '2030-01-02T00:00:00Z',
    });
    expect(res.status).toBe(201);
    expect((await asAdmin('GET', '/v1/rotations/returns-oncall/on-call?at=2030-01-01T12:00:00Z')).body).toMatchObject({
      staff: { id: 'sup-sam' },
      source: 'override',
    });
    expect((await asAdmin('GET', '/v1/rotations/returns-oncall')).body.overrides).toEqual([
      { id: res.body.id, staffId: 'sup-sam', from: '2030-01-01T00:00:00.000Z', to: '2030-01-02T00:00:00.000Z' },
    ]);
  });

  it('refuses members who are not there or inactive, duplicates, and bad shift fields, each by pointer', async () => {
    const bad = await asAdmin('POST', '/v1/rotations', {
      ...rotation,
      id: 'bad-rota',
      members: ['agent-dana', 'agent-dana'],
      shiftHours: 337,
      handoffTime: '9am',
      startsOn: '2026-02-30',
    });
    expect(pointers(bad.body)).toEqual(['/handoffTime', '/members', '/shiftHours', '/startsOn']);
    const absent = await asAdmin('POST', '/v1/rotations', { ...rotation, id: 'absent-rota', members: ['agent-dana', 'agent-leaving', 'ghost'] });
    expect(absent.body.errors).toEqual([
      { pointer: '/members/1', detail: 'is inactive' },
      { pointer: '/members/2', detail: 'is not a staff member' },
    ]);
    const backwards = await asAdmin('POST', '/v1/rotations/returns-oncall/overrides', {
      staffId: 'sup-sam',
      from: '2030-01-02T00:00:00Z',
      to: '2030-01-01T00:00:00Z',
    });
    expect(pointers(backwards.body)).toEqual(['/to']);
  });

  it('answers 404 for a rotation, team or person that is not there, and 400 for a malformed instant', async () => {
    expect((await asAdmin('GET', '/v1/rotations/nope/on-call')).status).toBe(404);
    expect((await asAdmin('GET', '/v1/teams/nope')).status).toBe(404);
    expect((await asAdmin('PATCH', '/v1/staff/nope', { name: 'x' })).status).toBe(404);
    expect(pointers((await asAdmin('GET', '/v1/rotations/returns-oncall/on-call?at=tomorrow')).body)).toEqual(['/query/at']);
    const ancient = await asAdmin('GET', '/v1/rotations/returns-oncall/on-call?at=0001-01-01T00:00:00Z');
    expect(ancient.body.errors).toEqual([{ pointer: '/query/at', detail: 'must be between 1970-01-01 and 2100-01-01' }]);
  });
});

describe('the OpenAPI document', () => {
  it('describes every directory endpoint, with request schemas generated from the validating ones', async () => {
    const doc = (await api.call('GET', '/openapi.json', null)).body;
    const methods = (path: string) => Object.keys(doc.paths[path] ?? {}).sort();
    expect(methods('/v1/staff')).toEqual(['get', 'post']);
    expect(methods('/v1/staff/me')).toEqual(['get']);
    expect(methods('/v1/staff/{id}')).toEqual(['get', 'patch']);
    expect(methods('/v1/teams/{id}')).toEqual(['get', 'patch']);
    expect(methods('/v1/rotations/{id}')).toEqual(['get', 'patch']);
    expect(methods('/v1/rotations/{id}/overrides')).toEqual(['post']);
    expect(methods('/v1/rotations/{id}/on-call')).toEqual(['get']);
    expect(methods('/v1/keys')).toEqual(['get', 'post']);
    expect(methods('/v1/keys/{id}')).toEqual(['delete']);
    const policy = doc.components.schemas.CreateTeam.properties.escalationPolicy;
    expect(policy.properties.levels).toMatchObject({ minItems: 1, maxItems: 5 });
    expect(doc.components.schemas.CreateStaff.properties.role.enum).toEqual(['agent', 'supervisor', 'admin']);
    expect(doc.components.schemas.IssuedKey.required).toContain('secret');
  });
});
