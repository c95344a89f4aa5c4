import { describe, expect, it } from 'vitest';
import { composeSms, free, name, shorten, smsEncoding, toGsm7 } from '../../src/messages/sms';

const a = (n: number) => 'a'.repeat(n);

describe('the SMS encoder', () => {
  it('fits 160 GSM-7 characters in one segment and splits the 161st into two parts of 153', () => {
    expect(smsEncoding(a(160))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(smsEncoding(a(161))).toEqual({ encoding: 'GSM-7', units: 161, segments: 2 });
    expect(smsEncoding(a(306)).segments).toBe(2);
    expect(smsEncoding(a(307)).segments).toBe(3);
  });

  it('counts an extension character such as { or € as two units', () => {
    expect(smsEncoding('{').units).toBe(2);
    expect(smsEncoding('€5').units).toBe(3);
    expect(smsEncoding(`${a(159)}{`)).toEqual({ encoding: 'GSM-7', units: 161, segments: 2 });
  });

  it('never splits an escape pair across two parts, so 306 units can need three', () => {
    expect(smsEncoding(`${a(152)}{${a(152)}`)).toEqual({ encoding: 'GSM-7', units: 306, segments: 3 });
  });

  it('keeps accented letters of the GSM-7 table (é, ü, ñ) in GSM-7', () => {
    expect(smsEncoding('José Müller, Peña').encoding).toBe('GSM-7');
  });

  it('switches the whole text to UCS-2 for one em dash, curly quote or emoji: 70, then 67 per part', () => {
    expect(smsEncoding('Done — thanks').encoding).toBe('UCS-2');
    expect(smsEncoding('It’s done').encoding).toBe('UCS-2');
    expect(smsEncoding(`${a(69)}—`)).toEqual({ encoding: 'UCS-2', units: 70, segments: 1 });
    expect(smsEncoding(`${a(70)}—`)).toEqual({ encoding: 'UCS-2', units: 71, segments: 2 });
    expect(smsEncoding(`${a(133)}—`).segments).toBe(2);
    expect(smsEncoding(`${a(134)}—`).segments).toBe(3);
    expect(smsEncoding('ok 👍').units).toBe(5); // an emoji is two UTF-16 units
  });
});

describe('making free text GSM-7', () => {
  it('straightens typographic quotes, dashes and ellipses as Twilio smart encoding does', () => {
    expect(toGsm7('“It’s fine” — really…')).toBe('"It\'s fine" - really...');
  });

  it('drops accents the GSM-7 table lacks, drops emoji, and marks letters it cannot show', () => {
    expect(toGsm7('Zoë Nguyễn')).toBe('Zoe Nguyen');
    expect(toGsm7('thanks 👍🏽!')).toBe('thanks !');
    expect(toGsm7('王芳')).toBe('??');
    expect(smsEncoding(toGsm7('Łukasz “Œuvre” 🇺🇸 — ça va')).encoding).toBe('GSM-7');
  });

  it('writes Spanish with only á, í, ó, ú (and capitals) losing their accent: é, ñ, ü, ¿ and ¡ are GSM-7', () => {
    expect(toGsm7('¡Sí! ¿Qué día? Mañana, miércoles. Güémez, ÁÍÓÚ ÉÑÜ')).toBe('¡Si! ¿Qué dia? Mañana, miércoles. Güémez, AIOU ÉÑÜ');
    expect(smsEncoding('¡Si! ¿Qué dia? Mañana, miércoles. Güémez, AIOU ÉÑÜ').encoding).toBe('GSM-7');
    expect(smsEncoding('sábado').encoding).toBe('UCS-2');
  });
});

describe('shortening free text', () => {
  it('leaves text that fits alone', () => {
    expect(shorten('the bank needs one more day', 27)).toBe('the bank needs one more day');
  });

  it('cuts at a word boundary and ends with "..."', () => {
    expect(shorten('the bank needs one more day', 20)).toBe('the bank needs...');
  });

  it('cuts inside one long word rather than losing most of it', () => {
    expect(shorten('https://console.example/c/cmt_0123456789', 20)).toBe('https://console.e...');
  });

  it('counts extension characters double when measuring the cut', () => {
    const cut = shorten('{{{{{{{{{{ tail', 10);
    expect(smsEncoding(cut).units).toBeLessThanOrEqual(10);
    expect(cut.endsWith('...')).toBe(true);
  });
});

describe('composing an SMS within a budget', () => {
  it('keeps the fixed words and short free text whole, and cuts only the long free text', () => {
    const { text, shortened } = composeSms(['Hi ', free('Maria'), ', about ', free('a'.repeat(50).replace(/a/g, 'word ')), ': done.'], 60);
    expect(shortened).toBe(true);
    expect(text.startsWith('Hi Maria, about word')).toBe(true);
    expect(text.endsWith('...: done.')).toBe(true);
    expect(smsEncoding(text).units).toBeLessThanOrEqual(60);
  });

  it('shortens a name by whole words, without "...", so it does not read as a typo', () => {
    expect(composeSms(['Ask ', name('Bartholomew Featherstonehaugh'), '.'], 20).text).toBe('Ask Bartholomew.');
    expect(composeSms(['Ask ', name('Bartholomew'), '.'], 12).text).toBe('Ask Bart...'); // one word too long: cut, and no fourth dot
  });

  it('makes free text one GSM-7 line and ends a sentence with a full stop', () => {
    expect(composeSms(['Why: ', free('Waiting on\nthe bank’s “statement”', true)], 100).text).toBe('Why: Waiting on the bank\'s "statement".');
    expect(composeSms(['Why: ', free('Is it done?', true)], 100).text).toBe('Why: Is it done?');
  });
});
