import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { smsEncoding, TWILIO_MAX_CHARS } from '../../src/messages/sms';
import {
  CUSTOMER_PURPOSES,
  ESCALATION_REASONS,
  render,
  STAFF_PURPOSES,
  type MessagePurpose,
  type MessageView,
  type StaffPurpose,
} from '../../src/messages/templates';
import { CUSTOMER_LOCALES, type CustomerLocale } from '../../src/shared/locale';
import { BRAND, commitment, LONGEST, NOW, prose } from '../support/message-view';

const LINK = 'https://console.acme-support.example/commitments/cmt_0123456789abcdefghijklmn';

const realistic: MessageView = {
  ...commitment({
    policy: {
      ...commitment().policy,
      escalation: { levels: [{ target: { kind: 'staff', staff: { id: 'sam', name: 'Sam Okafor' } }, ackWithinMs: 1_800_000 }], repeat: 1 },
    },
  }),
  fulfilment: {
    resolution: 'Refunded the $42.10 duplicate charge',
    pending: 'Your bank shows it in 3-5 days',
    nextContactAt: '2026-11-24T16:00:00Z',
    pendingUntil: '2026-11-27T16:00:00Z',
  },
};
const realisticCtx = {
  reason: 'the bank needs one more day to confirm the refund',
  previousOwner: 'Dana Reyes',
  hearBy: '2026-11-22T21:45:00Z',
  lead: 'Lee Park',
  until: '2026-11-24T15:00:00Z',
  text: 'The refund is approved and goes out tonight',
  yesUrl: `${LINK}/yes`,
  noUrl: `${LINK}/no`,
  // The customer's own page, as src/links.ts signs it: kept whole in a text.
  pageLink: 'https://console.acme-support.example/p/cmt_0123456789abcdefghijklmn.tr8mky.rNazJJtjwmLwzA-EAjSgCQ',
};

// A zone whose abbreviation is long ("GMT+5:30") and a deadline in another year: the longest clock times.
const staff = (id: string) => ({ id, name: LONGEST.staffName, email: LONGEST.email, phone: '+14155550199' });
const longest: MessageView = {
  ...commitment({
    customer: { name: LONGEST.name, phone: '+14155550123', email: LONGEST.email, timezone: 'Asia/Kolkata' },
    owner: staff('owner'),
    supervisor: staff('sup'),
    summary: LONGEST.summary,
    dueAt: '2027-11-24T16:00:00Z',
    externalRef: 'X'.repeat(100),
    policy: { ...commitment().policy, escalation: { levels: [{ target: { kind: 'staff', staff: staff('sup') }, ackWithinMs: 1_800_000 }], repeat: 1 } },
    facts: { extensionCount: 2, reopenCount: 1 },
    timeline: Array.from({ length: 500 }, (_, seq) => ({ seq, at: '2026-11-22T14:00:00.000Z', type: 'note' as const, detail: prose(300) })),
  }),
  fulfilment: { resolution: LONGEST.resolution, pending: prose(2000), nextContactAt: '2027-11-30T16:00:00Z', pendingUntil: '2027-11-29T16:00:00Z' },
};
const longestCtx = {
  reason: LONGEST.reason,
  previousOwner: LONGEST.staffName,
  hearBy: '2027-11-24T16:30:00Z',
  lead: LONGEST.staffName,
  until: '2027-11-30T16:00:00Z',
  text: LONGEST.progress,
  words: LONGEST.customerText,
  note: LONGEST.note,
  by: LONGEST.staffName,
  unreached: LONGEST.staffName,
  count: '12',
  purpose: 'satisfaction_reminder',
  closedAs: 'unconfirmed',
  ackBy: '2027-11-24T16:30:00Z',
  ackLink: `${LINK}/acknowledge`,
  link: LINK,
  yesUrl: `${LINK}/yes`,
  noUrl: `${LINK}/no`,
  // The customer's own page, as src/links.ts signs it: kept whole in a text.
  pageLink: 'https://console.acme-support.example/p/cmt_0123456789abcdefghijklmn.tr8mky.rNazJJtjwmLwzA-EAjSgCQ',
};
// The longest business name we recommend for BRAND_NAME.
const LONG_BRAND = 'Acme Customer Support Services';

const cases = [
  { data: 'realistic', view: realistic, ctx: realisticCtx, brand: BRAND },
  { data: 'maximum-length', view: longest, ctx: longestCtx, brand: LONG_BRAND },
];

