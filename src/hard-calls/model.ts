/**
 * Hard calls (issue 24): the words and ids the feature shares. Plain (no zod, no I/O), so the
 * console's client may import it as it imports src/events/ids.ts.
 */

/** What made the call hard, in the order the notice names them. */
export const HARD_CALL_KINDS = ['abusive', 'threatening', 'distressing'] as const;
export type HardCallKind = (typeof HARD_CALL_KINDS)[number];

/** A flag's id and its check-in's: a prefix and 24 base62 characters (./store.ts makes them). */
export const HARD_CALL_ID_SOURCE = 'hc_[A-Za-z0-9]{24}';
export const CHECK_IN_ID_SOURCE = 'ci_[A-Za-z0-9]{24}';

/** How far back a customer's flags count for the notice at their next promise. */
export const REPEAT_WINDOW_DAYS = 30;
/** Flags in that window that make the next promise carry the notice. */
export const REPEAT_THRESHOLD = 2;

/** The notice's sentence for whoever takes the customer's next promise. */
export function customerFlaggedDetail(count: number, kinds: readonly HardCallKind[]): string {
  const named = HARD_CALL_KINDS.filter((k) => kinds.includes(k)).join(', ');
  return (
    `This customer's calls were flagged as hard ${count} times in the last ${REPEAT_WINDOW_DAYS} days (${named}): ` +
    'take care, and ask your supervisor for help if you need it.'
  );
}
