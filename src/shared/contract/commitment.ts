/**
 * The workflow contract: the one module both the API and the workflows import.
 *
 * It must stay sandbox-safe (no Node builtins, no I/O packages): the workflow bundle includes it.
 * Everything a caller needs to talk to a commitment workflow lives here: IDs, the task queue,
 * the update/signal/query definitions and their inputs, and the failure types. The model is in
 * ./model, the vocabularies in ./vocab; both are re-exported.
 */
import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributePair } from '@temporalio/common';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { BusinessCount } from '../../calendars/model';
import type { Actor, CallLog, CommitmentView, CountedDue, StaffContact, TeamRef } from '../model';
import type { CustomerLocale } from '../locale';
import type { EscalationPolicy } from '../policy';
import type { AttemptOutcome, ManualEscalationReason } from '../vocab';

export * from './commitment-id';
export * from '../model';
export * from '../vocab';

/** Default task queue; TEMPORAL_TASK_QUEUE overrides it per deployment. */
export const DEFAULT_TASK_QUEUE = 'followthrough';

/** Workflow IDs are deterministic from the business ID, so a second start of the same commitment is refused by Temporal itself. */
export function commitmentWorkflowId(commitmentId: string): string {
  return `commitment-${commitmentId}`;
}

/**
 * Search attributes, so the Temporal UI finds a commitment by its owner and its first deadline.
 * Each upsert is a billed action, and no query of ours reads them (the console, the API and
 * reconcile read Postgres or list by workflow type), so they are set when the workflow starts, at
 * no cost, and written again only when the owner changes (docs/scaling.md). `status` is written
 * only by runs started before that: the current status is the console's, and ExecutionStatus
 * tells running from closed.
 */
export const SEARCH_ATTRIBUTES = {
  owner: defineSearchAttributeKey('FollowthroughOwner', SearchAttributeType.KEYWORD),
  status: defineSearchAttributeKey('FollowthroughStatus', SearchAttributeType.KEYWORD),
  dueAt: defineSearchAttributeKey('FollowthroughDueAt', SearchAttributeType.DATETIME),
} as const;

/** The search attributes a commitment's workflow starts with: its owner and the deadline promised. */
export function startSearchAttributes(input: { owner: { id: string }; dueAt: string }): SearchAttributePair[] {
  return [
    { key: SEARCH_ATTRIBUTES.owner, value: input.owner.id },
    { key: SEARCH_ATTRIBUTES.dueAt, value: new Date(input.dueAt) },
  ];
}

// Update inputs. Every command says who acts; the API takes it from the key or session, never
// from the request body. Each input is a superset of what commitments started before the current
// model accept, so one API serves both.

export interface FulfilInput {
  actor: Actor;
  resolution: string;
  pending?: string;
  /** The satisfaction question waits until then (plus confirmAfter): "your bank shows it in 3-5 days". */
  pendingUntil?: string;
  /** Creates a follow-up commitment for the same owner and customer, due then. */
  nextContactAt?: string;
}
export interface ExtendInput {
  actor: Actor;
  /** Absolute; the API turns a dueIn into this before the update is sent. */
  dueAt: string;
  /** How the API counted it, when in business time. */
  business?: BusinessCount;
  reason: string;
}
export interface ReassignInput {
  actor: Actor;
  owner: StaffContact;
  handoffNote: string;
}
/** A move to another team: its supervisor, chain and new owner, read from the directory by the API. */
export interface TransferInput {
  actor: Actor;
  team: TeamRef;
  supervisor: StaffContact;
  owner: StaffContact;
  escalation: EscalationPolicy;
  note: string;
}
export interface CancelInput {
  actor: Actor;
  reason: string;
  notifyCustomer: boolean;
}
export interface NoteInput {
  actor: Actor;
  text: string;
  /** The author's name, for commitments started before actors were recorded. */
  author: string;
}
export interface PauseInput {
  actor: Actor;
  reason: string;
  until?: string;
  /** A business-time deadline once a pause with `until` ends: the open time left, counted by the API from `until`. */
  resumeWith?: CountedDue;
}
export interface ResumeInput {
  actor: Actor;
  /** A business-time deadline: the open time left when the pause began, counted by the API from now. */
  resumeWith?: CountedDue;
}
/** The customer picked another time on their page. */
export interface CustomerMoveInput {
  dueAt: string;
  via: 'page';
}
export interface AttemptInput {
  actor: Actor;
  outcome: AttemptOutcome;
  note?: string;
}
/** A business deadline counted again because the calendar it was counted on changed (an admin's edit). */
export interface CalendarChangedInput {
  actor: Actor;
  dueAt: string;
  /** The count on the calendar's new version: its `calendar` names the calendar and that version. */
  business: BusinessCount;
}
export interface AcknowledgeInput {
  actor: Actor;
  /** Staff id of the acknowledger (the actor's id): kept for commitments started before actors. */
  by: string;
  dueAt: string;
  business?: BusinessCount;
  note?: string;
}
export interface EscalateInput {
  actor: Actor;
  reason: ManualEscalationReason;
  note: string;
}
export interface ProgressInput {
  actor: Actor;
  text: string;
}
/** The customer's language or place changed by staff (the customer told us, or the region was presumed wrongly). */
export interface CustomerChangeInput {
  actor: Actor;
  locale?: CustomerLocale;
  /** ISO 3166-2; a region set here is `given`. */
  region?: string;
}
export interface LogInput {
  actor: Actor;
  /** Only the fields to change; the rest of the call log stays. */
  changes: CallLog;
}
export interface CustomerReply {
  /** `unclear`: a reply to the yes/no question we could not read; it is asked once more. */
  answer: 'yes' | 'no' | 'rating' | 'unclear';
  rating?: number;
  /** The customer's own words: kept for the supervisor on a NO, as a comment on a YES. */
  text?: string;
  via: 'sms' | 'link';
}
export interface CustomerMessage {
  text: string;
  /** The customer asked for a manager or supervisor. */
  managerRequest?: boolean;
  /** The text was read as an opt-out without certainty: texts to the customer stopped, and the owner is told why. */
  readAsOptOut?: boolean;
}
export interface DeliveryReport {
  purpose: string;
  occurrence: string;
  channel: 'sms' | 'email';
  /** Absent on reports for commitments started before staff reports existed: the customer. */
  audience?: 'customer' | 'owner' | 'staff';
  /** Staff id of the recipient, for staff messages. */
  recipientId?: string;
  /** What became of it, as the end of a sentence about the text: "was undelivered (Twilio error 30003)". */
  reason: string;
}

