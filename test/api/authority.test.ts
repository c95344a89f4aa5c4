/**
 * Authority follows who holds a commitment now, against the real API, worker and Temporal: the
 * agent who registered it or handed it on may read it and add notes but no longer act on it;
 * reassigning stays inside its team; moving it to another team is a supervisor's transfer, after
 * which that team's supervisor sees it and is who a lapse alerts. (The whole table, every action
 * × relation × situation: test/core/authority.unit.test.ts.)
 */
import { describe, expect, it, vi } from 'vitest';
import { acceptedUpdates } from '../support/history';
import {
  addTestStaff,
  ADMIN_KEY,
  commitmentBody,
  letAgentsActForTeamMates,
  OTHER_AGENT_KEY,
  OTHER_TEAM_KEY,
  SUPERVISOR_KEY,
  useHarness,
} from '../support/harness';

const h = useHarness();
const WAIT = { timeout: 20_000, interval: 100 };

let n = 0;
/** Registered by Dana (the default key) for a customer of its own. */
async function create(overrides: Record<string, unknown> = {}) {
  n += 1;
  const customer = {
    name: `Held ${n} Customer`,
    phone: `+1415555${String(7000 + n).padStart(4, '0')}`,
    email: `held${n}@example.com`,
    timezone: 'America/Chicago',
  };
  const res = await h.api('POST', '/v1/commitments', { body: commitmentBody({ customer, dueIn: 'PT2H', ...overrides }) });
  expect(res.status).toBe(201);
  return { id: res.body.id as string, workflowId: res.body.workflowId as string, customer };
}

const read = (id: string, key = SUPERVISOR_KEY) => h.api('GET', `/v1/commitments/${id}`, { key });
const act = (id: string, action: string, body: unknown, key?: string) => h.api('POST', `/v1/commitments/${id}/${action}`, { body, ...(key ? { key } : {}) });

/** Refused with 403 before Temporal was asked: the workflow accepted no such update, and nothing changed. */
async function refusedUntouched(c: { id: string; workflowId: string }, action: string, update: string, body: unknown, detail: string, key?: string) {
  const before = (await read(c.id, ADMIN_KEY)).body;
  const accepted = (await acceptedUpdates(h.client, c.workflowId)).filter((u) => u === update);
  const res = await act(c.id, action, body, key);
  expect(res.status, `${action}: ${JSON.stringify(res.body)}`).toBe(403);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(res.body.detail).toBe(detail);
  expect((await acceptedUpdates(h.client, c.workflowId)).filter((u) => u === update)).toEqual(accepted);
  expect((await read(c.id, ADMIN_KEY)).body).toMatchObject({ status: before.status, owner: before.owner, dueAt: before.dueAt, deadlineNo: before.deadlineNo });
}

describe('authority after a supervisor takes an escalation over', () => {
  it('refuses the agent who registered it extending or fulfilling it (403), and still lets her read it and add notes', async () => {
    const c = await create({ dueIn: 'PT1S' });
    await vi.waitFor(async () => expect((await read(c.id)).body.timeline.map((e: { type: string }) => e.type)).toContain('supervisor_alerted'), WAIT);
    const ack = await act(c.id, 'acknowledge', { dueIn: 'PT2H', note: 'Calling her now' }, SUPERVISOR_KEY);
    expect(ack.body).toMatchObject({ status: 'open', owner: { id: 'sup-sam' }, formerOwnerIds: ['agent-dana'] });

    const why = 'You handed this commitment on; Sam Okafor holds it now.';
    await refusedUntouched(
      c,
      'extend',
      'extend',
      { dueIn: 'PT4H', reason: 'Need more time' },
      `${why} Only its owner (Sam Okafor), a supervisor of team Support or an admin can extend it.`,
    );
    await refusedUntouched(
      c,
      'fulfil',
      'fulfil',
      { resolution: 'Refunded' },
      `${why} Only its owner (Sam Okafor), a supervisor of team Support or an admin can fulfil it.`,
    );
    expect((await h.api('GET', `/v1/commitments/${c.id}`)).status).toBe(200);
    expect((await act(c.id, 'notes', { text: 'She prefers calls after 5 PM' })).status).toBe(200);
    // The customer heard only who owns it now: no new time from Dana, no recap of a fulfilment.
    expect(h.twilio.messages.filter((m) => m.to === c.customer.phone && /now needs until|Done:/.test(m.body))).toEqual([]);
  });
});

describe('authority after the owner hands it to a team mate', () => {
  it('refuses the former owner extending or cancelling it (403), while the new owner may', async () => {
    await letAgentsActForTeamMates(h.db.pool);
    const c = await create();
    expect((await act(c.id, 'reassign', { ownerId: 'agent-lee', handoffNote: 'Lee has the bank contact' })).status).toBe(200);

    const why = 'You handed this commitment on; Lee Chan holds it now.';
    await refusedUntouched(
      c,
      'extend',
      'extend',
      { dueIn: 'PT4H', reason: 'Need more time' },
      `${why} Only its owner (Lee Chan), a supervisor of team Support or an admin can extend it.`,
    );
    await refusedUntouched(
      c,
      'cancel',
      'cancel',
      { reason: 'Sorted', notifyCustomer: false },
      `${why} Only its owner (Lee Chan), a supervisor of team Support or an admin can cancel it.`,
    );
    expect((await act(c.id, 'notes', { text: 'Handed over with the bank contact' })).status).toBe(200);
    const extended = await act(c.id, 'extend', { dueIn: 'PT4H', reason: 'The bank needs a day' }, OTHER_AGENT_KEY);
    expect(extended.status).toBe(200);
    expect(extended.body.facts.extensionCount).toBe(1);
  });
});

