/**
 * What a customer's text says, read without knowing what was asked: a yes (with a rating and a
 * comment, if any), a no, a rating, a request for a manager, or none of these. The router
 * (./inbound.ts) decides what each means for the customer's commitments.
 *
 * English and Spanish are read alike, whatever the customer's language (the reader is not told it):
 * "sí, gracias 5" is a yes as "yes, thanks 5" is. Accents and case do not matter (SI is SÍ).
 *
 * 👉 Wrongly reading a NO reopens a case and hands it to a supervisor; wrongly reading a YES
 *    closes one that is not resolved. Both are worse than asking once more, so a reply that
 *    could go either way ("no problem", "yes but…", "no hay problema", "sí pero…", a question) is
 *    `other`.
 */

export type ReadReply =
  | { kind: 'yes'; rating?: number; comment?: string }
  | { kind: 'no'; words?: string }
  | { kind: 'rating'; rating: number }
  | { kind: 'manager' }
  | { kind: 'other' };

/** Replies that start like a NO and are not one: politeness, doubt, a correction. Read with accents folded. */
const NOT_NO = [
  /^(no|nope|nah)\b[\s,.!-]*(problem|probs?|worries|worry|thanks|thank\s+(you|u)|thx|ty)\b/i,
  /^(i'?m\s+)?not\s+(yet\s+)?sure\b/i,
  /^(no|nope|nah)\b[\s,.!-]*(i\s+mean(t)?|wait)\b/i,
  // "no hay problema", "no se preocupe", "no pasa nada", "no, gracias", "no, todo bien" (no problem: all good).
  /^no\b[\s,.!-]*(hay\s+(problema|cuidado)|se\s+preocupen?|te\s+preocupes|pasa\s+nada|importa|(muchas\s+)?gracias|todo\s+(esta\s+)?bien)\b/i,
  // "no sé", "no lo sé", "todavía no sé"; but "no se ha resuelto" is a NO.
  /^((todavia|aun)\s+)?no\s+(lo\s+)?se\b(?!\s+(ha|han|resolvio|soluciono|arreglo)\b)/i,
  /^((todavia|aun)\s+)?no\s+(estoy\s+)?(muy\s+|tan\s+)?segur[oa@]s?\b/i,
  // "no, espere", "no perdón, quise decir…"
  /^no\b[\s,.!-]*(espere|espera|esperen|perdon|disculpe?|quise\s+decir|quiero\s+decir|me\s+equivoque|mejor\s+dicho|un\s+momento|momento)\b/i,
];
const NO = /^(not\s+yet|not\s+really|not\s+resolved|not\s+fixed|not\s+sorted|still\s+not|nope|nah|no|n)\b[\s,.:;!-]*(.*)$/is;
const RESOLVED_ES = String.raw`(?:resuelt|solucionad|arreglad)[oa]s?`;
/** Spanish NOs beyond a plain "no" (which is the same word in both): "todavía no", "sigue igual", "no está resuelto". */
const NO_ES = new RegExp(
  String.raw`^(no\s+(?:(?:esta|estan|ha\s+sido|fue|se\s+ha|lo\s+han|me\s+lo\s+han|han)\s+)?${RESOLVED_ES}` +
    String.raw`|no\s+(?:se\s+|lo\s+|me\s+lo\s+)?(?:resolvio|soluciono|arreglo|resolvieron|solucionaron|arreglaron)` +
    String.raw`|(?:todavia|aun)\s+no` +
    String.raw`|(?:(?:todavia|aun|todo)\s+)?(?:sigue|siguen|sigo|continua|esta|estoy)\s+(?:igual|pendiente|esperando|sin\s+\w+)` +
    String.raw`|(?:(?:todavia|aun|todo)\s+)?(?:sigue|siguen|continua)\s+(?:mal|fallando|cobrando|(?:con\s+)?el\s+(?:mismo\s+)?problema)` +
    String.raw`|para\s+nada|negativo|nop)\b[\s,.:;!-]*(.*)$`,
  'is',
);

const YES = /^(yes+|yeah|yea|yep|yup|resolved|all\s+good|all\s+sorted|sorted|fixed)\b[\s,.:;!-]*(.*)$/is;
/** Spanish yeses that say it is done: "ya está", "ya se resolvió", "resuelto", "todo bien", "listo". */
const YES_ES = new RegExp(
  String.raw`^((?:ya\s+)?(?:esta|quedo|estuvo)\s+(?:todo\s+)?${RESOLVED_ES}` +
    String.raw`|ya\s+(?:esta|quedo|estuvo)` +
    // "ya me devolvieron el dinero": the yes is "ya", what was done the comment.
    String.raw`|ya(?=\s+(?:se\s+|lo\s+|me\s+lo\s+|me\s+)?(?:resolvio|soluciono|arreglo|resolvieron|solucionaron|arreglaron|devolvieron|reembolsaron|llego|recibi|funciona)\b)` +
    String.raw`|todo\s+(?:bien|en\s+orden|listo|perfecto|correcto|${RESOLVED_ES})` +
    String.raw`|${RESOLVED_ES}|listo|claro(?:\s+que\s+si)?|por\s+supuesto|sip)\b[\s,.:;!-]*(.*)$`,
  'is',
);
/**
 * One-word yeses that are other words too: Spanish "si" is also "if" ("si no llega mañana…"), "ya"
 * also "already" ("ya llamé tres veces"), "y" also "and" ("y el reembolso?"). Followed at once by
 * other words (no comma), they are a yes only if those words are among these.
 */
const BARE_YES = /^(si+|ya|y)\b([\s,.:;!-]*)(.*)$/is;
// prettier-ignore
const AFFIRMING = new Set([
  'si', 'ya', 'gracias', 'muchas', 'muchisimas', 'mil', 'esta', 'quedo', 'estuvo', 'todo', 'bien', 'resuelto', 'resuelta',
  'solucionado', 'solucionada', 'arreglado', 'arreglada', 'listo', 'claro', 'perfecto', 'excelente', 'correcto', 'exacto',
  'funciona', 'senor', 'senora', 'senorita',
  'thanks', 'thank', 'you', 'thx', 'ty', 'it', 'its', "it's", 'is', 'all', 'good', 'fixed', 'resolved', 'sorted', 'done',
  'great', 'perfect', 'now', 'that', 'thats', "that's", 'everything', 'works', 'working',
]);
/** Words after a yes that take it back: "yes but I was charged again". */
const CONTRAST = /n't\b|\b(but|however|except|although|though|still|not)\b/i;
/** Their Spanish counterparts (none is an English word): "sí pero…", "ya casi", "todavía…", "sigue…". */
const CONTRAST_ES = /\b(pero|sin\s+embargo|aunque|todavia|aun|sigue|siguen|sigo|excepto|salvo|falta|faltan|casi|mero)\b/i;
/** After a Spanish yes, a negation takes it back as "not" does in English ("sí, no me han devuelto nada"); politeness does not. */
const NEGATION_ES = /\b(no|nunca|nadie|tampoco|ni)\b/i;
const POLITE_NO = /\bno\s+(hay\s+(problema|cuidado)|se\s+preocupen?|te\s+preocupes|pasa\s+nada|problem|worries)\b/gi;

/** A rating in so many words anywhere ("5/5", "4 out of 5", "5 stars", "5 de 5", "5 estrellas"), or a digit 1-5 at the end. */
const OUT_OF = String.raw`(?:\/\s*5|out\s+of\s+5|(?:de|sobre)\s+5(?:\s+estrellas?)?|stars?|estrellas?)`;
const RATING = [new RegExp(String.raw`(?<![\w.$])([1-5])\s*${OUT_OF}(?![\w])`, 'i'), /(?<![\w.$/:-])([1-5])[\s.!)]*$/];
const ONLY_RATING = new RegExp(String.raw`^([1-5])(?:\s*${OUT_OF})?[.!]*$`, 'i');

