/**
 * A commitment's id: `cmt_` and 24 of a-z0-9, made from 128 bits (random, or a hash of the
 * caller's Idempotency-Key so a retried create names the same workflow). The one place its form
 * is written; the API, the links, the console's paths and its client all read it from here.
 * No imports, so the browser bundle can take it too.
 */

/** The id's form, as a source to embed in a larger pattern. */
export const COMMITMENT_ID_SOURCE = 'cmt_[a-z0-9]{24}';
export const COMMITMENT_ID = new RegExp(`^${COMMITMENT_ID_SOURCE}$`);

/** The id for a number given in hex (a UUID without dashes, a SHA-256): its last 24 base-36 digits. */
export function commitmentIdFromHex(hex: string): string {
  return `cmt_${BigInt(`0x${hex}`).toString(36).padStart(24, '0').slice(-24)}`;
}
