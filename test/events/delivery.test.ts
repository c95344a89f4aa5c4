/**
 * Events out, end to end: the real API, worker, Temporal and Postgres, and a receiver that checks
 * every request with the `standardwebhooks` package (tools/testkit/event-receiver.ts). The retry
 * schedule is compressed to fractions of a second through the pump's workflow input.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureEventPump } from '../../src/events/pump-start';
import { createForEvents, deliveriesOf, EVENT_TEST_SCHEDULE, subscribeReceiver } from '../support/event-subscriptions';
import { ADMIN_KEY, AGENT_KEY, eventually, SUPERVISOR_KEY, useHarness } from '../support/harness';
import { startEventReceiver, type EventReceiver } from '../../tools/testkit/event-receiver';

const h = useHarness({ env: { ALLOW_INSECURE: 'true' } });
const T = (t: string) => `followthrough.commitment.${t}`;
const LIFE = ['created', 'extended', 'paused', 'resumed', 'updated', 'fulfilled'].map(T);

let receiver: EventReceiver;
beforeEach(async () => {
  receiver = await startEventReceiver();
  // This test's pump, on this test's queue, with the Standard Webhooks schedule in fifths of a second (1.8 s
  // in all) and "failing for 5 days" a minute, longer than the schedule as in production, so a loaded
  // machine stretching a schedule cannot turn a subscription off. Every test's pump has the same
  // settings: the earlier tests' pumps still run, and any of them may take a delivery (turning a
  // subscription off, with a period of seconds, is test/events/turn-off.test.ts, with its own database).
  await ensureEventPump(h.client, h.taskQueue, { ...EVENT_TEST_SCHEDULE, failingDisableAfterMs: 60_000, timeoutMs: 8_000 });
});
afterEach(async () => {
  // Later tests' events must not go to a receiver that is gone.
  for (const s of (await h.api('GET', '/v1/event-subscriptions', { key: ADMIN_KEY })).body.items)
    await h.api('DELETE', `/v1/event-subscriptions/${s.id}`, { key: ADMIN_KEY });
  await receiver.close();
});

const subscribe = (body: Record<string, unknown> = {}, key = ADMIN_KEY) => subscribeReceiver(h, receiver, { types: LIFE, ...body }, key);
const create = (overrides: Record<string, unknown> = {}) => createForEvents(h, overrides);

/** The commitment's life after its creation: each step waits for the one before to be recorded. */
async function live(id: string) {
  const act = async (path: string, body: Record<string, unknown>) => expect((await h.api('POST', `/v1/commitments/${id}/${path}`, { body })).status).toBe(200);
  await act('extend', { dueIn: 'PT3H', reason: 'Waiting on the card network' });
  await act('pause', { reason: 'Customer sends the statement' });
  await act('resume', {});
  await act('updates', { text: 'The refund is approved.' });
  await act('fulfil', { resolution: 'Refunded the duplicate charge.' });
}

const deliveries = (sub: string) => deliveriesOf(h, sub);

