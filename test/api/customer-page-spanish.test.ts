/**
 * The customer's pages in Spanish, through the real API, worker, Temporal, Postgres and the SMTP
 * stand-in: a commitment made with `customer.locale: 'es-US'` gets its own page (/p/{token}, from
 * the recap email) and its answer page (/c/{token}, from the satisfaction email) in Spanish, with
 * `<html lang="es-US">`, times in the customer's zone and words, and every form answered in
 * Spanish. A link whose commitment cannot be found stays English.
 */
import { describe, expect, it } from 'vitest';
import { pageToken, signLink } from '../../src/links';
import { useBrowser, seriousViolations } from '../support/browser';
import { commitmentBody, LINK_SECRET, SUPERVISOR_KEY, useHarness } from '../support/harness';

const h = useHarness();
const browser = useBrowser();
const DANA_EMAIL = 'dana@support.example';
const SAM_EMAIL = 'sam@support.example';

/** Words of the English pages that must not show on a Spanish one. */
const ENGLISH = [
  'Your callback',
  'What</dt>',
  'Who</dt>',
  'By</dt>',
  'Pick another time',
  'I still need help',
  'Move my callback',
  'Send to',
  'Where it stands',
  'today',
  'tomorrow',
  ' AM ',
  ' PM ',
  'Thank you',
  'resolved',
];
const expectNoEnglish = (html: string) => expect(ENGLISH.filter((w) => html.includes(w))).toEqual([]);
/** A whole time with its article, in the customer's zone: "las 4:30 p.m. CST hoy", "la 1:00 p.m. CDT mañana (martes, 8 de dic)". */
const SPANISH_TIME = String.raw`las? \d{1,2}:\d{2} [ap]\.m\. C[SD]T (hoy|mañana \(|el )`;

