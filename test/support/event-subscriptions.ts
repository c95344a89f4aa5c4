/**
 * Events-out tests' shared steps: subscribing a verifying receiver (tools/testkit/event-receiver.ts),
 * making a commitment whose events it gets, and reading a subscription's delivery log.
 */
import { expect } from 'vitest';
import type { EventReceiver } from '../../tools/testkit/event-receiver';
import { ADMIN_KEY, commitmentBody, type Harness } from './harness';

/** The Standard Webhooks schedule in fifths of a second: ten attempts, 1.8 s in all. */
export const EVENT_TEST_SCHEDULE = { retryScheduleMs: [200, 200, 200, 200, 200, 200, 200, 200, 200] };

export async function subscribeReceiver(h: Harness, receiver: EventReceiver, body: Record<string, unknown>, key = ADMIN_KEY) {
  const res = await h.api('POST', '/v1/event-subscriptions', { key, body: { url: receiver.url, description: 'Zendesk notes', ...body } });
  expect(res.status).toBe(201);
  receiver.secrets = [res.body.secret];
  return res.body as { id: string; secret: string };
}

let n = 0;
export async function createForEvents(h: Harness, overrides: Record<string, unknown> = {}): Promise<string> {
  n += 1;
  const res = await h.api('POST', '/v1/commitments', {
    body: commitmentBody({
      customer: { name: `Event ${n} Reyes`, phone: `+1415555${5100 + n}`, email: `event${n}@example.com`, timezone: 'America/Chicago' },
      ...overrides,
    }),
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

export const deliveriesOf = async (h: Harness, sub: string) =>
  (await h.api('GET', `/v1/event-subscriptions/${sub}/deliveries`, { key: ADMIN_KEY })).body.items as any[];
