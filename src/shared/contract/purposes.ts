/**
 * The one table of message purposes: what each message the core asks for is for, whom it goes to,
 * and how it travels. A purpose, with the commitment and an occurrence, names the message's key.
 * Sandbox-safe: the workflow reads it to give alerts their priority.
 */

interface PurposeTraits {
  /** Who reads it: the customer, or a person on the staff (the owner, a supervisor, the chain). */
  to: 'customer' | 'staff';
  /** A staff alert hands the commitment to someone: it goes ahead of queued customer messages and retries sooner. */
  alert?: true;
  /** The reader takes the commitment over, so the message carries its whole timeline. */
  wholeStory?: true;
}

export const PURPOSES = {
  customer_recap: { to: 'customer' },
  fulfilment_recap: { to: 'customer' },
  customer_escalated: { to: 'customer' },
  customer_extended: { to: 'customer' },
  customer_reassigned: { to: 'customer' },
  customer_cancelled: { to: 'customer' },
  customer_new_owner: { to: 'customer' },
  customer_unacknowledged: { to: 'customer' },
  customer_paused: { to: 'customer' },
  customer_resumed: { to: 'customer' },
  customer_rescheduled: { to: 'customer' },
  customer_attempted: { to: 'customer' },
  customer_progress: { to: 'customer' },
  customer_checkin: { to: 'customer' },
  satisfaction_ask: { to: 'customer' },
  satisfaction_reminder: { to: 'customer' },
  satisfaction_reask: { to: 'customer' },
  rating_ask: { to: 'customer' },
  owner_confirmation: { to: 'staff' },
  owner_reminder: { to: 'staff' },
  supervisor_alert: { to: 'staff', alert: true, wholeStory: true },
  handoff: { to: 'staff', alert: true, wholeStory: true },
  reopen_alert: { to: 'staff', alert: true, wholeStory: true },
  owner_customer_message: { to: 'staff' },
  owner_customer_unreachable: { to: 'staff' },
  owner_manager_request: { to: 'staff' },
  owner_attempts_prompt: { to: 'staff' },
  team_lead_alert: { to: 'staff', alert: true, wholeStory: true },
  staff_unreachable: { to: 'staff', alert: true, wholeStory: true },
  // A pattern to look at, not a commitment to take over: the count says enough.
  repeat_contact_alert: { to: 'staff', alert: true },
} as const satisfies Record<string, PurposeTraits>;

export type MessagePurpose = keyof typeof PURPOSES;
type PurposesTo<T extends PurposeTraits['to']> = { [P in MessagePurpose]: (typeof PURPOSES)[P]['to'] extends T ? P : never }[MessagePurpose];
export type CustomerPurpose = PurposesTo<'customer'>;
export type StaffPurpose = PurposesTo<'staff'>;

const ALL = Object.keys(PURPOSES) as MessagePurpose[];
const traits = (p: MessagePurpose): PurposeTraits => PURPOSES[p];
export const CUSTOMER_PURPOSES = ALL.filter((p): p is CustomerPurpose => traits(p).to === 'customer');
export const STAFF_PURPOSES = ALL.filter((p): p is StaffPurpose => traits(p).to === 'staff');

/** Whether a purpose is a staff alert (priority, shorter retries). */
export const isAlertPurpose = (p: MessagePurpose): boolean => traits(p).alert === true;
/** Whether a purpose's reader takes the commitment over and needs its whole timeline. */
export const needsWholeStory = (p: MessagePurpose): boolean => traits(p).wholeStory === true;
