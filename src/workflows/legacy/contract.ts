/**
 * FROZEN: the contract as commitments started before the current model knew it (model 1).
 * Commitments started on that code may still be running; their recorded histories replay against
 * ./commitment.ts, which must keep issuing the same commands. Only what model 1 defined
 * differently lives here; the rest is imported. Do not change behaviour here.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CallLog, Customer, QuietHours, StaffContact, TimelineEvent } from '../../shared/model';
import type { CommitmentStatus } from '../../shared/vocab';

export { CLOSED_STATUSES, type CommitmentStatus, type TimelineEventType } from '../../shared/vocab';
export { FailureType, SEARCH_ATTRIBUTES } from '../../shared/contract';
export type { CallLog, Customer, QuietHours, StaffContact, TimelineEvent } from '../../shared/model';

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


/** The activities model-1 workflows call, by these names and with these shapes. */
export interface DeliveryRequest {
  purpose: string;
  occurrence: string;
  channel: 'sms' | 'email';
  audience: 'customer' | 'owner' | 'staff';
  recipient: { name: string; phone?: string; email?: string };
  commitment: CommitmentView;
  ctx?: Record<string, string>;
}
export interface DeliveryOutcome {
  status: 'sent' | 'outbox' | 'uncertain';
  providerId?: string;
  recipient: string;
}
export interface LegacyActivities {
  deliver(request: DeliveryRequest): Promise<DeliveryOutcome>;
  recordCommitment(state: CommitmentState, events: TimelineEvent[]): Promise<void>;
}
