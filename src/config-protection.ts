/**
 * The variables that keep the service from being abused (issue 12): the shortest window a request
 * may ask for, the rate limits, the keys that encrypt Temporal payloads, the origins of the
 * Temporal UI allowed to call the codec endpoint, and the switch that lets the production entries
 * run without their guards on one machine. Part of the one configuration schema (./config.ts).
 */
import { isIP } from 'node:net';
import { z } from 'zod';
import type { MessageBounds } from './db/message-cap';
import { parseDurationMs } from './shared/duration';

/** "true" / "false" (and 1 / 0): z.coerce.boolean() would read "false" as true. */
export const flag = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => ['true', 'false', '1', '0'].includes(v), 'must be true or false')
  .transform((v) => v === 'true' || v === '1')
  .default(false);

const perPeriod = (fallback: number) => z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').default(fallback);

/** One payload key: `<id>:<32 bytes in base64>`; the id travels in each payload's metadata. */
export interface PayloadKey {
  id: string;
  key: Buffer;
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

/**
 * PAYLOAD_KEYS: `id:base64key[,id:base64key…]`. New payloads are encrypted with the first; any
 * listed key decrypts, so a key is rotated by putting a new one first and keeping the old behind it.
 */
const payloadKeys = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx): PayloadKey[] | undefined => {
    if (v === undefined) return undefined;
    const keys: PayloadKey[] = [];
    for (const entry of v.split(',').map((e) => e.trim())) {
      const [id = '', secret = '', ...rest] = entry.split(':');
      const key = Buffer.from(secret, 'base64');
      if (!KEY_ID.test(id) || rest.length || key.length !== 32) {
        ctx.addIssue({
          code: 'custom',
          message: 'must be id:key pairs separated by commas, each key 32 bytes in base64 (openssl rand -base64 32), each id 1-32 of A-Z a-z 0-9 _ -',
        });
        return z.NEVER;
      }
      if (keys.some((k) => k.id === id)) {
        ctx.addIssue({ code: 'custom', message: `names the key id ${id} twice` });
        return z.NEVER;
      }
      keys.push({ id, key });
    }
    return keys;
  });

const origins = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx): string[] => {
    const list = (v ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean);
    for (const o of list) {
      if (!URL.canParse(o) || new URL(o).origin !== o) {
        ctx.addIssue({ code: 'custom', message: `"${o}" is not an origin such as https://temporal.example.com (scheme, host and port only)` });
        return z.NEVER;
      }
    }
    return list;
  });

/** A second is the least a test can wait; an hour would make every promise wait an hour. */
const shortestWindow = z
  .string()
  .trim()
  .default('PT1M')
  .transform((v, ctx) => {
    const ms = parseDurationMs(v);
    if (ms === undefined || ms < 1000 || ms > 3600_000) {
      ctx.addIssue({ code: 'custom', message: `"${v}" must be an ISO 8601 duration from PT1S to PT1H (default PT1M)` });
      return z.NEVER;
    }
    return ms;
  });

/**
 * How long a request may take to arrive, headers and body. Node holds a connection 300 s for a body
 * by default, so a client dribbling one byte at a time ties a connection up for five minutes.
 * Bodies are at most 64 KB (forms 8 KB): even a poor mobile link sends that in a few seconds, and
 * Twilio and integrations in well under one. 30 s leaves a wide margin and frees a slow client's
 * connection ten times sooner. The answer is 408 and the connection is closed.
 */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
const requestTimeout = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined) return DEFAULT_REQUEST_TIMEOUT_MS;
    const ms = parseDurationMs(v);
    if (ms === undefined || ms < 1000 || ms > 600_000) {
      ctx.addIssue({ code: 'custom', message: `"${v}" must be an ISO 8601 duration from PT1S to PT10M (default PT30S)` });
      return z.NEVER;
    }
    return ms;
  });

/** CIDR ranges, comma-separated: private addresses event receivers may have anyway (on-premises helpdesks). */
const cidrs = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx): string[] => {
    const list = (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    for (const range of list) {
      const [net, bits, extra] = range.split('/');
      const family = isIP(net ?? '');
      const max = family === 6 ? 128 : 32;
      if (!family || extra !== undefined || (bits !== undefined && !(/^\d+$/.test(bits) && Number(bits) <= max))) {
        ctx.addIssue({ code: 'custom', message: `"${range}" is not a CIDR range such as 10.20.0.0/16 or fd00::/8` });
        return z.NEVER;
      }
    }
    return list;
  });

export const protectionVariables = {
  /** See DEFAULT_REQUEST_TIMEOUT_MS. */
  REQUEST_TIMEOUT: requestTimeout,
  /** Interface to listen on; `npm start` defaults to 127.0.0.1, the production API to every interface. */
  HOST: z.string().trim().optional(),
  /** express's `trust proxy`: how many proxies stand before the API, so the source address is the client's. */
  TRUST_PROXY: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === undefined ? false : /^\d+$/.test(v) ? Number(v) : v === 'true' ? true : v)),
  SHORTEST_WINDOW: shortestWindow,
  ALLOW_INSECURE: flag,
  EVENT_RECEIVER_PRIVATE_RANGES: cidrs,
  PAYLOAD_KEYS: payloadKeys,
  TEMPORAL_UI_ORIGINS: origins,
  RATE_LIMIT_PER_KEY: perPeriod(600),
  RATE_LIMIT_PER_ADDRESS: perPeriod(1200),
  RATE_LIMIT_BAD_KEYS: perPeriod(30),
  RATE_LIMIT_SIGN_IN: perPeriod(20),
  RATE_LIMIT_TEXTS_PER_PHONE: perPeriod(30),
  CUSTOMER_MESSAGES_PER_HOUR: perPeriod(10),
  // Across every commitment, per number (texts) and per email address (emails). Three open promises
  // in one hour get their recaps and an update or two each; in one day each also gets its check-in,
  // an extension or pause notice, the fulfilment recap and the satisfaction question (.env.example).
  CUSTOMER_MESSAGES_PER_RECIPIENT_PER_HOUR: perPeriod(8),
  CUSTOMER_MESSAGES_PER_RECIPIENT_PER_DAY: perPeriod(24),
  // Caused by the commitments one key or console session created: room for an integration feeding
  // a 50-seat floor (about 400 recaps an hour), not for a loop (.env.example).
  CUSTOMER_MESSAGES_PER_KEY_PER_HOUR: perPeriod(600),
  CUSTOMER_MESSAGES_PER_KEY_PER_DAY: perPeriod(6000),
};

type BoundSettings = { [K in 'CUSTOMER_MESSAGES_PER_HOUR' | `CUSTOMER_MESSAGES_PER_${'RECIPIENT' | 'KEY'}_PER_${'HOUR' | 'DAY'}`]: number };

/** The bounds on customer messages as the worker applies them and a create checks them (src/db/message-cap.ts). */
export const messageBoundsOf = (c: BoundSettings): MessageBounds => ({
  perCommitmentPerHour: c.CUSTOMER_MESSAGES_PER_HOUR,
  perRecipientPerHour: c.CUSTOMER_MESSAGES_PER_RECIPIENT_PER_HOUR,
  perRecipientPerDay: c.CUSTOMER_MESSAGES_PER_RECIPIENT_PER_DAY,
  perKeyPerHour: c.CUSTOMER_MESSAGES_PER_KEY_PER_HOUR,
  perKeyPerDay: c.CUSTOMER_MESSAGES_PER_KEY_PER_DAY,
});
