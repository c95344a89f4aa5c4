import { describe, expect, it } from 'vitest';
import { ACTIONS, actionsFor, type ActionName } from '../../client/actions';
import { ALLOWED } from '../../src/workflows/transitions';

/** The workflow command each console action sends. */
const COMMAND = {
  acknowledge: 'acknowledge',
  fulfil: 'fulfil',
  progress: 'progress',
  extend: 'extend',
  escalate: 'escalate',
  reassign: 'reassign',
  pause: 'pause',
  resume: 'resume',
  note: 'note',
  updateLog: 'updateLog',
  cancel: 'cancel',
} as const satisfies Record<ActionName, string>;

const OWNER = { oversees: false, owns: true };
/** An agent who registered the commitment for a team mate: they see it, but it is not theirs to speak for. */
const REGISTRAR = { oversees: false, owns: false };
const SUPERVISOR = { oversees: true, owns: false };

describe('the actions the console offers', () => {
  it('are offered in exactly the statuses the workflow accepts them in (reassigning an escalation is the system’s alone)', () => {
    for (const name of Object.keys(ACTIONS) as ActionName[]) {
      const accepted = ALLOWED[COMMAND[name]];
      const offered = [...ACTIONS[name].statuses].sort();
      if (name === 'reassign') expect(offered).toEqual(accepted.filter((s) => s !== 'escalated').sort());
      else expect(offered, name).toEqual([...accepted].sort());
    }
  });

  it('offer acknowledging and reassigning to supervisors and admins only', () => {
    expect(actionsFor('escalated', OWNER)).toEqual(['progress', 'note', 'updateLog']);
    expect(actionsFor('escalated', SUPERVISOR)).toEqual(['acknowledge', 'progress', 'note', 'updateLog', 'cancel']);
    expect(actionsFor('open', OWNER)).toEqual(['fulfil', 'progress', 'extend', 'escalate', 'pause', 'note', 'updateLog', 'cancel']);
    expect(actionsFor('open', SUPERVISOR)).toContain('reassign');
  });

  it('offer updates to the customer and escalating now to the owner, not to an agent who only registered it', () => {
    expect(actionsFor('open', REGISTRAR)).toEqual(['fulfil', 'extend', 'pause', 'note', 'updateLog', 'cancel']);
    expect(actionsFor('open', SUPERVISOR)).toEqual(expect.arrayContaining(['progress', 'escalate']));
  });

  it('offer an agent neither pausing nor cancelling what went over their head (escalated, even once acknowledged, or reopened)', () => {
    expect(actionsFor('open', { ...OWNER, overTheirHead: true })).toEqual(['fulfil', 'progress', 'extend', 'escalate', 'note', 'updateLog']);
    expect(actionsFor('open', { ...SUPERVISOR, overTheirHead: true })).toEqual(expect.arrayContaining(['pause', 'cancel']));
  });

  it('offer correcting the call log in every status, closed ones too, as a PATCH', () => {
    expect(actionsFor('confirmed', REGISTRAR)).toEqual(['note', 'updateLog']);
    expect(actionsFor('cancelled', SUPERVISOR)).toEqual(['note', 'updateLog']);
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
});
