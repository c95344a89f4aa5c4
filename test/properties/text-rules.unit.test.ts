/**
 * The text rules themselves, over random strings (src/api/text.ts): what a field takes is text
 * Postgres and a workflow can hold, and what is cleaned rather than refused (a customer's SMS)
 * always is, however it is cut afterwards.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanText, isStorableText, text } from '../../src/api/text';
import { nastyText } from '../support/arbitraries';

const wellFormed = (s: string) => !/\p{Cs}/u.test(s);

describe('the text rules', () => {
  it('accept a value exactly when, trimmed, it is 1 to max code points of storable text', () => {
    fc.assert(
      fc.property(nastyText, fc.boolean(), (value, multiline) => {
        const parsed = text(50, { multiline }).safeParse(value);
        const trimmed = value.trim();
        const ok = [...trimmed].length >= 1 && [...trimmed].length <= 50 && isStorableText(trimmed, multiline);
        expect(parsed.success).toBe(ok);
        if (parsed.success) expect(parsed.data).toBe(trimmed);
      }),
      { numRuns: 100 },
    );
  });

  it('clean what they must not refuse into storable text that no later cut at the limit can break', () => {
    fc.assert(
      fc.property(nastyText, fc.integer({ min: 1, max: 2000 }), (value, max) => {
        const cleaned = cleanText(value, max);
        expect(cleaned.length).toBeLessThanOrEqual(max);
        expect(isStorableText(cleaned, true)).toBe(true);
        expect(cleaned.slice(0, max)).toBe(cleaned);
        expect(wellFormed(cleaned)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});
