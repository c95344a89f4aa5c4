/**
 * Commitments made between people the directory knows: who may create, see and act on what, who
 * is alerted (decided when a level is reached), and what happens when someone leaves.
 */
import { describe, expect, it, vi } from 'vitest';
import { createRotation, addOverride } from '../../src/people/store/rotations';
import { listKeys } from '../../src/people/store/keys';
import { updateStaff } from '../../src/people/store/staff';
import { reconcile } from '../../src/reconcile';
import {
  addTestStaff,
  ADMIN_KEY,
  AGENT_KEY,
  commitmentBody,
  LEAD_KEY,
  OTHER_AGENT_KEY,
  OTHER_TEAM_KEY,
  setTeamPolicy,
  SUPERVISOR_KEY,
  useHarness,
} from '../support/harness';

const h = useHarness();
const WAIT = { timeout: 20_000, interval: 100 };

const view = async (id: string, key = SUPERVISOR_KEY) => (await h.api('GET', `/v1/commitments/${id}`, { key })).body;

describe('who a commitment is between', () => {
  it('takes the owner, the team and its chain from the directory, never from the request', async () => {
    const res = await h.api('POST', '/v1/commitments', { body: commitmentBody() });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      owner: { id: 'agent-dana', name: 'Dana Reyes', email: 'dana@support.example' },
      supervisor: { id: 'sup-sam', name: 'Sam Okafor' },
      team: { id: 'support', name: 'Support' },
      createdBy: 'agent-dana',
      policy: { escalation: { levels: [{ target: { kind: 'supervisor' } }], repeat: 1 } },
    });
    expect(res.body.timeline[0] ?? (await view(res.body.id)).timeline[0]).toMatchObject({ type: 'created', actor: { kind: 'staff', id: 'agent-dana' } });
  });

  it("refuses an agent making a promise in a team mate's name, and lets their supervisor", async () => {
    const forLee = await h.api('POST', '/v1/commitments', { body: commitmentBody({ ownerId: 'agent-lee' }) });
    expect(forLee.status).toBe(403);
    expect(forLee.body.detail).toContain('does not let agents');
    const bySam = await h.api('POST', '/v1/commitments', { key: SUPERVISOR_KEY, body: commitmentBody({ ownerId: 'agent-lee' }) });
    expect(bySam.status).toBe(201);
    expect(bySam.body).toMatchObject({ owner: { id: 'agent-lee' }, createdBy: 'sup-sam' });
    const byOtherTeam = await h.api('POST', '/v1/commitments', { key: OTHER_TEAM_KEY, body: commitmentBody({ ownerId: 'agent-lee' }) });
    expect(byOtherTeam.status).toBe(403);
    const nobody = await h.api('POST', '/v1/commitments', { key: ADMIN_KEY, body: commitmentBody({ ownerId: 'agent-ghost' }) });
    expect(nobody.status).toBe(400);
    expect(nobody.body.errors).toEqual([{ pointer: '/ownerId', detail: 'agent-ghost is not an active member of staff.' }]);
  });

  it('lets each caller see and act on what is theirs to see, and no more', async () => {
    const mine = (await h.api('POST', '/v1/commitments', { body: commitmentBody() })).body.id as string;
    const cases: [string, string | null, number][] = [
      ['the owner', AGENT_KEY, 200],
      ['a team mate (an agent)', OTHER_AGENT_KEY, 403],
      ['the team supervisor', SUPERVISOR_KEY, 200],
      ['a supervisor of another team', OTHER_TEAM_KEY, 403],
      ['an admin', ADMIN_KEY, 200],
      ['no key', null, 401],
    ];
    for (const [who, key, status] of cases) {
      expect((await h.api('GET', `/v1/commitments/${mine}`, { key })).status, who).toBe(status);
      const note = await h.api('POST', `/v1/commitments/${mine}/notes`, { key, body: { text: `from ${who}` } });
      expect(note.status, `${who} adding a note`).toBe(status);
    }
    const listed = async (key: string) => ((await h.api('GET', '/v1/commitments', { key })).body.items as { id: string }[]).map((c) => c.id);
    expect(await listed(SUPERVISOR_KEY)).toContain(mine);
    expect(await listed(OTHER_TEAM_KEY)).not.toContain(mine);
    // A revoked key is refused at once: the revocation clears the key cache.
    const key = await addTestStaff(h.db.pool, { id: 'agent-rev', name: 'Rev Oked', email: 'rev@support.example' });
    const [issued] = await listKeys(h.db.pool, { staffId: 'agent-rev' });
    expect((await h.api('DELETE', `/v1/keys/${issued!.id}`, { key: ADMIN_KEY })).status).toBe(200);
    expect((await h.api('GET', '/v1/staff/me', { key })).status).toBe(401);
  });
});

