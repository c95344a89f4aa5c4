/**
 * What every message shares: the branded customer SMS within two segments, the staff SMS within
 * four, the frame of the emails, and how a customer reaches us.
 */
import { firstName, type MessageView, type RenderInput } from './purposes';
import { composeSms, name, toGsm7, type SmsPart } from './sms';
import { whenText } from './time';

/** Two GSM-7 parts: a third costs half as much again, and some phones show it as a separate text. */
export const CUSTOMER_SMS_UNITS = 2 * 153;
/** Four GSM-7 parts: who, what, by when and how to act fit on a lock screen; the email has the rest. */
export const STAFF_SMS_UNITS = 4 * 153;

export const ref = (c: Pick<MessageView, 'externalRef'>) => (c.externalRef ? ` (ref ${c.externalRef})` : '');

/** The deadline as the customer reads it: "3:15 PM CST today". */
export const dueText = ({ c, now }: RenderInput) => whenText(new Date(c.dueAt), c.customer.timezone, now);

/** An ISO instant from `ctx` in the customer's words, or undefined when absent or unreadable. */
export function whenIso({ c, now }: RenderInput, iso: string | undefined): string | undefined {
  const at = iso ? new Date(iso) : undefined;
  return at && !Number.isNaN(at.getTime()) ? whenText(at, c.customer.timezone, now) : undefined;
}

/** The customer's first name, as free text: a long one is cut rather than the sentence around it. */
export const customerFirst = ({ c }: RenderInput) => name(firstName(c.customer.name));

/**
 * "Acme Support: " first, so every text names the business; the opt-out line on the first text we
 * ever send to the number (A2P 10DLC expects both).
 */
export function customerSms(input: RenderInput, parts: SmsPart[]): string {
  const stop = input.ctx.firstText === 'yes' ? [' Reply STOP to opt out.'] : [];
  return composeSms([`${toGsm7(input.brand)}: `, ...parts, ...stop], CUSTOMER_SMS_UNITS).text;
}

/**
 * How to reach us. Texts are read (a reply becomes a note the owner gets) while the request is
 * open; emails are not, and once it is closed a text matches nothing, so then we ask for a call.
 */
export function reachUs(c: MessageView, open: boolean): string {
  const quote = c.externalRef ? ` and quote ref ${c.externalRef}` : '';
  if (open && c.customer.phone)
    return `To reach us, reply to any of our texts (we read every reply) or call us as you did before${quote}. Replies to this email are not read.`;
  return `To reach us, call us as you did before${quote}. Replies to this email are not read.`;
}

export function customerEmail(input: RenderInput, lines: string[], opts: { open?: boolean } = {}): string {
  const { c, brand } = input;
  return [`Hi ${firstName(c.customer.name)},`, '', ...lines, '', reachUs(c, opts.open ?? true), '', brand].join('\n');
}

/**
 * A staff SMS: the parts, then the console link. Cut to fit, it says where the whole text is: the
 * email when the recipient has one, the console otherwise.
 */
export function staffSms(input: RenderInput, parts: SmsPart[]): string {
  const link = input.ctx.link ? toGsm7(input.ctx.link) : undefined;
  const whole = composeSms([...parts, ...(link ? [` ${link}`] : [])], STAFF_SMS_UNITS);
  if (!whole.shortened) return whole.text;
  const where = input.recipient.email ? 'Full text in your email' : 'Full text in the console';
  return composeSms([...parts, link ? ` ${where} and at ${link}` : ` ${where}.`], STAFF_SMS_UNITS).text;
}

export function staffEmail(input: RenderInput, lines: string[]): string {
  const link = input.ctx.link ? ['', `Open it in the console: ${input.ctx.link}`] : [];
  return [`Hi ${firstName(input.recipient.name)},`, '', ...lines, ...link].join('\n');
}
