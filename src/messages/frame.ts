/**
 * What every message shares: the branded customer SMS within two segments, the staff SMS within
 * four, the frame of the emails, and how a customer reaches us. Customer words come from the
 * catalogue of the customer's language (./catalogue, ./format.ts); staff words stay English.
 */
import { localeOf, type CustomerLocale } from '../shared/locale';
import type { MessageKey } from './catalogue';
import { smsParts, text, yesNo, type SmsValues, type TextValues } from './format';
import { firstName, type CustomerPurpose, type MessageView, type RenderedMessage, type RenderInput } from './purposes';
import { composeSms, free, name, toGsm7, type SmsPart } from './sms';
import { clockTime, whenText, withArticle } from './time';

/** Two GSM-7 parts: a third costs half as much again, and some phones show it as a separate text. */
export const CUSTOMER_SMS_UNITS = 2 * 153;
/** Four GSM-7 parts: who, what, by when and how to act fit on a lock screen; the email has the rest. */
export const STAFF_SMS_UNITS = 4 * 153;

/** " (ref TICKET-4411)" in a staff message (customers get customerRef). */
export const ref = (c: Pick<MessageView, 'externalRef'>) => (c.externalRef ? ` (ref ${c.externalRef})` : '');

/** The customer's language (src/shared/locale.ts): every customer message is written in it. */
export const customerLocale = ({ c }: Pick<RenderInput, 'c'>): CustomerLocale => localeOf(c.customer);

/** A time as the customer reads it in a sentence: "3:15 PM CST today"; "las 3:15 p.m. CST hoy". */
export function when(i: RenderInput, at: Date): string {
  const locale = customerLocale(i);
  return withArticle(whenText(at, i.c.customer.timezone, i.now, locale), at, i.c.customer.timezone, locale);
}

/** A clock time without the day: "3:15 PM CST"; "las 3:15 p.m. CST". */
export function clockAt(i: RenderInput, at: Date): string {
  const locale = customerLocale(i);
  return withArticle(clockTime(at, i.c.customer.timezone, locale), at, i.c.customer.timezone, locale);
}

/** The deadline as the customer reads it: "3:15 PM CST today". */
export const dueText = (i: RenderInput) => when(i, new Date(i.c.dueAt));

/** An ISO instant from `ctx` in the customer's words, or undefined when absent or unreadable. */
export function whenIso(i: RenderInput, iso: string | undefined): string | undefined {
  const at = iso ? new Date(iso) : undefined;
  return at && !Number.isNaN(at.getTime()) ? when(i, at) : undefined;
}

/** The customer's first name, as free text: a long one is cut rather than the sentence around it. */
export const customerFirst = ({ c }: RenderInput) => name(firstName(c.customer.name));

/** " (ref TICKET-4411)" in the customer's language, or nothing. */
export const customerRef = (i: RenderInput) => (i.c.externalRef ? ` ${text(customerLocale(i), 'frame.ref', { refNo: i.c.externalRef })}` : '');

/** What most customer texts name: the customer's first name, the owner and the promise, as free text cut to fit. */
export const smsNames = (i: RenderInput): SmsValues => ({ first: customerFirst(i), owner: name(i.c.owner.name), summary: free(i.c.summary) });

/** The same for the subject and the email, whole, with the customer's reference. */
export const textNames = (i: RenderInput): TextValues => ({ owner: i.c.owner.name, summary: i.c.summary, ref: customerRef(i) });

/**
 * "Acme Support: " first, so every text names the business; the opt-out line on the first text we
 * ever send to the number (A2P 10DLC expects both). `key` is the catalogue's body of the text.
 */
export function customerSms(input: RenderInput, key: MessageKey, values: SmsValues): string {
  const locale = customerLocale(input);
  const stop = input.ctx.firstText === 'yes' ? [` ${toGsm7(text(locale, 'frame.stop'))}`] : [];
  return composeSms([`${toGsm7(input.brand)}: `, ...smsParts(locale, key, values), ...stop], CUSTOMER_SMS_UNITS).text;
}

/**
 * How to reach us. Texts are read (a reply becomes a note the owner gets) while the request is
 * open; emails are not, and once it is closed a text matches nothing, so then we ask for a call.
 */
export function reachUs(c: MessageView, open: boolean, locale: CustomerLocale = localeOf(c.customer)): string {
  return text(locale, 'frame.reach', { texts: yesNo(open && c.customer.phone), hasRef: yesNo(c.externalRef), refNo: c.externalRef ?? '' });
}

/** The greeting, the catalogue's body (`key`), how to reach us and the business name. */
export function customerEmail(input: RenderInput, key: MessageKey, values: TextValues, opts: { open?: boolean } = {}): string {
  const { c, brand } = input;
  const locale = customerLocale(input);
  return [
    text(locale, 'frame.greeting', { first: firstName(c.customer.name) }),
    '',
    text(locale, key, values),
    '',
    reachUs(c, opts.open ?? true, locale),
    '',
    text(locale, 'frame.signOff', { brand }),
  ].join('\n');
}

/** A customer message: its subject, text and email, each from the catalogue's `<purpose>.subject`, `.sms` and `.email`. */
export function customerMessage(input: RenderInput, purpose: CustomerPurpose, values: { sms: SmsValues; text: TextValues; open?: boolean }): RenderedMessage {
  return {
    subject: text(customerLocale(input), `${purpose}.subject`, values.text),
    sms: customerSms(input, `${purpose}.sms`, values.sms),
    text: customerEmail(input, `${purpose}.email`, values.text, { open: values.open ?? true }),
  };
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
