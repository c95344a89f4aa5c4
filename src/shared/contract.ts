/**
 * The workflow contract: the one module both the API and the workflows import.
 *
 * It must stay sandbox-safe (no Node builtins, no I/O packages): the workflow bundle includes it.
 * Everything a caller needs to talk to a commitment workflow lives here: IDs, the task queue,
 * input and result types, statuses, and the update/query definitions.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';

/** Default task queue; TEMPORAL_TASK_QUEUE overrides it per deployment. */
export const DEFAULT_TASK_QUEUE = 'followthrough';

/** Workflow IDs are deterministic from the business ID, so a second start of the same commitment is refused by Temporal itself. */
export function commitmentWorkflowId(commitmentId: string): string {
  return `commitment-${commitmentId}`;
}

/** Search attributes, so the Temporal UI filters commitments as the API's queues do. */
export const SEARCH_ATTRIBUTES = {
  owner: defineSearchAttributeKey('FollowthroughOwner', SearchAttributeType.KEYWORD),
  status: defineSearchAttributeKey('FollowthroughStatus', SearchAttributeType.KEYWORD),
  dueAt: defineSearchAttributeKey('FollowthroughDueAt', SearchAttributeType.DATETIME),
} as const;

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
  /** Pinned at creation: changing the defaults later never changes a running commitment. */
  policy: CommitmentPolicy;
  /** Present when the workflow continued as new: everything it had, to pick up where it was. */
  carried?: CarriedState;
}

export interface EscalationLevel {
  contact: StaffContact;
  /** How long this level has to acknowledge before the next level is alerted. */
  ackWithinMs: number;
}

export interface EscalationPolicy {
  levels: EscalationLevel[];
  /** How many more times the whole chain is walked after the first pass, while nobody acknowledges. */
  repeat: number;
}

/** Local times of day ("21:00", "08:00:30") in the customer's zone between which texts wait. */
export interface QuietHours {
  start: string;
  end: string;
}

