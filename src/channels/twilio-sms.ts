import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import { DeliveryError, type SentReceipt, type SmsMessage, type SmsSender } from './types';

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

// Error codes that will come back the same way on every retry, whatever the HTTP status says.
const PERMANENT_TWILIO_CODES = new Set([
  21211, // the 'To' number is not a valid phone number
  21610, // the recipient replied STOP; Twilio refuses until they send START
  21614, // the 'To' number is not a mobile number, so it cannot receive SMS
]);

// Failures that happen before a single byte of the request is written: resending cannot
// duplicate the message. Any other network failure may have reached Twilio.
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * A RequestClient that sends the SDK's requests to another origin. Only the URL changes, so the
 * SDK still builds the form body, signs in with Basic auth and parses Twilio's responses itself.
 */
class RebasedRequestClient extends twilio.RequestClient {
  constructor(private readonly baseUrl: string, opts: RequestClient.RequestClientOptions) {
    super(opts);
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    const original = new URL(opts.uri);
    const uri = this.baseUrl.replace(/\/+$/, '') + original.pathname + original.search;
    return super.request({ ...opts, uri });
  }
}

export function createTwilioSms(opts: TwilioSmsOptions): SmsSender {
  const clientOptions: RequestClient.RequestClientOptions = {
    timeout: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    // Retrying is Temporal's job (with backoff and a record of every attempt); the SDK's own
    // 429 retry would hide attempts from the history and stretch one activity attempt.
    autoRetry: false,
  };
  const httpClient = opts.apiUrl
    ? new RebasedRequestClient(opts.apiUrl, clientOptions)
    : new twilio.RequestClient(clientOptions);
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
      try {
        const created = await client.messages.create({
          ...sender,
          to: message.to,
          body: message.body,
          ...(message.statusCallback ? { statusCallback: message.statusCallback } : {}),
        });
        return { providerId: created.sid, via: 'provider' };
      } catch (err) {
        throw toDeliveryError(err, label, message.to);
      }
    },
  };
}

/** Sorts a failed send into permanent / transient / ambiguous. */
function toDeliveryError(err: unknown, label: string, to: string): DeliveryError {
  // RestException (legacy JSON errors) and TwilioServiceException (RFC 9457 problem details)
  // both carry the HTTP status as `status` and Twilio's error number as `code`.
  const rest = twilioHttpError(err);
  if (rest) {
    const { status, code, message } = rest;
    const permanent = (code !== undefined && PERMANENT_TWILIO_CODES.has(code))
      || (status >= 400 && status < 500 && status !== 429);
    return new DeliveryError(`${label} refused the SMS to ${to}: HTTP ${status}${code ? ` error ${code}` : ''}: ${message}`, {
      permanent, code: code ?? `HTTP_${status}`, cause: err,
    });
  }

  const codes = networkCodes(err);
  if (codes.length > 0 && codes.every((c) => NOT_SENT_CODES.has(c))) {
    return new DeliveryError(`${label} unreachable (${codes[0]}): nothing was sent`, { permanent: false, code: codes[0], cause: err });
  }
  // A timeout, a reset, an unparseable 2xx body: Twilio may already have queued the text.
  const detail = codes[0] ?? (err instanceof Error ? err.message : String(err));
  return new DeliveryError(`${label}: the send to ${to} failed after the request may have reached Twilio (${detail})`, {
    permanent: false, ambiguous: true, code: codes[0], cause: err,
  });
}

function twilioHttpError(err: unknown): { status: number; code: number | undefined; message: string } | undefined {
  if (!(err instanceof Error)) return undefined;
  const { status, code } = err as Error & { status?: unknown; code?: unknown };
  if (typeof status !== 'number') return undefined;
  return { status, code: typeof code === 'number' ? code : undefined, message: err.message };
}

/**
 * The errno-style codes of a network failure. Axios copies the socket error's code onto its own
 * error; with happy-eyeballs connecting, Node reports an AggregateError of one error per address.
 */
function networkCodes(err: unknown): string[] {
  const seen: string[] = [];
  const visit = (e: unknown, depth: number) => {
    if (depth > 3 || typeof e !== 'object' || e === null) return;
    const { code, cause, errors } = e as { code?: unknown; cause?: unknown; errors?: unknown };
    if (typeof code === 'string' && code !== 'ERR_NETWORK') seen.push(code);
    if (Array.isArray(errors)) errors.forEach((inner) => visit(inner, depth + 1));
    visit(cause, depth + 1);
  };
  visit(err, 0);
  return [...new Set(seen)];
}
