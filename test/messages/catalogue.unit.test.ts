import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { CATALOGUES, type MessageKey } from '../../src/messages/catalogue';
import { enUS } from '../../src/messages/catalogue/en-US';
import { CUSTOMER_PURPOSES } from '../../src/messages/templates';
import { CUSTOMER_LOCALES } from '../../src/shared/locale';

/** Plural categories a language has (Spanish "many", English not); only exact `=n` cases must match. */
const PLURAL_CATEGORIES = new Set(['zero', 'one', 'two', 'few', 'many', 'other']);

/**
 * What a message needs and offers, independent of its words: each argument with its kind, and for a
 * `select` its options (for a `plural`, its exact `=n` cases), wherever they sit in the message.
 */
function placeholders(message: string): string[] {
  const found = new Set<string>();
  const walk = (elements: MessageFormatElement[]) => {
    for (const el of elements) {
      if (el.type === TYPE.argument) found.add(`{${el.value}}`);
      else if (el.type === TYPE.number || el.type === TYPE.date || el.type === TYPE.time) found.add(`{${el.value}, ${TYPE[el.type]}}`);
      else if (el.type === TYPE.select || el.type === TYPE.plural) {
        const kind = el.type === TYPE.select ? 'select' : 'plural';
        const cases = Object.keys(el.options).filter((k) => kind === 'select' || !PLURAL_CATEGORIES.has(k));
        found.add(`{${el.value}, ${kind}, ${cases.sort().join(' ')}}`);
        for (const option of Object.values(el.options)) walk(option.value);
      } else if (el.type === TYPE.tag) {
        found.add(`<${el.value}>`);
        walk(el.children);
      }
    }
  };
  walk(parse(message, { ignoreTag: true }));
  return [...found].sort();
}

const KEYS = Object.keys(enUS).sort() as MessageKey[];

describe('the message catalogues', () => {
  it.each(CUSTOMER_LOCALES)('%s has exactly the keys of the English catalogue', (locale) => {
    expect(Object.keys(CATALOGUES[locale]).sort()).toEqual(KEYS);
  });

  it('covers the subject, SMS and email of every customer purpose, and the shared frames', () => {
    for (const purpose of CUSTOMER_PURPOSES) for (const part of ['subject', 'sms', 'email']) expect(KEYS).toContain(`${purpose}.${part}`);
    for (const key of ['frame.greeting', 'frame.reach', 'frame.stop', 'frame.signOff', 'reply.help', 'reply.optedOut']) expect(KEYS).toContain(key);
  });

  describe.each(CUSTOMER_LOCALES.filter((l) => l !== 'en-US'))('%s against en-US', (locale) => {
    it.each(KEYS)('%s: the same arguments, select options and plural cases', (key) => {
      expect(placeholders(CATALOGUES[locale][key])).toEqual(placeholders(enUS[key]));
    });

    it('translates every message rather than copying the English', () => {
      expect(KEYS.filter((key) => CATALOGUES[locale][key] === enUS[key])).toEqual([]);
    });
  });

  it('tells when two messages differ in arguments or options', () => {
    expect(placeholders('Hi {first}, {hasLead, select, yes {{lead} has it} other {we have it}}')).toEqual([
      '{first}',
      '{hasLead, select, other yes}',
      '{lead}',
    ]);
    expect(placeholders('Hola {first}, {hasLead, select, yes {{lider} lo tiene} other {lo tenemos}}')).not.toEqual(
      placeholders('Hi {first}, {hasLead, select, yes {{lead} has it} other {we have it}}'),
    );
    expect(placeholders('{n, select, a {x} other {y}}')).not.toEqual(placeholders('{n, select, a {x} b {z} other {y}}'));
    expect(placeholders('{n, plural, =0 {none} one {# try} other {# tries}}')).toEqual(
      placeholders('{n, plural, =0 {ninguno} one {# intento} many {# intentos} other {# intentos}}'),
    );
    expect(placeholders('{n, plural, one {# try} other {# tries}}')).not.toEqual(placeholders('{n, plural, =0 {ninguno} other {# intentos}}'));
  });

  it('reads an apostrophe as a letter, and < > as text', () => {
    expect(placeholders("We'll tell you <soon> {x}")).toEqual(['{x}']);
  });
});
