/**
 * What a customer's text says about consent, read before anything else: an opt-out (sure, or
 * unsure: "when in doubt, opt out and tell the owner"), an opt-in, a request for help, or none.
 * The rule, and the table of replies the unit test reads, are in docs/security.md ("Opt-outs in
 * any wording"); the words are in ./words.ts, one list per language.
 *
 * 👉 Missing an opt-out keeps texting someone who revoked consent; reading one too many stops texts
 *    the owner then hears about. So a keyword whose aim is unclear is an unsure opt-out, and only a
 *    keyword aimed at something else ("cancel my order") or turned around ("don't stop") is none.
 */
import { CONSENT_WORDS, type ConsentWords, type KeywordKind } from './words';

export type ConsentReading = { kind: 'opt-out'; sure: boolean } | { kind: 'opt-in'; onlyIfOptedOut?: true } | { kind: 'help' } | { kind: 'none' };

/** An opt-out, or a START: what must be kept even while Postgres is down, and is never rate limited. */
export const changesConsent = (r: ConsentReading): boolean => r.kind === 'opt-out' || (r.kind === 'opt-in' && !r.onlyIfOptedOut);

/** Twilio's own filter acts on a body that is exactly one of these, and confirms it itself. */
const TWILIO_OPT_OUT = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT']);
export const isTwilioOptOutKeyword = (body: string): boolean => TWILIO_OPT_OUT.has(body.trim().toUpperCase());

/**
 * A keyword whose aim cannot be told is a request in a message of at most this many words; in a
 * longer one, next to other words in its sentence, it is part of a story ("…and this has to stop").
 */
const SHORT_MESSAGE_WORDS = 10;

const LOCALES = Object.values(CONSENT_WORDS);
const union = (pick: (w: ConsentWords) => Iterable<string>) => new Set(LOCALES.flatMap((w) => [...pick(w)]));
const FILLER = union((w) => w.filler);
const REQUEST = union((w) => w.request);
const BETWEEN = union((w) => [...w.between, ...w.leading]);
const TEXTING = union((w) => w.texting);
const OTHER_CONTACT = union((w) => w.otherContact);
const LISTED = { optOut: union((w) => Object.keys(w.optOut)), optIn: union((w) => Object.keys(w.optIn)) };
const HELP = union((w) => w.help);
const KEYWORDS = new Set([...LISTED.optOut, ...LISTED.optIn, ...HELP]);
/** Words that add nothing beyond a request to stop (or start) texts; any other word is for the owner. */
const KNOWN = new Set([...FILLER, ...REQUEST, ...BETWEEN, ...TEXTING, ...OTHER_CONTACT, ...KEYWORDS, ...union((w) => w.textingVerbs)]);
const isContent = (word: string) => !KNOWN.has(word);

/** "stoppp", "stooop", "pleeease": a known word with its letters held down. */
const squeeze = (word: string) => word.replace(/(.)\1+/g, '$1');
const SQUEEZED = new Map([...KNOWN].map((w) => [squeeze(w), w] as const).reverse());
function canonical(word: string): string {
  if (KNOWN.has(word)) return word;
  const stretched = squeeze(word).length <= word.length - 2 || /(.)\1$/.test(word);
  return (stretched && SQUEEZED.get(squeeze(word))) || word;
}

interface Clause {
  words: string[];
  question: boolean;
}