/** The same customer in each language: every customer message is written in the customer's locale. */
const inLocale = (view: MessageView, locale: CustomerLocale): MessageView => ({ ...view, customer: { ...view.customer, locale } });
const STOP_LINE: Record<CustomerLocale, string> = { 'en-US': ' Reply STOP to opt out.', 'es-US': ' Responda STOP para no recibir mas mensajes.' };
const EMAIL_NOT_READ: Record<CustomerLocale, string> = { 'en-US': 'Replies to this email are not read.', 'es-US': 'No leemos las respuestas a este correo.' };

describe.each(CUSTOMER_LOCALES)('customer texts in %s: GSM-7, at most two segments, the business named', (locale) => {
  for (const { data, view, ctx, brand } of cases) {
    for (const firstText of [false, true]) {
      it.each(CUSTOMER_PURPOSES)(`%s with ${data} data${firstText ? ', as the first text to the number' : ''}`, (purpose) => {
        const { sms } = render(purpose, inLocale(view, locale), NOW, { brand, ctx: { ...ctx, ...(firstText ? { firstText: 'yes' } : {}) } });
        expect(smsEncoding(sms)).toMatchObject({ encoding: 'GSM-7' });
        expect(smsEncoding(sms).segments).toBeLessThanOrEqual(2);
        expect(sms.startsWith(`${brand}: `)).toBe(true);
        expect(sms.endsWith(STOP_LINE[locale])).toBe(firstText);
        // Realistic data fits whole: the fixed words leave room for it, even beside the opt-out line.
        if (data === 'realistic') expect(sms).not.toContain('...');
      });
    }
  }

  it.each(CUSTOMER_PURPOSES)('%s stays within two GSM-7 segments whatever the free text holds (emoji, other scripts, 200-character names)', (purpose) => {
    const anyText = (maxLength: number) => fc.string({ unit: 'binary', maxLength });
    fc.assert(
      fc.property(anyText(200), anyText(200), anyText(500), anyText(1000), (name, owner, summary, words) => {
        const view = { ...longest, customer: { ...longest.customer, name: name || 'M', locale }, owner: { ...longest.owner, name: owner || 'D' }, summary };
        const { sms } = render(purpose, view, NOW, { brand: BRAND, ctx: { ...longestCtx, reason: words, text: words, lead: owner, firstText: 'yes' } });
        const encoded = smsEncoding(sms);
        return encoded.encoding === 'GSM-7' && encoded.segments <= 2 && sms.startsWith(`${BRAND}: `);
      }),
      { numRuns: 25 },
    );
  });

  it.each(CUSTOMER_PURPOSES)('%s never invites a reply to the email', (purpose) => {
    const { text } = render(purpose, inLocale(realistic, locale), NOW, { brand: BRAND, ctx: realisticCtx });
    expect(text.toLowerCase()).not.toMatch(/reply to this (message|email)|responda a este (mensaje|correo)/);
    expect(text).toContain(EMAIL_NOT_READ[locale]);
  });
});

