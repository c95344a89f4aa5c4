/**
 * The commitment model: what a workflow is started with, what it holds, and what the read model
 * and the API show. One definition; the API's response schema is checked against it
 * (src/api/schemas) and the read model's row maps onto it (src/db/commitments.ts).
 * Sandbox-safe: types only. A commitment's policy (its chain, windows, quiet hours) is in ./policy.
 */
import type { BusinessCount } from '../calendars/model';

/** A deadline and how it was counted in business time, as the API counted it for the workflow. */
export interface CountedDue {
  dueAt: string;
  business: BusinessCount;
}
import type { CommitmentFacts } from './facts';
import type { CustomerLocale } from './locale';
import type { CommitmentPolicy } from './policy';
import type { AttemptOutcome, CommitmentStatus, CustomerState, CustomerWant, EscalationReason, Role, RootCause, TimelineEventType, Trigger } from './vocab';

export interface Customer {
  name: string;
  /** E.164, e.g. +14155550123 */
  phone?: string;
  email?: string;
  /** IANA zone, e.g. America/Chicago: every time we show the customer is in this zone. */
  timezone: string;
  /** BCP 47 (src/shared/locale.ts): every message to the customer is in it; English when absent. */
  locale?: CustomerLocale;
  /**
   * ISO 3166-2 (`US-FL`): whose texting rules apply (src/shared/texting-hours.ts). Given, or
   * presumed at creation from the number's area code, else from the time zone; absent, the federal floor.
   */
  region?: string;
  /** Where `region` came from. */
  regionSource?: 'given' | 'area_code' | 'time_zone';
}

/**
 * A member of staff as the commitment knows them: a snapshot taken when they became involved.
 * Messages are addressed by `id` and the directory's current details are used when sending, so a
 * changed phone number is used from then on; the snapshot is the fallback.
 */
export interface StaffContact {
  id: string;
  name: string;
  email?: string;
  phone?: string;
}

/** Who did something: recorded on every timeline event. */
export interface Actor {
  kind: 'staff' | 'customer' | 'system';
  /** Staff id, for staff. */
  id?: string;
  name: string;
  role?: Role;
  /** The staff member's team when they acted (null: none); absent on actors recorded before it was kept. */
  teamId?: string | null;
}

export interface CallLog {
  trigger?: Trigger;
  customerState?: CustomerState;
  customerWants?: CustomerWant;
  rootCause?: RootCause;
  neededFix?: string;
  /** What stood in the way (a policy, a system, a third party): the fourth question of the practice. */
  businessConstraint?: string;
}

/** The owner's team, pinned at creation: its supervisor is the "team lead" of the practice. */
export interface TeamRef {
  id: string;
  name: string;
}

/** Workflow input. Instants are ISO 8601 UTC strings, validated at the API's edge. */
export interface CommitmentInput {
  id: string;
  customer: Customer;
  owner: StaffContact;
  /** The team's supervisor when it was created: reopened commitments go to them. */
  supervisor: StaffContact;
  team?: TeamRef;
  summary: string;
  dueAt: string;
  /** Present when the deadline was counted in a calendar's open time; absent: on the wall clock. */
  business?: BusinessCount;
  createdAt: string;
  log?: CallLog;
  externalRef?: string;
  /** Staff id of who registered it; agents may read what they registered. */
  createdBy?: string;
  /** Who registered it, for the timeline. */
  creator?: Actor;
  /**
   * The API key (`key_…`) or console session (`console:<staff>`) it was created with: the customer
   * messages it causes count against that key's bound (docs/security.md). Absent on commitments
   * created before it was kept; never shown by the API.
   */
  createdByKey?: string;
  /** Pinned at creation: changing the defaults or the team's policy later never changes it. */
  policy: CommitmentPolicy;
  /** The commitment this one follows up (created from its fulfilment's nextContactAt). */
  followUpOf?: string;
  /** Other commitments for the same customer in the 7 days before this one (repeat contact). */
  recentForCustomer?: number;
  /**
   * The API records the commitment's first state in the read model itself, as soon as the start
   * is accepted (src/api/commitments/first-record.ts): the workflow's first change then goes with
   * its next write instead of a write of its own.
   */
  recordedByApi?: boolean;
  /** Present when the workflow continued as new: everything it had, to pick up where it was. */
  carried?: CarriedState;
}