const AUTHORITY =
  /\b(manager|supervisor|boss|someone\s+in\s+charge|somebody\s+in\s+charge|person\s+in\s+charge|someone\s+senior|higher\s+up|gerente|supervisora|encargad[oa]|jefe|jefa|alguien\s+(a\s+cargo|con\s+autoridad)|persona\s+a\s+cargo|(un|su|al)\s+superior)\b/i;
/** Asking for them, not mentioning one ("my manager said...", "mi jefe dijo..."). */
const ASKING =
  /\b(speak|talk|want|need|get|give|put|connect|transfer|escalate|see|call|let\s+me|can\s+i|could\s+i|may\s+i|i'?d\s+like|i\s+would\s+like|please|hablar|quiero|quisiera|necesito|deseo|exijo|pasame|paseme|pasenme|comuniqueme|comunicame|comunicarme|comuniquenme|llame|llamen|puedo|podria|me\s+gustaria|por\s+favor|porfa)\b/i;
const JUST_ASKING = [
  /^(a\s+|the\s+|your\s+)?(manager|supervisor|boss|someone\s+in\s+charge|somebody\s+in\s+charge|person\s+in\s+charge|someone\s+senior)(\s+(please|pls|now))?[\s.!]*$/i,
  /^(con\s+)?(el\s+|la\s+|un\s+|una\s+|su\s+|al\s+)?(gerente|supervisora?|encargad[oa]|jefe|jefa)(\s+(por\s+favor|porfa|ya|ahora))?[\s.!]*$/i,
];

/** Trims spaces and punctuation around a comment; nothing left is no comment. */
const tidy = (s: string) => s.replace(/^[\s,.:;!-]+|[\s,.:;-]+$/g, '').trim();

/** Accents dropped letter by letter (SÍ is SI, "todavía" `todavia`), so a match falls at the same place in the text as typed. */
const fold = (s: string) =>
  [...s]
    .map((ch) => {
      const bare = ch.normalize('NFD').replace(/\p{M}+/gu, '');
      return bare.length === ch.length ? bare : ch;
    })
    .join('');

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

const RATINGS = new RegExp(RATING[0]!.source, 'gi');
/** "si gracias 5", "ya todo bien", "sí 5 de 5 excelente": a rating first, or words up to the first punctuation that only affirm. */
function affirming(rest: string): boolean {
  if (RATING[0]!.exec(rest)?.index === 0) return true;
  const head = (rest.split(/[,:;!?¿¡]|\.(?!\d)/)[0] ?? '').replace(RATINGS, ' ');
  return head
    .toLowerCase()
    .split(' ')
    .filter(Boolean)
    .every((w) => AFFIRMING.has(w) || /^[1-5]\)?$/.test(w));
}

