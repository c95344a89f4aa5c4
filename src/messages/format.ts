/**
 * Customer messages from the catalogues (./catalogue): an ICU MessageFormat string per locale and
 * key, compiled once by intl-messageformat and reused (compiling parses the string; formatting
 * only walks it).
 *
 * Emails and subjects are plain text. An SMS is parts for composeSms (sms.ts): the catalogue's
 * fixed words made GSM-7, and each free-text value (a FreeText from free() or name()) kept as an
 * object, so that composeSms can still cut the long ones to the two-segment budget.
 * intl-messageformat returns exactly that when a value is an object: the strings around it and the
 * object itself.
 */
import { IntlMessageFormat } from 'intl-messageformat';
import type { CustomerLocale } from '../shared/locale';
import { CATALOGUES, type MessageKey } from './catalogue';
import { toGsm7, type FreeText, type SmsPart } from './sms';

export type TextValues = Record<string, string>;
export type SmsValues = Record<string, string | FreeText>;

const compiled = new Map<string, IntlMessageFormat>();

function message(locale: CustomerLocale, key: MessageKey): IntlMessageFormat {
  const id = `${locale} ${key}`;
  let m = compiled.get(id);
  if (!m) {
    // Tags off: "<" and ">" are plain text, as in any other message.
    m = new IntlMessageFormat(CATALOGUES[locale][key], locale, undefined, { ignoreTag: true });
    compiled.set(id, m);
  }
  return m;
}

/** A subject, an email line or a keyword reply: values go in as they are. */
export function text(locale: CustomerLocale, key: MessageKey, values: TextValues = {}): string {
  const out = message(locale, key).format<never>(values);
  return Array.isArray(out) ? out.join('') : String(out);
}

/** An SMS as composeSms parts: fixed words (and string values) made GSM-7, free text left to composeSms. */
export function smsParts(locale: CustomerLocale, key: MessageKey, values: SmsValues = {}): SmsPart[] {
  const out = message(locale, key).format<FreeText>(values);
  return (Array.isArray(out) ? out : [out]).map((part) => (typeof part === 'string' ? toGsm7(part) : part));
}

/** "yes" or "no", for a `select` on whether something is there. */
export const yesNo = (present: unknown): 'yes' | 'no' => (present ? 'yes' : 'no');
