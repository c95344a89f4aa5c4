/**
 * A Spanish-speaking customer's whole life against the real servers: every text and every email
 * they get is Spanish, every text GSM-7 within two segments, and their replies (SÍ, a rating,
 * ALTO) are understood and answered in Spanish.
 */
import { describe, expect, it } from 'vitest';
import { smsEncoding } from '../../src/messages/sms';
import { commitmentBody, eventually, LEAD_KEY, setTeamPolicy, SUPERVISOR_KEY, useHarness } from '../support/harness';

const h = useHarness();

const lead = { id: 'lead-ana', name: 'Ana Costa' };
const customer = { name: 'María Fernández', phone: '+14155550231', email: 'maria.fernandez@example.com', timezone: 'America/Chicago', locale: 'es-US' };

const view = async (id: string) => (await h.api('GET', `/v1/commitments/${id}`, { key: SUPERVISOR_KEY })).body;
const textsToHer = () => h.twilio.messages.filter((m) => m.to === customer.phone);
const mailsToHer = () => h.smtp.mails.filter((m) => m.to.includes(customer.email));

describe('a customer written to in Spanish', () => {
  it('gets the recap, the lapse notice, the new owner and the satisfaction check in Spanish, and is understood saying SÍ, 5 and ALTO', async () => {
    await setTeamPolicy(h.db.pool, [{ staff: lead.id, within: 60_000 }], 0);
    const res = await h.api('POST', '/v1/commitments', {
      body: commitmentBody({ customer, summary: 'Devolverle el cargo duplicado de $42.10', dueIn: 'PT1S', confirmAfter: 'PT1S', confirmWithin: 'PT1M' }),
    });
    expect(res.status).toBe(201);
    expect(res.body.customer).toMatchObject({ locale: 'es-US' });
    const id = res.body.id as string;

    // The recap, by text and by email.
    // In a text, the four accents GSM-7 lacks are dropped (María is Maria); emails keep them.
    const recap = await h.twilio.waitForMessage((m) => m.to === customer.phone && m.body.includes('se encarga de esto'), 15_000);
    expect(recap.body).toMatch(/^Followthrough: Hola Maria, Dana Reyes se encarga de esto: Devolverle el cargo duplicado de \$42\.10\. Antes de las? /);
    const recapMail = await h.smtp.waitForMail((m) => m.to.includes(customer.email) && m.subject.startsWith('Dana Reyes le responderá antes de'), 15_000);
    expect(recapMail.text).toMatch(/^Hola, María:/);

    // The deadline lapses: a supervisor owns it, and she hears so in Spanish.
    const lapse = await h.twilio.waitForMessage((m) => m.to === customer.phone && m.body.includes('no cumplimos el plazo'), 20_000);
    expect(lapse.body).toContain('Ana Costa');
    await h.smtp.waitForMail((m) => m.to.includes(customer.email) && m.subject.startsWith('Un supervisor se encarga ahora de su solicitud'), 15_000);

    // Ana acknowledges: the new owner, in Spanish.
    expect((await h.api('POST', `/v1/commitments/${id}/acknowledge`, { key: LEAD_KEY, body: { dueIn: 'PT2H' } })).status).toBe(200);
    await h.twilio.waitForMessage((m) => m.to === customer.phone && m.body.includes('Ana Costa se encarga ahora personalmente'), 15_000);

    // Done, then asked whether it is resolved; SÍ is a yes, 5 a rating, each thanked in Spanish.
    expect((await h.api('POST', `/v1/commitments/${id}/fulfil`, { key: LEAD_KEY, body: { resolution: 'Le devolvimos el cargo duplicado' } })).status).toBe(200);
    await h.twilio.waitForMessage((m) => m.to === customer.phone && m.body.includes('Responda SI o NO'), 20_000);
    const yes = await h.sms(customer.phone, 'Sí');
    expect(yes.status).toBe(200);
    await h.twilio.waitForMessage((m) => m.to === customer.phone && m.body.includes('Responda del 1 (mal) al 5 (excelente)'), 15_000);
    const rated = await h.sms(customer.phone, '5');
    expect(rated.reply).toContain('Gracias por su calificacion');
    const closed = await eventually(async () => {
      const v = await view(id);
      return v.facts.satisfaction?.rating === 5 ? v : undefined;
    });
    expect(closed).toMatchObject({ status: 'confirmed', facts: { satisfaction: { answer: 'yes', rating: 5 } } });

    // ALTO stops texts, confirmed in Spanish (Twilio confirms only its own English keywords).
    const alto = await h.sms(customer.phone, 'ALTO');
    expect(alto.reply).toContain('ya no le enviaremos mas mensajes');
    expect(alto.reply).toContain('Responda START');

    // Every text she got: Spanish, GSM-7, within two segments; every email Spanish, accents kept.
    const texts = textsToHer();
    expect(texts.length).toBeGreaterThanOrEqual(5);
    for (const t of texts) {
      expect(t.body).toMatch(/^Followthrough: (Hola|Gracias)/);
      expect(t.body).not.toMatch(/\b(Hi|Reply|Thanks)\b/);
      expect(smsEncoding(t.body)).toMatchObject({ encoding: 'GSM-7' });
      expect(smsEncoding(t.body).segments).toBeLessThanOrEqual(2);
    }
    const mails = mailsToHer();
    expect(mails.length).toBeGreaterThanOrEqual(4);
    for (const m of mails) {
      expect(m.text).toMatch(/^Hola, María:/);
      expect(m.text).not.toMatch(/\b(Hi|Thanks for)\b/);
    }
    expect(mails.some((m) => /[áéíóú]/.test(m.text))).toBe(true);
  });

  it('changes a customer to Spanish and to Texas after the call: later messages are Spanish, the timeline says who changed what', async () => {
    const phone = '+14155550233';
    const email = 'cambio@example.com';
    const made = await h.api('POST', '/v1/commitments', {
      body: commitmentBody({ customer: { name: 'Lucía Ramos', phone, email, timezone: 'America/Chicago' }, dueIn: 'PT4H' }),
    });
    expect(made.status).toBe(201);
    expect(made.body.customer).toMatchObject({ locale: 'en-US' });
    const id = made.body.id as string;
    await h.twilio.waitForMessage((m) => m.to === phone && m.body.includes('is handling this'), 15_000);

    const bad = await h.api('PATCH', `/v1/commitments/${id}/customer`, { body: { locale: 'fr-FR', region: 'TX' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/locale', '/region']);
    expect(bad.body.errors.find((e: { pointer: string }) => e.pointer === '/locale').detail).toContain('en-US, es-US');

    const changed = await h.api('PATCH', `/v1/commitments/${id}/customer`, { body: { locale: 'es-US', region: 'US-TX' } });
    expect(changed.status).toBe(200);
    expect(changed.body.customer).toMatchObject({ name: 'Lucía Ramos', phone, locale: 'es-US', region: 'US-TX', regionSource: 'given' });
    expect(changed.body.timeline.at(-1)).toMatchObject({
      type: 'customer_changed',
      detail: "Dana Reyes changed the customer's language to Spanish (es-US) and place to Texas (US-TX), whose texting hours now apply.",
    });
    // Said twice, it changes nothing.
    expect((await h.api('PATCH', `/v1/commitments/${id}/customer`, { body: { locale: 'es-US' } })).status).toBe(409);

    expect((await h.api('POST', `/v1/commitments/${id}/updates`, { body: { text: 'El banco aprobó el reembolso.' } })).status).toBe(200);
    await h.smtp.waitForMail((m) => m.to.includes(email) && m.text.startsWith('Hola, Lucía:') && m.text.includes('El banco aprobó el reembolso.'), 15_000);
    // The read model keeps the change, and still the contact as it was written.
    await eventually(async () => {
      const row = await h.db.pool.query<{ customer: Record<string, string> }>('SELECT customer FROM commitments WHERE id = $1', [id]);
      return row.rows[0]?.customer.locale === 'es-US' ? row.rows[0] : undefined;
    }).then((row) => expect(row.customer).toMatchObject({ name: 'Lucía Ramos', phone, region: 'US-TX', regionSource: 'given' }));
  });

  it('answers HELP in Spanish for a number whose customer is written to in Spanish', async () => {
    const phone = '+14155550232';
    const made = await h.api('POST', '/v1/commitments', { body: commitmentBody({ customer: { ...customer, phone, email: 'otra@example.com' } }) });
    expect(made.status).toBe(201);
    // As a customer would: after the recap reached them (by then the commitment is on record).
    await h.twilio.waitForMessage((m) => m.to === phone && m.body.includes('se encarga de esto'), 15_000);
    await eventually(async () => ((await h.db.pool.query('SELECT 1 FROM commitments WHERE id = $1', [made.body.id])).rowCount ? true : undefined));
    const help = await h.sms(phone, 'AYUDA');
    expect(help.reply).toContain('mensajes sobre su solicitud');
  });
});
