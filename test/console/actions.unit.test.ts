import { describe, expect, it } from 'vitest';
import { ACTIONS, actionsFor, viewerOf, type ActionName } from '../../src/console/client/actions';
import { mayTake, RELATIONS, SITUATIONS, type Relation } from '../../src/shared/authority';
import { ALLOWED } from '../../src/core';
import { ANA, AS, commitment, DANA, DUE_AT, escalated, iso, LEE, NOW, SAM, walk } from '../support/states';

/** The workflow command each console action sends. */
const COMMAND = {
  acknowledge: 'acknowledge',
  fulfil: 'fulfil',
  attempt: 'attempt',
  progress: 'progress',
  extend: 'extend',
  escalate: 'escalate',
  reassign: 'reassign',
  transfer: 'transfer',
  pause: 'pause',
  resume: 'resume',
  note: 'note',
  updateLog: 'updateLog',
  customer: 'changeCustomer',
  cancel: 'cancel',
} as const satisfies Record<ActionName, string>;

const SUPPORT = { id: 'support', name: 'Support' };
/** Callers as the console knows them from the boot data. */
const DANA_ME = { id: DANA.id, role: 'agent', teamId: 'support' } as const;
const LEE_ME = { id: LEE.id, role: 'agent', teamId: 'support' } as const;
const SAM_ME = { id: SAM.id, role: 'supervisor', teamId: 'support' } as const;
const ZOE_ME = { id: 'sup-zoe', role: 'supervisor', teamId: 'support' } as const;
const OLGA_ME = { id: 'sup-olga', role: 'supervisor', teamId: 'retail' } as const;
const ANA_ME = { id: ANA.id, role: 'supervisor', teamId: 'support' } as const;

const ours = () => commitment({ team: SUPPORT });
const handedToLee = () => walk(ours(), [{ type: 'reassign', actor: AS.supervisor, owner: LEE, handoffNote: 'Lee has the bank contact' }, NOW]);
const acknowledged = () =>
  walk(escalated(ours()), [{ type: 'acknowledge', actor: AS.lead, by: ANA.id, dueAt: iso(Date.parse(DUE_AT) + 3 * 3600_000) }, Date.parse(DUE_AT) + 60_000]);

