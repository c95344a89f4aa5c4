import { describe, expect, it } from 'vitest';
import type { CommitmentState, EscalationLevel, StaffContact } from '../../src/shared/contract';
import { decide, SYSTEM, type Command } from '../../src/core';
import { accept, ANA, AS, commitment, DANA, DUE_AT, escalated, iso, LEE, NOW, plain, RAJ, refuse, SAM, walk } from '../support/states';

const DUE = Date.parse(DUE_AT);
const MIN = 60_000;
/** Lapsed at the deadline; no level alerted yet. */
const lapsed = () => walk(commitment(), [{ type: 'lapse' }, DUE]);
const reached = (contact: StaffContact): Command => ({ type: 'levelReached', contact });
const windowEnds: Command = { type: 'ackWindowEnded' };
const acknowledge = (actor: (typeof AS)[keyof typeof AS], by: string, dueAt = iso(DUE + 3 * 3600_000)): Command => ({
  type: 'acknowledge',
  actor,
  by,
  dueAt,
  note: 'Calling her now',
});

/** Alerts each level in turn, every alert's window running out: [Ana, Raj] twice. */
function walkTheChain(alerts: number): CommitmentState {
  let s = lapsed();
  for (let i = 0; i < alerts; i++) {
    s = walk(s, [reached(i % 2 === 0 ? ANA : RAJ), DUE + i * 30 * MIN], [windowEnds, DUE + (i + 1) * 30 * MIN]);
  }
  return s;
}

describe('an acknowledge window in business time', () => {
  it('waits until the instant the directory counted on the team calendar, says so, and forgets it when the chain moves on', () => {
    const ackBy = iso(DUE + 64 * 3600_000);
    const d = accept(lapsed(), { type: 'levelReached', contact: ANA, ackBy }, DUE);
    expect(d.state.escalation).toMatchObject({ alertedAt: iso(DUE), ackBy, current: ANA });
    expect(d.events.map((e) => plain(e.detail))).toContainEqual(expect.stringMatching(/^Waiting up to 30 min of business time \(until .+\) for Ana/));
    expect(d.messages[0]?.ctx?.ackBy).toBe(ackBy);
    const next = accept(d.state, windowEnds, DUE + 64 * 3600_000);
    expect(next.state.escalation?.ackBy).toBeUndefined();
  });
});

describe('alerting a level', () => {
  it('alerts the first level with the reason and the time to acknowledge by, and waits for it', () => {
    const d = accept(lapsed(), reached(ANA), DUE + 1000);
    expect(d.state.escalation).toMatchObject({ round: 0, level: 0, alertedAt: iso(DUE + 1000), current: ANA, alerted: [ANA] });
    expect(d.events).toEqual([{ type: 'note', detail: 'Waiting up to 30 min for Ana Costa to acknowledge.', actor: SYSTEM }]);
    expect(d.messages).toEqual([
      {
        purpose: 'supervisor_alert',
        audience: 'staff',
        to: ANA,
        occurrence: '0:0:0',
        ctx: { reason: 'lapsed', ackBy: iso(DUE + 1000 + 30 * MIN) },
        sent: { type: 'supervisor_alerted', detail: 'Ana Costa alerted by {via} with the full context.' },
        unreached: { type: 'levelUnreached', contactId: ANA.id, round: 0, level: 0, reason: '' },
      },
    ]);
  });

  it('passes on who raised a manual escalation and their words, and why the directory was not used', () => {
    const raised = walk(commitment(), [{ type: 'escalate', actor: AS.agent, reason: 'abuse', note: 'Threatened staff' }, NOW]);
    const d = accept(raised, { type: 'levelReached', contact: SAM, resolution: 'Could not consult the directory; alerting Sam Okafor instead.' });
    expect(d.events.map((e) => e.detail)).toEqual([
      'Could not consult the directory; alerting Sam Okafor instead.',
      'Waiting up to 30 min for Sam Okafor to acknowledge.',
    ]);
    expect(d.messages[0]?.ctx).toEqual({ reason: 'abuse', ackBy: iso(NOW + 30 * MIN), note: 'Threatened staff', by: 'Dana Reyes' });
  });

  it('refuses to alert a level that was alerted already', () => {
    expect(refuse(escalated(), reached(ANA))).toEqual({ kind: 'conflict', reason: 'No escalation level is waiting to be alerted.' });
  });
});

