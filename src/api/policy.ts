/**
 * Pins each new commitment's policy from its request (durations already in milliseconds, parsed at
 * the edge), the owner's team's escalation policy and the configured defaults. The policy travels in the workflow input, so changing a
 * default later never touches running commitments.
 */
import type { Config } from '../config';
import type { CommitmentPolicy, EscalationPolicy, QuietHours } from '../shared/contract';
import type { StateTextingRules } from '../shared/policy';
import type { CreateCommitment } from './commitments/schemas';

export interface PolicyDefaults {
  maxExtensions: number;
  confirmAfterMs: number;
  confirmWithinMs: number;
  reopenWithinMs: number;
  checkInAfterMs: number;
  quietHours: QuietHours | null;
  /** TEXTING_HOURS: false leaves customer texts to quiet hours alone. */
  textingHours: boolean;
}

export function policyDefaults(config: Config): PolicyDefaults {
  return {
    maxExtensions: config.DEFAULT_MAX_EXTENSIONS,
    confirmAfterMs: config.DEFAULT_CONFIRM_AFTER,
    confirmWithinMs: config.DEFAULT_CONFIRM_WITHIN,
    reopenWithinMs: config.DEFAULT_REOPEN_WITHIN,
    checkInAfterMs: config.CHECK_IN_AFTER,
    quietHours: config.QUIET_HOURS,
    textingHours: config.TEXTING_HOURS === 'by_place',
  };
}

/** The chain and the texting rules' reach are the owner's team's as they stand now (src/people/parties.ts). */
export function pinPolicy(body: CreateCommitment, team: { escalation: EscalationPolicy; stateRules: StateTextingRules }, d: PolicyDefaults): CommitmentPolicy {
  return {
    ...(body.remindBefore !== undefined ? { remindBeforeMs: body.remindBefore } : {}),
    confirmAfterMs: body.confirmAfter ?? d.confirmAfterMs,
    confirmWithinMs: body.confirmWithin ?? d.confirmWithinMs,
    reopenWithinMs: body.reopenWithin ?? d.reopenWithinMs,
    maxExtensions: body.maxExtensions ?? d.maxExtensions,
    checkInAfterMs: d.checkInAfterMs,
    escalation: team.escalation,
    quietHours: d.quietHours,
    ...(d.textingHours ? { texting: { stateRules: team.stateRules } } : {}),
  };
}