/** Full width and case folded, accents, apostrophes, punctuation and emoji dropped, cut into sentences. */
function clauses(body: string): Clause[] {
  const text = body
    .normalize('NFKC')
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/['\u2018\u2019\u02bc`]/g, '');
  return [...text.matchAll(/[^.!?;,:\n…¡¿]+([.!?;,:\n…¡¿]*)/g)]
    .map((m) => {
      let joined = ` ${(m[0].match(/[\p{L}\p{N}]+/gu) ?? []).map(canonical).join(' ')} `;
      for (const [from, to] of LOCALES.flatMap((w) => w.phrases)) joined = joined.replaceAll(` ${from} `, ` ${to} `);
      return { words: joined.trim().split(' ').filter(Boolean), question: (m[1] ?? '').includes('?') };
    })
    .filter((c) => c.words.length > 0);
}

type Strength = 'sure' | 'unsure';

/** What the keyword at `i` aims at: the first word after it that is not filler or a go-between. */
function aimOf(words: string[], i: number): 'texting' | 'other-contact' | 'other' | 'none' {
  let me = false;
  for (const word of words.slice(i + 1)) {
    if (TEXTING.has(word)) return 'texting';
    if (OTHER_CONTACT.has(word)) return 'other-contact';
    if (word === 'me' || word === 'us') me = true;
    else if (!FILLER.has(word) && !BETWEEN.has(word) && !KEYWORDS.has(word)) return 'other';
  }
  // "unsubscribe me", "remove me": the customer is what is removed, from our texts.
  return me ? 'texting' : 'none';
}

/** The word before `i`, past politeness and the words of a request: "I don't want to stop". */
function turnedAround(words: string[], i: number, lang: ConsentWords): boolean {
  let j = i - 1;
  while (j >= 0 && (FILLER.has(words[j]!) || REQUEST.has(words[j]!))) j -= 1;
  return j >= 0 && lang.negators.includes(words[j]!);
}

type Listed = keyof typeof LISTED;

function keywordRequest(c: Clause, i: number, kind: KeywordKind, list: Listed, lang: ConsentWords, short: boolean): Strength | undefined {
  if (turnedAround(c.words, i, lang)) return undefined;
  // "the end", "I'll cancel": a noun or a mention; "the unsubscribe link" still asks about our messages.
  if (kind !== 'messages' && lang.notARequestAfter.includes(c.words[i - 1] ?? '')) return undefined;
  const aim = aimOf(c.words, i);
  if (aim === 'texting' || (aim === 'other' && kind === 'messages')) return 'sure';
  if (aim === 'other-contact') return 'unsure';
  if (aim === 'other') return undefined;
  // Nothing says what it aims at.
  if (c.words.every((w) => FILLER.has(w) || LISTED[list].has(w))) return c.question || kind === 'weak' ? 'unsure' : 'sure';
  if (kind === 'alone') return undefined;
  const content = c.words.some(isContent);
  if (kind === 'messages') return content ? 'unsure' : 'sure';
  return content && (c.question || !short) ? undefined : 'unsure';
}

/** "don't text me", "I don't want any more texts", "no me envíen mensajes". */
function turnedDownTexting(c: Clause, i: number, lang: ConsentWords): boolean {
  const skip = (w: string) => FILLER.has(w) || REQUEST.has(w) || lang.between.includes(w);
  let j = i + 1;
  while (j < c.words.length && skip(c.words[j]!)) j += 1;
  if (!lang.textingVerbs.includes(c.words[j] ?? '')) return false;
  const next = c.words.slice(j + 1).find((w) => w !== 'me' && w !== 'us');
  return !lang.replyBack.includes(next ?? '');
}

/** The requests a sentence makes, and the words (a negator, a phrase) they used that would otherwise be for the owner. */
function requests(c: Clause, keywords: Listed, short: boolean): { found: Strength[]; used: Set<number> } {
  const found: Strength[] = [];
  const used = new Set<number>();
  for (const lang of LOCALES) {
    c.words.forEach((word, i) => {
      const kind = Object.hasOwn(lang[keywords], word) ? lang[keywords][word] : undefined;
      const request = kind && keywordRequest(c, i, kind, keywords, lang, short);
      if (request) found.push(request);
      if (keywords !== 'optOut' || !lang.negators.includes(word) || !turnedDownTexting(c, i, lang)) return;
      found.push('sure');
      used.add(i);
    });
    if (keywords !== 'optOut') continue;
    for (const [phrase, strength] of Object.entries(lang.stopContact)) {
      const at = ` ${c.words.join(' ')} `.indexOf(` ${phrase} `);
      if (at < 0) continue;
      found.push(strength);
      const first = c.words.join(' ').slice(0, at).split(' ').filter(Boolean).length;
      phrase.split(' ').forEach((_, k) => used.add(first + k));
    }
  }
  return { found, used };
}

export function readConsent(body: string): ConsentReading {
  const cs = clauses(body);
  const words = cs.flatMap((c) => c.words);
  const short = words.length <= SHORT_MESSAGE_WORDS;
  const read = (list: Listed) => {
    const each = cs.map((c) => requests(c, list, short));
    const found = each.flatMap((r) => r.found);
    // Anything the owner should read (a word of the story, a YES or NO) makes an opt-out unsure: the owner is then told.
    const plain = cs.every((c, k) => c.words.every((w, i) => !isContent(w) || each[k]!.used.has(i)));
    return { found, sure: found.length > 0 && plain && found.every((s) => s === 'sure') };
  };
  const optOuts = read('optOut');
  if (optOuts.found.length > 0) return { kind: 'opt-out', sure: optOuts.sure };
  // Texting someone again on a guess is worse than asking: only a plain START opts back in.
  if (read('optIn').sure) return { kind: 'opt-in' };
  if (words.some((w) => HELP.has(w)) && words.every((w) => HELP.has(w) || FILLER.has(w))) return { kind: 'help' };
  // YES opts back in only a number that opted out, as carriers treat it; it is read as an answer too.
  if (words.length === 1 && words[0] === 'yes') return { kind: 'opt-in', onlyIfOptedOut: true };
  return { kind: 'none' };
}