describe('the actions the console offers', () => {
  it('are offered in exactly the statuses the workflow accepts them in (reassigning an escalation is the system’s alone)', () => {
    for (const name of Object.keys(ACTIONS) as ActionName[]) {
      const accepted = ALLOWED[COMMAND[name]];
      const offered = [...ACTIONS[name].statuses].sort();
      if (name === 'reassign') expect(offered).toEqual(accepted.filter((s) => s !== 'escalated').sort());
      else expect(offered, name).toEqual([...accepted].sort());
    }
  });

  it('are offered to exactly whom the authority table lets take them, in every situation (a staff list only to those who may read it)', () => {
    const sets: Relation[][] = [
      ...RELATIONS.map((r) => [r]),
      ['owner', 'creator', 'teamMate'],
      ['chainMember', 'teamSupervisor'],
      ['formerOwner', 'creator', 'teamMate'],
    ];
    for (const situation of SITUATIONS) {
      for (const relations of sets) {
        const oversees = relations.some((r) => r === 'teamSupervisor' || r === 'otherTeamSupervisor' || r === 'admin');
        const offered = actionsFor(situation === 'escalated' ? 'escalated' : 'open', { relations, situation, oversees });
        for (const name of offered) expect(mayTake(ACTIONS[name].authority, relations, situation), `${name} to ${relations.join('+')}`).toBe(true);
        for (const name of Object.keys(ACTIONS) as ActionName[]) {
          const status = situation === 'escalated' ? 'escalated' : 'open';
          const expected =
            ACTIONS[name].statuses.includes(status) && mayTake(ACTIONS[name].authority, relations, situation) && (!ACTIONS[name].picksStaff || oversees);
          expect(offered.includes(name), `${name} to ${relations.join('+')} when ${situation}`).toBe(expected);
        }
      }
    }
  });

  it('ask the table with the same relations the API works out, from who is signed in', () => {
    expect(actionsFor('open', viewerOf(ours(), DANA_ME))).toEqual([
      'fulfil',
      'attempt',
      'progress',
      'extend',
      'escalate',
      'pause',
      'note',
      'updateLog',
      'customer',
      'cancel',
    ]);
    expect(actionsFor('open', viewerOf(ours(), SAM_ME))).toEqual([
      'fulfil',
      'attempt',
      'progress',
      'extend',
      'escalate',
      'reassign',
      'transfer',
      'pause',
      'note',
      'updateLog',
      'customer',
      'cancel',
    ]);
    expect(actionsFor('open', viewerOf(ours(), OLGA_ME))).toEqual([]);
    expect(actionsFor('open', viewerOf(ours(), LEE_ME))).toEqual([]);
  });

  it('offer the agent who handed it on, or who registered what a supervisor took over, only notes and the call log', () => {
    expect(actionsFor('open', viewerOf(handedToLee(), DANA_ME))).toEqual(['note', 'updateLog']);
    expect(actionsFor('open', viewerOf(handedToLee(), LEE_ME))).toEqual([
      'fulfil',
      'attempt',
      'progress',
      'extend',
      'escalate',
      'pause',
      'note',
      'updateLog',
      'customer',
      'cancel',
    ]);
    expect(actionsFor('open', viewerOf(acknowledged(), DANA_ME))).toEqual(['note', 'updateLog']);
    expect(actionsFor('open', viewerOf(acknowledged(), ANA_ME))).toEqual(expect.arrayContaining(['fulfil', 'extend', 'cancel']));
  });

  it('offer acknowledging to the chain, and the owner of an escalated one neither cancelling nor handing it on', () => {
    const esc = escalated(ours());
    expect(actionsFor('escalated', viewerOf(esc, DANA_ME))).toEqual(['attempt', 'progress', 'note', 'updateLog', 'customer']);
    expect(actionsFor('escalated', viewerOf(esc, ANA_ME))).toEqual(['acknowledge', 'attempt', 'progress', 'note', 'updateLog', 'customer', 'cancel']);
    // Zoe supervises the team but is not in this chain: she may cancel, not take it over.
    expect(actionsFor('escalated', viewerOf(esc, ZOE_ME))).toEqual(['attempt', 'progress', 'note', 'updateLog', 'customer', 'cancel']);
  });

  it('offer correcting the call log in every status, closed ones too, as a PATCH', () => {
    expect(actionsFor('confirmed', viewerOf(handedToLee(), DANA_ME))).toEqual(['note', 'updateLog']);
    expect(actionsFor('cancelled', viewerOf(ours(), SAM_ME))).toEqual(['note', 'updateLog']);
    expect(ACTIONS.updateLog.method).toBe('PATCH');
  });

  it('send only the call-log fields that changed, and refuse to send none', () => {
    const spec = ACTIONS.updateLog;
    const initial = spec.prefill!({ id: 'cmt_x', summary: 'x', customer: { name: 'Maria' }, log: { trigger: 'delay', rootCause: 'other' } });
    expect(initial).toEqual({ trigger: 'delay', customerState: '', customerWants: '', rootCause: 'other', neededFix: '', businessConstraint: '' });
    expect(spec.check!(initial, initial)).toBe('Change at least one field.');
    const changed = { ...initial, rootCause: 'unclear_policy', neededFix: '  Publish the policy ' };
    expect(spec.check!(changed, initial)).toBeUndefined();
    expect(spec.body(changed, initial)).toEqual({ rootCause: 'unclear_policy', neededFix: 'Publish the policy' });
  });

  it('label the reasons for escalating in words a person reads', () => {
    const reason = ACTIONS.escalate.fields.find((f) => f.name === 'reason');
    expect(reason?.options).toContainEqual(['manager_request', 'Manager request']);
    expect(reason?.options?.map(([v]) => v)).toEqual(['manager_request', 'safety', 'legal', 'abuse', 'repeat_contact', 'other']);
  });

  it('offer logging a call to whoever holds it while it is live, one button per outcome, and warn before a wrong number', () => {
    const spec = ACTIONS.attempt;
    expect(spec.path).toBe('attempts');
    expect([...spec.statuses].sort()).toEqual(['escalated', 'open', 'paused']);
    expect(actionsFor('paused', viewerOf(ours(), DANA_ME))).toContain('attempt');
    expect(actionsFor('fulfilled', viewerOf(ours(), DANA_ME))).not.toContain('attempt');
    expect(actionsFor('open', viewerOf(handedToLee(), DANA_ME))).not.toContain('attempt');
    expect(spec.answers?.options.map((o) => [o.value, o.label])).toEqual([
      ['reached', 'Reached them'],
      ['no_answer', 'No answer'],
      ['voicemail', 'Left voicemail'],
      ['busy', 'Busy'],
      ['wrong_number', 'Wrong number'],
    ]);
    const target = { id: 'cmt_x', summary: 'x', customer: { name: 'Maria', phone: '+14155550123' } };
    expect(spec.answers?.options.filter((o) => o.warning).map((o) => o.warning!(target))).toEqual([
      'texts to +14155550123 stop for this commitment; ask the customer for a new number',
    ]);
    expect(spec.body({ outcome: 'voicemail', note: '  Left the case number ' }, {})).toEqual({ outcome: 'voicemail', note: 'Left the case number' });
    expect(spec.body({ outcome: 'no_answer', note: ' ' }, {})).toEqual({ outcome: 'no_answer' });
  });
});
