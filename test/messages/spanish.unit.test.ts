import { describe, expect, it } from 'vitest';
import { smsEncoding } from '../../src/messages/sms';
import { helpReply, optedOutReply, render, type MessageView } from '../../src/messages/templates';
import { clockTime, dayText, hourMinute, whenText, withArticle } from '../../src/messages/time';
import { BRAND, NOW, withChain } from '../support/message-view';

describe('clock times in Spanish', () => {
  const at = (iso: string) => new Date(iso);

  it('says "hoy", "mañana" with the weekday and date, or "el" and the weekday, with a.m./p.m.', () => {
    expect(whenText(at('2026-11-22T21:15:00Z'), 'America/Chicago', NOW, 'es-US')).toBe('3:15 p.m. CST hoy');
    expect(whenText(at('2026-11-23T15:00:00Z'), 'America/Chicago', NOW, 'es-US')).toBe('9:00 a.m. CST mañana (lunes, 23 de nov)');
    expect(whenText(at('2026-11-27T22:00:00Z'), 'America/New_York', NOW, 'es-US')).toBe('5:00 p.m. EST el viernes, 27 de nov');
    expect(dayText(at('2027-01-05T09:00:00Z'), 'America/Chicago', NOW, 'es-US')).toBe('el martes, 5 de ene de 2027');
    expect(clockTime(at('2026-11-22T21:15:00Z'), 'America/Chicago', 'es-US')).toBe('3:15 p.m. CST');
    expect(hourMinute(at('2026-11-22T15:05:00Z'), 'America/Chicago', 'es-US')).toBe('9:05 a.m.');
  });

  it('keeps the English words when no locale is given', () => {
    expect(whenText(at('2026-11-23T15:00:00Z'), 'America/Chicago', NOW)).toBe('9:00 AM CST tomorrow (Monday, Nov 23)');
    expect(withArticle('1:10 PM CST', at('2026-11-22T19:10:00Z'), 'America/Chicago')).toBe('1:10 PM CST');
  });

  it('puts the article a Spanish sentence needs before the hour: "la 1:10", "las 3:15"', () => {
    expect(withArticle('1:10 p.m. CST', at('2026-11-22T19:10:00Z'), 'America/Chicago', 'es-US')).toBe('la 1:10 p.m. CST');
    expect(withArticle('3:15 p.m. CST', at('2026-11-22T21:15:00Z'), 'America/Chicago', 'es-US')).toBe('las 3:15 p.m. CST');
  });
});

