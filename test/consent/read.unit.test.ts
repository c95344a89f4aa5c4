import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONSENT_WORDS } from '../../src/consent/words';
import { isTwilioOptOutKeyword, readConsent, type ConsentReading } from '../../src/consent/read';

/** The table of replies in docs/security.md, "Opt-outs in any wording": the docs and the code cannot drift apart. */
function documentedReplies(): { reply: string; reading: string; why: string }[] {
  const doc = readFileSync(path.resolve(__dirname, '../../docs/security.md'), 'utf8');
  const section = doc.split(/^## /m).find((s) => s.startsWith('Opt-outs in any wording'));
  if (!section) throw new Error('docs/security.md has no "Opt-outs in any wording" section');
  return [...section.matchAll(/^\| `([^`]+)` \| ([^|]+?) \| ([^|]+?) \|$/gm)].map((m) => ({ reply: m[1]!, reading: m[2]!, why: m[3]! }));
}

const READINGS: Record<string, ConsentReading> = {
  'opt-out': { kind: 'opt-out', sure: true },
  'opt-out, owner told': { kind: 'opt-out', sure: false },
  'opt-in': { kind: 'opt-in' },
  'opt-in if opted out': { kind: 'opt-in', onlyIfOptedOut: true },
  help: { kind: 'help' },
  none: { kind: 'none' },
};

const rows = documentedReplies();

describe('the documented table of replies', () => {
  it('has at least 60 real-world replies, each way, with a reading this test knows', () => {
    expect(rows.length).toBeGreaterThanOrEqual(60);
    for (const reading of ['opt-out', 'opt-out, owner told', 'none']) {
      expect(rows.filter((r) => r.reading === reading).length, reading).toBeGreaterThanOrEqual(10);
    }
    expect(rows.filter((r) => !(r.reading in READINGS))).toEqual([]);
  });

  it.each(rows.map((r) => [r.reply, r.reading, r.why] as const))('reads "%s" as %s (%s)', (reply, reading) => {
    expect(readConsent(reply)).toEqual(READINGS[reading]);
  });
});

describe('reading a text for consent', () => {
  it("recognises each of the issue's wordings, and every keyword of every language alone, as a sure opt-out", () => {
    const issue = ['Stop.', 'STOP!', 'Stop please', 'stop texting me', 'opt out', 'OPT-OUT', 'optout', 'Revoke', 'Unsubscribe.', 'ＳＴＯＰ'];
    const lists = Object.values(CONSENT_WORDS).flatMap((w) => Object.entries(w.optOut));
    const keywords = lists.filter(([, kind]) => kind !== 'weak').map(([word]) => word);
    for (const text of [...issue, ...keywords, ...keywords.map((k) => `${k.toUpperCase()}!`)]) {
      expect(readConsent(text), text).toEqual({ kind: 'opt-out', sure: true });
    }
  });

  it('knows which texts Twilio itself acts on (exactly one of its keywords), so only the others get our confirmation', () => {
    for (const text of ['STOP', ' stop ', 'Unsubscribe', 'optout', 'REVOKE', 'end']) expect(isTwilioOptOutKeyword(text), text).toBe(true);
    for (const text of ['Stop.', 'STOP!', 'stop please', 'ＳＴＯＰ', 'opt out', 'OPT-OUT', 'alto']) {
      expect(isTwilioOptOutKeyword(text), text).toBe(false);
    }
  });

  it('reads a keyword with an unclear aim in a short text as an unsure opt-out, and in a longer one as part of the story', () => {
    expect(readConsent('ok Dana please just stop')).toEqual({ kind: 'opt-out', sure: false });
    expect(readConsent('the bank said the payment will go through today so this should stop')).toEqual({ kind: 'none' });
    // Alone in its own sentence it is a request, however long the rest.
    const long = 'The bank said the payment went through today and the refund is showing. STOP.';
    expect(readConsent(long)).toEqual({ kind: 'opt-out', sure: false });
  });

  it('turns a keyword around only with a negation of its own language', () => {
    expect(readConsent('no cancelar')).toEqual({ kind: 'none' });
    expect(readConsent('no stop')).toEqual({ kind: 'opt-out', sure: false });
    expect(readConsent("don't cancel")).toEqual({ kind: 'none' });
  });

  it('reads nothing into an empty text, emoji alone, or words that merely contain a keyword', () => {
    for (const text of ['', '   ', '🛑', '👍', 'nonstop', 'stopped', 'cancelled', 'weekend', 'the endless wait', 'unsubscribed?']) {
      expect(readConsent(text), text).toEqual({ kind: 'none' });
    }
  });

  it('never reads an inherited object property as a keyword', () => {
    expect(readConsent('constructor')).toEqual({ kind: 'none' });
    expect(readConsent('toString please')).toEqual({ kind: 'none' });
  });
});

/** Spanish replies (issue 23), beyond the documented table: each row names the behaviour it pins. */
describe('reading a Spanish text for consent', () => {
  const sure = { kind: 'opt-out', sure: true };
  const unsure = { kind: 'opt-out', sure: false };
  const none = { kind: 'none' };
  const optIn = { kind: 'opt-in' };
  const help = { kind: 'help' };

  it.each([
    // The issue's opt-outs, in every case.
    ['the keyword ALTO', 'ALTO', sure],
    ['the keyword PARAR', 'PARAR', sure],
    ['the keyword CANCELAR', 'CANCELAR', sure],
    ['the keyword BAJA', 'BAJA', sure],
    ['a keyword in lower case with punctuation', 'alto!', sure],
    ['texting turned down, "no longer"', 'ya no me envíen mensajes', sure],
    ['texting turned down, without accents', 'YA NO ME ENVIEN MENSAJES', sure],
    ['"no more messages", with politeness', 'no más mensajes por favor', sure],
    ['"unsubscribe us"', 'denme de baja', sure],
    ['"I want to unsubscribe"', 'quiero darme de baja', sure],
    ['"I no longer want to receive messages"', 'ya no quiero recibir mensajes', sure],
    ['"I do not want to keep receiving messages"', 'no quiero seguir recibiendo mensajes', sure],
    ['"I do not want you to send me messages"', 'no quiero que me manden mensajes', sure],
    ['"stop sending me messages", to several', 'dejen de enviarme mensajes', sure],
    ['the keyword PARE', 'PARE', sure],
    ['PARE aimed at our messages', 'pare de mandarme mensajes', sure],
    ['para with emphasis only', 'para ya', sure],
    ['"enough messages"', 'basta de mensajes', sure],
    ['"how do I unsubscribe?"', '¿Cómo me doy de baja?', sure],
    // Opt-outs the owner hears about.
    ['ALTO, asked', '¿Alto?', unsure],
    ['a NO before ALTO', 'No, alto', unsure],
    ['an opt-out with more to say', 'baja, el técnico nunca vino', unsure],
    ['"stop calling me": we stop only texts', 'dejen de llamarme', unsure],
    ['quieter hours, perhaps', 'no me manden más mensajes después de las 9', unsure],
    ['"wrong number"', 'número equivocado', unsure],
    // Not opt-outs: everyday words, politeness, answers.
    ['"no problem"', 'no hay problema', none],
    ['para as "for"', 'para mañana está bien', none],
    ['para as "for me"', 'para mí está bien', none],
    ['para in a question', '¿para cuándo llega?', none],
    ['"not at all"', 'para nada', none],
    ['alto as "high"', 'el cargo es muy alto', none],
    ['alto aimed at a charge', 'alto el cobro', none],
    ['PARE aimed at a charge', 'pare el cobro', none],
    ['a parcel turned down, not texts', 'no quiero recibir el paquete', none],
    ['an order not to be cancelled', 'no quiero que cancelen mi pedido', none],
    ['a refund asked for', 'quiero que me devuelvan el dinero', none],
    ['cancelling an appointment', 'cancelar la cita', none],
    // Answers reach the answer reader untouched.
    ['sí', 'sí', none],
    ['SÍ: not an opt-in, carriers opt back in on YES only', 'SÍ', none],
    ['a NO', 'no, todavía no', none],
    ['todavía no', 'todavía no', none],
    ['sí pero…', 'sí pero me cobraron otra vez', none],
    ['listo', 'listo', none],
    ['no sé', 'no sé', none],
    ['no, espere', 'no, espere', none],
    ['a request for a manager', 'quiero hablar con un supervisor', none],
    // Opt-in: ALTA, what BAJA undoes, with nothing else.
    ['ALTA', 'ALTA', optIn],
    ['ALTA with politeness', 'alta por favor', optIn],
    ['"sign me up"', 'dame de alta', optIn],
    ['"to sign me up"', 'darme de alta', optIn],
    ['alta as "high"', 'la factura está muy alta', none],
    ['alta as "discharged"', 'me dieron de alta ayer', none],
    ['comenzar is not a keyword', 'comenzar', none],
    // Help.
    ['AYUDA', 'AYUDA', help],
    ['ayuda with politeness', 'ayuda por favor', help],
    ['ayuda, asked', '¿ayuda?', help],
    ['info', 'info', help],
    ['help with a bill is for the owner', 'necesito ayuda con mi factura', none],
  ] as const)('reads %s ("%s")', (_, text, reading) => {
    expect(readConsent(text)).toEqual(reading);
  });
});
