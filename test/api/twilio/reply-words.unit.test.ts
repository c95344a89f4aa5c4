import { describe, expect, it } from 'vitest';
import { readReply } from '../../../src/api/twilio/reply-words';

describe('reading a customer’s reply', () => {
  it.each([
    ['no problem', 'no problem, thanks'],
    ['no worries', 'No worries!'],
    ['no thanks', 'no thanks'],
    ['no thank you', 'No thank you, all fine'],
    ['not yet sure', 'not yet sure'],
    ['not sure', "I'm not sure"],
    ['a correction', 'nope I meant the other charge'],
    ['a correction, curly apostrophe', 'No wait, I’m checking'],
    ['a short question', 'no?'],
    ['thanks alone', 'Thanks!'],
    ['ok', 'ok'],
    ['a yes taken back', 'yes but I was charged again'],
    ['a yes with a negation', "yes, it isn't showing yet"],
  ])('does not read %s as an answer ("%s")', (_, text) => {
    expect(readReply(text)).toEqual({ kind: 'other' });
  });

  it.each([
    ['No', {}],
    ['n', {}],
    ['nope, still charged twice', { words: 'still charged twice' }],
    ['Not yet, the bank shows nothing', { words: 'the bank shows nothing' }],
    ['No, why was I charged again?', { words: 'why was I charged again?' }],
    ['No. I want to speak to a manager', { words: 'I want to speak to a manager' }],
  ])('reads "%s" as NO, keeping the words for the supervisor', (text, rest) => {
    expect(readReply(text)).toEqual({ kind: 'no', ...rest });
  });

  it.each([
    ['yes', {}],
    ['Y', {}],
    ['Yep!', {}],
    ['yesss', {}],
    ['resolved, thank you', { comment: 'thank you' }],
    ['yes, thanks, great job 5', { rating: 5, comment: 'thanks, great job' }],
    ['Yes 5/5 amazing', { rating: 5, comment: 'amazing' }],
    ['yes - 4 out of 5, quick work', { rating: 4, comment: 'quick work' }],
    ['yes it took 2 days', { comment: 'it took 2 days' }],
    ['Yes, $5 refunded', { comment: '$5 refunded' }],
  ])('reads "%s" as YES with its rating and comment', (text, rest) => {
    expect(readReply(text)).toEqual({ kind: 'yes', ...rest });
  });

  it.each([
    ['4', 4],
    ['5/5', 5],
    ['3 stars', 3],
    ['1.', 1],
  ])('reads "%s" alone as a rating', (text, rating) => {
    expect(readReply(text)).toEqual({ kind: 'rating', rating });
  });

  it.each([
    'can I speak to your manager',
    'I want a supervisor',
    'someone in charge',
    'Manager please',
    'Is there a supervisor I can talk to?',
    'yes, but I would like to talk to your boss',
  ])('reads "%s" as a request for a manager', (text) => {
    expect(readReply(text)).toEqual({ kind: 'manager' });
  });

  it('does not read a mention of someone’s manager as a request for ours', () => {
    expect(readReply('My manager said to check the invoice')).toEqual({ kind: 'other' });
  });

  it('does not read 6 or 10 as a rating', () => {
    expect(readReply('6')).toEqual({ kind: 'other' });
    expect(readReply('yes 10')).toEqual({ kind: 'yes', comment: '10' });
  });
});

/**
 * Spanish replies, read by the same reader (it is not told the customer's language). Each row names
 * the behaviour it pins; accents and case never matter.
 */
