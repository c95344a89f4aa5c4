/**
 * The last guard before Postgres, behind the API's own refusals (src/api/text.ts): every string
 * of a value with NUL dropped and unpaired surrogates as U+FFFD. Postgres refuses both in jsonb
 * and NUL in text, and a refused read-model write is retried for ever, so one stray character from
 * any path (an old workflow's input, a signal) must not wedge a commitment.
 */
const NUL = String.fromCharCode(0);
const LONE_SURROGATE = /\p{Cs}/gu;

export function storable<T>(value: T): T {
  if (typeof value === 'string') return value.split(NUL).join('').replace(LONE_SURROGATE, '\ufffd') as T;
  if (Array.isArray(value)) return value.map(storable) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, storable(v)])) as T;
  return value;
}
