/**
 * The commands a commitment understands and what deciding one produces. Pure data: the workflow
 * shell (../commitment.ts) turns a decision into timeline entries, writes and messages.
 */
import type { MessagePurpose } from '../messages/purposes';
import type {
  AcknowledgeInput,
  AttemptInput,
  CalendarChangedInput,
  CancelInput,
  CustomerMessage,
  CustomerMoveInput,
  CustomerReply,
  EscalateInput,
  ExtendInput,
  FulfilInput,
  LogInput,
  CustomerChangeInput,
  NoteInput,
  PauseInput,
  ProgressInput,
  ReassignInput,
  ResumeInput,
  TransferInput,
} from '../shared/contract';
import type { RefusalKind } from '../shared/contract/refusals';
import type { Audience } from '../shared/messages';
import type { Actor, CommitmentState, StaffContact } from '../shared/model';
import type { TimelineEventType } from '../shared/vocab';

/** Commands from people (updates and signals) carry their input; the rest come from timers and sends. */
export type Command =
  | { type: 'start'; actor: Actor; recentForCustomer?: number }
  | { type: 'remind' }
  | { type: 'checkIn' }
  | { type: 'lapse' }
  | { type: 'levelReached'; contact: StaffContact; resolution?: string; ackBy?: string }
  /** The level waiting to be alerted is business-hours-only and its team's calendar (named) is closed now. */
  | { type: 'levelClosed'; calendar: string }
  | { type: 'levelUnreached'; contactId: string; round: number; level: number; reason: string }
  | { type: 'ackWindowEnded' }
  | ({ type: 'acknowledge' } & AcknowledgeInput)
  | ({ type: 'extend' } & ExtendInput)
  | ({ type: 'reassign' } & ReassignInput)
  | ({ type: 'transfer' } & TransferInput)
  | ({ type: 'cancel' } & CancelInput)
  | ({ type: 'note' } & NoteInput)
  | ({ type: 'pause' } & PauseInput)
  | ({ type: 'resume' } & ResumeInput)
  | ({ type: 'calendarChanged' } & CalendarChangedInput)
  | ({ type: 'attempt' } & AttemptInput)
  | ({ type: 'customerMove' } & CustomerMoveInput)
  | { type: 'pauseEnded' }
  | ({ type: 'fulfil' } & FulfilInput)
  | ({ type: 'escalate' } & EscalateInput)
  | ({ type: 'progress' } & ProgressInput)
  | ({ type: 'updateLog' } & LogInput)
  | ({ type: 'changeCustomer' } & CustomerChangeInput)
  | { type: 'askSatisfaction' }
  | { type: 'remindSatisfaction' }
  | { type: 'closeUnconfirmed' }
  | ({ type: 'customerReply' } & CustomerReply)
  | { type: 'ratingWindowEnded' }
  | ({ type: 'customerMessage' } & CustomerMessage)
  | { type: 'smsConsent'; optedOut: boolean }
  | { type: 'followUpCreated'; followUpId: string; dueAt: string };

export type CommandType = Command['type'];
export type CommandOf<T extends CommandType> = Extract<Command, { type: T }>;

export type { Audience } from '../shared/messages';

/** A message the decision asks for; the shell sends it in the background. */
export interface MessageSpec {
  purpose: MessagePurpose;
  audience: Audience;
  /** Staff recipient; the owner is implied for 'owner', the customer for 'customer'. */
  to?: StaffContact;
  /** Distinguishes repeats of one purpose (per deadline, per round); part of the message key. */
  occurrence: string;
  ctx?: Record<string, string>;
  /** Timeline entry once at least one channel accepted it; `{via}` becomes the channels. */
  sent?: { type: TimelineEventType; detail: string };
  /** Decided when no channel accepted it: an escalation level nobody could be reached at. */
  unreached?: CommandOf<'levelUnreached'>;
}

/** A timeline entry before the shell gives it a sequence number and a time. */
export interface EventDraft {
  type: TimelineEventType;
  detail: string;
  actor: Actor;
}

export interface Decision {
  state: CommitmentState;
  events: EventDraft[];
  messages: MessageSpec[];
  /** A follow-up commitment to start (fulfilment with nextContactAt). */
  followUp?: { dueAt: string };
}

/** Why a command is refused; src/shared/contract/refusals.ts says what each kind becomes. */
export interface Rejection {
  kind: RefusalKind;
  reason: string;
}

export type Outcome = ({ ok: true } & Decision) | ({ ok: false } & Rejection);

/** What a decision may know besides the state: the workflow's clock and the next event's number. */
export interface DecideContext {
  now: number;
  nextSeq: number;
  /**
   * Decide who may act by the rules of a history recorded before the authority table
   * (src/shared/authority.ts): an agent refused only what was escalated or reopened. Set by the
   * shell while `patched('authority-follows-owner')` is false, so old histories replay as recorded.
   */
  legacyAuthority?: boolean;
}

export const SYSTEM: Actor = { kind: 'system', name: 'Followthrough' };
export const CUSTOMER: Actor = { kind: 'customer', name: 'Customer' };
