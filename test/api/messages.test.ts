/**
 * GET /v1/commitments/:id/messages: every message of a commitment as the ledger holds it, in the
 * order they were recorded, an email sent because its text failed marked as the fallback, and the
 * same access rule as the commitment.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitmentState, recordAll } from '../support/commitments';
import { AGENT_KEY, OTHER_AGENT_KEY, startReadApi, SUPERVISOR_KEY, type ReadApi } from '../support/read-api';

let api: ReadApi;
const lees = commitmentState({ ownerId: 'agent-lee' });
const t0 = Date.parse('2026-11-22T15:00:00Z');
const at = (minutes: number) => new Date(t0 + minutes * 60_000).toISOString();

/** [purpose, channel, audience, recipient id, status, recorded at, last changed at] */
const LEDGER: [string, 'sms' | 'email', string, string | null, string, number, number][] = [
  ['customer_recap', 'sms', 'customer', null, 'delivered', 0, 1],
  ['customer_recap', 'email', 'customer', null, 'accepted', 0, 0],
  ['owner_confirmation', 'email', 'owner', 'agent-lee', 'outbox', 0, 0],
  ['customer_extended', 'sms', 'customer', null, 'undelivered', 10, 12],
  ['customer_extended', 'email', 'customer', null, 'accepted', 13, 13],
  ['supervisor_alert', 'sms', 'staff', 'sup-sam', 'unresolved', 20, 25],
];

beforeAll(async () => {
  api = await startReadApi();
  await recordAll(api.db.pool, [lees]);
  for (const [purpose, channel, role, recipientId, status, created, updated] of LEDGER) {
    await api.db.pool.query(
      `INSERT INTO notifications (key, commitment_id, purpose, occurrence, channel, recipient_role, recipient_id, recipient, subject, body, status, attempts, created_at, updated_at)
       VALUES ($1, $2, $3, '', $4, $5, $6, $7, $8, $9, $10, 1, $11, $12)`,
      [
        `${lees.workflowId}:${purpose}:${role}:${channel}`,
        lees.id,
        purpose,
        channel,
        role,
        recipientId,
        channel === 'sms' ? '+14155550123' : 'maria@example.com',
        channel === 'email' ? `About ${purpose}` : null,
        `Body of ${purpose}`,
        status,
        at(created),
        at(updated),
      ],
    );
  }
});
afterAll(() => api?.close());

describe("a commitment's messages", () => {
  it('lists every message and channel in the order recorded, with its delivery status and the fallback marked', async () => {
    const res = await api.get(`/v1/commitments/${lees.id}/messages`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((m: any) => [m.purpose, m.channel, m.audience, m.status, m.fallback])).toEqual([
      ['customer_recap', 'email', 'customer', 'accepted', false],
      ['customer_recap', 'sms', 'customer', 'delivered', false],
      ['owner_confirmation', 'email', 'owner', 'outbox', false],
      ['customer_extended', 'sms', 'customer', 'undelivered', false],
      ['customer_extended', 'email', 'customer', 'accepted', true],
      ['supervisor_alert', 'sms', 'staff', 'unresolved', false],
    ]);
    expect(res.body.items[5]).toMatchObject({
      recipientId: 'sup-sam',
      recipient: '+14155550123',
      subject: null,
      body: 'Body of supervisor_alert',
      attempts: 1,
      resends: 0,
      createdAt: at(20),
      deliveredAt: null,
    });
  });

  it('shows them to whoever may see the commitment, and to nobody else', async () => {
    expect((await api.get(`/v1/commitments/${lees.id}/messages`, OTHER_AGENT_KEY)).status).toBe(200);
    expect((await api.get(`/v1/commitments/${lees.id}/messages`, SUPERVISOR_KEY)).status).toBe(200);
    const refused = await api.get(`/v1/commitments/${lees.id}/messages`, AGENT_KEY);
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toContain("This commitment is Lee Park's.");
    expect((await api.get('/v1/commitments/cmt_000000000000000000000000/messages')).status).toBe(404);
    expect((await api.get('/v1/commitments/nonsense/messages')).status).toBe(404);
  });
});
