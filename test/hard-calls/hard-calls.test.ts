/**
 * Hard calls (issue 24) through the real API, worker, Temporal and Postgres: flagging a call (at
 * create and later) opens a check-in the team's supervisor sees and marks done; only whoever holds
 * the commitment may flag it; a customer flagged twice in 30 days is named to whoever takes their
 * next promise; the weekly report counts flags and check-ins done per agent; nothing of it reaches
 * the customer; retention redacts the notes.
 */
import { describe, expect, it } from 'vitest';
import { createRetentionActivities } from '../../src/activities/retention';
import { recordCommitment } from '../../src/db/commitments';
import { hardCallId, recordHardCall } from '../../src/hard-calls/store';
import { pageToken } from '../../src/links';
import { commitmentState, createdEvent } from '../support/commitments';
import { parseCsv } from '../support/csv';
import {
  addTestStaff,
  ADMIN_KEY,
  AGENT_KEY,
  commitmentBody,
  eventually,
  LINK_SECRET,
  OTHER_AGENT_KEY,
  OTHER_TEAM_KEY,
  SUPERVISOR_KEY,
  useHarness,
} from '../support/harness';

const h = useHarness();

const DANA = { id: 'agent-dana', name: 'Dana Reyes' };
const SAM = { id: 'sup-sam', name: 'Sam Okafor' };

/** A customer of this test alone, so flags and message bounds of one test never count in another. */
let customers = 0;
function customer(o: { phone?: string | null; email?: string | null } = {}) {
  customers += 1;
  const n = String(customers).padStart(2, '0');
  return {
    name: `Casey ${n} Hart`,
    ...(o.phone === null ? {} : { phone: o.phone ?? `+141555501${n}` }),
    ...(o.email === null ? {} : { email: o.email ?? `casey${n}@example.com` }),
    timezone: 'America/Chicago',
  };
}

