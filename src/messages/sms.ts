/**
 * SMS arithmetic: which encoding a body needs, how many segments it costs, and how to fit free
 * text into a budget. One character outside GSM-7 (an em dash, a curly quote, an emoji) turns the
 * whole text into UCS-2: 70 characters a segment instead of 160, and twice the cost
 * (docs/domain.md#texting-rules). Twilio refuses bodies over 1,600 characters (21617).
 */

/** GSM 03.38 basic table, minus ESC (0x1B), which only introduces the extension table. */
const GSM7_BASIC = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' + '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** Reached through ESC, so each costs two units. */
const GSM7_EXTENSION = '\f^{}\\[~]|€';

const GSM7_UNITS = new Map<string, number>([...[...GSM7_BASIC].map((ch) => [ch, 1] as const), ...[...GSM7_EXTENSION].map((ch) => [ch, 2] as const)]);

export const GSM7_SEGMENT = { single: 160, part: 153 } as const;
export const UCS2_SEGMENT = { single: 70, part: 67 } as const;
/** Twilio error 21617: longer bodies are refused, not split. */
export const TWILIO_MAX_CHARS = 1600;

export interface SmsEncoding {
  encoding: 'GSM-7' | 'UCS-2';
  /** Septets for GSM-7 (extension characters count 2), UTF-16 code units for UCS-2. */
  units: number;
  segments: number;
}

export const isGsm7 = (text: string) => [...text].every((ch) => GSM7_UNITS.has(ch));

/** Units of text already known to be GSM-7. */
export const gsm7Units = (text: string) => [...text].reduce((n, ch) => n + (GSM7_UNITS.get(ch) ?? 1), 0);

export function smsEncoding(text: string): SmsEncoding {
  const gsm = isGsm7(text);
  const costs = [...text].map((ch) => (gsm ? (GSM7_UNITS.get(ch) ?? 1) : ch.length));
  const units = costs.reduce((a, b) => a + b, 0);
  const limits = gsm ? GSM7_SEGMENT : UCS2_SEGMENT;
  return { encoding: gsm ? 'GSM-7' : 'UCS-2', units, segments: units <= limits.single ? 1 : pack(costs, limits.part) };
}

/** Phones never split an escape pair or a surrogate pair across two parts, so a part may hold one unit less. */
function pack(costs: number[], part: number): number {
  let segments = 1;
  let used = 0;
  for (const cost of costs) {
    if (used + cost > part) {
      segments += 1;
      used = 0;
    }
    used += cost;
  }
  return segments;
}

/** Typographic characters that word processors and phones put into text, with their GSM-7 twins. */
const LOOKALIKES: Record<string, string> = {
  '‘': "'",
  '’': "'",
  '‚': "'",
  '‛': "'",
  '′': "'",
  '´': "'",
  '`': "'",
  '“': '"',
  '”': '"',
  '„': '"',
  '‟': '"',
  '″': '"',
  '«': '"',
  '»': '"',
  '‐': '-',
  '‑': '-',
  '‒': '-',
  '–': '-',
  '—': '-',
  '―': '-',
  '−': '-',
  '•': '-',
  '…': '...',
  œ: 'oe',
  Œ: 'OE',
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
};
/** Emoji, their modifiers and invisible format characters carry no words: dropped rather than shown as "?". */
const WORDLESS = /^[\p{M}\p{Cf}\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}]$/u;

/**
 * Free text made GSM-7, as Twilio's "smart encoding" would: curly quotes and dashes become
 * straight ones, accents the GSM-7 table lacks are dropped ("ë" → "e"), emoji go, and a letter
 * with no GSM-7 equivalent becomes "?". Emails keep the original. For Spanish that means á, í, ó, ú
 * (and capitals) lose their accent while é, ñ, ü, ¿ and ¡ stay (catalogue/es-US.ts says why).
 */