/** Update: the owner reports the promise kept. Rejected (409 at the API) when not open. */
export const fulfilUpdate = defineUpdate<CommitmentView, [FulfilInput]>('fulfil');
/** Update: a new deadline with a reason; past maxExtensions it escalates instead. */
export const extendUpdate = defineUpdate<CommitmentView, [ExtendInput]>('extend');
export const reassignUpdate = defineUpdate<CommitmentView, [ReassignInput]>('reassign');
/** Update: a supervisor moves it to another team, whose chain and supervisor it takes from then on. */
export const transferUpdate = defineUpdate<CommitmentView, [TransferInput]>('transfer');
export const cancelUpdate = defineUpdate<CommitmentView, [CancelInput]>('cancel');
export const noteUpdate = defineUpdate<CommitmentView, [NoteInput]>('note');
/** Update: waiting on the customer; the deadline clock stops until resume (or `until`). */
export const pauseUpdate = defineUpdate<CommitmentView, [PauseInput]>('pause');
export const resumeUpdate = defineUpdate<CommitmentView, [ResumeInput]>('resume');
/** Update: the customer moved the time on their page (at most twice; not an extension). */
export const customerMoveUpdate = defineUpdate<CommitmentView, [CustomerMoveInput]>('customerMove');
/** Update: a callback attempt, and how it went; a failed one tells the customer we tried. */
export const attemptUpdate = defineUpdate<CommitmentView, [AttemptInput]>('attempt');
/** Update: the calendar a business deadline was counted on changed; the rest of its open time is counted on the new hours. */
export const calendarChangedUpdate = defineUpdate<CommitmentView, [CalendarChangedInput]>('calendarChanged');
/** Update: someone the chain alerted (or an admin) takes the commitment over with a deadline they state. */
export const acknowledgeUpdate = defineUpdate<CommitmentView, [AcknowledgeInput]>('acknowledge');
/** Update: escalate now, by hand, with a reason (manager request, safety, legal, abuse…). */
export const escalateUpdate = defineUpdate<CommitmentView, [EscalateInput]>('escalate');
/** Update: a progress message to the customer from the owner or a supervisor. */
export const progressUpdate = defineUpdate<CommitmentView, [ProgressInput]>('progress');
/** Update: correct the call log (root cause found later, needed fix, business constraint). */
export const logUpdate = defineUpdate<CommitmentView, [LogInput]>('updateLog');
/** Update: the customer's language or place (whose texting hours apply). */
export const customerChangeUpdate = defineUpdate<CommitmentView, [CustomerChangeInput]>('changeCustomer');
/** Update: the customer's YES / NO / rating, by SMS or a signed link. */
export const customerReplyUpdate = defineUpdate<CommitmentView, [CustomerReply]>('customerReply');
/** Signal: free text from the customer, appended as a note and forwarded to the owner. */
export const customerMessageSignal = defineSignal<[CustomerMessage]>('customerMessage');
/** Signal: the customer's number opted out (STOP) or back in (START). */
export const smsOptOutSignal = defineSignal<[{ optedOut: boolean }]>('smsOptOut');
/** Signal: Twilio reported a text failed or undelivered after accepting it. */
export const deliveryFailedSignal = defineSignal<[DeliveryReport]>('deliveryFailed');
/** Query: the commitment as the workflow sees it right now. */
export const commitmentQuery = defineQuery<CommitmentView>('commitment');

/** ApplicationFailure types; retry policies name the non-retryable ones, the API maps them. */
export enum FailureType {
  /** The commitment is not in a state that allows the requested change (409). */
  InvalidTransition = 'InvalidTransition',
  /** The actor may not make this change (403): not in the chain, an agent on an escalation. */
  NotAllowed = 'NotAllowed',
  /** A value the API should have refused reached the workflow (400). */
  InvalidInput = 'InvalidInput',
  /** A provider refused a message for good (invalid number, opted out, SMTP 5xx). */
  PermanentDelivery = 'PermanentDelivery',
}