describe('walking the chain', () => {
  it('moves to the next level when a window ends, and repeats the chain from the top', () => {
    const second = walkTheChain(1);
    expect(second.escalation).toMatchObject({ round: 0, level: 1, alerted: [ANA] });
    expect(second.escalation?.alertedAt).toBeUndefined();
    expect(second.escalation?.current).toBeUndefined();
    expect(accept(second, reached(RAJ)).messages[0]).toMatchObject({
      occurrence: '0:0:1',
      sent: { type: 'escalation_alerted', detail: 'Raj Patel alerted by {via} with the full context.' },
    });

    const again = walkTheChain(2);
    expect(again.escalation).toMatchObject({ round: 1, level: 0 });
    const d = accept(again, reached(ANA));
    expect(d.state.escalation?.alerted).toEqual([ANA, RAJ]);
    expect(d.messages[0]).toMatchObject({
      occurrence: '0:1:0',
      sent: { type: 'escalation_alerted', detail: 'Ana Costa alerted by {via} with the full context (repeat 1).' },
    });
  });

  it('tells the team lead and the customer when the last window ends, and stays escalated', () => {
    const d = accept(walkTheChain(3), reached(RAJ), DUE + 90 * MIN);
    const last = accept(d.state, windowEnds, DUE + 120 * MIN);
    expect(last.state).toMatchObject({ status: 'escalated', escalation: { exhausted: true } });
    expect(last.events).toEqual([
      {
        type: 'escalation_unacknowledged',
        detail: 'Nobody acknowledged after 4 alerts; Sam Okafor (team lead) alerted and the customer told. It stays escalated until someone acts.',
        actor: SYSTEM,
      },
    ]);
    expect(last.messages).toMatchObject([
      { purpose: 'team_lead_alert', audience: 'staff', to: SAM, occurrence: '0' },
      { purpose: 'customer_unacknowledged', audience: 'customer', occurrence: '0', ctx: { lead: 'Sam Okafor' } },
    ]);
    expect(refuse(last.state, windowEnds).reason).toBe('No escalation level is waiting for an acknowledgement.');
    expect(refuse(last.state, reached(ANA)).reason).toBe('No escalation level is waiting to be alerted.');
  });

  it('refuses a window ending when no level was alerted', () => {
    expect(refuse(lapsed(), windowEnds)).toEqual({ kind: 'conflict', reason: 'No escalation level is waiting for an acknowledgement.' });
  });
});

describe('a level nobody could reach', () => {
  const unreached = (round: number, level: number): Command => ({
    type: 'levelUnreached',
    contactId: ANA.id,
    round,
    level,
    reason: 'no phone or email on file',
  });

  it('moves on at once and names who could not be reached in the next alert', () => {
    const d = accept(escalated(), unreached(0, 0), DUE + 5000);
    expect(d.state.escalation).toMatchObject({ level: 1, lastUnreached: 'Ana Costa' });
    expect(d.state.escalation?.alertedAt).toBeUndefined();
    expect(d.events).toEqual([
      {
        type: 'escalation_unreached',
        detail: 'Could not reach Ana Costa on any channel (no phone or email on file); the next level is alerted at once.',
        actor: SYSTEM,
      },
    ]);
    expect(accept(d.state, reached(RAJ)).messages[0]?.ctx).toMatchObject({ unreached: 'Ana Costa' });
  });

  it('tells the owner who could not be reached when that was the last level', () => {
    const d = accept(walkTheChain(3), reached(RAJ), DUE + 90 * MIN);
    const last = accept(d.state, { type: 'levelUnreached', contactId: RAJ.id, round: 1, level: 1, reason: 'every channel refused it' }, DUE + 91 * MIN);
    expect(last.state.escalation?.exhausted).toBe(true);
    expect(last.messages.at(-1)).toEqual({ purpose: 'staff_unreachable', audience: 'owner', occurrence: '0', ctx: { unreached: 'Raj Patel' } });
  });

  it.each([
    ['a level the chain has moved past', () => walk(escalated(), [windowEnds, DUE + 30 * MIN]), unreached(0, 0)],
    ['a level still to come', () => escalated(), unreached(0, 1)],
    ['an earlier round', () => walk(walkTheChain(2), [reached(ANA), DUE + 60 * MIN]), unreached(0, 0)],
  ])('ignores a report about %s', (_, state, command) => {
    expect(refuse(state(), command)).toEqual({ kind: 'conflict', reason: 'That alert is no longer the current one.' });
  });
});