export interface TimelineEvent {
  /** Position in the commitment's history, from 0; with the id it makes the event's unique key. */
  seq: number;
  at: string;
  type: TimelineEventType;
  /** One human sentence, e.g. "Recap sent to the customer by SMS and email." */
  detail: string;
  /** Who acted; absent on events recorded before it was kept. */
  actor?: Actor;
}

export interface Fulfilment {
  resolution: string;
  pending?: string;
  /** The satisfaction question waits until this instant (plus confirmAfter). */
  pendingUntil?: string;
  nextContactAt?: string;
  fulfilledAt: string;
  /** True when reported before a deadline the owner held (not one set by acknowledging a lapse). */
  onTime: boolean;
  by?: Actor;
}

/** Where the escalation chain stands (status escalated). */
export interface EscalationState {
  reason: EscalationReason;
  /** Who escalated by hand, with what words. */
  raisedBy?: Actor;
  note?: string;
  round: number;
  level: number;
  /** When the current (round, level) was alerted; unset until it has been. */
  alertedAt?: string;
  /** When the current level's acknowledge window ends, when it counts in business time; else alertedAt plus the window. */
  ackBy?: string;
  /** Who the current level resolved to. */
  current?: StaffContact;
  /** Everyone alerted so far in this escalation: they may acknowledge (by API or text). */
  alerted: StaffContact[];
  /** The last person an alert could not reach on any channel: the next alert says so. */
  lastUnreached?: string;
  /** The chain ran out with nobody acknowledging; it now waits for anyone to act. */
  exhausted?: boolean;
  acknowledgedBy?: string;
  acknowledgedAt?: string;
}

/** One callback attempt: when, how it went, who made it. */
export interface CallbackAttempt {
  at: string;
  outcome: AttemptOutcome;
  by: string;
  note?: string;
}

/** A customer text waiting for quiet hours to end. */
export interface HeldText {
  purpose: string;
  occurrence: string;
  notBefore: string;
  ctx?: Record<string, string>;
  /** What held it, for the timeline when it goes ("Florida's telephone solicitation hours"); absent: quiet hours. */
  heldBy?: string;
}

/** Workflow-internal progress carried across continue-as-new. */
export interface CarriedState {
  state: CommitmentState;
  recent: TimelineEvent[];
  nextSeq: number;
  held: HeldText[];
  /** Deadline number the owner reminder was sent for. */
  remindedFor?: number;
  /** Deadline number the customer's midpoint check-in was sent for. */
  checkedInFor?: number;
  /** When texts to the customer went in the last day (epoch ms): a state's limit on texts about one subject counts them. */
  textsSent?: number[];
}

/** The commitment as it stands, without its history: what the read model's row holds. */
export interface CommitmentState extends Omit<CommitmentInput, 'carried' | 'recentForCustomer' | 'recordedByApi'> {
  workflowId: string;
  status: CommitmentStatus;
  /** Rises with every state change; the read model ignores writes of an older version. */
  version: number;
  /** Counts deadlines: rises with each extension, acknowledgement, resume and reopen. */
  deadlineNo: number;
  /** When the current deadline was set: the start of the window the reminder is placed in. */
  deadlineSetAt: string;
  fulfilment?: Fulfilment;
  facts: CommitmentFacts;
  escalation?: EscalationState;
  /** `resumeWith`: the deadline the pause's end gives a business-time one (counted when it was paused). */
  paused?: { since: string; reason: string; until?: string; resumeWith?: CountedDue };
  cancellation?: { reason: string; at: string };
  /** What the customer is being asked, if anything. */
  awaiting?: 'confirmation' | 'rating';
  /** The customer replied STOP: texts go by email until START. */
  smsOptedOut?: boolean;
  /** Staff ids of everyone who owned it before the owner now (they may read it and add notes). */
  formerOwnerIds?: string[];
  /** Callback attempts, in the order logged (POST /v1/commitments/{id}/attempts). */
  attempts?: CallbackAttempt[];
  /** The number a `wrong_number` attempt found wrong: no more texts go to it for this commitment. */
  wrongNumber?: string;
  /** Model version: 2 for commitments run by this workflow; absent for those started before. */
  model?: 2;
}

/** What the API shows: the state and its whole timeline. */
export interface CommitmentView extends CommitmentState {
  timeline: TimelineEvent[];
}

export type * from './facts';
export type * from './policy';