export interface CommitmentPolicy {
  /** Owner reminder this long before the deadline; unset: 10 minutes, or 80% into a short window. */
  remindBeforeMs?: number;
  /** After fulfilment, wait this long before asking the customer whether it is resolved. */
  confirmAfterMs: number;
  /** How long the customer has to answer; one reminder halfway, then it closes unconfirmed. */
  confirmWithinMs: number;
  /** The new deadline a reopened commitment gets (the supervisor owns it). */
  reopenWithinMs: number;
  /** Extensions allowed before a further one escalates instead. */
  maxExtensions: number;
  escalation: EscalationPolicy;
  /** null: texts are never held. */
  quietHours: QuietHours | null;
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
  'delivery_fallback',
  'held_for_quiet_hours',
  'reminder_sent',
  'escalation_alerted',
  'escalation_unacknowledged',
  'acknowledged',
  'extended',
  'reassigned',
  'cancelled',
  'note',
  'paused',
  'resumed',
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

/** Where the escalation chain stands (status escalated). */
export interface EscalationState {
  round: number;
  level: number;
  /** When the current (round, level) was alerted; unset until it has been. */
  alertedAt?: string;
  /** Everyone alerted so far in this escalation: an ACK by SMS is matched against their phones. */
  alerted: StaffContact[];
  /** The chain ran out with nobody acknowledging; it now waits for anyone to act. */
  exhausted?: boolean;
  acknowledgedBy?: string;
  acknowledgedAt?: string;
}

/** A customer text waiting for quiet hours to end. */
export interface HeldText {
  purpose: string;
  occurrence: string;
  notBefore: string;
  ctx?: Record<string, string>;
}

/** Workflow-internal progress carried across continue-as-new. */
export interface CarriedState {
  state: CommitmentState;
  recent: TimelineEvent[];
  nextSeq: number;
  held: HeldText[];
  /** Deadline number the owner reminder was sent for. */
  remindedFor?: number;
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
  satisfaction?: { askedAt: string; remindedAt?: string; answer?: 'yes' | 'no'; rating?: number; answeredAt?: string };
}

/** The commitment as it stands, without its history: what the read model's row holds. */
export interface CommitmentState extends Omit<CommitmentInput, 'carried'> {
  workflowId: string;
  status: CommitmentStatus;
  /** Rises with every state change; the read model ignores writes of an older version. */
  version: number;
  /** Counts deadlines: rises with each extension, acknowledgement and reopen. */
  deadlineNo: number;
  /** When the current deadline was set: the start of the window the reminder is placed in. */
  deadlineSetAt: string;
  fulfilment?: Fulfilment;
  facts: CommitmentFacts;
  escalation?: EscalationState;
  paused?: { since: string; reason: string; until?: string };
  cancellation?: { reason: string; at: string };
  /** What the customer is being asked, if anything. */
  awaiting?: 'confirmation' | 'rating';
  /** The customer replied STOP: texts go by email until START. */
  smsOptedOut?: boolean;
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

export interface ExtendInput {
  /** Absolute; the API turns a dueIn into this before the update is sent. */
  dueAt: string;
  reason: string;
}
export interface ReassignInput {
  owner: StaffContact;
  handoffNote: string;
}
export interface CancelInput {
  reason: string;
  notifyCustomer: boolean;
}
export interface NoteInput {
  text: string;
  author: string;
}
export interface PauseInput {
  reason: string;
  until?: string;
}
export interface AcknowledgeInput {
  /** Staff id of the acknowledger; must be someone the chain alerted (or the supervisor). */
  by: string;
  dueAt: string;
  note?: string;
}
export interface CustomerReply {
  answer: 'yes' | 'no' | 'rating';
  rating?: number;
  /** The customer's own words, kept for the supervisor on a NO. */
  text?: string;
  via: 'sms' | 'link';
}
export interface DeliveryFailure {
  purpose: string;
  occurrence: string;
  channel: 'sms' | 'email';
  reason: string;
}

/** Update: the owner reports the promise kept. Rejected (409 at the API) when not open. */
export const fulfilUpdate = defineUpdate<CommitmentView, [FulfilInput]>('fulfil');
/** Update: a new deadline with a reason; past maxExtensions it escalates instead. */
export const extendUpdate = defineUpdate<CommitmentView, [ExtendInput]>('extend');
export const reassignUpdate = defineUpdate<CommitmentView, [ReassignInput]>('reassign');
export const cancelUpdate = defineUpdate<CommitmentView, [CancelInput]>('cancel');
export const noteUpdate = defineUpdate<CommitmentView, [NoteInput]>('note');
/** Update: waiting on the customer; the deadline clock stops until resume (or `until`). */
export const pauseUpdate = defineUpdate<CommitmentView, [PauseInput]>('pause');
export const resumeUpdate = defineUpdate<CommitmentView, []>('resume');
/** Update: a supervisor in the chain takes the commitment over with a deadline they state. */
export const acknowledgeUpdate = defineUpdate<CommitmentView, [AcknowledgeInput]>('acknowledge');
/** Update: the customer's YES / NO / rating, by SMS or a signed link. */
export const customerReplyUpdate = defineUpdate<CommitmentView, [CustomerReply]>('customerReply');
/** Signal: free text from the customer, appended as a note and forwarded to the owner. */
export const customerMessageSignal = defineSignal<[{ text: string }]>('customerMessage');
/** Signal: the customer's number opted out (STOP) or back in (START). */
export const smsOptOutSignal = defineSignal<[{ optedOut: boolean }]>('smsOptOut');
/** Signal: Twilio reported a text failed or undelivered after accepting it. */
export const deliveryFailedSignal = defineSignal<[DeliveryFailure]>('deliveryFailed');
/** Query: the commitment as the workflow sees it right now. */
export const commitmentQuery = defineQuery<CommitmentView>('commitment');

/** ApplicationFailure types; retry policies name the non-retryable ones. */
export enum FailureType {
  /** The commitment is not in a state that allows the requested change. */
  InvalidTransition = 'InvalidTransition',
  /** A provider refused a message for good (invalid number, opted out, SMTP 5xx). */
  PermanentDelivery = 'PermanentDelivery',
}
