import { AsyncLocalStorage } from 'node:async_hooks';
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import { retryAfterMs, toDeliveryError } from './twilio-errors';
import { DeliveryError, type SentQuery, type SentReceipt, type SmsMessage, type SmsSender } from './types';

export interface TwilioSmsOptions {
  accountSid: string;
  authToken: string;
  /** An E.164 number, or a Messaging Service SID (starts with MG) that picks the number itself. */
  from: string;
  /** Base URL of a Twilio-compatible endpoint (a local fake in tests, a proxy in some deployments). */
  apiUrl?: string;
  timeoutMs?: number;
}

// Long enough for Twilio's usual sub-second answer under load, short enough that the activity's
// own start-to-close timeout is not what ends the attempt.
const DEFAULT_TIMEOUT_MS = 10_000;
/** Messages read back per page when settling an ambiguous send; newest first, so one page is usual. */
const LIST_PAGE_SIZE = 50;
/** Clocks differ: a message Twilio stamped a little before our record of the attempt still counts. */
const CLOCK_SKEW_MS = 60_000;

/** The response headers of the request made inside `run`: the SDK throws without them. */
const lastHeaders = new AsyncLocalStorage<{ headers?: Record<string, string | undefined> }>();

/**
 * A RequestClient that may send the SDK's requests to another origin (only the URL changes, so the
 * SDK still builds the body, signs in and parses answers itself) and keeps each answer's headers
 * for the call that made it: Twilio's Retry-After is a header the SDK's errors do not carry.
 */
class RecordingRequestClient extends twilio.RequestClient {
  constructor(
    private readonly baseUrl: string | undefined,
    opts: RequestClient.RequestClientOptions,
  ) {
    super(opts);
  }

  override async request<TData>(opts: RequestClient.RequestOptions<TData>) {
    const original = new URL(opts.uri);
    const uri = this.baseUrl ? this.baseUrl.replace(/\/+$/, '') + original.pathname + original.search : opts.uri;
    const response = await super.request({ ...opts, uri });
    const store = lastHeaders.getStore();
    if (store) store.headers = response.headers as Record<string, string | undefined>;
    return response;
  }
}

export function createTwilioSms(opts: TwilioSmsOptions): SmsSender {
  const httpClient = new RecordingRequestClient(opts.apiUrl, {
    timeout: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    // Retrying is Temporal's job (with backoff and a record of every attempt); the SDK's own
    // 429 retry would hide attempts from the history and stretch one activity attempt.
    autoRetry: false,
  });
  const client = twilio(opts.accountSid, opts.authToken, { httpClient });

  const sender = opts.from.startsWith('MG') ? { messagingServiceSid: opts.from } : { from: opts.from };
  // Any user:password in apiUrl stays out of the description, which ends up in logs.
  const via = opts.apiUrl ? ` via ${opts.apiUrl.replace(/\/\/[^@/]*@/, '//')}` : '';
  const label = `Twilio (from ${opts.from})${via}`;

  return {
    live: true,
    description: label,
    async send(message: SmsMessage): Promise<SentReceipt> {
      if (!message.to.trim() || !message.body.trim()) {
        throw new DeliveryError(`${label}: an SMS needs a destination and a body`, { permanent: true, code: 'EMPTY_MESSAGE' });
      }
      const seen: { headers?: Record<string, string | undefined> } = {};
      try {
        const created = await lastHeaders.run(seen, () =>
          client.messages.create({
            ...sender,
            to: message.to,
            body: message.body,
            ...(message.statusCallback ? { statusCallback: message.statusCallback } : {}),
          }),
        );
        return { providerId: created.sid, via: 'provider' };
      } catch (err) {
        throw toDeliveryError(err, label, retryAfterMs(seen.headers?.['retry-after']));
      }
    },

    /** Walks the texts to `to`, newest first, until they are older than the attempt in question. */
    async findSent(query: SentQuery): Promise<string | undefined> {
      const since = query.since.getTime() - CLOCK_SKEW_MS;
      let found: string | undefined;
      try {
        await new Promise<void>((resolve, reject) => {
          const done = (err?: unknown) => (err ? reject(err instanceof Error ? err : new Error('listing messages failed')) : resolve());
          client.messages.each({ to: query.to, pageSize: LIST_PAGE_SIZE, done }, (m, stop) => {
            if (m.dateCreated && m.dateCreated.getTime() < since) return stop();
            if (m.body.trim() === query.body.trim() && !query.exclude.has(m.sid)) {
              found = m.sid;
              stop();
            }
          });
        });
      } catch (err) {
        throw toDeliveryError(err, label);
      }
      return found;
    },
  };
}