let n = 0;
async function create(overrides: Record<string, unknown> = {}) {
  n += 1;
  const customer = { name: `Lucía ${n} Gómez`, email: `lucia${n}@example.com`, timezone: 'America/Chicago', locale: 'es-US' };
  const res = await h.api('POST', '/v1/commitments', { body: commitmentBody({ customer, dueIn: 'PT3H', ...overrides }) });
  expect(res.status).toBe(201);
  return { id: res.body.id as string, customer };
}
const form = (url: string, fields: Record<string, string>) =>
  fetch(url.startsWith('http') ? url : `${h.baseUrl}${url}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  });
const read = async (res: Response) => ({ status: res.status, html: await res.text() });

describe("the customer's pages in Spanish", () => {
  it('shows the promise in Spanish, in their time, and answers "elija otra hora" and "todavía necesito ayuda" in Spanish', async () => {
    const { id, customer } = await create();
    const recap = await h.smtp.waitForMail((m) => m.to.includes(customer.email) && m.text.includes('/p/'), 15_000);
    expect(recap.text).toContain('díganoslo aquí');
    const token = /https?:\/\/\S+\/p\/(\S+)/.exec(recap.text)![1]!;

    const page = await read(await fetch(`${h.baseUrl}/p/${token}`));
    expect(page.status).toBe(200);
    expect(page.html).toContain('<html lang="es-US">');
    expect(page.html).toContain('<title>Su llamada de Dana Reyes</title>');
    expect(page.html).toContain('<dt>Qué</dt><dd>Call you back about the duplicate charge</dd><dt>Quién</dt><dd>Dana Reyes</dd>');
    expect(page.html).toMatch(new RegExp(`<dt>Plazo</dt><dd>antes de ${SPANISH_TIME}`));
    expect(page.html).toContain('<h2>Elija otra hora</h2>');
    expect(page.html).toContain('La hora que mejor le convenga (en su hora local; puede cambiarla dos veces)');
    expect(page.html).toContain('<button type="submit">Cambiar la hora de mi llamada</button>');
    expect(page.html).toContain('<h2>Todavía necesito ayuda</h2>');
    expect(page.html).toContain('Cuéntele a Dana Reyes qué necesita (lo leerá antes de llamarle)');
    expect(page.html).toContain('<button type="submit">Enviar a Dana Reyes</button>');
    const labels = [...page.html.matchAll(/<optgroup label="([^"]+)"/g)].map((m) => m[1]!);
    expect(labels.length).toBeGreaterThan(1);
    for (const label of labels) expect(label).toMatch(/^(hoy|mañana \([a-záéíóúñ]+, \d{1,2} de [a-z]+\.?\)|el [a-záéíóúñ]+, \d{1,2} de [a-z]+\.?)$/);
    const times = [...page.html.matchAll(/<option value="[^"]+">([^<]+)<\/option>/g)].map((m) => m[1]!);
    for (const time of times) expect(time).toMatch(/^\d{1,2}:\d{2} [ap]\.m\. C[SD]T$/);
    expectNoEnglish(page.html);

    // Said in Spanish at phone width, and still readable by a screen reader in the page's language.
    const context = await browser().context({ width: 360, height: 740 });
    const tab = await context.newPage();
    await tab.goto(`${h.baseUrl}/p/${token}`);
    await expect.poll(() => tab.locator('h1').textContent()).toBe('Su llamada de Dana Reyes');
    expect(await tab.evaluate('document.documentElement.lang')).toBe('es-US');
    expect(await tab.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    expect(await seriousViolations(tab)).toEqual([]);
    await context.close();

    const empty = await read(await form(`/p/${token}/help`, { text: '   ' }));
    expect(empty.html).toContain('<p role="status"><strong>Por favor, escriba en pocas palabras qué necesita.</strong></p>');

    const offered = [...page.html.matchAll(/<option value="([^"]+)"/g)].map((m) => m[1]!);
    const refused = await read(await form(`/p/${token}/time`, { at: new Date(Date.parse(offered[0]!) + 7 * 60_000).toISOString() }));
    expect(refused.status).toBe(409);
    expect(refused.html).toContain('Esa hora ya no se puede elegir. Por favor, elija una de las horas de abajo.');
    expect(refused.html).toContain('<html lang="es-US">');

    const moved = await read(await form(`/p/${token}/time`, { at: offered[2]! }));
    expect(moved.status).toBe(200);
    expect(moved.html).toMatch(
      new RegExp(`<strong>Listo: Dana Reyes le responderá antes de ${SPANISH_TIME}[^<]*\\. Ya sabe que usted pidió el cambio\\.</strong>`),
    );
    expect(moved.html).toContain('puede cambiarla una vez más');
    expectNoEnglish(moved.html);
    const replay = await read(await form(`/p/${token}/time`, { at: offered[2]! }));
    expect(replay.html).toMatch(new RegExp(`<strong>Listo: Dana Reyes le responderá antes de ${SPANISH_TIME}[^<]*\\.</strong>`));
    expect((await h.api('GET', `/v1/commitments/${id}`)).body).toMatchObject({ dueAt: offered[2], facts: { customerMoves: 1 } });

    const help = await read(await form(`/p/${token}/help`, { text: 'El reembolso todavía aparece dos veces en mi tarjeta' }));
    expect(help.status).toBe(200);
    expect(help.html).toContain('<p role="status"><strong>Enviado. Dana Reyes lo leerá antes de comunicarse con usted.</strong></p>');
    expectNoEnglish(help.html);
    // The owner reads the customer's words as they wrote them.
    await h.smtp.waitForMail((m) => m.to.includes(DANA_EMAIL) && m.text.includes('El reembolso todavía aparece dos veces en mi tarjeta'), 15_000);
  });

  it('asks "¿Quedó todo resuelto?" in Spanish and answers a NO with words in Spanish', async () => {
    const { id, customer } = await create({ confirmAfter: 'PT1S', confirmWithin: 'PT60S', reopenWithin: 'PT4H' });
    expect((await h.api('POST', `/v1/commitments/${id}/fulfil`, { body: { resolution: 'Reembolsamos el cargo duplicado' } })).status).toBe(200);
    const ask = await h.smtp.waitForMail((m) => m.to.includes(customer.email) && m.subject.startsWith('¿Quedó todo resuelto?'), 15_000);
    const [yes, no] = ask.text.match(/http:\/\/127\.0\.0\.1:\d+\/c\/\S+/g) ?? [];
    expect(ask.text).toContain(`Sí, quedó resuelto: ${yes}`);

    // Done, in Spanish, on their own page; and no help form once it is closed.
    const token = pageToken(LINK_SECRET, id, Math.floor(Date.now() / 1000) + 3600);
    const done = await read(await fetch(`${h.baseUrl}/p/${token}`));
    expect(done.html).toContain('<dt>Cómo va</dt><dd>Listo.</dd>');
    expect(done.html).not.toContain('<form');
    const closed = await read(await form(`/p/${token}/help`, { text: 'Hola' }));
    expect(closed.status).toBe(409);
    expect(closed.html).toContain('Esta solicitud ya está cerrada. Si todavía necesita ayuda, responda a nuestro mensaje de texto.');

    const yesPage = await read(await fetch(yes!));
    expect(yesPage.status).toBe(200);
    expect(yesPage.html).toContain('<html lang="es-US">');
    expect(yesPage.html).toContain('<title>¿Quedó todo resuelto?</title>');
    expect(yesPage.html).toContain('<p>Nos alegra saberlo. ¿Cómo lo hicimos? (opcional)</p>');
    expect(yesPage.html).toContain('value="1"> 1 (mal)</label>');
    expect(yesPage.html).toContain('value="5"> 5 (excelente)</label>');
    expect(yesPage.html).toContain('<button type="submit">Sí, quedó resuelto</button>');
    expectNoEnglish(yesPage.html);

    const noPage = await read(await fetch(no!));
    expect(noPage.html).toContain('<title>Lamentamos que todavía no esté resuelto</title>');
    expect(noPage.html).toContain('<label for="text">¿Qué es lo que todavía no está bien? Un supervisor lo leerá antes de comunicarse con usted.</label>');
    expect(noPage.html).toContain('<button type="submit">No, todavía no está resuelto</button>');
    expectNoEnglish(noPage.html);
    expect((await h.api('GET', `/v1/commitments/${id}`)).body.status).toBe('fulfilled');

    const answer = await read(await form(no!, { text: 'Todavía me cobran dos veces, ¿qué pasó?' }));
    expect(answer.status).toBe(200);
    expect(answer.html).toContain('<html lang="es-US">');
    expect(answer.html).toContain('<title>Gracias</title>');
    expect(answer.html).toContain(
      '<p>Gracias por contárnoslo. Ahora se encarga un supervisor, que se comunicará con usted. No tendrá que explicarlo de nuevo.</p>',
    );
    const v = (await h.api('GET', `/v1/commitments/${id}`, { key: SUPERVISOR_KEY })).body;
    expect(v).toMatchObject({ status: 'open', owner: { id: 'sup-sam' }, facts: { satisfaction: { answer: 'no' } } });
    await h.smtp.waitForMail((m) => m.to.includes(SAM_EMAIL) && m.text.includes('Todavía me cobran dos veces, ¿qué pasó?'), 15_000);

    const again = await read(await form(no!, { text: 'otra vez' }));
    expect(again.status).toBe(409);
    expect(again.html).toContain('<title>Ya nos respondió</title>');
    expect(again.html).toContain('<p>Ya tenemos su respuesta a esta pregunta. Gracias.</p>');

    // A question no longer asked: the commitment's reason is in English, so the page says it in Spanish.
    const stale = signLink(LINK_SECRET, { c: id, a: 'yes', n: 1, exp: Math.floor(Date.now() / 1000) + 3600 });
    const late = await read(await form(`/c/${stale}`, {}));
    expect(late.status).toBe(409);
    expect(late.html).toContain('<title>No pudimos guardar su respuesta</title>');
    expect(late.html).toContain('<p>Esta pregunta ya está cerrada. Si algo sigue sin resolverse, llámenos y lo retomamos.</p>');
  });

  it('stays English for a link whose commitment cannot be found', async () => {
    const exp = Math.floor(Date.now() / 1000) + 3600;
    const unknown = await read(await fetch(`${h.baseUrl}/c/${signLink(LINK_SECRET, { c: 'cmt_0123456789abcdefghijklmn', a: 'yes', n: 0, exp })}`));
    expect(unknown.status).toBe(200);
    expect(unknown.html).toContain('<html lang="en-US">');
    expect(unknown.html).toContain('<title>Is it fully resolved?</title>');
    const gone = await read(await fetch(`${h.baseUrl}/p/${pageToken(LINK_SECRET, 'cmt_0123456789abcdefghijklmn', exp)}`));
    expect(gone.status).toBe(404);
    expect(gone.html).toContain('We cannot find this');
    const { id } = await create();
    const expired = await read(await fetch(`${h.baseUrl}/p/${pageToken(LINK_SECRET, id, exp - 7200)}`));
    expect(expired.status).toBe(410);
    expect(expired.html).toContain('This link has expired');
  });
});
