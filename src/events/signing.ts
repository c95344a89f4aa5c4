/**
 * Standard Webhooks signing (https://www.standardwebhooks.com/) with its maintained package: the
 * `whsec_` secrets, and the three headers a receiver verifies with the same package.
 */
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/** How long, after a rotation, the previous secret signs beside the new one. */
export const ROTATION_OVERLAP_MS = 24 * 60 * 60_000;

/** 32 random bytes, base64, with the spec's prefix: what a receiver's library takes as it is. */
export const newSecret = (): string => `whsec_${randomBytes(32).toString('base64')}`;

export interface SigningSecrets {
  secret: string;
  /** The secret before the last rotation, and until when it still signs. */
  previous?: { secret: string; until: Date };
}

/**
 * The headers of one attempt: the same `webhook-id` on every attempt and resend of a delivery (a
 * receiver deduplicates on it), the attempt's own timestamp, and a signature per live secret,
 * space-separated, the newest first, so a receiver holding either secret verifies.
 */
export type SignedHeaders = Record<'webhook-id' | 'webhook-timestamp' | 'webhook-signature', string>;

export function signedHeaders(webhookId: string, body: string, secrets: SigningSecrets, now: Date): SignedHeaders {
  const live = [secrets.secret, ...(secrets.previous && secrets.previous.until > now ? [secrets.previous.secret] : [])];
  const signature = live.map((s) => new Webhook(s).sign(webhookId, now, body)).join(' ');
  return { 'webhook-id': webhookId, 'webhook-timestamp': String(Math.floor(now.getTime() / 1000)), 'webhook-signature': signature };
}
