/**
 * The domain's words (src/shared/vocab.ts) as a person reads them on a page: "Manager request",
 * "Same-day service". The stored values stay the API's; only what is shown changes.
 */

const SPECIAL: Record<string, string> = {
  same_day_service: 'Same-day service',
  // The workflow's own reasons, shown beside the ones people give.
  lapsed: 'Deadline missed',
  extension_limit: 'Extended too often',
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
