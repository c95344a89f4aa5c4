/**
 * What retention does to text: takes a customer's name (whole, and each part of it: a note says
 * "called Maria back"), phone number (however it was written) and email address out of sentences
 * we wrote, and drops free text (notes, reasons, the customer's own words) altogether, because
 * nobody can tell what else a person typed into it.
 */
export const REDACTED = 'redacted';

export interface CustomerDetails {
  name?: string | undefined;
  phone?: string | undefined;
  email?: string | undefined;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Not inside a longer word: "Ana" in "Banana" stays. */
const word = (s: string) => `(?<![\\p{L}\\p{N}])${escape(s)}(?![\\p{L}\\p{N}])`;

/** "+14155550123" as people write it: 415-555-0123, (415) 555 0123, 4155550123, +1 415… */
function phonePattern(phone: string): string | undefined {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 7) return undefined;
  const national = digits.slice(-Math.min(10, digits.length - 1));
  return `(?:\\+?\\d{1,3}[\\s.-]*)?${national.split('').join('[\\s().-]*')}`;
}

/** A function that takes the customer's details out of a text. */
export function scrubber(c: CustomerDetails): (text: string) => string {
  const name = c.name?.trim() ?? '';
  const parts = name.split(/[\s-]+/).filter((p) => p.length >= 2 && p.toLowerCase() !== REDACTED);
  const patterns = [
    ...(c.email ? [escape(c.email)] : []),
    ...(c.phone ? [phonePattern(c.phone)].filter((p): p is string => p !== undefined) : []),
    ...(name.length >= 2 && name.toLowerCase() !== REDACTED ? [word(name)] : []),
    ...parts.map(word),
  ];
  if (patterns.length === 0) return (text) => text;
  // Longest first: the whole name before its parts, so "Maria Lopez" is one "redacted", not two.
  const all = new RegExp(patterns.sort((a, b) => b.length - a.length).join('|'), 'giu');
  return (text) => text.replace(all, REDACTED);
}

/**
 * Timeline entries that quote free text: a note, a reason, a resolution, the customer's words.
 * Each keeps what happened and loses what was written. (The promise itself, in `created` and the
 * summary, is scrubbed like our own sentences: it is the record of what was promised.)
 */
const FREE_TEXT_EVENTS: Record<string, string> = {
  note: 'Note',
  extended: 'Deadline extended',
  cancelled: 'Cancelled',
  paused: 'Paused',
  fulfilled: 'Reported done',
  reassigned: 'Handed over',
  acknowledged: 'Taken over',
  escalated: 'Escalated',
  progress_update: 'Update sent to the customer',
  customer_message: 'Customer wrote',
  not_resolved: 'Customer said it is not resolved',
  confirmed: 'Customer confirmed it is resolved',
  log_updated: 'Call log updated',
  // An attempt's note is free text, and a wrong number's sentence quotes the number.
  attempted: 'Callback attempt',
  moved_by_customer: 'Customer moved the time',
};

/** A timeline entry's sentence after retention. */
export function redactEvent(type: string, detail: string, scrub: (text: string) => string): string {
  const label = FREE_TEXT_EVENTS[type];
  return label ? `${label} (text ${REDACTED} after the retention period).` : scrub(detail);
}
