/**
 * A subscription whose every delivery fails for the whole period is turned off, and the admin who
 * made it is told. Its own file, so its own database: "failing for 5 days" is 3 s here, and only
 * this test's pump may take its deliveries (test/events/delivery.test.ts has pumps of its own).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureEventPump } from '../../src/events/pump-start';
import { startEventReceiver, type EventReceiver } from '../../tools/testkit/event-receiver';
import { createForEvents, deliveriesOf, subscribeReceiver } from '../support/event-subscriptions';
import { ADMIN_KEY, eventually, useHarness } from '../support/harness';

const h = useHarness({ env: { ALLOW_INSECURE: 'true' } });
const T = (t: string) => `followthrough.commitment.${t}`;
const PERIOD_MS = 3_000;

let receiver: EventReceiver;
beforeEach(async () => {
  receiver = await startEventReceiver();
  // Three attempts, well inside the period however loaded the machine; the test waits the period out.
  await ensureEventPump(h.client, h.taskQueue, { retryScheduleMs: [200, 200], failingDisableAfterMs: PERIOD_MS, timeoutMs: 8_000 });
});
afterEach(async () => {
  await receiver.close();
});

describe('a receiver that fails for the whole period', () => {
  it('turns off a subscription whose every delivery failed for the whole period, and emails the admin who made it', async () => {
    receiver.answer = { kind: 'status', status: 500, body: 'database is down' };
    const sub = await subscribeReceiver(h, receiver, { types: [T('created')] });
    await createForEvents(h);
    // One event fails for the whole schedule, shorter than the period: still on.
    await eventually(async () => ((await deliveriesOf(h, sub.id))[0]?.state === 'failed' ? true : undefined));
    const failing = (await h.api('GET', `/v1/event-subscriptions/${sub.id}`, { key: ADMIN_KEY })).body;
    expect(failing).toMatchObject({ enabled: true, failingSince: expect.any(String) });
    // The next event's failure is past the period, counted from the first failure.
    await eventually(() => Promise.resolve(Date.now() > Date.parse(failing.failingSince) + PERIOD_MS ? true : undefined));
    await createForEvents(h);
    const off = await eventually(async () => {
      const s = (await h.api('GET', `/v1/event-subscriptions/${sub.id}`, { key: ADMIN_KEY })).body;
      return s.enabled ? undefined : s;
    });
    expect(off.disabledReason).toBe('Every delivery to it failed for 3 seconds in a row.');
    const mail = await h.smtp.waitForMail((m) => m.to.includes('alex@support.example') && m.subject.includes('stopped sending events'), 15_000);
    expect(mail.subject).toBe(`Followthrough stopped sending events to 127.0.0.1:${receiver.port}`);
    expect(mail.text).toContain(`The event subscription ${sub.id}, which you set up, sends to ${receiver.url}.`);
    expect(mail.text).toContain(`/v1/event-subscriptions/${sub.id}/deliveries`);
    // What it missed waits in its log, and goes once it is turned back on.
    receiver.answer = { kind: 'ok' };
    const on = await h.api('PATCH', `/v1/event-subscriptions/${sub.id}`, { key: ADMIN_KEY, body: { enabled: true } });
    expect(on.body).toMatchObject({ enabled: true });
    expect(on.body).not.toHaveProperty('disabledReason');
    await receiver.received.waitFor((r) => r.event.type === T('created'), 15_000);
  });
});
