/** What a message is for; with the commitment and an occurrence it names the message's key. */
import type { CommitmentView } from '../shared/contract';

export const CUSTOMER_PURPOSES = [
  'customer_recap',
  'fulfilment_recap',
  'customer_escalated',
  'customer_extended',
  'customer_reassigned',
  'customer_cancelled',
  'customer_new_owner',
  'satisfaction_ask',
  'satisfaction_reminder',
  'rating_ask',
  'customer_unacknowledged',
  'customer_paused',
  'customer_resumed',
  'customer_progress',
  'customer_checkin',
  'satisfaction_reask',
] as const;
export const STAFF_PURPOSES = [
  'owner_confirmation',
  'owner_reminder',
  'supervisor_alert',
  'handoff',
  'reopen_alert',
  'owner_customer_message',
  'owner_customer_unreachable',
  'owner_manager_request',
  'team_lead_alert',
  'staff_unreachable',
  'repeat_contact_alert',
] as const;
export type CustomerPurpose = (typeof CUSTOMER_PURPOSES)[number];
export type StaffPurpose = (typeof STAFF_PURPOSES)[number];
export type MessagePurpose = CustomerPurpose | StaffPurpose;

export interface RenderedMessage {
  subject: string;
  /** Email body (plain text). */
  text: string;
  /** SMS body: short, the essentials without clicking anything. */
  sms: string;
}

export interface RenderInput {
  c: CommitmentView;
  now: Date;
  /** Who receives it; staff messages greet them by name. */
  recipient: { name: string };
  /** Purpose-specific words: a reason, a note, the customer's reply, signed links. */
  ctx: Record<string, string>;
}

export type Template = (input: RenderInput) => RenderedMessage;

export const firstName = (name: string) => name.trim().split(/\s+/)[0] ?? name;
