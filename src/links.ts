/**
 * Signed, expiring links for the customer's "is it resolved?" answer. The token carries what it
 * answers and is signed with HMAC-SHA256 (LINK_SECRET), so it cannot be forged or edited; single
 * use is enforced by the link_answers table, not by the token.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { COMMITMENT_ID } from './shared/contract/commitment-id';

export interface LinkClaims {
  /** Commitment id. */
  c: string;
  /** The answer the link gives. */
  a: 'yes' | 'no';
  /** Which ask it answers: the commitment's reopen count when asked. */
  n: number;
  /** Expiry, epoch seconds. */
  exp: number;
}

/** Thrown when a link's token is malformed, forged or expired. */
export class InvalidLinkError extends Error {
  override readonly name = 'InvalidLinkError';
  constructor(readonly reason: 'malformed' | 'forged' | 'expired') {
    super(reason === 'expired' ? 'This link has expired.' : 'This link is not valid.');
  }
}

const b64 = (buf: Buffer | string) => Buffer.from(buf).toString('base64url');

function mac(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(payload).digest();
}

/**
 * Whether a presented signature is exactly the expected one's base64url text, in constant time.
 * Compared as text, not as decoded bytes: base64url's last character carries spare bits a decoder
 * ignores, so two spellings decode alike, and a link edited in those bits must not still open.
 */
function signatureMatches(presented: string, expected: Buffer): boolean {
  const given = Buffer.from(presented);
  const wanted = Buffer.from(b64(expected));
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

export function signLink(secret: string, claims: LinkClaims): string {
  const payload = b64(JSON.stringify(claims));
  return `${payload}.${b64(mac(secret, payload))}`;
}

export function verifyLink(secret: string, token: string, now = Date.now()): LinkClaims {
  const [payload, signature, ...rest] = token.split('.');
  if (!payload || !signature || rest.length) throw new InvalidLinkError('malformed');
  if (!signatureMatches(signature, mac(secret, payload))) throw new InvalidLinkError('forged');
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidLinkError('malformed');
  }
  // Signed is not the same as sensible: a key that leaked, or a bug of ours, must not reach
  // Postgres or a workflow with a claim no link of ours carries.
  if (!isClaims(claims)) throw new InvalidLinkError('malformed');
  if (claims.exp * 1000 < now) throw new InvalidLinkError('expired');
  return claims;
}

function isClaims(v: unknown): v is LinkClaims {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const { c, a, n, exp } = v as Record<string, unknown>;
  return (
    typeof c === 'string' &&
    COMMITMENT_ID.test(c) &&
    (a === 'yes' || a === 'no') &&
    Number.isSafeInteger(n) &&
    (n as number) >= 0 &&
    (n as number) < 10_000 &&
    Number.isSafeInteger(exp) &&
    (exp as number) > 0
  );
}

/** Both answer links for one ask, valid as long as the customer has to answer (plus a day of grace). */
export function answerLinks(opts: { baseUrl: string; secret: string; commitmentId: string; cycle: number; validMs: number; now?: number }) {
  const exp = Math.floor(((opts.now ?? Date.now()) + opts.validMs + 24 * 3600_000) / 1000);
  const url = (a: 'yes' | 'no') => `${opts.baseUrl}/c/${signLink(opts.secret, { c: opts.commitmentId, a, n: opts.cycle, exp })}`;
  return { yesUrl: url('yes'), noUrl: url('no') };
}

/**
 * The customer's own page of a commitment (/p/{token}): what was promised, by whom, by when, and
 * two things they can do (src/api/customer-page.ts). The token is short enough for a text:
 * the commitment id, the expiry in base 36, and the first 16 bytes of an HMAC-SHA256 over both
 * (prefixed "page:", so no answer link's signature ever fits it).
 */
export function pageToken(secret: string, commitmentId: string, exp: number): string {
  const body = `${commitmentId}.${exp.toString(36)}`;
  return `${body}.${b64(mac(secret, `page:${body}`).subarray(0, 16))}`;
}

/** The commitment a page token opens; throws InvalidLinkError when it is malformed, forged or expired. */
export function verifyPageToken(secret: string, token: string, now = Date.now()): { c: string; exp: number } {
  const [c, exp36, signature, ...rest] = token.split('.');
  if (!c || !exp36 || !signature || rest.length || !COMMITMENT_ID.test(c) || !/^[0-9a-z]{1,10}$/.test(exp36)) throw new InvalidLinkError('malformed');
  if (!signatureMatches(signature, mac(secret, `page:${c}.${exp36}`).subarray(0, 16))) throw new InvalidLinkError('forged');
  const exp = parseInt(exp36, 36);
  if (exp * 1000 < now) throw new InvalidLinkError('expired');
  return { c, exp };
}

/** How long a page link works: the customer may come back to it for a month after the message. */
export const PAGE_VALID_MS = 30 * 24 * 3600_000;

export function pageLink(opts: { baseUrl: string; secret: string; commitmentId: string; now?: number }): string {
  const exp = Math.floor(((opts.now ?? Date.now()) + PAGE_VALID_MS) / 1000);
  return `${opts.baseUrl}/p/${pageToken(opts.secret, opts.commitmentId, exp)}`;
}