export function toGsm7(text: string): string {
  let out = '';
  for (const ch of text) {
    if (GSM7_UNITS.has(ch)) out += ch;
    else if (LOOKALIKES[ch] !== undefined) out += LOOKALIKES[ch];
    else if (/^\s$/u.test(ch)) out += ' ';
    else if (!WORDLESS.test(ch)) {
      const base = ch.normalize('NFD').replace(/\p{M}/gu, '');
      out += base && isGsm7(base) ? base : '?';
    }
  }
  return out;
}

export const ELLIPSIS = '...';

/**
 * GSM-7 text cut to at most `maxUnits`, at a word boundary, ending in "...". A cut that would lose
 * more than half of what fits (one long word, a URL) is made mid-word instead.
 */
export function shorten(text: string, maxUnits: number): string {
  if (gsm7Units(text) <= maxUnits) return text;
  if (maxUnits < ELLIPSIS.length + 1) return maxUnits >= ELLIPSIS.length ? ELLIPSIS : '';
  const room = maxUnits - ELLIPSIS.length;
  const chars = [...text];
  let cut = 0;
  for (let used = 0; cut < chars.length && used + (GSM7_UNITS.get(chars[cut]!) ?? 1) <= room; cut += 1) used += GSM7_UNITS.get(chars[cut]!) ?? 1;
  let head = chars.slice(0, cut).join('');
  const space = head.lastIndexOf(' ');
  if (chars[cut] !== ' ' && space > room / 2) head = head.slice(0, space);
  return head.replace(/[\s,;:.-]+$/, '') + ELLIPSIS;
}

/** Free text in an SMS: made GSM-7 and one line, and shortened when the budget needs it. */
export interface FreeText {
  free: string;
  /** End it as a sentence (a full stop unless it already ends in . ! or ?). */
  sentence?: boolean;
  /** A person's name: shortened by dropping whole trailing words, without "...". */
  name?: boolean;
}
/** Fixed words (already GSM-7, never cut) or free text. */
export type SmsPart = string | FreeText;

export const free = (text: string | undefined, sentence = false): FreeText => ({ free: text ?? '', sentence });
export const name = (text: string | undefined): FreeText => ({ free: text ?? '', name: true });

/** "Bartholomew Featherstonehaugh" → "Bartholomew": a cut name with "..." reads as a typo. */
function shortenName(text: string, maxUnits: number): string {
  const words = text.split(' ');
  for (let n = words.length - 1; n > 0; n -= 1) {
    const head = words.slice(0, n).join(' ');
    if (gsm7Units(head) <= maxUnits) return head;
  }
  return shorten(text, maxUnits);
}

/**
 * Joins the parts within `maxUnits`: the fixed words always survive, and the room left is shared
 * among the free texts so that short ones stay whole and only the long ones are cut.
 */
export function composeSms(parts: SmsPart[], maxUnits: number): { text: string; shortened: boolean } {
  const texts = parts.map((p) => (typeof p === 'string' ? p : prepare(p)));
  const freeIndexes = parts.flatMap((p, i) => (typeof p === 'string' ? [] : [i]));
  let room = maxUnits - parts.reduce((n, p, i) => n + (typeof p === 'string' ? gsm7Units(texts[i]!) : 0), 0);
  let shortened = false;
  const byNeed = [...freeIndexes].sort((a, b) => gsm7Units(texts[a]!) - gsm7Units(texts[b]!));
  byNeed.forEach((index, k) => {
    const share = Math.max(0, Math.floor(room / (byNeed.length - k)));
    const whole = texts[index]!;
    const fitted = gsm7Units(whole) <= share ? whole : (parts[index] as FreeText).name ? shortenName(whole, share) : shorten(whole, share);
    shortened ||= fitted !== whole;
    texts[index] = fitted;
    room -= gsm7Units(fitted);
  });
  // A cut text followed by the template's full stop would end in four dots.
  return { text: texts.join('').replace(/\.{3}\./g, ELLIPSIS), shortened };
}

function prepare(part: FreeText): string {
  const line = toGsm7(part.free).replace(/\s+/g, ' ').trim();
  return part.sentence && line && !/[.!?]$/.test(line) ? `${line}.` : line;
}
