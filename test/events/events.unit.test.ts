/**
 * Events out without servers: which timeline entries become which events, where receivers may be,
 * and how a request is signed across a rotation. The receiver's side is the `standardwebhooks`
 * package itself.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { COMMITMENT_EVENT_TYPES, eventsOf } from '../../src/events/catalogue';
import { cloudEvent } from '../../src/events/cloud-event';
import { addressAllowed, postEvent, receiverUrlProblem, type ReceiverPolicy } from '../../src/events/receivers';
import { newSecret, signedHeaders } from '../../src/events/signing';
import { TIMELINE_EVENT_TYPES, type TimelineEvent } from '../../src/shared/contract';
import { commitmentState } from '../support/commitments';

const PRODUCTION: ReceiverPolicy = { insecure: false, allowedRanges: [] };

describe('the event catalogue', () => {
  const state = commitmentState();
  const entry = (seq: number, type: TimelineEvent['type'], detail = 'x'): TimelineEvent => ({ seq, type, at: state.createdAt, detail });

  it('has a timeline entry behind every event type, and keeps message bookkeeping inside', () => {
    const made = new Set(
      TIMELINE_EVENT_TYPES.flatMap((t, i) => eventsOf(state, [entry(i, t, 'Could not confirm the alert reached the supervisor (SMS): x')]).map((e) => e.type)),
    );
    expect([...made].sort()).toEqual(COMMITMENT_EVENT_TYPES.map((t) => `followthrough.commitment.${t}`).sort());
    expect(eventsOf(state, [entry(1, 'customer_recap_sent'), entry(2, 'note'), entry(3, 'held_for_quiet_hours')])).toEqual([]);
  });

  it("tells a staff alert nobody confirmed from a customer's message, which has its own event once no channel is left", () => {
    const staff = eventsOf(state, [entry(4, 'notification_unresolved', 'Could not confirm the escalation alert reached the supervisor (SMS, email): timeout')]);
    const customer = eventsOf(state, [entry(5, 'notification_unresolved', 'Could not confirm the recap reached the customer (SMS): timeout')]);
    expect(staff.map((e) => e.type)).toEqual(['followthrough.commitment.staff_alert_unresolved']);
    expect(customer).toEqual([]);
  });

  it('numbers each event by its entry, carries the commitment without its version or creating key, and the actor', () => {
    const [e] = eventsOf({ ...state, createdByKey: 'key_abc' }, [{ ...entry(7, 'fulfilled'), actor: { kind: 'staff', id: 'agent-dana', name: 'Dana Reyes' } }]);
    expect(e).toMatchObject({ id: `${state.id}:7`, seq: 7, data: { sequence: 7, actor: { id: 'agent-dana' }, commitment: { id: state.id } } });
    expect(e?.data.commitment).not.toHaveProperty('version');
    expect(e?.data.commitment).not.toHaveProperty('createdByKey');
  });

  it("leaves the customer's phone and email out of the envelope unless the subscription asks", () => {
    const [e] = eventsOf(state, [entry(0, 'created')]);
    const stored = { id: e!.id, commitment_id: state.id, type: e!.type, time: new Date(e!.time), data: e!.data };
    const without = cloudEvent(stored, { includeContacts: false });
    expect(without).toMatchObject({ specversion: '1.0', subject: state.id, type: 'followthrough.commitment.created', datacontenttype: 'application/json' });
    expect(JSON.stringify(without)).not.toContain(state.customer.phone);
    expect(JSON.stringify(without)).not.toContain(state.customer.email);
    expect(JSON.stringify(cloudEvent(stored, { includeContacts: true }))).toContain(state.customer.phone);
  });
});

describe('where receivers may be', () => {
  it.each([
    ['http://crm.example.com/hooks', /must be https/],
    ['https://127.0.0.1/hooks', /private or reserved/],
    ['https://10.1.2.3/hooks', /private or reserved/],
    ['https://169.254.169.254/latest/meta-data', /private or reserved/],
    ['https://[::1]:8443/hooks', /private or reserved/],
    ['https://[fd00::1]/hooks', /private or reserved/],
    ['https://[::ffff:192.168.1.4]/hooks', /private or reserved/],
    ['https://localhost/hooks', /localhost/],
    ['https://user:pass@crm.example.com/hooks', /user name or password/],
    ['ftp://crm.example.com/hooks', /https/],
    ['not a url', /absolute URL/],
  ])('refuses %s in production', (url, why) => {
    expect(receiverUrlProblem(url, PRODUCTION)).toMatch(why);
  });

  it('takes a public https receiver, a listed on-premises range, and anything under npm start', () => {
    expect(receiverUrlProblem('https://crm.example.com/hooks', PRODUCTION)).toBeUndefined();
    expect(receiverUrlProblem('https://10.20.0.5/hooks', { insecure: false, allowedRanges: ['10.20.0.0/16'] })).toBeUndefined();
    expect(receiverUrlProblem('https://10.21.0.5/hooks', { insecure: false, allowedRanges: ['10.20.0.0/16'] })).toMatch(/private/);
    expect(receiverUrlProblem('http://127.0.0.1:4000/hooks', { insecure: true, allowedRanges: [] })).toBeUndefined();
    expect(addressAllowed('93.184.216.34', PRODUCTION)).toBe(true);
    expect(addressAllowed('100.64.0.1', PRODUCTION)).toBe(false);
  });

  it('refuses at delivery a name that resolves to a private address, before anything is sent', async () => {
    let requests = 0;
    const server = createServer((_req, res) => {
      requests++;
      res.writeHead(204).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      // As if the name had pointed somewhere public when the subscription was made.
      const refused = await postEvent(`http://localhost:${port}/hooks`, {}, '{}', { insecure: false, allowedRanges: [] }, 2_000);
      expect(refused.error).toMatch(/http is refused/);
      const viaName = await postEvent(`https://localhost:${port}/hooks`, {}, '{}', PRODUCTION, 2_000);
      expect(viaName.error).toMatch(/localhost resolves to (127\.0\.0\.1|::1), a private or reserved address/);
      const allowed = await postEvent(`http://localhost:${port}/hooks`, {}, '{}', { insecure: true, allowedRanges: [] }, 2_000);
      expect(allowed.status).toBe(204);
      expect(requests).toBe(1);
    } finally {
      server.close();
    }
  });
});

describe('signing', () => {
  const body = JSON.stringify({ specversion: '1.0', id: 'c1:0' });
  const now = new Date();

  it('signs so that the standardwebhooks package verifies, with the webhook-id given', () => {
    const secret = newSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const headers = signedHeaders('c1:0', body, { secret }, now);
    expect(headers['webhook-id']).toBe('c1:0');
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(newSecret()).verify(body, headers)).toThrow();
    expect(() => new Webhook(secret).verify(`${body} `, headers)).toThrow();
  });

  it('signs with both secrets during the overlap, and with the new one alone after it', () => {
    const [old, fresh] = [newSecret(), newSecret()];
    const during = signedHeaders('c1:0', body, { secret: fresh, previous: { secret: old, until: new Date(now.getTime() + 1000) } }, now);
    expect(during['webhook-signature'].split(' ')).toHaveLength(2);
    for (const s of [old, fresh]) expect(() => new Webhook(s).verify(body, during)).not.toThrow();
    const after = signedHeaders('c1:0', body, { secret: fresh, previous: { secret: old, until: new Date(now.getTime() - 1) } }, now);
    expect(after['webhook-signature'].split(' ')).toHaveLength(1);
    expect(() => new Webhook(old).verify(body, after)).toThrow();
  });
});