describe('acknowledging', () => {
  it('gives it to whoever acknowledged, with the deadline they state, and tells the customer', () => {
    const d = accept(escalated(), acknowledge(AS.lead, ANA.id), DUE + 10 * MIN);
    expect(d.state).toMatchObject({
      status: 'open',
      owner: ANA,
      dueAt: iso(DUE + 3 * 3600_000),
      deadlineNo: 1,
      escalation: { acknowledgedBy: ANA.id, acknowledgedAt: iso(DUE + 10 * MIN) },
      facts: { acknowledgedBy: ANA.id, acknowledgedAt: iso(DUE + 10 * MIN), lapsedOwnerId: DANA.id },
    });
    expect(d.events).toHaveLength(1);
    expect(d.events[0]).toMatchObject({ type: 'acknowledged', actor: AS.lead });
    expect(plain(d.events[0]?.detail)).toBe('Ana Costa took it over from Dana Reyes, new deadline Sun, 6:15 PM CST: Calling her now');
    expect(d.messages).toMatchObject([{ purpose: 'customer_new_owner', audience: 'customer', occurrence: '1' }]);
  });

  it.each([
    ['a named level not yet alerted', RAJ],
    ['the team’s supervisor', SAM],
  ])('accepts %s', (_, who) => {
    expect(accept(escalated(), acknowledge({ ...AS.supervisor, id: who.id, name: who.name }, who.id)).state.owner).toEqual(who);
  });

  it('refuses someone outside the chain, saying who may', () => {
    expect(refuse(escalated(), acknowledge(AS.otherAgent, LEE.id))).toEqual({
      kind: 'forbidden',
      reason: "You are not in this commitment's escalation chain. Only someone in its escalation chain or an admin can acknowledge it.",
    });
  });

  it('refuses someone outside the chain by the older words while replaying a history recorded before the authority table', () => {
    const out = decide(escalated(), acknowledge(AS.otherAgent, LEE.id), { now: NOW, nextSeq: 0, legacyAuthority: true });
    expect(out).toEqual({ ok: false, kind: 'forbidden', reason: "agent-lee is not in this commitment's escalation chain." });
  });

  it('lets an admin outside the chain take it over', () => {
    const d = accept(escalated(), acknowledge(AS.admin, AS.admin.id));
    expect(d.state.owner).toEqual({ id: 'admin-alex', name: 'Alex Moreau' });
    expect(d.state.facts.acknowledgedBy).toBe('admin-alex');
  });

  it('refuses a deadline in the past', () => {
    expect(refuse(escalated(), acknowledge(AS.lead, ANA.id, iso(NOW)), DUE + MIN)).toEqual({
      kind: 'conflict',
      reason: 'The new deadline must be in the future.',
    });
  });

  it('is still possible after the chain ran out', () => {
    const exhausted = walk(walkTheChain(3), [reached(RAJ), DUE + 90 * MIN], [windowEnds, DUE + 120 * MIN]);
    expect(accept(exhausted, acknowledge(AS.supervisor, SAM.id), DUE + 121 * MIN).state).toMatchObject({ status: 'open', owner: SAM });
  });
});

describe('a second lapse, by whoever took it over', () => {
  it('passes over a level that would alert the owner who just missed the deadline', () => {
    const tookOver = walk(escalated(), [acknowledge(AS.lead, ANA.id, iso(DUE + 3600_000)), DUE + 2 * MIN]);
    expect(tookOver.owner).toEqual(ANA);
    const again = walk(tookOver, [{ type: 'lapse' }, DUE + 3600_000]);
    const d = accept(again, reached(ANA), DUE + 3600_000 + 1000);
    expect(d.events.map((e) => e.detail)).toEqual(['Ana Costa owns it and missed the deadline; the next level is alerted instead.']);
    expect(d.messages).toEqual([]);
    expect(d.state.escalation).toMatchObject({ round: 0, level: 1 });
    expect(d.state.escalation?.alertedAt).toBeUndefined();
  });

  it('still alerts the owner when they are the only level there is', () => {
    const single = commitment({
      policy: { ...commitment().policy, escalation: { levels: [{ target: { kind: 'staff', staff: ANA }, ackWithinMs: 30 * MIN }], repeat: 0 } },
    });
    const tookOver = walk(escalated(single), [acknowledge(AS.lead, ANA.id, iso(DUE + 3600_000)), DUE + 2 * MIN]);
    const again = walk(tookOver, [{ type: 'lapse' }, DUE + 3600_000]);
    expect(accept(again, reached(ANA), DUE + 3600_000 + 1000).messages.map((m) => m.purpose)).toEqual(['supervisor_alert']);
  });
});

