import { createHash, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { COMMITMENT_ID, commitmentIdFromHex } from '../../../src/shared/contract/commitment-id';
import { safeNext } from '../../../src/console/paths';

describe('a commitment id', () => {
  it('is made from a UUID or a SHA-256 in the one form every reader accepts', () => {
    for (let i = 0; i < 200; i++) {
      expect(commitmentIdFromHex(randomUUID().replace(/-/g, ''))).toMatch(COMMITMENT_ID);
      expect(commitmentIdFromHex(createHash('sha256').update(`key-${i}`).digest('hex'))).toMatch(COMMITMENT_ID);
    }
  });

  it('is the same for the same hash (a retried create names the same workflow) and keeps leading zeros', () => {
    const hex = createHash('sha256').update('key_1:order-42').digest('hex');
    expect(commitmentIdFromHex(hex)).toBe(commitmentIdFromHex(hex));
    expect(commitmentIdFromHex('0'.repeat(31) + '1')).toBe(`cmt_${'0'.repeat(23)}1`);
  });

  it('is what the console lets a sign-in lead to, and nothing of another form', () => {
    const id = commitmentIdFromHex(randomUUID().replace(/-/g, ''));
    expect(safeNext(`/commitments/${id}`)).toBe(`/commitments/${id}`);
    expect(safeNext(`/commitments/${id}?do=acknowledge`)).toBe(`/commitments/${id}?do=acknowledge`);
    expect(safeNext(`/commitments/${id.toUpperCase()}`)).toBe('/');
    expect(safeNext(`/commitments/${id}x`)).toBe('/');
  });
});
