/**
 * Every message Followthrough sends, addressed by purpose. Customer messages say who, what, by
 * when and what happens if not, with clock times in the customer's zone (customer.ts). Staff
 * messages carry the whole context so nobody asks the customer to repeat themselves (staff.ts).
 */
import type { CommitmentView } from '../shared/contract';
import { customerMessages } from './customer';
import type { MessagePurpose, RenderedMessage, Template } from './purposes';
import { staffMessages } from './staff';

export type { MessagePurpose, RenderedMessage } from './purposes';
export { CUSTOMER_PURPOSES, STAFF_PURPOSES } from './purposes';

const TEMPLATES: Record<MessagePurpose, Template> = { ...customerMessages, ...staffMessages };

export function render(purpose: MessagePurpose, c: CommitmentView, now: Date, opts: { recipient?: { name: string }; ctx?: Record<string, string>; brand?: string } = {}): RenderedMessage {
  return TEMPLATES[purpose]({ c, now, recipient: opts.recipient ?? c.owner, ctx: opts.ctx ?? {} });
}

/** The reply to a HELP or INFO text. */
export function helpReply(): string {
  return 'Followthrough updates about your support request. Reply YES or NO when we ask if it is resolved, STOP to stop texts (we will email instead), START to resume.';
}