async function create(o: Record<string, unknown> = {}, key = AGENT_KEY, headers: Record<string, string> = {}) {
  const res = await h.api('POST', '/v1/commitments', { key, headers, body: commitmentBody({ customer: customer(), dueIn: 'PT3H', ...o }) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; notices?: { code: string; detail: string }[] };
}

const flag = (id: string, body: unknown, key = AGENT_KEY, headers: Record<string, string> = {}) =>
  h.api('POST', `/v1/commitments/${id}/hard-call`, { key, body, headers });

const openCheckIns = async (key = SUPERVISOR_KEY) => {
  const res = await h.api('GET', '/v1/check-ins', { key });
  expect(res.status).toBe(200);
  return res.body.items as { id: string; hardCallId: string; doneAt?: string }[];
};

describe('flagging a hard call', () => {
  it("opens a check-in the team's supervisor sees and marks done once; agents cannot list them", async () => {
    const { id } = await create();
    const note = 'Shouted at me for ten minutes about the refund.';
    const flagged = await flag(id, { kind: 'abusive', note });
    expect(flagged.status, JSON.stringify(flagged.body)).toBe(201);
    expect(flagged.body).toEqual({
      id: expect.stringMatching(/^hc_[A-Za-z0-9]{24}$/),
      commitmentId: id,
      teamId: 'support',
      agent: DANA,
      kind: 'abusive',
      note,
      flaggedBy: DANA,
      flaggedAt: expect.any(String),
    });

    expect((await h.api('GET', '/v1/check-ins', { key: AGENT_KEY })).status).toBe(403);
    const mine = (await openCheckIns()).find((c) => c.hardCallId === flagged.body.id);
    expect(mine).toEqual({
      id: expect.stringMatching(/^ci_[A-Za-z0-9]{24}$/),
      hardCallId: flagged.body.id,
      commitmentId: id,
      team: { id: 'support', name: 'Support' },
      agent: DANA,
      kind: 'abusive',
      note,
      flaggedAt: flagged.body.flaggedAt,
      flaggedBy: DANA,
    });
    // Another team's supervisor neither sees nor closes it; an admin sees every team's.
    expect((await openCheckIns(OTHER_TEAM_KEY)).map((c) => c.id)).not.toContain(mine!.id);
    expect((await openCheckIns(ADMIN_KEY)).map((c) => c.id)).toContain(mine!.id);
    expect((await h.api('POST', `/v1/check-ins/${mine!.id}/done`, { key: OTHER_TEAM_KEY, body: {} })).status).toBe(403);
    expect((await h.api('POST', `/v1/check-ins/${mine!.id}/done`, { key: AGENT_KEY, body: {} })).status).toBe(403);

    const done = await h.api('POST', `/v1/check-ins/${mine!.id}/done`, { key: SUPERVISOR_KEY, body: { note: 'Talked it through; Dana took a break.' } });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({ id: mine!.id, doneAt: expect.any(String), doneBy: SAM, doneNote: 'Talked it through; Dana took a break.' });
    const again = await h.api('POST', `/v1/check-ins/${mine!.id}/done`, { key: SUPERVISOR_KEY, body: {} });
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toContain('application/problem+json');
    expect((await openCheckIns()).map((c) => c.id)).not.toContain(mine!.id);
    expect((await h.api('POST', '/v1/check-ins/ci_000000000000000000000000/done', { key: SUPERVISOR_KEY, body: {} })).status).toBe(404);
    expect((await h.api('POST', '/v1/check-ins/nonsense/done', { key: SUPERVISOR_KEY, body: {} })).status).toBe(404);

    const list = await h.api('GET', `/v1/commitments/${id}/hard-calls`);
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ items: [flagged.body], customerFlagsLast30Days: 1 });
  });

  it('records a retried flag once when it carries an Idempotency-Key', async () => {
    const { id } = await create();
    const body = { kind: 'distressing', note: 'Told me about a death in the family.' };
    const first = await flag(id, body, AGENT_KEY, { 'Idempotency-Key': 'flag-1' });
    const retry = await flag(id, body, AGENT_KEY, { 'Idempotency-Key': 'flag-1' });
    expect([first.status, retry.status]).toEqual([201, 201]);
    expect(retry.body.id).toBe(first.body.id);
    expect((await h.api('GET', `/v1/commitments/${id}/hard-calls`)).body.items).toHaveLength(1);
    expect((await openCheckIns()).filter((c) => c.hardCallId === first.body.id)).toHaveLength(1);
  });

  it('is for whoever holds the commitment: its owner, a supervisor of its team, an admin; also once it is closed', async () => {
    const { id } = await create();
    const body = { kind: 'threatening', note: 'Said he would come to the branch.' };
    const retailAgent = await addTestStaff(h.db.pool, { id: 'agent-rita', name: 'Rita Gomes', teamId: 'retail', email: 'rita@retail.example' });
    for (const key of [OTHER_AGENT_KEY, OTHER_TEAM_KEY, retailAgent]) {
      const refused = await flag(id, body, key);
      expect(refused.status, JSON.stringify(refused.body)).toBe(403);
      expect(refused.body.detail).toMatch(/can flag its call as hard\.$/);
    }
    expect((await h.api('GET', `/v1/commitments/${id}/hard-calls`, { key: OTHER_AGENT_KEY })).status).toBe(403);
    expect((await flag('cmt_000000000000000000000000', body)).status).toBe(404);

    const bySupervisor = await flag(id, body, SUPERVISOR_KEY);
    expect(bySupervisor.status).toBe(201);
    expect(bySupervisor.body).toMatchObject({ agent: DANA, flaggedBy: SAM });
    expect((await flag(id, body, ADMIN_KEY)).status).toBe(201);

    const cancelled = await h.api('POST', `/v1/commitments/${id}/cancel`, { body: { reason: 'Customer withdrew the request', notifyCustomer: false } });
    expect(cancelled.status).toBe(200);
    const afterClose = await flag(id, body);
    expect(afterClose.status, JSON.stringify(afterClose.body)).toBe(201);
    expect((await h.api('GET', `/v1/commitments/${id}/hard-calls`)).body.items).toHaveLength(3);
  });

  it('refuses a kind outside the list or a note empty or too long with a 400 naming the field, and records nothing', async () => {
    const { id } = await create();
    const cases: [unknown, string][] = [
      [{ kind: 'rude', note: 'Swore at me.' }, '/kind'],
      [{ kind: 'abusive', note: '   ' }, '/note'],
      [{ kind: 'abusive', note: 'x'.repeat(1001) }, '/note'],
      [{ kind: 'abusive' }, '/note'],
      [{ kind: 'abusive', note: 'Swore at me.', customerId: 'x' }, '/customerId'],
    ];
    for (const [body, pointer] of cases) {
      const res = await flag(id, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
    }
    const atCreate = await h.api('POST', '/v1/commitments', { body: commitmentBody({ customer: customer(), hardCall: { kind: 'mean', note: 'x' } }) });
    expect(atCreate.status).toBe(400);
    expect(atCreate.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/hardCall/kind']);
    expect((await h.api('GET', `/v1/commitments/${id}/hard-calls`)).body.items).toEqual([]);
    // The check-in's note is bounded the same way.
    const tooLong = await h.api('POST', '/v1/check-ins/ci_000000000000000000000000/done', { key: SUPERVISOR_KEY, body: { note: 'x'.repeat(1001) } });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors[0].pointer).toBe('/note');
  });
});

