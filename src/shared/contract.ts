/**
 * The workflow contract: the one module both the API and the workflows import.
 *
 * It must stay sandbox-safe (no Node builtins, no I/O packages): the workflow bundle includes it.
 * Everything a caller needs to talk to a commitment workflow lives here: IDs, the task queue,
 * input and result types, statuses, and the update/query definitions.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';

/** Default task queue; TEMPORAL_TASK_QUEUE overrides it per deployment. */
export const DEFAULT_TASK_QUEUE = 'followthrough';

/** Workflow IDs are deterministic from the business ID, so a second start of the same commitment is refused by Temporal itself. */
export function commitmentWorkflowId(commitmentId: string): string {
  return `commitment-${commitmentId}`;
}

// Vocabularies of the call log (../shared/DOMAIN.md, "The call log").
export const TRIGGERS = ['missed_expectation', 'billing_error', 'delay', 'handoff_failure', 'other'] as const;
export const CUSTOMER_STATES = ['frustrated', 'anxious', 'confused', 'in_a_hurry', 'calm', 'other'] as const;
export const CUSTOMER_WANTS = ['refund', 'callback', 'same_day_service', 'explanation', 'other'] as const;
export const ROOT_CAUSES = ['unclear_policy', 'staffing_gap', 'bad_automation', 'poor_account_notes', 'other'] as const;

export type Trigger = (typeof TRIGGERS)[number];
export type CustomerState = (typeof CUSTOMER_STATES)[number];
export type CustomerWant = (typeof CUSTOMER_WANTS)[number];
export type RootCause = (typeof ROOT_CAUSES)[number];

/**
 * open: promised and not yet due; fulfilled: the owner reported it done;
 * escalated: the deadline passed first and a supervisor was alerted.
 */
export const COMMITMENT_STATUSES = ['open', 'fulfilled', 'escalated'] as const;
export type CommitmentStatus = (typeof COMMITMENT_STATUSES)[number];

export interface Customer {
  name: string;
  /** E.164, e.g. +14155550123 */
  phone?: string;
  email?: string;
  /** IANA zone, e.g. America/Chicago: every time we show the customer is in this zone. */
  timezone: string;
}

/** A member of staff: the owner of a commitment or the supervisor it escalates to. */
export interface StaffContact {
  id: string;
  name: string;
  email?: string;
  phone?: string;
}

export interface CallLog {
  trigger?: Trigger;
  customerState?: CustomerState;
  customerWants?: CustomerWant;
  rootCause?: RootCause;
  neededFix?: string;
}

/** Workflow input. `dueAt` is absolute (ISO 8601); the workflow derives its timer from it. */
export interface CommitmentInput {
  id: string;
  customer: Customer;
  owner: StaffContact;
  supervisor: StaffContact;
  summary: string;
  dueAt: string;
  createdAt: string;
  log?: CallLog;
  externalRef?: string;
}

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
] as const;
export type TimelineEventType = (typeof TIMELINE_EVENT_TYPES)[number];

export interface TimelineEvent {
  at: string;
  type: TimelineEventType;
  /** One human sentence, e.g. "Recap sent to the customer by SMS and email." */
  detail: string;
}

export interface Fulfilment {
  resolution: string;
  pending?: string;
  nextContactAt?: string;
  fulfilledAt: string;
  /** True when reported before the deadline. */
  onTime: boolean;
}

/** What the API shows and the read model stores: the commitment as it stands. */
export interface CommitmentView extends CommitmentInput {
  workflowId: string;
  status: CommitmentStatus;
  /** Rises with every state change; the read model ignores writes of an older version. */
  version: number;
  fulfilment?: Fulfilment;
  timeline: TimelineEvent[];
}

export interface FulfilInput {
  resolution: string;
  pending?: string;
  nextContactAt?: string;
}

/** Update: the owner reports the promise kept. Rejected (409 at the API) when no longer open. */
export const fulfilUpdate = defineUpdate<CommitmentView, [FulfilInput]>('fulfil');
/** Query: the commitment as the workflow sees it right now. */
export const commitmentQuery = defineQuery<CommitmentView>('commitment');

/** ApplicationFailure types; retry policies name the non-retryable ones. */
export enum FailureType {
  /** The commitment is not in a state that allows the requested change. */
  InvalidTransition = 'InvalidTransition',
  /** A provider refused a message for good (invalid number, opted out, SMTP 5xx). */
  PermanentDelivery = 'PermanentDelivery',
}