describe('a whole life in Spanish', () => {
  const maria: MessageView = {
    ...withChain({
      customer: { name: 'María José Núñez', phone: '+14155550123', email: 'maria@example.com', timezone: 'America/Chicago', locale: 'es-US' },
      summary: 'llamarle por el cargo duplicado',
    }),
    fulfilment: {
      resolution: 'Reembolsamos el cargo duplicado de $42.10',
      pending: 'Su banco lo mostrará en 3 a 5 días',
      nextContactAt: '2026-11-24T16:00:00Z',
    },
  };
  const later = new Date('2026-11-22T21:16:00Z');
  const life = {
    recap: render('customer_recap', maria, NOW, { brand: BRAND, ctx: { firstText: 'yes' } }),
    lapse: render('customer_escalated', maria, later, { brand: BRAND, ctx: { hearBy: '2026-11-22T21:46:00Z' } }),
    newOwner: render('customer_new_owner', { ...maria, owner: { id: 'sam', name: 'Sam Okafor' }, dueAt: '2026-11-22T23:00:00Z' }, later, { brand: BRAND }),
    fulfilled: render('fulfilment_recap', maria, later, { brand: BRAND }),
    ask: render('satisfaction_ask', maria, later, { brand: BRAND }),
  };

  it('recaps the promise with its owner, the time in Spanish and what happens if it slips', () => {
    expect(life.recap.subject).toBe('Dana Reyes le responderá antes de las 3:15 p.m. CST hoy');
    expect(life.recap.sms).toBe(
      'Acme Support: Hola Maria, Dana Reyes se encarga de esto: llamarle por el cargo duplicado. Antes de las 3:15 p.m. CST hoy. ' +
        'Si se retrasa, un supervisor lo asume y le avisamos. Puede responder aqui con sus preguntas. Responda STOP para no recibir mas mensajes.',
    );
    expect(life.recap.text).toContain('Hola, María:\n\nGracias por hablar con nosotros. Esto es lo que acordamos (ref. TICKET-4411):');
    expect(life.recap.text).toContain('  Plazo: antes de las 3:15 p.m. CST hoy');
    expect(life.recap.text.endsWith('No leemos las respuestas a este correo.\n\nSaludos,\nAcme Support')).toBe(true);
  });

  it('owns up to the missed deadline, names the supervisor and says by when', () => {
    expect(life.lapse.subject).toBe('Un supervisor se encarga ahora de su solicitud: le escribirá antes de las 3:46 p.m. CST hoy');
    expect(life.lapse.sms).toContain('no cumplimos el plazo de las 3:15 p.m. CST para: llamarle por el cargo duplicado. Lo sentimos.');
    expect(life.lapse.sms).toContain('Sam Okafor, de supervision, lo asume');
    expect(life.lapse.sms).toContain('Le contactara antes de las 3:46 p.m. CST hoy.');
    expect(life.lapse.text).toContain('Sam Okafor, de supervisión, se encarga ahora de su solicitud (ref. TICKET-4411)');
    expect(life.lapse.text).toContain('Se comunicará con usted antes de las 3:46 p.m. CST hoy.');
  });

  it('names the new owner and the new time', () => {
    expect(life.newOwner.sms).toContain('Sam Okafor se encarga ahora personalmente de "llamarle por el cargo duplicado"');
    expect(life.newOwner.sms).toContain('Tendra respuesta antes de las 5:00 p.m. CST hoy.');
    expect(life.newOwner.text).toContain('Tendrá respuesta antes de las 5:00 p.m. CST hoy.');
  });

  it('recaps what was done, what is pending and when we write next', () => {
    expect(life.fulfilled.subject).toBe('Listo: llamarle por el cargo duplicado');
    expect(life.fulfilled.sms).toContain(
      'Hola Maria, soy Dana Reyes. Listo: Reembolsamos el cargo duplicado de $42.10. Falta: Su banco lo mostrara en 3 a 5 dias.',
    );
    expect(life.fulfilled.sms).toContain('Le escribimos antes de las 10:00 a.m. CST el martes, 24 de nov.');
    expect(life.fulfilled.text).toContain('  Queda pendiente: Su banco lo mostrará en 3 a 5 días');
    expect(life.fulfilled.text).toContain('Después le preguntaremos si de verdad quedó resuelto.');
  });

  it('asks for SÍ or NO, by text and by email', () => {
    expect(life.ask.subject).toBe('¿Quedó todo resuelto? llamarle por el cargo duplicado');
    expect(life.ask.sms).toContain('Responda SI o NO.');
    expect(life.ask.text).toContain('  Sí, quedó resuelto: (responda SÍ a nuestro mensaje de texto)');
    expect(life.ask.text).toContain('  No, todavía no: (responda NO a nuestro mensaje de texto)');
  });

  it.each(Object.entries(life))('%s is Spanish throughout: no English words, GSM-7 within two segments', (_, m) => {
    for (const part of [m.subject, m.sms, m.text]) {
      expect(part).toMatch(/\b(Hola|antes|Responda|Listo|resuelto|supervisor|personalmente)\b/);
      expect(part).not.toMatch(/\b(Hi|by|today|tomorrow|Reply|you|your|the|We|will|Thanks|owns|done)\b/);
    }
    expect(smsEncoding(m.sms)).toMatchObject({ encoding: 'GSM-7' });
    expect(smsEncoding(m.sms).segments).toBeLessThanOrEqual(2);
  });
});

describe('keyword replies in Spanish', () => {
  it('answers HELP with the business, SÍ/NO, STOP or ALTO, START and a contact, in one GSM-7 text of at most two segments', () => {
    expect(helpReply('Acme Support', '+1 800 555 0100', 'es-US')).toBe(
      'Acme Support: mensajes sobre su solicitud. Responda SI o NO cuando le preguntemos si se resolvio, STOP o ALTO para dejar de recibir mensajes ' +
        '(le escribiremos por correo) y START para volver a recibirlos. Para ayuda, comuniquese con +1 800 555 0100.',
    );
    expect(helpReply('Acme Support', undefined, 'es-US')).toContain('Para ayuda, llamenos como lo hizo antes.');
    expect(smsEncoding(helpReply('Acme Customer Support Services', 'https://help.acme-support.example/contact', 'es-US'))).toMatchObject({
      encoding: 'GSM-7',
      segments: 2,
    });
  });

  it('confirms an opt-out and how to opt back in', () => {
    expect(optedOutReply('Acme Support', undefined, 'es-US')).toBe('Acme Support: ya no le enviaremos mas mensajes. Responda START para volver a recibirlos.');
    expect(optedOutReply(' ', 'José Núñez', 'es-US')).toBe(
      'Followthrough: ya no le enviaremos mas mensajes. Responda START para volver a recibirlos. José Nuñez tiene su mensaje.',
    );
  });

  it('keeps the English replies when no locale is given', () => {
    expect(optedOutReply('Acme Support')).toBe("Acme Support: you won't get more texts from us. Reply START to get them again.");
    expect(helpReply('Acme Support')).toContain('For help, call us as you did before.');
  });
});