describe('who an escalation alerts', () => {
  it('asks the rotation who is on call when the level is reached, not when the promise was made', async () => {
    await createRotation(h.db.pool, {
      id: 'support-on-call',
      teamId: 'support',
      name: 'Support on call',
      members: ['lead-ana', 'head-raj'],
      shiftHours: 24 * 7,
      handoffTime: '09:00',
      startsOn: '2026-01-01',
    });
    await setTeamPolicy(h.db.pool, [{ rotation: 'support-on-call', within: 30 * 60_000 }]);
    const customer = { name: 'Rota Test', email: 'rota@example.com', timezone: 'UTC' };
    const res = await h.api('POST', '/v1/commitments', { body: commitmentBody({ customer, dueIn: 'PT3S' }) });
    expect(res.body.policy.escalation.levels[0].target).toEqual({ kind: 'rotation', rotationId: 'support-on-call', name: 'Support on call' });
    // After the promise was made and before its deadline, the on-call person changes hands.
    const at = new Date();
    const scheduled = (await h.api('GET', `/v1/rotations/support-on-call/on-call?at=${at.toISOString()}`, { key: ADMIN_KEY })).body.staff.id as string;
    const standIn = scheduled === 'lead-ana' ? 'head-raj' : 'lead-ana';
    await addOverride(h.db.pool, {
      rotationId: 'support-on-call',
      staffId: standIn,
      from: at.toISOString(),
      to: new Date(at.getTime() + 3600_000).toISOString(),
    });

    const email = standIn === 'lead-ana' ? 'ana@support.example' : 'raj@support.example';
    await h.smtp.waitForMail((m) => m.to.includes(email) && m.subject.includes('Rota Test'), 20_000);
    const v = await vi.waitFor(async () => {
      const got = await view(res.body.id);
      if (!got.escalation?.current) throw new Error('no level alerted yet');
      return got;
    }, WAIT);
    expect(v.escalation.current.id).toBe(standIn);
    expect(v.timeline.some((e: { detail: string }) => e.detail.includes('override'))).toBe(true);
  });

  it('accepts an ACK by text only from the directory phone of someone the chain alerted', async () => {
    await setTeamPolicy(h.db.pool, [{ staff: 'lead-ana', within: 30 * 60_000 }]);
    const customer = { name: 'Text Ack', email: 'textack@example.com', timezone: 'UTC' };
    const res = await h.api('POST', '/v1/commitments', { body: commitmentBody({ customer, dueIn: 'PT1S' }) });
    await h.twilio.waitForMessage((m) => m.to === '+14155550161' && m.body.includes('Text Ack'), 20_000);
    await vi.waitFor(async () => expect((await view(res.body.id)).timeline.some((e: { type: string }) => e.type === 'supervisor_alerted')).toBe(true), WAIT);
    // Dana (the agent who missed it) texting ACK from her own phone takes nothing over.
    const impostor = await h.sms('+14155550150', 'ACK 30m');
    expect(impostor.reply).toContain('no escalation waiting for you');
    const stranger = await h.sms('+14155550999', 'ACK');
    expect(stranger.reply).toContain('no escalation waiting for you');
    expect((await view(res.body.id)).status).toBe('escalated');
    const ana = await h.sms('+14155550161', 'ACK 30m');
    expect(ana.reply).toContain('Ana Costa');
    expect(await view(res.body.id)).toMatchObject({ status: 'open', owner: { id: 'lead-ana' }, facts: { acknowledgedBy: 'lead-ana' } });
    expect((await h.api('GET', `/v1/commitments/${res.body.id}`, { key: LEAD_KEY })).status).toBe(200);
  });
});

describe('someone leaving', () => {
  it("hands their open commitments to the team's supervisor with a note, and tells each customer", async () => {
    const key = await addTestStaff(h.db.pool, { id: 'agent-max', name: 'Max Leaving', email: 'max@support.example' });
    const customer = { name: 'Left Behind', phone: '+14155550193', email: 'left@example.com', timezone: 'UTC' };
    const res = await h.api('POST', '/v1/commitments', { key, body: commitmentBody({ customer, dueIn: 'PT2H' }) });
    expect(res.status).toBe(201);
    // The hand-over reads open work from the read model: wait until the promise is written there.
    await vi.waitFor(async () => expect((await h.db.pool.query('SELECT 1 FROM commitments WHERE id = $1', [res.body.id])).rowCount).toBe(1), WAIT);
    const off = await h.api('PATCH', '/v1/staff/agent-max', { key: ADMIN_KEY, body: { active: false } });
    expect(off.status).toBe(200);
    const v = await vi.waitFor(async () => {
      const got = await view(res.body.id);
      if (got.owner.id !== 'sup-sam') throw new Error('not handed over yet');
      return got;
    }, WAIT);
    const handed = v.timeline.find((e: { type: string }) => e.type === 'reassigned');
    expect(handed.detail).toContain('Max Leaving has left the team');
    expect(handed.actor).toMatchObject({ kind: 'system' });
    await h.twilio.waitForMessage((m) => m.to === customer.phone && m.body.includes('Sam Okafor'), 20_000);
    expect((await h.api('GET', '/v1/staff/me', { key })).status).toBe(401);
  });

  it('is finished by the next reconcile when the deactivation did not hand the work over', async () => {
    const key = await addTestStaff(h.db.pool, { id: 'agent-kit', name: 'Kit Gone', email: 'kit@support.example' });
    const res = await h.api('POST', '/v1/commitments', { key, body: commitmentBody({ dueIn: 'PT2H' }) });
    expect(res.status).toBe(201);
    await vi.waitFor(async () => expect((await h.db.pool.query('SELECT 1 FROM commitments WHERE id = $1', [res.body.id])).rowCount).toBe(1), WAIT);
    // Deactivated in the directory without the API's hand-over (an operator's SQL, or Temporal down).
    await updateStaff(h.db.pool, 'agent-kit', { active: false });
    expect((await view(res.body.id)).owner.id).toBe('agent-kit');
    const lines: string[] = [];
    const summary = await reconcile({ client: h.client, db: h.db.pool, taskQueue: h.taskQueue, log: (l) => lines.push(l), queryTimeoutMs: 5_000 });
    expect(summary).toMatchObject({ handedOver: 1, handoverFailed: 0 });
    expect(lines.join('\n')).toContain(`handed ${res.body.id} of agent-kit`);
    await vi.waitFor(async () => expect((await view(res.body.id)).owner.id).toBe('sup-sam'), WAIT);
    // A second pass finds nothing left to hand over.
    expect(await reconcile({ client: h.client, db: h.db.pool, taskQueue: h.taskQueue, log: () => {}, queryTimeoutMs: 5_000 })).toMatchObject({ handedOver: 0 });
  });
});
