import { describe, expect, it } from 'vitest';
import { ACTIONS, actionsFor, type ActionName } from '../../client/actions';
import { ALLOWED } from '../../src/workflows/transitions';

/** The workflow command each console action sends. */
const COMMAND = { acknowledge: 'acknowledge', fulfil: 'fulfil', extend: 'extend', reassign: 'reassign', pause: 'pause', resume: 'resume', note: 'note', cancel: 'cancel' } as const;

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
    expect(actionsFor('escalated', false)).toEqual(['note', 'cancel']);
    expect(actionsFor('escalated', true)).toEqual(['acknowledge', 'note', 'cancel']);
    expect(actionsFor('open', false)).toEqual(['fulfil', 'extend', 'pause', 'note', 'cancel']);
    expect(actionsFor('open', true)).toContain('reassign');
  });
});
