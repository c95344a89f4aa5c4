/**
 * The words of the domain: statuses, the call log's vocabularies, timeline event types and
 * escalation reasons. Sandbox-safe (the workflow bundle includes it); the API's schemas, the
 * read model's queries and the reports all take their lists from here.
 */

// Vocabularies of the call log (docs/domain.md#the-call-log).
export const TRIGGERS = ['missed_expectation', 'billing_error', 'delay', 'handoff_failure', 'other'] as const;
export const CUSTOMER_STATES = ['frustrated', 'anxious', 'confused', 'in_a_hurry', 'calm', 'other'] as const;
export const CUSTOMER_WANTS = ['refund', 'callback', 'same_day_service', 'explanation', 'other'] as const;
export const ROOT_CAUSES = ['unclear_policy', 'staffing_gap', 'bad_automation', 'poor_account_notes', 'other'] as const;

export type Trigger = (typeof TRIGGERS)[number];
export type CustomerState = (typeof CUSTOMER_STATES)[number];
export type CustomerWant = (typeof CUSTOMER_WANTS)[number];
export type RootCause = (typeof ROOT_CAUSES)[number];

/**
 * open: promised, the owner's deadline running; paused: waiting on the customer, the deadline
 * clock stopped; escalated: lapsed, escalated by hand, or extended too often: the acknowledge
 * chain is running; fulfilled: done, waiting for the customer's confirmation; confirmed /
 * unconfirmed: closed after the satisfaction check; cancelled: withdrawn.
 */
export const COMMITMENT_STATUSES = ['open', 'paused', 'escalated', 'fulfilled', 'confirmed', 'unconfirmed', 'cancelled'] as const;
export type CommitmentStatus = (typeof COMMITMENT_STATUSES)[number];
/** Statuses in which the commitment is finished and its workflow has completed or is completing. */
export const CLOSED_STATUSES: readonly CommitmentStatus[] = ['confirmed', 'unconfirmed', 'cancelled'];
export const isClosed = (status: CommitmentStatus): boolean => CLOSED_STATUSES.includes(status);

/**
 * Why a commitment went to the escalation chain. `lapsed` and `extension_limit` are decided by the
 * workflow; the others are raised by staff (POST /escalate) or, for `manager_request` and
 * `repeat_contact`, detected from what the customer did (docs/domain.md#escalation).
 */
export const ESCALATION_REASONS = ['lapsed', 'extension_limit', 'manager_request', 'safety', 'legal', 'abuse', 'repeat_contact', 'other'] as const;
export type EscalationReason = (typeof ESCALATION_REASONS)[number];
/** The reasons a person may give when escalating by hand. */
export const MANUAL_ESCALATION_REASONS = [
  'manager_request',
  'safety',
  'legal',
  'abuse',
  'repeat_contact',
  'other',
] as const satisfies readonly EscalationReason[];
export type ManualEscalationReason = (typeof MANUAL_ESCALATION_REASONS)[number];

/** How a callback attempt went. All but `reached` are failed attempts: the customer is told we tried. */
export const ATTEMPT_OUTCOMES = ['reached', 'no_answer', 'voicemail', 'busy', 'wrong_number'] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

export const ROLES = ['agent', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const TIMELINE_EVENT_TYPES = [
  'created',
  'customer_recap_sent',
  'owner_confirmation_sent',
  'fulfilled',
  'fulfilment_recap_sent',
  'lapsed',
  'supervisor_alerted',
  'customer_told_escalated',
  'escalated',
  'notification_failed',
  'notification_unresolved',
  'delivery_fallback',
  'held_for_quiet_hours',
  'reminder_sent',
  'escalation_alerted',
  'escalation_unreached',
  'escalation_unacknowledged',
  'acknowledged',
  'extended',
  'reassigned',
  'transferred',
  'cancelled',
  'note',
  'paused',
  'resumed',
  'progress_update',
  'check_in_sent',
  'log_updated',
  'manager_requested',
  'repeat_contact',
  'follow_up_created',
  'satisfaction_asked',
  'satisfaction_reminder_sent',
  'confirmed',
  'rated',
  'not_resolved',
  'reopened',
  'closed_unconfirmed',
  'customer_message',
  'sms_opted_out',
  'sms_opted_in',
  'customer_unreachable',
  'attempted',
  'moved_by_customer',
  'customer_changed',
] as const;
export type TimelineEventType = (typeof TIMELINE_EVENT_TYPES)[number];
