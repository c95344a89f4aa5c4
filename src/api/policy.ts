/**
 * Pins each new commitment's policy from its request (durations already in milliseconds, parsed at
 * the edge) and the configured defaults. The policy travels in the workflow input, so changing a
 * default later never touches running commitments.
 */
import type { Config } from '../config';
import type { CommitmentPolicy, QuietHours, StaffContact } from '../shared/contract';
import type { CreateCommitment } from './schemas';

export interface PolicyDefaults {
  ackWithinMs: number;
  escalationRepeat: number;
  maxExtensions: number;
  confirmAfterMs: number;
  confirmWithinMs: number;
  reopenWithinMs: number;
  quietHours: QuietHours | null;
}

export function policyDefaults(config: Config): PolicyDefaults {
  return {
    ackWithinMs: config.DEFAULT_ACK_WITHIN,
    escalationRepeat: config.DEFAULT_ESCALATION_REPEAT,
    maxExtensions: config.DEFAULT_MAX_EXTENSIONS,
    confirmAfterMs: config.DEFAULT_CONFIRM_AFTER,
    confirmWithinMs: config.DEFAULT_CONFIRM_WITHIN,
    reopenWithinMs: config.DEFAULT_REOPEN_WITHIN,
    quietHours: config.QUIET_HOURS,
  };
}

export function pinPolicy(body: CreateCommitment, supervisor: StaffContact, d: PolicyDefaults): CommitmentPolicy {
  return {
    ...(body.remindBefore !== undefined ? { remindBeforeMs: body.remindBefore } : {}),
    confirmAfterMs: body.confirmAfter ?? d.confirmAfterMs,
    confirmWithinMs: body.confirmWithin ?? d.confirmWithinMs,
    reopenWithinMs: body.reopenWithin ?? d.reopenWithinMs,
    maxExtensions: body.maxExtensions ?? d.maxExtensions,
    escalation: body.escalation
      ? {
          levels: body.escalation.levels.map((l) => ({ target: { kind: 'staff' as const, staff: l.contact }, ackWithinMs: l.ackWithin })),
          repeat: body.escalation.repeat ?? d.escalationRepeat,
        }
      : { levels: [{ target: { kind: 'staff', staff: supervisor }, ackWithinMs: d.ackWithinMs }], repeat: d.escalationRepeat },
    quietHours: d.quietHours,
  };
}