describe('events out', () => {
  it('delivers every event of a commitment, signed and in order, as CloudEvents without the customer’s contacts', async () => {
    await subscribe();
    const id = await create();
    await live(id);
    const got = await receiver.waitForTypes(id, LIFE);
    expect(got.map((r) => r.event.type)).toEqual(LIFE);
    const seqs = got.map((r) => r.event.data.sequence);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    for (const r of got) {
      expect(r.event).toMatchObject({ specversion: '1.0', source: '/v1/commitments', subject: id, id: `${id}:${r.event.data.sequence}` });
      expect(r.webhookId).toBe(r.event.id);
      expect(r.event.data.commitment.id).toBe(id);
      expect(r.event.data.commitment.customer).not.toHaveProperty('phone');
      expect(r.event.data.commitment.customer).not.toHaveProperty('email');
    }
    expect(got[0]?.event.data.actor).toMatchObject({ kind: 'staff', id: 'agent-dana' });
    expect(got.at(-1)?.event.data).toMatchObject({ commitment: { status: 'fulfilled' }, details: { onTime: true } });
    expect(receiver.refused).toEqual([]);
  });

  it('keeps everything for a receiver that was down, and sends it in order once it is back', async () => {
    receiver.answer = { kind: 'status', status: 503, body: 'maintenance', retryAfter: '1' };
    const sub = await subscribe();
    const id = await create();
    await live(id);
    // Down for as long as the first event's attempts take (a second apart, as its Retry-After asks): the later ones wait behind it.
    await eventually(async () => ((await deliveries(sub.id)).some((d) => d.type === T('created') && d.attempts.length >= 3) ? true : undefined));
    expect(receiver.received.items).toHaveLength(0);
    const waiting = await deliveries(sub.id);
    expect(waiting.filter((d) => d.type !== T('created')).every((d) => d.attempts.length === 0)).toBe(true);
    receiver.answer = { kind: 'ok' };
    const got = await receiver.waitForTypes(id, LIFE);
    expect(got.map((r) => r.event.type)).toEqual(LIFE);
    const log = await deliveries(sub.id);
    const created = log.find((d) => d.type === T('created'));
    expect(created.attempts.slice(0, 3).map((a: { status: number; response: string }) => [a.status, a.response])).toEqual([
      [503, 'maintenance'],
      [503, 'maintenance'],
      [503, 'maintenance'],
    ]);
    expect(log.every((d) => d.state === 'delivered')).toBe(true);
  });

  it('waits as long as a 429 or 503 asks with Retry-After, longer than the schedule would', async () => {
    receiver.answer = { kind: 'status', status: 429, retryAfter: '2' };
    const sub = await subscribe({ types: [T('created')] });
    const id = await create();
    await eventually(async () => ((await deliveries(sub.id))[0]?.attempts.length >= 1 ? true : undefined));
    receiver.answer = { kind: 'ok' };
    await receiver.waitForTypes(id, [T('created')]);
    const [d] = await deliveries(sub.id);
    expect(d.attempts.map((a: { status: number }) => a.status)).toEqual([429, 204]);
    // The schedule's next step here is 0.2 s; the receiver asked for 2.
    expect(Date.parse(d.attempts[1].at) - Date.parse(d.attempts[0].at)).toBeGreaterThanOrEqual(1_900);
  });

  it('turns the subscription off at once on 410 Gone, and sends nothing more to it', async () => {
    receiver.answer = { kind: 'status', status: 410 };
    const sub = await subscribe();
    const id = await create();
    const off = await eventually(async () => {
      const s = (await h.api('GET', `/v1/event-subscriptions/${sub.id}`, { key: ADMIN_KEY })).body;
      return s.enabled ? undefined : s;
    });
    expect(off.disabledReason).toContain('410');
    expect(receiver.requests).toBe(1);
    // A later event of the same commitment is not owed to it: the fulfil's answer proves it was recorded.
    expect((await h.api('POST', `/v1/commitments/${id}/fulfil`, { body: { resolution: 'Done.' } })).status).toBe(200);
    await eventually(async () => ((await h.api('GET', `/v1/commitments/${id}`)).body.status === 'fulfilled' ? true : undefined));
    expect((await deliveries(sub.id)).map((d) => d.type)).toEqual([T('created')]);
  });

  it('gives up on a delivery after the whole schedule, and a resend starts the schedule again', async () => {
    receiver.answer = { kind: 'status', status: 500 };
    const sub = await subscribe({ types: [T('created')] });
    const id = await create();
    const [failed] = await eventually(async () => {
      const log = await deliveries(sub.id);
      return log[0]?.state === 'failed' ? log : undefined;
    });
    // The first attempt and one per step of the schedule.
    expect(failed.attempts).toHaveLength(10);
    // Failing three more times, then answering: retried on the schedule from its top, not given up after one more.
    receiver.answer = { kind: 'status', status: 500, times: 3 };
    expect((await h.api('POST', `/v1/event-subscriptions/${sub.id}/deliveries/${failed.id}/resend`, { key: ADMIN_KEY })).status).toBe(202);
    await receiver.waitForTypes(id, [T('created')]);
    const [delivered] = await eventually(async () => {
      const log = await deliveries(sub.id);
      return log[0]?.state === 'delivered' ? log : undefined;
    });
    expect(delivered.attempts).toHaveLength(14);
  });

  it('does not follow a redirect: the attempt fails and is retried where it was sent', async () => {
    const elsewhere = await startEventReceiver();
    try {
      receiver.answer = { kind: 'redirect', location: elsewhere.url };
      const sub = await subscribe({ types: [T('created')] });
      await create();
      const [d] = await eventually(async () => {
        const log = await deliveries(sub.id);
        return log[0]?.attempts.length >= 2 ? log : undefined;
      });
      expect(d.attempts[0]).toMatchObject({ status: 307, error: 'redirect 307 not followed' });
      expect(elsewhere.requests).toBe(0);
    } finally {
      await elsewhere.close();
    }
  });

  it("does not hold one receiver's events behind another that hangs", async () => {
    const stuck = await startEventReceiver();
    try {
      stuck.answer = { kind: 'hang' };
      const res = await h.api('POST', '/v1/event-subscriptions', { key: ADMIN_KEY, body: { url: stuck.url, types: [T('created')] } });
      expect(res.status).toBe(201);
      await subscribe({ types: [T('created')] });
      const started = Date.now();
      const ids = [];
      for (let i = 0; i < 12; i++) ids.push(await create());
      // Every event reaches the live receiver while the stuck one holds its share of the pump.
      for (const id of ids) await receiver.waitForTypes(id, [T('created')], 15_000);
      // No more than its share in flight at once (8, src/events/pump.ts), none of them answered yet.
      if (Date.now() - started < 8_000) expect(stuck.requests).toBe(8);
    } finally {
      await stuck.close();
    }
  });

  it('signs with the old and the new secret after a rotation, so a receiver holding either verifies', async () => {
    const sub = await subscribe({ types: [T('created')] });
    const rotated = await h.api('POST', `/v1/event-subscriptions/${sub.id}/rotate-secret`, { key: ADMIN_KEY });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(sub.secret);
    expect(Date.parse(rotated.body.previousSecretUntil) - Date.now()).toBeGreaterThan(23 * 3_600_000);
    receiver.secrets = [sub.secret, rotated.body.secret];
    const id = await create();
    const [got] = await receiver.waitForTypes(id, [T('created')]);
    expect(got?.signatures).toBe(2);
    expect(got?.verifiedWith).toEqual([sub.secret, rotated.body.secret]);
  });

  it('sends a test event, logs it, and resends it with the same webhook-id', async () => {
    const sub = await subscribe();
    const queued = await h.api('POST', `/v1/event-subscriptions/${sub.id}/test`, { key: ADMIN_KEY });
    expect(queued.status).toBe(202);
    const first = await receiver.received.waitFor((r) => r.event.type === 'followthrough.test', 15_000);
    expect(first.event.data.subscriptionId).toBe(sub.id);
    const [logged] = await eventually(async () => {
      const log = await deliveries(sub.id);
      return log[0]?.state === 'delivered' ? log : undefined;
    });
    expect(logged.attempts).toMatchObject([{ attempt: 1, status: 204 }]);
    const again = await h.api('POST', `/v1/event-subscriptions/${sub.id}/deliveries/${queued.body.deliveryId}/resend`, { key: ADMIN_KEY });
    expect(again.status).toBe(202);
    await eventually(() => Promise.resolve(receiver.received.items.filter((r) => r.event.type === 'followthrough.test').length === 2 ? true : undefined));
    const both = receiver.received.items.filter((r) => r.event.type === 'followthrough.test');
    expect(both[1]?.webhookId).toBe(first.webhookId);
    // Once each: several pumps run in this file (one per test's queue), and only one takes each delivery.
    expect(receiver.requests).toBe(2);
  });

  it('picks up where it was when the worker is replaced: nothing recorded is lost', async () => {
    await subscribe({ types: [T('created'), T('fulfilled')] });
    const id = await create();
    await receiver.waitForTypes(id, [T('created')]);
    receiver.answer = { kind: 'status', status: 503 };
    expect((await h.api('POST', `/v1/commitments/${id}/fulfil`, { body: { resolution: 'Refunded.' } })).status).toBe(200);
    await eventually(() => Promise.resolve(receiver.requests >= 2 ? true : undefined));
    await h.stopWorker();
    receiver.answer = { kind: 'ok' };
    await h.startWorker();
    const got = await receiver.waitForTypes(id, [T('created'), T('fulfilled')]);
    expect(got.map((r) => r.event.type)).toEqual([T('created'), T('fulfilled')]);
  });
});

