/**
 * Text as the API accepts it. Every text field of every body and query goes through here, so what
 * reaches Postgres, a workflow and a message is text Postgres can store and a person can read:
 *
 * - no control characters (NUL above all: Postgres refuses it in text and in jsonb, and a refused
 *   read-model write retries forever); free text keeps newline and tab, one-line text keeps none;
 * - no unpaired surrogates (`\ud800`): broken UTF-16 that jsonb refuses and that no encoder can
 *   send as a text or an email;
 * - a maximum length, in Unicode code points as zod counts them (an emoji is one, a family of
 *   three joined is five).
 *
 * What people type (RTL marks, emoji, accents, zero-width joiners) is kept exactly as sent.
 */
import { z } from 'zod';

/** C0 and C1 controls and DEL: \p{Cc}. Newline and tab are the only ones free text keeps. */
const CONTROL = /\p{Cc}/u;
const CONTROL_BUT_NEWLINE_TAB = /(?![\n\t])\p{Cc}/u;
/** With the `u` flag a paired surrogate is one code point, so this finds only unpaired halves. */
const LONE_SURROGATE = /\p{Cs}/u;

export interface TextOptions {
  /** Free text (notes, reasons, summaries): newline and tab allowed. Default: one line. */
  multiline?: boolean;
  /** Default 1: an empty (or all-space) value is refused. */
  min?: number;
}

/** Whether a string is text we store: no controls (but newline and tab when `multiline`), well-formed UTF-16. */
export function isStorableText(value: string, multiline = false): boolean {
  return !LONE_SURROGATE.test(value) && !(multiline ? CONTROL_BUT_NEWLINE_TAB : CONTROL).test(value);
}

/**
 * A text field: trimmed, then bounded and checked. Each failure is its own message, so a client
 * learns exactly what to fix.
 */
export function text(max: number, opts: TextOptions = {}) {
  const min = opts.min ?? 1;
  return z
    .string()
    .trim()
    .min(min, min === 1 ? 'must not be empty' : `must be at least ${min} characters`)
    .max(max, `must be at most ${max} characters`)
    .refine((v) => !LONE_SURROGATE.test(v), { message: 'must be well-formed Unicode (it has half of a surrogate pair)', abort: true })
    .refine(
      (v) => !(opts.multiline ? CONTROL_BUT_NEWLINE_TAB : CONTROL).test(v),
      opts.multiline ? 'must not contain control characters other than newline and tab' : 'must not contain control characters',
    );
}

/**
 * Text we must accept whatever it holds, because refusing it would lose it: a customer's SMS
 * (Twilio does not retry a webhook we refuse) or the words on the answer page. Controls other than
 * newline and tab are dropped, an unpaired surrogate becomes U+FFFD, and it is cut to at most
 * `max` UTF-16 units at a code point boundary, so a later `.slice(0, max)` cannot split a pair.
 */
export function cleanText(value: string, max: number): string {
  const cleaned = value
    .replace(/(?![\n\t])\p{Cc}/gu, '')
    .replace(/\p{Cs}/gu, '\ufffd')
    .trim();
  if (cleaned.length <= max) return cleaned;
  let cut = '';
  for (const point of cleaned) {
    if (cut.length + point.length > max) break;
    cut += point;
  }
  return cut;
}
