/**
 * A model-1 run that continued as new starts its next run on the current code: its carried state
 * is brought to model 2 here (escalation levels become named-staff targets, the escalation a
 * lapse). Fresh inputs pass through unchanged.
 */
import type { CommitmentInput, CommitmentState, EscalationLevel } from '../../shared/contract';
import type { EscalationLevel as LegacyLevel, CommitmentState as LegacyState } from './contract';

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
