/** What a message is for; with the commitment and an occurrence it names the message's key. */
import type { CommitmentView, EscalationLevel, Fulfilment } from '../shared/contract';

export const CUSTOMER_PURPOSES = [
  'customer_recap',
  'fulfilment_recap',
  'customer_escalated',
  'customer_extended',
  'customer_reassigned',
  'customer_cancelled',
  'customer_new_owner',
  'customer_unacknowledged',
  'customer_paused',
  'customer_resumed',
  'customer_progress',
  'customer_checkin',
  'satisfaction_ask',
  'satisfaction_reminder',
  'satisfaction_reask',
  'rating_ask',
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

/** Why a supervisor is alerted: a missed deadline (the default), or raised by hand or by rule. */
export { ESCALATION_REASONS, type EscalationReason } from '../shared/vocab';

/** The business name customers know us by when BRAND_NAME is not set. */
export const DEFAULT_BRAND = 'Followthrough';

/**
 * The only parts of a commitment that templates read. A CommitmentView is one; keeping to this
 * list lets the workflow change its state without touching the wording.
 */
export type MessageView = Pick<CommitmentView, 'id' | 'customer' | 'owner' | 'summary' | 'dueAt' | 'createdAt' | 'externalRef' | 'log' | 'facts' | 'timeline'> & {
  supervisor: { name: string };
  /** `pendingUntil`: when what is still pending should be through; we check back after it. */
  fulfilment?: Pick<Fulfilment, 'resolution' | 'pending' | 'nextContactAt'> & { pendingUntil?: string };
  policy: { reopenWithinMs: number; escalation: { levels: EscalationLevel[] } };
};

export interface RenderedMessage {
  subject: string;
  /** Email body (plain text). */
  text: string;
  /** SMS body: GSM-7, within its budget (sms.ts), the essentials without clicking anything. */
  sms: string;
}

/** Who receives it: staff messages greet them by name, and tell them where the full text went. */
export interface Recipient {
  name: string;
  email?: string;
  phone?: string;
}

export interface RenderInput {
  c: MessageView;
  now: Date;
  recipient: Recipient;
  /** Purpose-specific words: a reason, a note, the customer's reply, signed links, `firstText`, `link`. */
  ctx: Record<string, string>;
  /** The business name every customer text starts with. */
  brand: string;
}

export type Template = (input: RenderInput) => RenderedMessage;

export const firstName = (name: string) => name.trim().split(/\s+/)[0] ?? name;