describe('a customer flagged again and again', () => {
  it('is named to whoever takes their third promise after two flags in 30 days (by phone or email), not their second', async () => {
    const phone = '+14155550177';
    const first = await create({ customer: customer({ phone, email: 'pat.r@example.com' }), hardCall: { kind: 'abusive', note: 'Called me useless.' } });
    expect(first.notices).toBeUndefined();
    const second = await create({
      customer: customer({ phone, email: 'pat.r2@example.com' }),
      hardCall: { kind: 'threatening', note: 'Threatened to post my name.' },
    });
    expect(second.notices).toBeUndefined();

    // The same phone: both flags count, in the list's order of kinds.
    const third = await create({ customer: customer({ phone, email: 'pat.r3@example.com' }) }, OTHER_AGENT_KEY);
    expect(third.notices).toEqual([
      {
        code: 'customer_flagged',
        detail:
          "This customer's calls were flagged as hard 2 times in the last 30 days (abusive, threatening): take care, and ask your supervisor for help if you need it.",
      },
    ]);
    // The first email alone matches one flag only.
    expect((await create({ customer: customer({ phone: null, email: 'PAT.R@example.com' }) })).notices).toBeUndefined();

    // Flagged at create: by the caller, with the owner as the agent, each with its check-in.
    const flags = await h.api('GET', `/v1/commitments/${first.id}/hard-calls`);
    expect(flags.body).toEqual({
      items: [expect.objectContaining({ commitmentId: first.id, agent: DANA, flaggedBy: DANA, kind: 'abusive', note: 'Called me useless.' })],
      customerFlagsLast30Days: 2,
    });
    const checkIns = await openCheckIns();
    expect(checkIns.filter((c) => c.hardCallId === flags.body.items[0].id)).toHaveLength(1);
    expect((await h.api('GET', `/v1/commitments/${third.id}/hard-calls`, { key: OTHER_AGENT_KEY })).body).toEqual({ items: [], customerFlagsLast30Days: 2 });
  });

  it('records a flag at create once when the create is retried with its Idempotency-Key', async () => {
    const body = commitmentBody({ customer: customer(), dueIn: 'PT3H', hardCall: { kind: 'distressing', note: 'Cried through the call.' } });
    const headers = { 'Idempotency-Key': 'create-hard-1' };
    const first = await h.api('POST', '/v1/commitments', { body, headers });
    const retry = await h.api('POST', '/v1/commitments', { body, headers });
    expect([first.status, retry.status]).toEqual([201, 201]);
    expect(retry.body.id).toBe(first.body.id);
    expect((await h.api('GET', `/v1/commitments/${first.body.id}/hard-calls`)).body.items).toHaveLength(1);
  });
});

