/**
 * The step every run of the current model (behind `commitment-model-2`, ./commitment.ts) starts
 * with; a history recorded without that marker replays ./legacy instead and never comes here.
 *
 * - A model-1 run that continued as new: its next run is on the current code, and its carried state
 *   is brought to model 2 here (escalation levels become named-staff targets, an escalation under
 *   way a lapse, `model: 2`); the input's policy becomes the converted one.
 * - Anything else (a new commitment, or a model-2 run that continued as new): the carried state is
 *   left as it is; only the input's policy is read again, turning a level that still names its
 *   `contact` (an input written by model 1's API, or carried by the raw input of a run that was
 *   upgraded before) into a named-staff target. A current input comes out equal to what went in.
 *
 * Sandbox-safe and pure: test/workflows/upgrade.unit.test.ts runs it without a worker.
 */
import type { CommitmentInput, CommitmentState, EscalationLevel } from '../shared/contract';
import type { EscalationLevel as LegacyLevel, CommitmentState as LegacyState } from './legacy/contract';

export function upgradeInput(input: CommitmentInput): CommitmentInput {
  const carried = input.carried;
  if (!carried || carried.state.model === 2) return { ...input, policy: upgradePolicy(input.policy) };
  const old = carried.state as unknown as LegacyState;
  const state: CommitmentState = {
    ...(old as unknown as CommitmentState),
    policy: upgradePolicy(old.policy as unknown as CommitmentState['policy']),
    ...(old.escalation ? { escalation: { ...old.escalation, reason: 'lapsed' as const } } : {}),
    model: 2,
  };
  return { ...input, policy: state.policy, carried: { ...carried, state } };
}

function upgradePolicy(policy: CommitmentState['policy']): CommitmentState['policy'] {
  const levels = (policy.escalation.levels as (EscalationLevel | LegacyLevel)[]).map((l): EscalationLevel =>
    'target' in l ? l : { target: { kind: 'staff', staff: l.contact }, ackWithinMs: l.ackWithinMs },
  );
  return { ...policy, escalation: { ...policy.escalation, levels } };
}
