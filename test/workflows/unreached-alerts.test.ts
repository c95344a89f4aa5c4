import { describe, expect, it } from 'vitest';
import { reconcile } from '../../src/reconcile';
import { addTestStaff, commitmentBody, eventually, setTeamPolicy, SUPERVISOR_KEY, useHarness } from '../support/harness';

const h = useHarness();

async function timeline(id: string): Promise<{ type: string; detail: string; at: string }[]> {
  return (await h.api('GET', `/v1/commitments/${id}`, { key: SUPERVISOR_KEY })).body.timeline;
}

describe('an alert that reaches nobody', () => {
  it('is never recorded as alerted: the next level is alerted at once, and reconcile reports it', async () => {
    // Pia can be reached by text only, at a number Twilio refuses.
    const lead = { id: 'lead-pia', name: 'Pia Costa', phone: '+14155550181' };
    const head = { id: 'head-raj', name: 'Raj Patel', email: 'raj@support.example', phone: '+14155550162' };
    await addTestStaff(h.db.pool, { ...lead, role: 'supervisor' });
    await setTeamPolicy(h.db.pool, [
      { staff: lead.id, within: 10 * 60_000 },
      { staff: head.id, within: 10 * 60_000 },
    ]);
    h.twilio.failFor(lead.phone, { status: 400, code: 21211, message: `The 'To' number ${lead.phone} is not a valid phone number.` });
    const customer = { name: 'Zoe Unreached', email: 'zoe@example.com', timezone: 'UTC' };
    const res = await h.api('POST', '/v1/commitments', {
      body: commitmentBody({ dueIn: 'PT1S', customer }),
    });
    expect(res.status).toBe(201);

    // Raj is alerted long before Pia's ten-minute window could have ended.
    const alert = await h.smtp.waitForMail((m) => m.to.includes(head.email) && m.subject.includes('Zoe Unreached'), 20_000);
    expect(alert.text).toContain('Pia Costa');
    const events = await eventually(async () => {
      const t = await timeline(res.body.id);
      return t.some((e) => e.type === 'escalation_alerted') ? t : undefined;
    });
    const unreached = events.find((e) => e.type === 'escalation_unreached');
    expect(unreached?.detail).toContain('Could not reach Pia Costa');
    expect(events.filter((e) => e.type === 'supervisor_alerted')).toEqual([]);
    expect(events.find((e) => e.type === 'escalation_alerted')?.detail).toContain('Raj Patel');

    const lines: string[] = [];
    const summary = await reconcile({ client: h.client, db: h.db.pool, taskQueue: h.taskQueue, log: (l) => lines.push(l), queryTimeoutMs: 5_000 });
    expect(summary.undeliveredAlerts).toBeGreaterThanOrEqual(1);
    expect(lines.find((l) => l.includes(res.body.id) && l.includes('reached nobody'))).toContain('lead-pia');
  });
});
