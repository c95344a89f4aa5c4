/**
 * What the workflow asks the deliver activity for, and what it answers: one message to one person,
 * on one or more channels. Sandbox-safe; the workflow and the activity both use the key function,
 * so a message's rows in `notifications` can be found from either side.
 */
import type { MessagePurpose } from '../messages/purposes';
import type { CommitmentView, StaffContact, TimelineEvent } from './model';
import type { TimelineEventType } from './vocab';

export type Channel = 'sms' | 'email';
export type Audience = 'customer' | 'owner' | 'staff';

export interface MessageRequest {
  purpose: MessagePurpose;
  /** Distinguishes repeats of one purpose (per deadline, per round); '' for one-offs. */
  occurrence: string;
  audience: Audience;
  /** The staff recipient (the owner for 'owner'); absent for the customer. */
  to?: StaffContact;
  /** The channels to send on now, at once. */
  channels: Channel[];
  /** A customer text refused for good goes by email instead (when email is not among the channels). */
  emailFallback?: boolean;
  /** The commitment as it stood when the workflow decided to send. */
  commitment: CommitmentView;
  ctx?: Record<string, string>;
  /**
   * A staff alert whose workflow writes the ledger itself when the activity cannot: the activity
   * waits on Postgres for a second or so at most, then sends anyway and answers `ledger`.
   */
  ledgerLater?: boolean;
  /**
   * The message's own timeline entry ("Recap sent to the customer by {via}"), at a sequence number
   * the workflow reserved for it: the activity writes it once a channel took the message and
   * nothing else came of the send, so the send's completion need not wake a read-model write.
   */
  entry?: { seq: number; sent: { type: TimelineEventType; detail: string } };
}

/**
 * accepted: the provider took it (Twilio queued it, the SMTP server answered 250); outbox: recorded
 * only, no provider configured; failed: refused for good (invalid number, opted out, SMTP 5xx);
 * skipped: the person has no address on that channel; folded: a repeat-contact alert the supervisor
 * already had one of about this customer today, not sent (the reason names it). Later fates
 * (delivered, undelivered) arrive by Twilio's status callback.
 */
export interface ChannelResult {
  channel: Channel;
  status: 'accepted' | 'outbox' | 'failed' | 'skipped' | 'folded';
  reason?: string;
  /** Sent by email because the text was refused for good. */
  fallback?: boolean;
  /** Twilio refused the text because the number opted out (21610). */
  optedOut?: boolean;
  /**
   * Not sent: a bound on customer messages held it back (per commitment, per address or per
   * creating key). The customer is not unreachable, and no fallback goes in its place.
   */
  capped?: boolean;
}

export interface MessageOutcome {
  results: ChannelResult[];
  /** Rows the activity could not write in time (Postgres out of reach): the workflow writes them later. */
  ledger?: LedgerEntry[];
  /** The request's `entry` as the activity wrote it to the timeline; absent when the workflow is to write it. */
  entry?: TimelineEvent;
}

/** A message on one channel as its `notifications` row records it (src/db/notifications.ts). */
export interface NotificationDraft {
  key: string;
  commitmentId: string;
  purpose: string;
  occurrence: string;
  channel: Channel;
  recipientRole: string;
  recipientId: string | null;
  recipient: string;
  subject: string | null;
  body: string;
}

/** What a staff alert's row must say once Postgres is back: what the provider did, and since when it was tried. */
export interface LedgerEntry extends NotificationDraft {
  status: 'accepted' | 'outbox' | 'failed';
  providerId?: string;
  error?: string;
  /** The activity's attempts so far, this one included. */
  attempts: number;
  /** Sent again after an attempt whose outcome was unknown: a possible duplicate. */
  resent: boolean;
  /** When the first attempt was scheduled (ISO): where a later look at Twilio's list starts. */
  firstAttemptAt: string;
}

/** One row per message and channel in `notifications`; a retried attempt finds its earlier row by it. */
export function notificationKey(workflowId: string, m: Pick<MessageRequest, 'purpose' | 'occurrence' | 'audience' | 'to'>, channel: Channel): string {
  // Owner messages keep the key commitments started before staff ids had (no recipient part).
  const who = m.audience === 'staff' ? `:${m.to?.id ?? ''}` : '';
  return `${workflowId}:${m.purpose}${m.occurrence ? `:${m.occurrence}` : ''}:${m.audience}${who}:${channel}`;
}