describe('event subscriptions, who and what', () => {
  it('shows the secret once, at creation', async () => {
    const sub = await subscribe();
    const read = await h.api('GET', `/v1/event-subscriptions/${sub.id}`, { key: ADMIN_KEY });
    expect(read.status).toBe(200);
    expect(read.body).not.toHaveProperty('secret');
    expect(JSON.stringify((await h.api('GET', '/v1/event-subscriptions', { key: ADMIN_KEY })).body)).not.toContain(sub.secret);
  });

  it('names each bad field, and refuses agents, other teams and contacts for supervisors', async () => {
    const bad = await h.api('POST', '/v1/event-subscriptions', {
      key: ADMIN_KEY,
      body: { url: 42, types: ['followthrough.commitment.exploded'], extra: true },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/extra', '/types/0', '/url']);
    expect((await h.api('POST', '/v1/event-subscriptions', { key: AGENT_KEY, body: { url: receiver.url, types: LIFE } })).status).toBe(403);
    expect((await h.api('POST', '/v1/event-subscriptions', { key: SUPERVISOR_KEY, body: { url: receiver.url, types: LIFE, teamId: 'other' } })).status).toBe(
      403,
    );
    expect(
      (await h.api('POST', '/v1/event-subscriptions', { key: SUPERVISOR_KEY, body: { url: receiver.url, types: LIFE, includeContacts: true } })).status,
    ).toBe(403);
    const own = await h.api('POST', '/v1/event-subscriptions', { key: SUPERVISOR_KEY, body: { url: receiver.url, types: LIFE } });
    expect(own.status).toBe(201);
    expect(own.body.teamId).not.toBeNull();
    const unknownTeam = await h.api('POST', '/v1/event-subscriptions', { key: ADMIN_KEY, body: { url: receiver.url, types: LIFE, teamId: 'no-such-team' } });
    expect(unknownTeam.status).toBe(422);
    expect(unknownTeam.body.errors).toEqual([expect.objectContaining({ pointer: '/teamId' })]);
  });
});
