import { describe, expect, it } from 'vitest';
import { InvalidLinkError, pageToken, signLink, verifyLink, verifyPageToken } from '../src/links';

const SECRET = 'test-link-secret-of-enough-length';
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const ID = 'cmt_0123456789abcdefghijklmn';
const exp = Math.floor(Date.now() / 1000) + 3600;

/** The same signature spelled with its last character's lowest (spare) bit flipped: a decoder reads the same bytes. */
function spareBitTwin(token: string): string {
  const last = ALPHABET.indexOf(token.at(-1)!);
  return token.slice(0, -1) + ALPHABET[last ^ 1];
}

const reason = (f: () => unknown) => {
  try {
    f();
    return 'accepted';
  } catch (err) {
    return err instanceof InvalidLinkError ? err.reason : 'other error';
  }
};

describe('a signed link', () => {
  it('opens with the claims it was signed with, and not after it expires', () => {
    const token = signLink(SECRET, { c: ID, a: 'yes', n: 0, exp });
    expect(verifyLink(SECRET, token)).toEqual({ c: ID, a: 'yes', n: 0, exp });
    expect(reason(() => verifyLink(SECRET, token, (exp + 1) * 1000))).toBe('expired');
    expect(reason(() => verifyLink('another-secret-of-enough-length', token))).toBe('forged');
  });

  it('refuses a signature edited only in the spare bits of its last character, which decodes to the same bytes', () => {
    for (let n = 0; n < 50; n++) {
      const token = signLink(SECRET, { c: ID, a: n % 2 ? 'yes' : 'no', n, exp });
      const twin = spareBitTwin(token);
      expect(Buffer.from(twin.split('.')[1]!, 'base64url')).toEqual(Buffer.from(token.split('.')[1]!, 'base64url'));
      expect(reason(() => verifyLink(SECRET, twin))).toBe('forged');
    }
  });

  it('refuses a page token edited in its spare bits too, and opens the one it was given', () => {
    for (let n = 0; n < 50; n++) {
      const token = pageToken(SECRET, ID, exp + n);
      expect(verifyPageToken(SECRET, token)).toEqual({ c: ID, exp: exp + n });
      expect(reason(() => verifyPageToken(SECRET, spareBitTwin(token)))).toBe('forged');
    }
  });
});
