/**
 * Pins each new commitment's policy from its request and the configured defaults. The policy
 * travels in the workflow input, so changing a default later never touches running commitments.
 */
import type { Config } from '../config';
import type { CommitmentPolicy, QuietHours, StaffContact } from '../shared/contract';
import { parseDurationMs } from '../shared/duration';
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

const ms = (text: string | undefined) => (text === undefined ? undefined : parseDurationMs(text));

export function pinPolicy(body: CreateCommitment, supervisor: StaffContact, d: PolicyDefaults): CommitmentPolicy {
  const remindBeforeMs = ms(body.remindBefore);
  return {
    ...(remindBeforeMs !== undefined ? { remindBeforeMs } : {}),
    confirmAfterMs: ms(body.confirmAfter) ?? d.confirmAfterMs,
    confirmWithinMs: ms(body.confirmWithin) ?? d.confirmWithinMs,
    reopenWithinMs: ms(body.reopenWithin) ?? d.reopenWithinMs,
    maxExtensions: body.maxExtensions ?? d.maxExtensions,
    escalation: body.escalation
      ? {
          levels: body.escalation.levels.map((l) => ({ target: { kind: 'staff' as const, staff: l.contact }, ackWithinMs: ms(l.ackWithin) ?? d.ackWithinMs })),
          repeat: body.escalation.repeat ?? d.escalationRepeat,
        }
      : { levels: [{ target: { kind: 'staff', staff: supervisor }, ackWithinMs: d.ackWithinMs }], repeat: d.escalationRepeat },
    quietHours: d.quietHours,
  };
}

/** A deadline from dueAt or dueIn, as an ISO instant. */
export function deadlineFrom(body: { dueAt?: string | undefined; dueIn?: string | undefined }, now = Date.now()): string {
  return new Date(body.dueAt !== undefined ? Date.parse(body.dueAt) : now + (parseDurationMs(body.dueIn ?? '') ?? 0)).toISOString();
}
