/**
 * Intl.DateTimeFormat objects, made once per locale, zone and options and then reused. Making one
 * costs far more than formatting with it: before this cache, building formatters for message
 * times was 16% of the worker's CPU while it sent recaps (docs/benchmarks.md). Pure, so it also
 * runs in the workflow sandbox.
 */

const made = new Map<string, Intl.DateTimeFormat>();
/** Zones × option sets in use are few; the bound only guards against a flood of odd zones. */
const MOST = 1_000;

export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = made.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options);
    if (made.size >= MOST) made.clear();
    made.set(key, f);
  }
  return f;
}