describe('reassigning stays inside the team', () => {
  it("refuses handing it to another team's supervisor or agent (422 at /ownerId, pointing at transfer), whoever asks", async () => {
    await addTestStaff(h.db.pool, { id: 'agent-pia', name: 'Pia Roth', teamId: 'retail', email: 'pia@other.example' });
    const c = await create();
    const before = await acceptedUpdates(h.client, c.workflowId);
    for (const [ownerId, key] of [
      ['sup-olga', SUPERVISOR_KEY],
      ['agent-pia', undefined],
      ['agent-pia', ADMIN_KEY],
    ] as const) {
      const res = await act(c.id, 'reassign', { ownerId, handoffNote: 'Over to retail' }, key);
      expect(res.status, `${ownerId} by ${key ?? 'the owner'}`).toBe(422);
      expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/ownerId']);
      expect(res.body.detail).toContain('not in team Support');
      expect(res.body.detail).toContain('/transfer');
    }
    expect(await acceptedUpdates(h.client, c.workflowId)).toEqual(before);
    expect((await read(c.id)).body).toMatchObject({ owner: { id: 'agent-dana' }, team: { id: 'support' } });
  });

  it('refuses an agent handing hers to a team mate where the team does not allow it (403), as create refuses her registering for one', async () => {
    const c = await create();
    const res = await act(c.id, 'reassign', { ownerId: 'agent-lee', handoffNote: 'Lee knows this one' });
    expect(res.status).toBe(403);
    expect(res.body.detail).toBe('Team Support does not let agents hand commitments to team mates; a supervisor of the team can reassign it.');
  });
});

describe('moving a commitment to another team', () => {
  it("re-pins team, supervisor and chain: the new team's supervisor sees it and is alerted when it lapses, the old one no longer sees it, and the customer is told", async () => {
    await addTestStaff(h.db.pool, { id: 'agent-rosa', name: 'Rosa Diaz', teamId: 'retail', email: 'rosa@other.example' });
    const c = await create({ dueIn: 'PT6S' });
    // Not the owner's to move, nor another team's supervisor's.
    expect((await act(c.id, 'transfer', { teamId: 'retail', note: 'A store purchase' })).status).toBe(403);
    expect((await act(c.id, 'transfer', { teamId: 'retail', note: 'A store purchase' }, OTHER_TEAM_KEY)).status).toBe(403);

    const moved = await act(
      c.id,
      'transfer',
      { teamId: 'retail', ownerId: 'agent-rosa', note: 'Bought in store; Retail refunds store purchases' },
      SUPERVISOR_KEY,
    );
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body).toMatchObject({
      team: { id: 'retail', name: 'Retail' },
      supervisor: { id: 'sup-olga' },
      owner: { id: 'agent-rosa' },
      policy: { escalation: { levels: [{ target: { kind: 'supervisor' } }] } },
    });
    // The recap's and the confirmation's entries may land either side of it: they are sent in the background.
    const transferred = moved.body.timeline.find((e: { type: string }) => e.type === 'transferred');
    expect(transferred).toMatchObject({ type: 'transferred', actor: { id: 'sup-sam' } });
    expect(transferred.detail).toContain('moved it from team Support to team Retail: Rosa Diaz owns it now (after Dana Reyes), Olga Berg supervises it');

    const told = await h.twilio.waitForMessage((m) => m.to === c.customer.phone && m.body.includes('Rosa Diaz has taken over'), 15_000);
    expect(told.body).toContain('all the notes');
    const handoff = await h.smtp.waitForMail((m) => m.to.includes('rosa@other.example') && m.subject.startsWith('Handed to you'), 15_000);
    expect(handoff.text).toContain('Retail refunds store purchases');

    expect((await read(c.id, OTHER_TEAM_KEY)).status).toBe(200);
    expect((await read(c.id, SUPERVISOR_KEY)).status).toBe(403);
    const queue = async (key: string) =>
      ((await h.api('GET', '/v1/commitments?status=open,escalated', { key })).body.items as { id: string }[]).map((i) => i.id);
    expect(await queue(OTHER_TEAM_KEY)).toContain(c.id);
    expect(await queue(SUPERVISOR_KEY)).not.toContain(c.id);

    // The lapse goes up the new team's chain: Olga is alerted, and Sam, whose alert it would have been, is not.
    const alert = await h.smtp.waitForMail(
      (m) => m.to.includes('olga@other.example') && m.subject.startsWith('Escalated') && m.subject.includes(c.customer.name),
      20_000,
    );
    expect(alert.text).toContain('Retail refunds store purchases');
    await vi.waitFor(
      async () => expect((await read(c.id, OTHER_TEAM_KEY)).body.escalation?.alerted).toEqual([expect.objectContaining({ id: 'sup-olga' })]),
      WAIT,
    );
    expect(h.smtp.mails.filter((m) => m.to.includes('sam@support.example') && m.subject.includes(c.customer.name))).toEqual([]);
  });
});
