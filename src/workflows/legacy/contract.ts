/**
 * FROZEN: the contract as commitments started before the current model knew it (model 1).
 * Commitments started on that code may still be running; their recorded histories replay against
 * ./commitment.ts, which must keep issuing the same commands. Its types are the current model's
 * less what model 1 did not have; its updates and signals are the current definitions (the same
 * names), typed as model 1 saw them. Do not change behaviour here.
 */
import type { UpdateDefinition, QueryDefinition, SignalDefinition } from '@temporalio/common';
import * as current from '../../shared/contract';
import type * as M from '../../shared/model';

export { CLOSED_STATUSES, type CommitmentStatus, type TimelineEventType } from '../../shared/vocab';
export { FailureType, SEARCH_ATTRIBUTES } from '../../shared/contract';
export type { CallLog, Customer, HeldText, QuietHours, StaffContact, TimelineEvent } from '../../shared/model';

/** A level named its contact directly. */
export interface EscalationLevel {
  contact: M.StaffContact;
  ackWithinMs: number;
}
export type EscalationPolicy = Omit<M.EscalationPolicy, 'levels'> & { levels: EscalationLevel[] };
export type CommitmentPolicy = Omit<M.CommitmentPolicy, 'escalation'> & { escalation: EscalationPolicy };
export type Fulfilment = Omit<M.Fulfilment, 'pendingUntil' | 'by'>;
export type EscalationState = Omit<M.EscalationState, 'reason' | 'raisedBy' | 'note' | 'current' | 'lastUnreached'>;
type NewFacts = 'fulfilledOwnerId' | 'lapsedOwnerId' | 'escalationReason' | 'acknowledgedBy' | 'managerRequestedAt' | 'lastUpdateAt' | 'followUpId' | 'satisfaction';
export type CommitmentFacts = Omit<M.CommitmentFacts, NewFacts> & { satisfaction?: Omit<M.SatisfactionFacts, 'reaskedAt' | 'comment'> };

type NewInput = 'policy' | 'carried' | 'team' | 'creator' | 'followUpOf' | 'recentForCustomer';
/** Workflow input. `dueAt` is absolute (ISO 8601); the workflow derives its timer from it. */
export type CommitmentInput = Omit<M.CommitmentInput, NewInput> & { policy: CommitmentPolicy; carried?: CarriedState };
export type CommitmentState = Omit<M.CommitmentState, NewInput | 'fulfilment' | 'facts' | 'escalation' | 'model'> & {
  policy: CommitmentPolicy;
  fulfilment?: Fulfilment;
  facts: CommitmentFacts;
  escalation?: EscalationState;
};
export type CommitmentView = CommitmentState & { timeline: M.TimelineEvent[] };
export type CarriedState = Omit<M.CarriedState, 'state' | 'checkedInFor'> & { state: CommitmentState };

type Input<T> = Omit<T, 'actor'>;
export type FulfilInput = Omit<Input<current.FulfilInput>, 'pendingUntil'>;
export type ExtendInput = Input<current.ExtendInput>;
export type ReassignInput = Input<current.ReassignInput>;
export type CancelInput = Input<current.CancelInput>;
export type NoteInput = Input<current.NoteInput>;
export type PauseInput = Input<current.PauseInput>;
export type AcknowledgeInput = Input<current.AcknowledgeInput>;
export type CustomerReply = Omit<current.CustomerReply, 'answer'> & { answer: 'yes' | 'no' | 'rating' };
export type DeliveryFailure = Omit<current.DeliveryReport, 'audience' | 'recipientId'>;

type Update<A extends unknown[]> = UpdateDefinition<CommitmentView, A>;
/** The same updates, signals and query as the current code's, by name, as model 1 typed them. */
export const { fulfilUpdate, extendUpdate, reassignUpdate, cancelUpdate, noteUpdate, pauseUpdate, resumeUpdate, acknowledgeUpdate, customerReplyUpdate, customerMessageSignal, smsOptOutSignal, deliveryFailedSignal, commitmentQuery } = current as unknown as {
  fulfilUpdate: Update<[FulfilInput]>;
  extendUpdate: Update<[ExtendInput]>;
  reassignUpdate: Update<[ReassignInput]>;
  cancelUpdate: Update<[CancelInput]>;
  noteUpdate: Update<[NoteInput]>;
  pauseUpdate: Update<[PauseInput]>;
  resumeUpdate: Update<[]>;
  acknowledgeUpdate: Update<[AcknowledgeInput]>;
  customerReplyUpdate: Update<[CustomerReply]>;
  customerMessageSignal: SignalDefinition<[{ text: string }]>;
  smsOptOutSignal: SignalDefinition<[{ optedOut: boolean }]>;
  deliveryFailedSignal: SignalDefinition<[DeliveryFailure]>;
  commitmentQuery: QueryDefinition<CommitmentView>;
};

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
  recordCommitment(state: CommitmentState, events: M.TimelineEvent[]): Promise<void>;
}