describe('after hours: a business-hours-only level', () => {
  const SUPPORT = { id: 'support', name: 'Support' };
  /** Lapsed with a chain whose levels are business-hours-only where `bho` says: Ana, then Raj. */
  const lapsedWith = (bho: [boolean, boolean], repeat = 0) =>
    walk(
      commitment({
        team: SUPPORT,
        policy: {
          ...commitment().policy,
          escalation: {
            levels: [
              { target: { kind: 'staff', staff: ANA }, ackWithinMs: 30 * MIN, ...(bho[0] ? { businessHoursOnly: true } : {}) },
              { target: { kind: 'staff', staff: RAJ }, ackWithinMs: 30 * MIN, ...(bho[1] ? { businessHoursOnly: true } : {}) },
            ],
            repeat,
          },
        },
      }),
      [{ type: 'lapse' }, DUE],
    );
  const closed: Command = { type: 'levelClosed', calendar: 'Support hours' };

  it('is passed over without an alert, with a note saying why, and the next level is alerted at once', () => {
    const d = accept(lapsedWith([true, false]), closed, DUE + 1000);
    expect(d.events).toEqual([
      {
        type: 'note',
        detail: 'Support is closed now (Support hours); Ana Costa is alerted in business hours only, so the next level is alerted instead.',
        actor: SYSTEM,
      },
    ]);
    expect(d.messages).toEqual([]);
    expect(d.state.escalation).toMatchObject({ round: 0, level: 1, alerted: [] });
    expect(d.state.escalation?.alertedAt).toBeUndefined();
    expect(d.state.escalation?.current).toBeUndefined();
    const next = accept(d.state, reached(RAJ), DUE + 1500);
    expect(next.messages.map((m) => [m.purpose, m.to?.id, m.occurrence])).toEqual([['supervisor_alert', RAJ.id, '0:0:1']]);
  });

  it("names the team's supervisor or the rotation the level means", () => {
    const withTarget = (target: EscalationLevel['target']) =>
      walk(
        commitment({
          team: SUPPORT,
          policy: {
            ...commitment().policy,
            escalation: {
              levels: [
                { target, ackWithinMs: 30 * MIN, businessHoursOnly: true },
                { target: { kind: 'staff', staff: RAJ }, ackWithinMs: 30 * MIN },
              ],
              repeat: 0,
            },
          },
        }),
        [{ type: 'lapse' }, DUE],
      );
    expect(accept(withTarget({ kind: 'supervisor' }), closed).events[0]?.detail).toBe(
      "Support is closed now (Support hours); Sam Okafor (the team's supervisor) is alerted in business hours only, so the next level is alerted instead.",
    );
    expect(accept(withTarget({ kind: 'rotation', rotationId: 'day-desk', name: 'Day desk' }), closed).events[0]?.detail).toBe(
      'Support is closed now (Support hours); the Day desk rotation is alerted in business hours only, so the next level is alerted instead.',
    );
  });

  it('is refused for a level without the flag (every level pinned before it existed), and for a level alerted already', () => {
    expect(refuse(lapsedWith([false, true]), closed)).toEqual({
      kind: 'conflict',
      reason: 'The escalation level waiting to be alerted is not business-hours-only.',
    });
    expect(refuse(lapsed(), closed).reason).toBe('The escalation level waiting to be alerted is not business-hours-only.');
    const alerted = walk(lapsedWith([true, false]), [closed, DUE + 1000], [reached(RAJ), DUE + 2000]);
    expect(refuse(alerted, closed).reason).toBe('No escalation level is waiting to be alerted.');
  });

  it('ends a chain of closed levels like any other: each moves it on by one, then the team lead is told, and nothing is left to pass over', () => {
    // The API refuses such a policy; a chain pinned with every level closed must still end.
    let s = lapsedWith([true, true], 1);
    const notes: string[] = [];
    let steps = 0;
    while (!s.escalation?.exhausted) {
      const d = accept(s, closed, DUE + ++steps * 1000);
      notes.push(...d.events.map((e) => e.type));
      s = d.state;
      expect(steps, 'a closed level never stops the chain moving').toBeLessThanOrEqual(4);
    }
    expect(steps).toBe(4);
    expect(notes).toEqual(['note', 'note', 'note', 'note', 'escalation_unacknowledged']);
    expect(s).toMatchObject({ status: 'escalated', escalation: { exhausted: true, alerted: [] } });
    expect(refuse(s, closed).reason).toBe('No escalation level is waiting to be alerted.');
  });

  it('sends the team lead and the customer their messages when the last level of the last round is closed', () => {
    const s = walk(lapsedWith([false, true]), [reached(ANA), DUE + 1000], [windowEnds, DUE + 31 * MIN]);
    const last = accept(s, closed, DUE + 31 * MIN + 1000);
    expect(last.state.escalation?.exhausted).toBe(true);
    expect(last.messages.map((m) => m.purpose)).toEqual(['team_lead_alert', 'customer_unacknowledged']);
  });
});
