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
 * open: promised, the owner's deadline running; paused: waiting on the customer, the deadline
 * clock stopped; escalated: lapsed (or extended too often), the acknowledge chain is running;
 * fulfilled: done, waiting for the customer's confirmation; confirmed / unconfirmed: closed after
 * the satisfaction check; cancelled: withdrawn.
 */
export const COMMITMENT_STATUSES = ['open', 'paused', 'escalated', 'fulfilled', 'confirmed', 'unconfirmed', 'cancelled'] as const;
export type CommitmentStatus = (typeof COMMITMENT_STATUSES)[number];
/** Statuses in which the commitment is finished and its workflow has completed or is completing. */
export const CLOSED_STATUSES: readonly CommitmentStatus[] = ['confirmed', 'unconfirmed', 'cancelled'];

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
  /** Staff id of the API key that registered it; agents may read what they registered. */
  createdBy?: string;
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
  /** Position in the commitment's history, from 0; with the id it makes the event's unique key. */
  seq: number;
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

/** Outcome facts the reports count; set once when they first happen. */
export interface CommitmentFacts {
  firstFulfilledAt?: string;
  firstFulfilledOnTime?: boolean;
  lapsedAt?: string;
  escalatedAt?: string;
  acknowledgedAt?: string;
  cancelledAt?: string;
  closedAt?: string;
  extensionCount: number;
  reopenCount: number;
  satisfaction?: { askedAt: string; answer?: 'yes' | 'no'; rating?: number; answeredAt?: string };
}

/** The commitment as it stands, without its history: what the read model's row holds. */
export interface CommitmentState extends CommitmentInput {
  workflowId: string;
  status: CommitmentStatus;
  /** Rises with every state change; the read model ignores writes of an older version. */
  version: number;
  fulfilment?: Fulfilment;
  facts: CommitmentFacts;
}

/** What the API shows: the state and its whole timeline. */
export interface CommitmentView extends CommitmentState {
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
