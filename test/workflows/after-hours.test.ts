/**
 * After-hours escalation levels (docs/business-hours.md#after-hours), through the real Temporal
 * dev server, Postgres, and the SMTP and Twilio stand-ins: a business-hours-only level is passed
 * over while the team's calendar is closed, and whoever the next level means is alerted instead.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCalendar } from '../../src/calendars/store';
import { createRotation } from '../../src/people/store/rotations';
import { commitmentBody, setTeamPolicy, SUPERVISOR_KEY, useHarness } from '../support/harness';

const h = useHarness();
const WAIT = { timeout: 20_000, interval: 100 };

const sam = { id: 'sup-sam', name: 'Sam Okafor', email: 'sam@support.example', phone: '+14155550199' };
const ana = { id: 'lead-ana', name: 'Ana Costa', email: 'ana@support.example', phone: '+14155550161' };
const raj = { id: 'head-raj', name: 'Raj Patel', email: 'raj@support.example', phone: '+14155550162' };

/**
 * Team Support's calendar for the next commitment. Closed now: no weekly hours, and one open
 * date far ahead, so the calendar is valid and has open time, just none today.
 */
async function giveTeamCalendar(id: string, open: 'never now' | 'always'): Promise<void> {
  const day = [{ start: '00:00', end: '24:00' }];
  await createCalendar(h.db.pool, {
    id,
    name: 'Support hours',
    timeZone: 'America/Chicago',
    weekly: open === 'always' ? { sun: day, mon: day, tue: day, wed: day, thu: day, fri: day, sat: day } : {},
    holidays: [],
    overrides: open === 'always' ? [] : [{ date: '2099-06-01', hours: [{ start: '09:00', end: '17:00' }] }],
  });
  await h.db.pool.query('UPDATE teams SET calendar_id = $2 WHERE id = $1', ['support', id]);
}

afterEach(async () => {
  await h.db.pool.query("UPDATE teams SET calendar_id = NULL WHERE id = 'support'");
});

const view = async (id: string) => (await h.api('GET', `/v1/commitments/${id}`, { key: SUPERVISOR_KEY })).body;

/** Once `who` holds the level alerted now: the commitment as it stands then. */
const alertedNow = (id: string, who: string) =>
  vi.waitFor(async () => {
    const v = await view(id);
    expect(v.escalation?.current?.id).toBe(who);
    return v;
  }, WAIT);

/** Every staff alert the ledger holds for the commitment, by recipient address. */
async function alertRecipients(id: string): Promise<string[]> {
  const { rows } = await h.db.pool.query<{ recipient: string }>(
    "SELECT recipient FROM notifications WHERE commitment_id = $1 AND purpose = 'supervisor_alert' ORDER BY recipient",
    [id],
  );
  return rows.map((r) => r.recipient);
}

/** Mails and texts that reached `person` about the customer named. */
const messagedAbout = (person: { email: string; phone: string }, customer: string) => [
  ...h.smtp.mails.filter((m) => m.to.includes(person.email) && m.subject.includes(customer)),
  ...h.twilio.messages.filter((m) => m.to === person.phone && m.body.includes(customer)),
];

