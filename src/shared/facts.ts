/**
 * Outcome facts the reports count, set once when they first happen and attributed to the person
 * who held the promise then (docs/domain.md#people-and-authority). Sandbox-safe: types only.
 */
import type { EscalationReason } from './vocab';

export interface SatisfactionFacts {
  askedAt: string;
  remindedAt?: string;
  /** An unrecognised reply was answered by asking once more. */
  reaskedAt?: string;
  answer?: 'yes' | 'no';
  rating?: number;
  comment?: string;
  answeredAt?: string;
}

/**
 * Outcome facts the reports count; set once, when they first happen, and attributed to the person
 * who held the promise then (docs/domain.md#people-and-authority).
 */
export interface CommitmentFacts {
  firstFulfilledAt?: string;
  firstFulfilledOnTime?: boolean;
  /** Who owned it when it was first fulfilled. */
  fulfilledOwnerId?: string;
  lapsedAt?: string;
  /** Who owned it when it lapsed: the lapse is theirs, whoever rescues it. */
  lapsedOwnerId?: string;
  escalatedAt?: string;
  escalationReason?: EscalationReason;
  acknowledgedAt?: string;
  acknowledgedBy?: string;
  managerRequestedAt?: string;
  cancelledAt?: string;
  closedAt?: string;
  extensionCount: number;
  /** Times the customer moved the time themselves (their page): not extensions, never against the owner. */
  customerMoves?: number;
  reopenCount: number;
  /** The last progress update or automatic check-in the customer got. */
  lastUpdateAt?: string;
  followUpId?: string;
  satisfaction?: SatisfactionFacts;
}