describe('the hard-call report', () => {
  it('counts flagged calls and check-ins done per ISO week and agent, for a supervisor’s team or what an admin asks', async () => {
    const LEE = { id: 'agent-lee', name: 'Lee Chan' };
    const seed = (agent: { id: string; name: string }, at: string, team = { id: 'support', name: 'Support' }) =>
      recordHardCall(h.db.pool, {
        id: hardCallId(),
        commitmentId: 'cmt_000000000000000000000001',
        team,
        agent,
        kind: 'abusive',
        note: 'Seeded',
        flaggedBy: SAM,
        flaggedAt: new Date(at),
        customer: { phone: '+14155550188' },
      });
    // Week of Monday 2 June 2025: Dana twice (Sunday 8 June, 23:30 UTC, is still that week), Lee once.
    const [d1] = await Promise.all([
      seed(DANA, '2025-06-02T09:00:00Z'),
      seed(DANA, '2025-06-08T23:30:00Z'),
      seed(LEE, '2025-06-04T12:00:00Z'),
      // The next week (Monday 00:10 UTC), and another team's agent, and outside the range.
      seed(DANA, '2025-06-09T00:10:00Z'),
      seed({ id: 'agent-olaf', name: 'Olaf Retail' }, '2025-06-03T12:00:00Z', { id: 'retail', name: 'Retail' }),
      seed(DANA, '2025-06-16T00:00:00Z'),
    ]);
    const checkIn = (await openCheckIns()).find((c) => c.hardCallId === d1.id);
    expect((await h.api('POST', `/v1/check-ins/${checkIn!.id}/done`, { key: SUPERVISOR_KEY, body: {} })).status).toBe(200);

    const range = 'from=2025-06-01T00:00:00Z&to=2025-06-16T00:00:00Z';
    const sam = await h.api('GET', `/v1/reports/hard-calls?${range}`, { key: SUPERVISOR_KEY });
    expect(sam.status, JSON.stringify(sam.body)).toBe(200);
    expect(sam.body).toEqual({
      from: '2025-06-01T00:00:00.000Z',
      to: '2025-06-16T00:00:00.000Z',
      rows: [
        { week: '2025-06-02', agent: DANA, flagged: 2, checkInsDone: 1 },
        { week: '2025-06-02', agent: LEE, flagged: 1, checkInsDone: 0 },
        { week: '2025-06-09', agent: DANA, flagged: 1, checkInsDone: 0 },
      ],
    });
    const admin = await h.api('GET', `/v1/reports/hard-calls?${range}`, { key: ADMIN_KEY });
    expect(admin.body.rows).toHaveLength(4);
    const retail = await h.api('GET', `/v1/reports/hard-calls?${range}&team=retail`, { key: ADMIN_KEY });
    expect(retail.body.rows).toEqual([{ week: '2025-06-02', agent: { id: 'agent-olaf', name: 'Olaf Retail' }, flagged: 1, checkInsDone: 0 }]);
    expect((await h.api('GET', `/v1/reports/hard-calls?${range}&team=retail`, { key: SUPERVISOR_KEY })).status).toBe(403);
    expect((await h.api('GET', `/v1/reports/hard-calls?${range}`, { key: AGENT_KEY })).status).toBe(403);
    const bad = await h.api('GET', '/v1/reports/hard-calls?from=2025-06-16T00:00:00Z&to=2025-06-01T00:00:00Z', { key: SUPERVISOR_KEY });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].pointer).toBe('/query/to');

    const csv = await h.api('GET', `/v1/reports/hard-calls?${range}&format=csv`, { key: SUPERVISOR_KEY });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(parseCsv(csv.body as string)).toEqual([
      ['week', 'agentId', 'agent', 'flagged', 'checkInsDone'],
      ['2025-06-02', 'agent-dana', 'Dana Reyes', '2', '1'],
      ['2025-06-02', 'agent-lee', 'Lee Chan', '1', '0'],
      ['2025-06-09', 'agent-dana', 'Dana Reyes', '1', '0'],
    ]);
  });
});

