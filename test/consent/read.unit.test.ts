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