describe('a business-hours-only level after hours', () => {
  it('passes over a named person while the team is closed and alerts whoever the rotation has on call', async () => {
    await giveTeamCalendar('support-closed', 'never now');
    await createRotation(h.db.pool, {
      id: 'support-nights',
      teamId: 'support',
      name: 'Support nights',
      members: [raj.id],
      shiftHours: 24,
      handoffTime: '09:00',
      startsOn: '2026-01-01',
    });
    await setTeamPolicy(h.db.pool, [
      { staff: ana.id, within: 60_000, businessHoursOnly: true },
      { rotation: 'support-nights', within: 60_000 },
    ]);
    const customer = { name: 'Night Owl', email: 'night.owl@example.com', timezone: 'UTC' };
    const res = await h.api('POST', '/v1/commitments', { body: commitmentBody({ customer, dueIn: 'PT2S' }) });
    expect(res.status).toBe(201);
    expect(res.body.policy.escalation.levels).toEqual([
      { target: { kind: 'staff', staff: ana }, ackWithinMs: 60_000, businessHoursOnly: true },
      { target: { kind: 'rotation', rotationId: 'support-nights', name: 'Support nights' }, ackWithinMs: 60_000 },
    ]);

    await h.smtp.waitForMail((m) => m.to.includes(raj.email) && m.subject.includes(customer.name), 20_000);
    await h.twilio.waitForMessage((m) => m.to === raj.phone && m.body.includes(customer.name), 20_000);
    const v = await alertedNow(res.body.id, raj.id);
    const details = v.timeline.map((e: { detail: string }) => e.detail);
    expect(details).toContain('Support is closed now (Support hours); Ana Costa is alerted in business hours only, so the next level is alerted instead.');
    expect(v.escalation).toMatchObject({ round: 0, level: 1, alerted: [{ id: raj.id }] });
    // The skip and its note are one decision with no message in it: nothing to Ana is in flight.
    expect(await alertRecipients(res.body.id)).toEqual([raj.phone, raj.email].sort());
    expect(messagedAbout(ana, customer.name)).toEqual([]);
  });

  it("passes over the team's supervisor the same way, and alerts the named person after them", async () => {
    await giveTeamCalendar('support-closed-2', 'never now');
    await setTeamPolicy(h.db.pool, [
      { supervisor: true, within: 60_000, businessHoursOnly: true },
      { staff: ana.id, within: 60_000 },
    ]);
    const customer = { name: 'Late Caller', email: 'late.caller@example.com', timezone: 'UTC' };
    const res = await h.api('POST', '/v1/commitments', { body: commitmentBody({ customer, dueIn: 'PT2S' }) });
    expect(res.status).toBe(201);

    await h.smtp.waitForMail((m) => m.to.includes(ana.email) && m.subject.includes(customer.name), 20_000);
    const v = await alertedNow(res.body.id, ana.id);
    expect(v.timeline.map((e: { detail: string }) => e.detail)).toContain(
      "Support is closed now (Support hours); Sam Okafor (the team's supervisor) is alerted in business hours only, so the next level is alerted instead.",
    );
    expect(await alertRecipients(res.body.id)).toEqual([ana.phone, ana.email].sort());
    expect(messagedAbout(sam, customer.name)).toEqual([]);
  });

  it('alerts a business-hours-only level as usual while the team is open', async () => {
    await giveTeamCalendar('support-always', 'always');
    await setTeamPolicy(h.db.pool, [
      { staff: ana.id, within: 60_000, businessHoursOnly: true },
      { staff: raj.id, within: 60_000 },
    ]);
    const customer = { name: 'Day Caller', email: 'day.caller@example.com', timezone: 'UTC' };
    const res = await h.api('POST', '/v1/commitments', { body: commitmentBody({ customer, dueIn: 'PT2S' }) });
    expect(res.status).toBe(201);

    await h.smtp.waitForMail((m) => m.to.includes(ana.email) && m.subject.includes(customer.name), 20_000);
    const v = await alertedNow(res.body.id, ana.id);
    expect(v.escalation).toMatchObject({ round: 0, level: 0 });
    expect(v.timeline.some((e: { detail: string }) => e.detail.includes('is closed now'))).toBe(false);
  });
});

describe('an acknowledge window in business time', () => {
  it("counts a named person's window in the team's open time: alerted while closed, it runs from the next opening", async () => {
    // Closed now; open 9 to 5 Chicago time on one date ten days ahead.
    const date = new Date(Date.now() + 10 * 24 * 3600_000).toISOString().slice(0, 10);
    await createCalendar(h.db.pool, {
      id: 'support-rare',
      name: 'Support hours',
      timeZone: 'America/Chicago',
      weekly: {},
      holidays: [],
      overrides: [{ date, hours: [{ start: '09:00', end: '17:00' }] }],
    });
    await h.db.pool.query("UPDATE teams SET calendar_id = 'support-rare' WHERE id = 'support'");
    await setTeamPolicy(h.db.pool, [
      { staff: ana.id, within: 30 * 60_000, ackClock: 'business' },
      { staff: raj.id, within: 60_000 },
    ]);
    const customer = { name: 'Weekend Writer', email: 'weekend.writer@example.com', timezone: 'UTC' };
    const res = await h.api('POST', '/v1/commitments', { body: commitmentBody({ customer, dueIn: 'PT2S' }) });
    expect(res.status).toBe(201);
    expect(res.body.policy.escalation.levels[0]).toEqual({ target: { kind: 'staff', staff: ana }, ackWithinMs: 30 * 60_000, ackClock: 'business' });

    await h.smtp.waitForMail((m) => m.to.includes(ana.email) && m.subject.includes(customer.name), 20_000);
    const v = await alertedNow(res.body.id, ana.id);
    // Thirty open minutes from the opening at 9:00 AM Chicago on that date, not thirty wall minutes from now.
    const opening = Date.parse(`${date}T09:00:00Z`);
    const offset = [5, 6].find(
      (h) => new Date(opening + h * 3600_000).toLocaleString('en-US', { timeZone: 'America/Chicago', hour: 'numeric', hour12: false }) === '9',
    );
    expect(v.escalation.ackBy).toBe(new Date(opening + (offset ?? 6) * 3600_000 + 30 * 60_000).toISOString());
    expect(v.timeline.map((e: { detail: string }) => e.detail)).toContainEqual(
      expect.stringMatching(/^Waiting up to 30 min of business time \(until .+\) for Ana Costa to acknowledge\.$/),
    );
  });
});