describe('Spanish texts: GSM-7 by dropping only the accents GSM-7 lacks', () => {
  const spanish = inLocale(realistic, 'es-US');
  const cut = /[áíóúÁÍÓÚ]/;

  it.each(CUSTOMER_PURPOSES)('%s: no á, í, ó or ú in the SMS, every accent in the subject and email', (purpose) => {
    for (const { view, ctx, brand } of [
      { view: spanish, ctx: realisticCtx, brand: BRAND },
      { view: inLocale(longest, 'es-US'), ctx: longestCtx, brand: LONG_BRAND },
    ]) {
      const m = render(purpose, { ...view, customer: { ...view.customer, name: 'María Núñez' } }, NOW, { brand, ctx: { ...ctx, firstText: 'yes' } });
      expect(smsEncoding(m.sms).encoding).toBe('GSM-7');
      expect(m.sms).not.toMatch(cut);
      expect(m.sms).toMatch(/Maria/);
      expect(m.text).toMatch(/^Hola, María:/);
      // Every email asks for a call ("llámenos"): the catalogue’s accents survive there.
      expect(m.text).toMatch(cut);
    }
  });

  it('keeps é, ñ, ü, ¿ and ¡ in the SMS, which GSM-7 has', () => {
    const tomorrow = inLocale({ ...realistic, dueAt: '2026-11-23T16:00:00Z' }, 'es-US'); // Monday: "mañana (lunes, 23 de nov)"
    expect(render('customer_recap', tomorrow, NOW, { brand: BRAND }).sms).toContain('mañana (lunes, 23 de nov)');
    const ask = render('satisfaction_ask', spanish, NOW, { brand: BRAND });
    expect(ask.sms).toContain('¿ya esta resuelto por completo');
    expect(ask.sms).toContain('Responda SI o NO.');
    expect(ask.text).toContain('¿Quedó resuelto por completo?');
    const wednesday = render('customer_attempted', spanish, NOW, { brand: BRAND, ctx: { outcome: 'busy', retryBy: '2026-11-25T22:00:00Z' } });
    expect(wednesday.sms).toContain('el miércoles, 25 de nov');
    const saturday = render('customer_checkin', inLocale({ ...realistic, dueAt: '2026-11-28T16:00:00Z' }, 'es-US'), NOW, { brand: BRAND });
    expect(saturday.sms).toContain('el sabado, 28 de nov');
    expect(saturday.text).toContain('el sábado, 28 de nov');
    const words = render('customer_progress', spanish, NOW, { brand: BRAND, ctx: { text: '¡Listo! ¿Todo bien, Güémez? Sí, el señor Núñez ya pagó' } });
    expect(words.sms).toContain('¡Listo! ¿Todo bien, Güémez? Si, el señor Nuñez ya pago.');
    expect(words.text).toContain('¡Listo! ¿Todo bien, Güémez? Sí, el señor Núñez ya pagó');
  });
});

describe('staff texts: GSM-7 and never over Twilio’s 1,600 characters', () => {
  type Variant = { purpose: StaffPurpose; reason: string; attempts?: string };
  const variants = STAFF_PURPOSES.flatMap((purpose): Variant[] =>
    purpose === 'supervisor_alert'
      ? [...ESCALATION_REASONS.map((reason) => ({ purpose, reason })), { purpose, reason: 'lapsed', attempts: '10' }]
      : [{ purpose, reason: longestCtx.reason }],
  );

  it.each(variants)('$purpose ($reason, attempts $attempts) with maximum-length data', ({ purpose, reason, attempts }) => {
    const tried: Record<string, string> = attempts ? { attempts, lastAttemptAt: NOW.toISOString() } : {};
    const { sms } = render(purpose, longest, NOW, { recipient: { name: LONGEST.staffName }, brand: LONG_BRAND, ctx: { ...longestCtx, reason, ...tried } });
    expect(sms.length).toBeLessThanOrEqual(TWILIO_MAX_CHARS);
    expect(smsEncoding(sms).encoding).toBe('GSM-7');
    expect(sms).toContain(LINK);
  });
});

describe('long free text', () => {
  const cut = (purpose: MessagePurpose, whole: string, recipient = { name: 'Ana Costa', email: 'ana@support.example' }) => {
    const m = render(purpose, realistic, NOW, {
      brand: BRAND,
      recipient,
      ctx: { ...realisticCtx, reason: whole, text: whole, note: whole, previousOwner: 'Dana Reyes', link: LINK },
    });
    expect(m.sms).not.toContain(whole);
    expect(m.sms).toMatch(/[a-z]\.\.\./); // cut after a word, marked with "..."
    expect(m.text).toContain(whole);
    return m;
  };

  it('is shortened with "..." in a customer SMS and kept whole in the email', () => {
    cut('customer_progress', LONGEST.progress);
    cut('customer_extended', LONGEST.reason);
    cut('customer_paused', LONGEST.reason);
  });

  it('is shortened in a staff SMS, which then says where the full text is', () => {
    expect(cut('handoff', LONGEST.note).sms).toContain(`Full text in your email and at ${LINK}`);
    expect(cut('owner_customer_message', LONGEST.customerText, { name: 'Sam Okafor', email: '' }).sms).toContain(`Full text in the console and at ${LINK}`);
  });

  it('keeps a long resolution whole in the fulfilment email', () => {
    const m = render('fulfilment_recap', { ...realistic, fulfilment: { resolution: LONGEST.resolution } }, NOW, { brand: BRAND });
    expect(m.text).toContain(LONGEST.resolution);
    expect(m.sms).toContain('...');
    expect(smsEncoding(m.sms).segments).toBe(2);
  });
});