describe('what the customer sees', () => {
  it('carries no flag: not their page, not their texts or emails, not the timeline or the events', async () => {
    const who = customer();
    const marker = 'ZEBRA-7731';
    const res = await h.api('POST', '/v1/commitments', {
      body: commitmentBody({ customer: who, dueIn: 'PT3H', hardCall: { kind: 'abusive', note: `${marker} swore at me` } }),
    });
    expect(res.status).toBe(201);
    const id = res.body.id as string;
    await h.twilio.waitForMessage((m) => m.to === who.phone, 15_000);
    await h.smtp.waitForMail((m) => m.to.includes(who.email!), 15_000);
    expect((await flag(id, { kind: 'threatening', note: `${marker} again, on the callback` })).status).toBe(201);
    // Nothing is sent for a flag: give a message the time it would take to go.
    await new Promise((r) => setTimeout(r, 1_500));

    const secret = new RegExp(`${marker}|abusive|threatening|hard call`, 'i');
    const page = await fetch(`${h.baseUrl}/p/${pageToken(LINK_SECRET, id, Math.floor(Date.now() / 1000) + 3600)}`);
    expect(page.status).toBe(200);
    expect(await page.text()).not.toMatch(secret);
    const texts = h.twilio.messages.filter((m) => m.to === who.phone);
    const mails = h.smtp.mails.filter((m) => m.to.includes(who.email!));
    expect(texts.length + mails.length).toBeGreaterThan(0);
    for (const m of texts) expect(m.body).not.toMatch(secret);
    for (const m of mails) expect(`${m.subject}\n${m.text}`).not.toMatch(secret);
    const messages = await h.api('GET', `/v1/commitments/${id}/messages`);
    expect(JSON.stringify(messages.body)).not.toMatch(secret);
    const stored = await h.db.pool.query<{ body: string }>('SELECT body FROM notifications WHERE commitment_id = $1', [id]);
    for (const row of stored.rows) expect(row.body).not.toMatch(secret);
    const read = await eventually(async () => {
      const r = await h.api('GET', `/v1/commitments/${id}`);
      return r.body.timeline?.length ? r : undefined;
    });
    expect(JSON.stringify(read.body)).not.toMatch(secret);
    const events = await h.db.pool.query<{ data: unknown }>('SELECT data FROM outbound_events WHERE commitment_id = $1', [id]);
    for (const row of events.rows) expect(JSON.stringify(row.data)).not.toMatch(secret);
  });
});

describe('retention', () => {
  it("redacts a redacted commitment's flag notes, customer keys and check-in notes, and keeps the counts", async () => {
    const DAY = 24 * 3600_000;
    const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();
    // From before teams: the owner's team (Support) checks in.
    const old = commitmentState({
      status: 'confirmed',
      createdAt: ago(403),
      customer: { name: 'Quinn Old', phone: '+14155550166', email: 'quinn.old@example.com', timezone: 'America/Chicago' },
      facts: { extensionCount: 0, reopenCount: 0, closedAt: ago(400), firstFulfilledAt: ago(401), firstFulfilledOnTime: true },
    });
    await recordCommitment(h.db.pool, old, [createdEvent(old)]);
    const flagged = await flag(old.id, { kind: 'abusive', note: 'Quinn Old called me names.' }, SUPERVISOR_KEY);
    expect(flagged.status, JSON.stringify(flagged.body)).toBe(201);
    expect(flagged.body).toMatchObject({ teamId: 'support', agent: DANA });
    const checkIn = (await openCheckIns()).find((c) => c.hardCallId === flagged.body.id);
    expect((await h.api('POST', `/v1/check-ins/${checkIn!.id}/done`, { key: SUPERVISOR_KEY, body: { note: 'Quinn rang again later.' } })).status).toBe(200);
    const recent = await create({ hardCall: { kind: 'distressing', note: 'Still fresh.' } });

    expect((await createRetentionActivities({ db: h.db.pool }).redactClosedCommitments(365)).redacted).toBe(1);

    const rows = await h.db.pool.query<{ commitment_id: string; note: string; customer_phone_hash: Buffer | null; customer_email_hash: Buffer | null }>(
      'SELECT commitment_id, note, customer_phone_hash, customer_email_hash FROM hard_calls WHERE commitment_id = ANY($1)',
      [[old.id, recent.id]],
    );
    expect(rows.rows.find((r) => r.commitment_id === old.id)).toEqual({
      commitment_id: old.id,
      note: 'redacted',
      customer_phone_hash: null,
      customer_email_hash: null,
    });
    expect(rows.rows.find((r) => r.commitment_id === recent.id)).toMatchObject({ note: 'Still fresh.', customer_phone_hash: expect.any(Buffer) });
    const done = await h.db.pool.query<{ done_note: string }>('SELECT done_note FROM check_ins WHERE id = $1', [checkIn!.id]);
    expect(done.rows[0]?.done_note).toBe('redacted');
    const list = await h.api('GET', `/v1/commitments/${old.id}/hard-calls`, { key: SUPERVISOR_KEY });
    expect(list.body).toEqual({ items: [expect.objectContaining({ id: flagged.body.id, kind: 'abusive', note: 'redacted' })], customerFlagsLast30Days: 0 });
    // A note written now would outlive the rest.
    expect((await flag(old.id, { kind: 'abusive', note: 'One more thing about Quinn.' }, SUPERVISOR_KEY)).status).toBe(409);
  });
});