/** The yes a text starts with, and what follows it (as typed); undefined when it starts with none. */
function yesAt(text: string, folded: string): { rest: string; spanish: boolean } | undefined {
  const restOf = (m: RegExpExecArray) => text.slice(folded.length - (m.at(-1) ?? '').length);
  const es = YES_ES.exec(folded);
  if (es) return { rest: restOf(es), spanish: true };
  const bare = BARE_YES.exec(folded);
  if (bare) {
    const rest = restOf(bare);
    const apart = /[,.:;!-]/.test(bare[2] ?? '');
    if (rest && !apart && !affirming(fold(rest))) return undefined;
    return { rest, spanish: bare[1]!.toLowerCase() !== 'y' };
  }
  const en = YES.exec(folded);
  return en ? { rest: restOf(en), spanish: false } : undefined;
}

export function readReply(body: string): ReadReply {
  // Phones send curly apostrophes, runs of spaces and accents typed as two characters; none changes what was meant.
  const typed = body
    .normalize('NFC')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
  // A short question is not an answer: "no?", "resolved?" or "¿sí?" is asked back, not acted on. A
  // longer one carries its answer ("No, why was I charged again?").
  const question = (typed.endsWith('?') || typed.startsWith('¿')) && typed.split(' ').length <= 3;
  const text = typed.replace(/^[¡¿\s]+/, '');
  const folded = fold(text);
  const only = ONLY_RATING.exec(text);
  if (only) return { kind: 'rating', rating: Number(only[1]) };
  const no = NO_ES.exec(folded) ?? NO.exec(folded);
  if (no && !question && !NOT_NO.some((p) => p.test(folded))) {
    const words = text.slice(folded.length - (no[2] ?? '').length).trim();
    return { kind: 'no', ...(words ? { words } : {}) };
  }
  if (AUTHORITY.test(folded) && (ASKING.test(folded) || JUST_ASKING.some((p) => p.test(folded)))) return { kind: 'manager' };
  const found = question ? undefined : yesAt(text, folded);
  if (!found) return { kind: 'other' };
  const after = fold(found.rest);
  if (CONTRAST.test(after) || CONTRAST_ES.test(after)) return { kind: 'other' };
  if (found.spanish && NEGATION_ES.test(after.replace(POLITE_NO, ' '))) return { kind: 'other' };
  return yes(found.rest);
}
