/**
 * Every message Followthrough sends, addressed by purpose. Customer messages say who, what, by
 * when and what happens if not, with clock times in the customer's zone; every customer text
 * names the business and stays within two GSM-7 segments (frame.ts, sms.ts). Staff messages
 * carry the whole context so nobody asks the customer to repeat themselves.
 */
import { DEFAULT_CUSTOMER_LOCALE, type CustomerLocale } from '../shared/locale';
import { alertMessages } from './alerts';
import { promiseMessages } from './customer';
import { ownerChangeMessages } from './customer-owners';
import { updateMessages } from './customer-updates';
import { text, yesNo } from './format';
import { DEFAULT_BRAND, type MessagePurpose, type MessageView, type Recipient, type RenderedMessage, type Template } from './purposes';
import { satisfactionMessages } from './satisfaction';
import { toGsm7 } from './sms';
import { staffMessages } from './staff';

export type { CustomerPurpose, EscalationReason, MessagePurpose, MessageView, Recipient, RenderedMessage, StaffPurpose } from './purposes';
export { CUSTOMER_PURPOSES, DEFAULT_BRAND, ESCALATION_REASONS, STAFF_PURPOSES } from './purposes';

const TEMPLATES: Record<MessagePurpose, Template> = {
  ...promiseMessages,
  ...ownerChangeMessages,
  ...updateMessages,
  ...satisfactionMessages,
  ...staffMessages,
  ...alertMessages,
};

export interface RenderOptions {
  /** Who receives it; the owner when unset. */
  recipient?: Recipient;
  ctx?: Record<string, string>;
  /** The business name (BRAND_NAME); "Followthrough" when unset or blank. */
  brand?: string;
}

export function render(purpose: MessagePurpose, c: MessageView, now: Date, opts: RenderOptions = {}): RenderedMessage {
  const brand = opts.brand?.trim() || DEFAULT_BRAND;
  return TEMPLATES[purpose]({ c, now, recipient: opts.recipient ?? c.owner, ctx: opts.ctx ?? {}, brand });
}

/**
 * The reply to a HELP or INFO text: the business name and a contact (a phone number, an address
 * or a web page), as A2P 10DLC expects; a call is the fallback when none is configured. In the
 * customer's language when it is known; one GSM-7 text of at most two segments.
 */
export function helpReply(brand: string = DEFAULT_BRAND, contact?: string, locale: CustomerLocale = DEFAULT_CUSTOMER_LOCALE): string {
  const reach = contact?.trim() ?? '';
  return toGsm7(text(locale, 'reply.help', { brand: brand.trim() || DEFAULT_BRAND, hasContact: yesNo(reach), contact: reach }));
}

/**
 * Our confirmation of an opt-out Twilio did not see (it confirms only its exact single keywords):
 * the business name and how to opt back in, and who has the customer's words when an owner was told.
 */
export function optedOutReply(brand: string = DEFAULT_BRAND, toldOwner?: string, locale: CustomerLocale = DEFAULT_CUSTOMER_LOCALE): string {
  const owner = toldOwner?.trim() ?? '';
  return toGsm7(text(locale, 'reply.optedOut', { brand: brand.trim() || DEFAULT_BRAND, hasOwner: yesNo(owner), owner }));
}

/** A short answer to a customer's text (thanks, passed on, not matched), in their language: one GSM-7 text. */
export type ReplyKey = 'reply.optedIn' | 'reply.passedOn' | 'reply.noMatch' | 'reply.confirmedRated' | 'reply.rated' | 'reply.manager';
export const customerReply = (key: ReplyKey, locale: CustomerLocale = DEFAULT_CUSTOMER_LOCALE, values: { owner?: string } = {}): string =>
  toGsm7(text(locale, key, values));
