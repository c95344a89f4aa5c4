/**
 * The domain's words (src/shared/vocab.ts) as a person reads them on a page: "Manager request",
 * "Same-day service". The stored values stay the API's; only what is shown changes.
 */
import type { AttemptOutcome } from '../../shared/vocab';

const SPECIAL: Record<string, string> = {
  same_day_service: 'Same-day service',
  // The workflow's own reasons, shown beside the ones people give.
  lapsed: 'Deadline missed',
  extension_limit: 'Extended too often',
  // A timeline entry's type (POST …/attempts), and how a call went.
  attempted: 'Call attempt',
  voicemail: 'Left voicemail',
};

/** How a call went, as the button that logs it says it: one click each. */
export const OUTCOME_ACTIONS: Record<AttemptOutcome, string> = {
  reached: 'Reached them',
  no_answer: 'No answer',
  voicemail: 'Left voicemail',
  busy: 'Busy',
  wrong_number: 'Wrong number',
};

/** How a call went, inside a sentence: "no answer 3:10 PM, voicemail 3:40 PM". */
export const OUTCOME_WORDS: Record<AttemptOutcome, string> = {
  reached: 'reached',
  no_answer: 'no answer',
  voicemail: 'voicemail',
  busy: 'busy',
  wrong_number: 'wrong number',
};

/** "manager_request" → "Manager request"; nothing → "Not recorded". */
export function label(value: string | undefined): string {
  if (!value) return 'Not recorded';
  const plain = SPECIAL[value] ?? value.replace(/_/g, ' ');
  return plain.charAt(0).toUpperCase() + plain.slice(1);
}

/** A vocabulary as a select's options: the value sent, and the words shown. */
export const choices = (list: readonly string[]): [string, string][] => list.map((v) => [v, label(v)]);

const PLURAL = new Intl.PluralRules('en-US');

/** "1 owner", "2 owners", "0 owners": a count with its noun in the number English wants. */
export function counted(n: number, one: string, other = `${one}s`): string {
  return `${n} ${PLURAL.select(n) === 'one' ? one : other}`;
}
