/**
 * No silent gaps, against the real worker, Temporal, Twilio and SMTP servers: the customer hears
 * by when a supervisor will call after a miss, again when nobody took it, when we pause and
 * resume, and at the midpoint of a long promise unless someone already gave an update. The
 * midpoint threshold is the pinned policy's (CHECK_IN_AFTER), seconds here.
 */
import { describe, expect, it, vi } from 'vitest';
import { clockTime } from '../../src/messages/time';
import { commitmentBody, setTeamPolicy, SUPERVISOR_KEY, useHarness } from '../support/harness';
import { sendsFinished, sendsOf } from '../support/history';

const CHECK_IN_AFTER_MS = 4_000;
const h = useHarness({ env: { CHECK_IN_AFTER: 'PT4S' } });
const WAIT = { timeout: 20_000, interval: 100 };
const ZONE = 'America/Denver';
const lead = { id: 'lead-ana', name: 'Ana Costa', email: 'ana@support.example' };

type Event = { type: string; detail: string; at: string };
let n = 0;
async function create(overrides: Record<string, unknown> = {}) {
  n += 1;
  const customer = { name: `Gap ${n} Customer`, phone: `+1415555${String(7100 + n).padStart(4, '0')}`, email: `gap${n}@example.com`, timezone: ZONE };
  const res = await h.api('POST', '/v1/commitments', { body: commitmentBody({ customer, ...overrides }) });
  expect(res.status).toBe(201);
  return { id: res.body.id as string, workflowId: res.body.workflowId as string, body: res.body, customer };
}

const view = async (id: string) => (await h.api('GET', `/v1/commitments/${id}`, { key: SUPERVISOR_KEY })).body;
/** The timeline once it has an entry of this type. */
const untilEvent = (id: string, type: string) =>
  vi.waitFor(async () => {
    const events: Event[] = (await view(id)).timeline;
    const found = events.find((e) => e.type === type);
    if (!found) throw new Error(`no ${type} yet`);
    return { found, events };
  }, WAIT);

describe('after a miss', () => {
  it('tells the customer by when the supervisor will be in touch: the first level’s acknowledge window', async () => {
    await setTeamPolicy(h.db.pool, [{ supervisor: true, within: 45 * 60_000 }]);
    const { id, customer } = await create({ dueIn: 'PT1S' });
    const { found: escalated } = await untilEvent(id, 'escalated');
    const sms = await h.twilio.waitForMessage((m) => m.to === customer.phone && m.body.includes('we missed our'), 15_000);
    const hearBy = new Date(Date.parse(escalated.at) + 45 * 60_000);
    expect(sms.body).toContain(`You'll hear from them by ${clockTime(hearBy, ZONE)}`);
    expect(sms.body).toContain('Sam Okafor, a supervisor, now owns it');
  });

  it('tells the customer again, and alerts the team lead, when nobody in the chain acknowledges', async () => {
    await setTeamPolicy(h.db.pool, [{ staff: lead.id, within: 1500 }], 0);
    const { id, customer } = await create({ dueIn: 'PT1S' });
    const { found } = await untilEvent(id, 'escalation_unacknowledged');
    expect(found.detail).toContain('Sam Okafor (team lead) alerted and the customer told');
    const again = await h.twilio.waitForMessage((m) => m.to === customer.phone && m.body.includes('no supervisor has picked it up yet'), 15_000);
    expect(again.body).toContain('Sam Okafor, the team lead, has now been alerted');
    const alert = await h.smtp.waitForMail((m) => m.to.includes('sam@support.example') && m.subject.startsWith('Nobody took it'), 15_000);
    expect(alert.text).toContain(customer.name);
    expect(alert.text).toContain('The customer has been told again');
    // Told twice in all: the miss, then that nobody took it.
    expect(h.twilio.messages.filter((m) => m.to === customer.phone).map((m) => m.body)).toEqual([
      expect.stringContaining('is handling this'),
      expect.stringContaining('we missed our'),
      expect.stringContaining('no supervisor has picked it up yet'),
    ]);
    expect((await view(id)).status).toBe('escalated');
  });
});

describe('pausing and resuming', () => {
  it('tells the customer what we are waiting for and until when, then the new time', async () => {
    const { id, customer } = await create({ dueIn: 'PT2H' });
    const until = new Date(Date.now() + 3 * 3600_000);
    until.setUTCSeconds(0, 0);
    const paused = await h.api('POST', `/v1/commitments/${id}/pause`, { body: { reason: 'a copy of your bank statement', until: until.toISOString() } });
    expect(paused.status).toBe(200);
    const onHold = await h.twilio.waitForMessage((m) => m.to === customer.phone && m.body.includes('we have paused'), 15_000);
    expect(onHold.body).toContain('while we wait for: a copy of your bank statement');
    expect(onHold.body).toContain(`by ${clockTime(until, ZONE)}`);

    const resumed = await h.api('POST', `/v1/commitments/${id}/resume`, { body: {} });
    expect(resumed.status).toBe(200);
    const back = await h.twilio.waitForMessage((m) => m.to === customer.phone && m.body.includes('again.'), 15_000);
    expect(back.body).toContain(`Dana Reyes will get back to you by ${clockTime(new Date(resumed.body.dueAt), ZONE)}`);
    await untilEvent(id, 'customer_message');
  });
});

describe('the midpoint check-in', () => {
  it('pins the threshold from CHECK_IN_AFTER and checks in with the customer halfway through a longer promise', async () => {
    const { id, workflowId, body, customer } = await create({ dueIn: 'PT10S' });
    expect(body.policy.checkInAfterMs).toBe(CHECK_IN_AFTER_MS);
    const sms = await h.twilio.waitForMessage((m) => m.to === customer.phone && m.body.includes('a check-in on'), 15_000);
    expect(sms.body).toContain(`still on track for ${clockTime(new Date(body.dueAt), ZONE)}`);
    const { found } = await untilEvent(id, 'check_in_sent');
    // Halfway through the 10 s window, not before.
    expect(Date.parse(found.at) - Date.parse(body.createdAt)).toBeGreaterThanOrEqual(5_000);
    expect((await sendsOf(h.client, workflowId)).filter((s) => s.purpose === 'customer_checkin')).toHaveLength(1);
    await h.api('POST', `/v1/commitments/${id}/cancel`, { body: { reason: 'test done', notifyCustomer: false } });
  });

  it('sends no check-in when the owner gave an update before the midpoint, nor for a promise shorter than the threshold', async () => {
    const updated = await create({ dueIn: 'PT10S' });
    const short = await create({ dueIn: 'PT3S' });
    expect((await h.api('POST', `/v1/commitments/${updated.id}/updates`, { body: { text: 'The bank confirmed the refund is on its way.' } })).status).toBe(200);
    // The reminder comes at 80% of the window, after the midpoint: by then a check-in would have been sent.
    await sendsFinished(h.client, updated.workflowId, 'owner_reminder');
    await untilEvent(short.id, 'lapsed');
    expect((await sendsOf(h.client, updated.workflowId)).map((s) => s.purpose)).not.toContain('customer_checkin');
    expect((await sendsOf(h.client, short.workflowId)).map((s) => s.purpose)).not.toContain('customer_checkin');
    await h.api('POST', `/v1/commitments/${updated.id}/cancel`, { body: { reason: 'test done', notifyCustomer: false } });
  });
});
