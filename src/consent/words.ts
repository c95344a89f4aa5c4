/**
 * The words a customer's text is read with for consent (opt-out, opt-in, help), one list per
 * language. A language is added by adding its list (docs/security.md, "Opt-outs in any wording").
 * Every list is searched whatever the commitment's language: a Spanish speaker may text ALTO to an
 * English-language commitment, and an opt-out must never be missed. Words are written as the
 * reader sees them: lower case, accents and apostrophes dropped ("más" is `mas`, "don't" `dont`).
 */

/**
 * How an opt-out keyword reads:
 * - `verb`: what follows decides ("stop texting me" opts out, "stop the refund" does not);
 * - `messages`: always about our messages ("unsubscribe", "opt out"), whatever follows;
 * - `weak`: as `verb`, but never a sure opt-out without texts named ("no more" alone is unsure);
 * - `alone`: counts only alone (with politeness) or aimed at texts, being an everyday word too
 *   (Spanish "alto" is also "high", "para" also "for").
 */
export type KeywordKind = 'verb' | 'messages' | 'weak' | 'alone';

export interface ConsentWords {
  optOut: Record<string, KeywordKind>;
  optIn: Record<string, KeywordKind>;
  help: string[];
  /** What a keyword can aim at that means our texts: "stop the *texts*", "unsubscribe *me*". */
  texting: string[];
  /** Words that, turned down, ask us to stop texting: "don't *text* me", "I don't want *texts*", "no me *envíen*". */
  textingVerbs: string[];
  /** Words after a turned-down texting verb that make it a complaint: "you never text me *back*". */
  replyBack: string[];
  /** Other ways of reaching the customer: an opt-out aimed at them is unsure (we only stop texts). */
  otherContact: string[];
  /** Politeness and emphasis: they never change what is asked ("please", "now", "thanks"). */
  filler: string[];
  /** The words of a request: "can you", "I want to", "how do I". */
  request: string[];
  /** Words between a keyword and what it aims at: "stop sending me *all these* texts". */
  between: string[];
  /** Verbs between a keyword and what it aims at ("stop *sending* me texts"), never after a negator ("not *getting* texts"). */
  leading: string[];
  /** Words that turn the keyword around ("don't stop the refund"); they apply to this language's words only. */
  negators: string[];
  /** A word right before a keyword that makes it a noun or a mere mention: "the end", "I'll cancel if…". */
  notARequestAfter: string[];
  /** Phrases read as one word, so the rules above see them: "opt me out" is `optout me`. */
  phrases: [string, string][];
  /** Whole phrases that ask to stop contact without a keyword; `unsure` ones may mean something else. */
  stopContact: Record<string, 'sure' | 'unsure'>;
}

// Word lists read as tables, several to a line.
// prettier-ignore
const english: ConsentWords = {
  optOut: {
    stop: 'verb', cancel: 'verb', end: 'verb', quit: 'verb', remove: 'verb',
    stopall: 'messages', unsubscribe: 'messages', unsub: 'messages', optout: 'messages', revoke: 'messages',
    nomore: 'weak',
  },
  optIn: { start: 'verb', unstop: 'messages' },
  help: ['help', 'info'],
  texting: [
    'text', 'texts', 'texting', 'txt', 'txts', 'txting', 'sms', 'msg', 'msgs', 'message', 'messages', 'messaging',
    'notification', 'notifications', 'alert', 'alerts', 'reminder', 'reminders', 'updates', 'contact', 'contacting',
    'consent', 'permission', 'spam', 'spamming', 'bothering', 'harassing', 'number', 'list',
  ],
  textingVerbs: [
    'text', 'texts', 'texting', 'txt', 'txts', 'message', 'messages', 'msg', 'msgs', 'sms', 'contact', 'contacting',
    'notifications', 'alerts', 'reminders', 'updates',
  ],
  replyBack: ['back'],
  otherContact: ['calls', 'calling', 'emails', 'emailing', 'email', 'phoning', 'ringing'],
  filler: [
    'please', 'pls', 'plz', 'plez', 'now', 'thanks', 'thank', 'thx', 'ty', 'you', 'u', 'ok', 'okay', 'k', 'just', 'already',
    'asap', 'immediately', 'right', 'away', 'hi', 'hey', 'hello', 'sorry', 'again', 'ever', 'anymore', 'seriously',
    'said', 'told', 'i', 'im', 'all', 'lol', 'omg', 'sir', 'maam', 'fucking', 'freaking', 'damn', 'effing', 'bloody',
  ],
  request: ['can', 'could', 'would', 'will', 'want', 'wanna', 'like', 'id', 'need', 'to', 'how', 'do', 'let', 'kindly', 'wish', 'me'],
  between: [
    'the', 'these', 'those', 'this', 'that', 'all', 'any', 'my', 'your', 'ur', 'our', 'of', 'from', 'with', 'more', 'me', 'us',
    'it', 'them', 'off', 'everything',
  ],
  leading: ['sending', 'send', 'getting', 'receiving'],
  negators: ['dont', 'never', 'not', 'didnt', 'doesnt', 'wont', 'cant', 'cannot', 'shouldnt', 'wouldnt', 'isnt', 'nolonger'],
  notARequestAfter: [
    'the', 'a', 'an', 'its', 'his', 'her', 'their', 'our', 'my', 'your', 'will', 'ill', 'gonna', 'might', 'may',
    'would', 'could', 'should', 'shall', 'did', 'does', 'until', 'till', 'til', 'by', 'wits',
  ],
  phrases: [
    ['opt out', 'optout'], ['opt me out', 'optout me'], ['un subscribe', 'unsubscribe'],
    ['do not', 'dont'], ['does not', 'doesnt'], ['will not', 'wont'], ['no more', 'nomore'], ['no longer', 'nolonger'],
    ['want to receive', 'want'], ['want to get', 'want'], ['e mail', 'email'], ['e mails', 'emails'],
    ['take me off', 'optout me'],
  ],
  stopContact: { 'leave me alone': 'sure', 'wrong number': 'unsure', 'not interested': 'unsure' },
};

