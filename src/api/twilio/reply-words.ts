/**
 * What a customer's text says, read without knowing what was asked: a yes (with a rating and a
 * comment, if any), a no, a rating, a request for a manager, or none of these. The router
 * (./inbound.ts) decides what each means for the customer's commitments.
 *
 * 👉 Wrongly reading a NO reopens a case and hands it to a supervisor; wrongly reading a YES
 *    closes one that is not resolved. Both are worse than asking once more, so a reply that
 *    could go either way ("no problem", "yes but…", a question) is `other`.
 */

export type ReadReply =
  | { kind: 'yes'; rating?: number; comment?: string }
  | { kind: 'no'; words?: string }
  | { kind: 'rating'; rating: number }
  | { kind: 'manager' }
  | { kind: 'other' };

/** Replies that start like a NO and are not one: politeness, doubt, a correction. */
const NOT_NO = [
  /^(no|nope|nah)\b[\s,.!-]*(problem|probs?|worries|worry|thanks|thank\s+(you|u)|thx|ty)\b/i,
  /^(i'?m\s+)?not\s+(yet\s+)?sure\b/i,
  /^(no|nope|nah)\b[\s,.!-]*(i\s+mean(t)?|wait)\b/i,
];
const NO = /^(not\s+yet|not\s+really|not\s+resolved|not\s+fixed|not\s+sorted|still\s+not|nope|nah|no|n)\b[\s,.:;!-]*(.*)$/is;
const YES = /^(yes+|y|yeah|yea|yep|yup|ya|resolved|all\s+good|all\s+sorted|sorted|fixed)\b[\s,.:;!-]*(.*)$/is;
/** Words after a yes that take it back: "yes but I was charged again". */
const CONTRAST = /n't\b|\b(but|however|except|although|though|still|not)\b/i;
/** A rating in so many words anywhere ("5/5", "4 out of 5", "5 stars"), or a digit 1-5 at the end. */
const RATING = [/(?<![\w.$])([1-5])\s*(?:\/\s*5|out\s+of\s+5|stars?)(?![\w])/i, /(?<![\w.$/:-])([1-5])[\s.!)]*$/];
const ONLY_RATING = /^([1-5])(?:\s*(?:\/\s*5|out\s+of\s+5|stars?))?[.!]*$/i;

const AUTHORITY = /\b(manager|supervisor|boss|someone\s+in\s+charge|somebody\s+in\s+charge|person\s+in\s+charge|someone\s+senior|higher\s+up)\b/i;
/** Asking for them, not mentioning one ("my manager said..."). */
const ASKING =
  /\b(speak|talk|want|need|get|give|put|connect|transfer|escalate|see|call|let\s+me|can\s+i|could\s+i|may\s+i|i'?d\s+like|i\s+would\s+like|please)\b/i;
const JUST_ASKING =
  /^(a\s+|the\s+|your\s+)?(manager|supervisor|boss|someone\s+in\s+charge|somebody\s+in\s+charge|person\s+in\s+charge|someone\s+senior)(\s+(please|pls|now))?[\s.!]*$/i;

/** Trims spaces and punctuation around a comment; nothing left is no comment. */
const tidy = (s: string) => s.replace(/^[\s,.:;!-]+|[\s,.:;-]+$/g, '').trim();

function yes(rest: string): ReadReply {
  for (const pattern of RATING) {
    const m = pattern.exec(rest);
    if (!m) continue;
    const comment = tidy(rest.slice(0, m.index) + rest.slice(m.index + m[0].length));
    return { kind: 'yes', rating: Number(m[1]), ...(comment ? { comment } : {}) };
  }
  const comment = tidy(rest);
  return { kind: 'yes', ...(comment ? { comment } : {}) };
}

export function readReply(body: string): ReadReply {
  // Phones send curly apostrophes and runs of spaces; neither changes what was meant.
  const text = body
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
  // A short question is not an answer: "no?" or "resolved?" is asked back, not acted on. A longer
  // one carries its answer ("No, why was I charged again?").
  const question = text.endsWith('?') && text.split(' ').length <= 3;
  const only = ONLY_RATING.exec(text);
  if (only) return { kind: 'rating', rating: Number(only[1]) };
  const no = NO.exec(text);
  if (no && !question && !NOT_NO.some((p) => p.test(text))) {
    const words = no[2]?.trim();
    return { kind: 'no', ...(words ? { words } : {}) };
  }
  if (AUTHORITY.test(text) && (ASKING.test(text) || JUST_ASKING.test(text))) return { kind: 'manager' };
  const yesMatch = YES.exec(text);
  if (yesMatch && !question && !CONTRAST.test(yesMatch[2] ?? '')) return yes(yesMatch[2] ?? '');
  return { kind: 'other' };
}
