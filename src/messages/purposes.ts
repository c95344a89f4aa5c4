/** What a message is for (the table is src/shared/contract/purposes.ts) and what its templates read. */
import type { CommitmentView, EscalationLevel, Fulfilment } from '../shared/contract';

export { CUSTOMER_PURPOSES, STAFF_PURPOSES, type CustomerPurpose, type MessagePurpose, type StaffPurpose } from '../shared/contract/purposes';

/** Why a supervisor is alerted: a missed deadline (the default), or raised by hand or by rule. */
export { ESCALATION_REASONS, type EscalationReason } from '../shared/vocab';

/** The business name customers know us by when BRAND_NAME is not set. */
export const DEFAULT_BRAND = 'Followthrough';

/**
 * The only parts of a commitment that templates read. A CommitmentView is one; keeping to this
 * list lets the workflow change its state without touching the wording.
 */
export type MessageView = Pick<
  CommitmentView,
  'id' | 'customer' | 'owner' | 'summary' | 'dueAt' | 'createdAt' | 'externalRef' | 'log' | 'facts' | 'timeline'
> & {
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