const spanish: ConsentWords = {
  optOut: {
    parar: 'verb',
    pare: 'verb',
    paren: 'verb',
    detener: 'verb',
    cancelar: 'verb',
    cancela: 'verb',
    cancelen: 'verb',
    deja: 'verb',
    dejen: 'verb',
    dejar: 'verb',
    baja: 'messages',
    desuscribir: 'messages',
    desuscribirme: 'messages',
    alto: 'alone',
    para: 'alone',
    basta: 'alone',
    nomas: 'weak',
  },
  // START works in any language. ALTA is what BAJA undoes ("darme de alta"); it is also "high" or
  // "discharged", but an opt-in counts only when nothing else is said ("la factura es muy alta" is none).
  // "comenzar", "empezar", "iniciar" are not taken: nobody is told to send them, and texting again on a guess is worse than asking.
  optIn: { alta: 'messages' },
  help: ['ayuda', 'info'],
  texting: ['mensaje', 'mensajes', 'msj', 'msjs', 'texto', 'textos', 'sms', 'notificaciones', 'mensajitos'],
  textingVerbs: ['envien', 'manden', 'envies', 'mandes', 'escriban', 'escribas', 'contacten', 'mensajes', 'textos'],
  replyBack: [],
  otherContact: ['llamadas', 'llamen', 'llamar', 'llamarme', 'llamando', 'correo', 'correos'],
  filler: ['por', 'favor', 'porfa', 'porfavor', 'xfa', 'ya', 'gracias', 'ahora', 'hola', 'yo', 'ok'],
  request: ['quiero', 'quisiera', 'puede', 'pueden', 'puedes', 'puedo', 'como', 'dar', 'doy', 'dame', 'darme', 'denme', 'deseo', 'necesito', 'me'],
  between: ['el', 'la', 'los', 'las', 'un', 'una', 'de', 'a', 'al', 'del', 'mis', 'sus', 'tus', 'me', 'estos', 'estas', 'mas', 'con', 'todo', 'todos'],
  leading: ['mandar', 'enviar', 'recibir', 'mandando', 'enviando', 'mandarme', 'enviarme'],
  negators: ['no', 'nunca', 'ni'],
  notARequestAfter: ['muy', 'mas', 'tan', 'es', 'esta', 'el', 'la', 'lo', 'un', 'una', 'que'],
  // "no quiero recibir mensajes", "no quiero que me manden mensajes": what is turned down is the texts.
  phrases: [
    ['no mas', 'nomas'],
    ['quiero recibir', 'quiero'],
    ['deseo recibir', 'deseo'],
    ['quiero seguir recibiendo', 'quiero'],
    ['quiero que', 'quiero'],
    ['deseo que', 'deseo'],
  ],
  stopContact: { 'numero equivocado': 'unsure' },
};

export const CONSENT_WORDS: Record<string, ConsentWords> = { en: english, es: spanish };