describe('reading a customer’s reply in Spanish', () => {
  const yes = (rest: { rating?: number; comment?: string } = {}) => ({ kind: 'yes', ...rest });
  const no = (words?: string) => ({ kind: 'no', ...(words ? { words } : {}) });
  const other = { kind: 'other' };
  const manager = { kind: 'manager' };
  const rating = (r: number) => ({ kind: 'rating', rating: r });

  it.each([
    // YES: sí in every spelling, with a rating and a comment as in English.
    ['sí alone', 'sí', yes()],
    ['SÍ in capitals', 'SÍ', yes()],
    ['SI without its accent', 'SI', yes()],
    ['Sí capitalised', 'Sí', yes()],
    ['si without its accent', 'si', yes()],
    ['sí held down', 'Siii', yes()],
    ['sí with inverted exclamation marks', '¡Sí!', yes()],
    ['sí with a comment', 'si, ya está resuelto', yes({ comment: 'ya está resuelto' })],
    ['sí with a comment and a rating', 'sí, gracias 5', yes({ rating: 5, comment: 'gracias' })],
    ['sí with thanks and a rating, no comma', 'Sí gracias 5', yes({ rating: 5, comment: 'gracias' })],
    ['sí with "de 5"', 'sí 5 de 5 excelente servicio', yes({ rating: 5, comment: 'excelente servicio' })],
    ['sí with stars', 'Sí, muy amables, 4 estrellas', yes({ rating: 4, comment: 'muy amables' })],
    ['sí and only affirming words', 'si ya está resuelto', yes({ comment: 'ya está resuelto' })],
    ['claro que sí', 'claro que sí', yes()],
    // YES without sí, where it cannot mean anything else.
    ['ya está', 'ya está', yes()],
    ['ya quedó, with thanks', 'Ya quedó, gracias', yes({ comment: 'gracias' })],
    ['ya está resuelto', 'Ya está resuelto', yes()],
    ['ya se resolvió', 'ya se resolvió', yes({ comment: 'se resolvió' })],
    ['ya with what was done', 'ya me devolvieron el dinero, 5 estrellas', yes({ rating: 5, comment: 'me devolvieron el dinero' })],
    ['resuelto', 'resuelto', yes()],
    ['resuelto with thanks and a rating', 'Resuelto, gracias 4', yes({ rating: 4, comment: 'gracias' })],
    ['solucionado', 'Solucionado!', yes()],
    ['todo bien', 'todo bien', yes()],
    ['todo bien without accents or case', 'TODO BIEN', yes()],
    ['listo', 'listo', yes()],
    ['listo with thanks', 'Listo, gracias', yes({ comment: 'gracias' })],
    // NO.
    ['no in capitals', 'NO', no()],
    ['no, todavía no', 'no, todavía no', no('todavía no')],
    ['todavía no', 'todavía no', no()],
    ['todavia no without its accent', 'TODAVIA NO', no()],
    ['aún no', 'aún no', no()],
    ['aún no with the words kept', 'Aún no, el banco no muestra nada', no('el banco no muestra nada')],
    ['no está resuelto', 'no está resuelto', no()],
    ['no se ha resuelto', 'No se ha resuelto', no()],
    ['sigue igual', 'sigue igual', no()],
    ['sigue igual with the words kept', 'Sigue igual, me cobraron otra vez', no('me cobraron otra vez')],
    ['no with a question for the supervisor', 'No, ¿por qué me cobraron otra vez?', no('¿por qué me cobraron otra vez?')],
    ['todavía estoy esperando', 'todavía estoy esperando', no()],
    ['para nada', 'para nada', no()],
    // Not a NO: politeness, doubt, a correction.
    ['no hay problema', 'no hay problema', other],
    ['no se preocupe', 'No se preocupe', other],
    ['no pasa nada', 'no pasa nada', other],
    ['no, gracias', 'no, gracias', other],
    ['no sé', 'no sé', other],
    ['no se, without its accent', 'no se', other],
    ['todavía no sé', 'todavía no sé', other],
    ['no estoy seguro', 'no estoy seguro', other],
    ['no estoy segura', 'No estoy segura', other],
    ['no, espere', 'no, espere', other],
    ['a correction', 'no, perdón, quise decir el otro cargo', other],
    // Not a YES: a yes taken back (the CONTRAST rule), or not a yes at all.
    ['sí pero', 'sí pero me cobraron otra vez', other],
    ['sí, pero', 'Sí, pero me cobraron otra vez', other],
    ['sí, sin embargo', 'sí, sin embargo falta el reembolso', other],
    ['sí aunque', 'sí aunque tardaron mucho', other],
    ['sí, todavía', 'sí, todavía me cobran', other],
    ['sí with a negation', 'sí, no me han devuelto nada', other],
    ['ya casi (almost)', 'ya casi', other],
    ['ya mero (almost)', 'ya mero', other],
    ['ya no (no longer)', 'ya no funciona', other],
    ['ya as "already"', 'ya llamé tres veces', other],
    ['ya as "already", with a number', 'ya 3 semanas esperando', other],
    ['si as "if"', 'si no llega mañana los llamo', other],
    ['si as "if", a condition', 'si me devuelven el dinero', other],
    ['si as "if", with todo', 'si todo sale bien', other],
    ['y as "and"', 'y cuándo me devuelven el dinero', other],
    ['claro que no', 'claro que no', other],
    ['sin problema is not sí', 'sin problema', other],
    // A short question is asked back.
    ['¿sí?', '¿sí?', other],
    ['¿no?', '¿no?', other],
    ['sí?', 'sí?', other],
    ['¿Ya está resuelto?', '¿Ya está resuelto?', other],
    ['¿todo bien?', '¿todo bien?', other],
    ['a Spanish question without its closing mark', '¿listo', other],
    // A rating alone.
    ['a bare 5', '5', rating(5)],
    ['5 estrellas', '5 estrellas', rating(5)],
    ['5 de 5', '5 de 5', rating(5)],
    ['4 de 5 estrellas', '4 de 5 estrellas', rating(4)],
    ['1 estrella', '1 estrella', rating(1)],
    // A manager, asked for; not one mentioned.
    ['quiero hablar con un supervisor', 'quiero hablar con un supervisor', manager],
    ['con el gerente', 'con el gerente', manager],
    ['un encargado por favor', 'un encargado por favor', manager],
    ['gerente alone', 'Gerente', manager],
    ['a supervisora', 'Quisiera hablar con la supervisora', manager],
    ['páseme con su jefe', 'páseme con su jefe', manager],
    ['sí, but a manager', 'sí, pero quiero hablar con el gerente', manager],
    ['no, then a manager: the words go with the NO', 'No, quiero hablar con el gerente', no('quiero hablar con el gerente')],
    ['a mention of their own boss', 'mi jefe dijo que revisara la factura', other],
  ] as const)('reads %s ("%s")', (_, text, expected) => {
    expect(readReply(text)).toEqual(expected);
  });

  it('does not mind accents or case: SI is SÍ, TODAVIA NO is todavía no', () => {
    for (const [a, b] of [
      ['SI', 'sí'],
      ['si, gracias 5', 'SÍ, GRACIAS 5'],
      ['todavia no', 'TODAVÍA NO'],
      ['aun no', 'aún no'],
      ['no se preocupe', 'NO SE PREOCUPE'],
      ['ya esta', 'YA ESTÁ'],
      ['si\u0301', 'sí'],
    ]) {
      expect(readReply(a!).kind, `${a} / ${b}`).toBe(readReply(b!).kind);
    }
  });

  it('keeps the comment as typed, accents and all', () => {
    expect(readReply('Sí, muchas gracias, el técnico fue amabilísimo')).toEqual({ kind: 'yes', comment: 'muchas gracias, el técnico fue amabilísimo' });
  });
});
