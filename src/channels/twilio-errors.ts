/**
 * Sorting Twilio failures into permanent, transient and ambiguous, and reading how long Twilio
 * asked us to wait. Shared by the sender and the ambiguity check (the Messages list).
 */
import { DeliveryError } from './types';

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
 * Sorts a failed send into permanent / transient / ambiguous. The message names no number: it
 * ends up in logs, Temporal's history and the timeline, and the ledger row already says who it was for.
 */
export function toDeliveryError(err: unknown, label: string, retryAfterMs?: number): DeliveryError {
  // RestException (legacy JSON errors) and TwilioServiceException (RFC 9457 problem details)
  // both carry the HTTP status as `status` and Twilio's error number as `code`.
  const rest = twilioHttpError(err);
  if (rest) {
    const { status, code, message } = rest;
    const permanent = (code !== undefined && PERMANENT_TWILIO_CODES.has(code)) || (status >= 400 && status < 500 && status !== 429);
    return new DeliveryError(`${label} refused the SMS: HTTP ${status}${code ? ` error ${code}` : ''}: ${withoutNumbers(message)}`, {
      permanent,
      code: code ?? `HTTP_${status}`,
      cause: err,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });
  }

  const codes = networkCodes(err);
  if (codes.length > 0 && codes.every((c) => NOT_SENT_CODES.has(c))) {
    return new DeliveryError(`${label} unreachable (${codes[0]}): nothing was sent`, { permanent: false, code: codes[0], cause: err });
  }
  // A timeout, a reset, an unparseable 2xx body: Twilio may already have queued the text.
  const detail = codes[0] ?? (err instanceof Error ? err.message : String(err));
  return new DeliveryError(`${label}: the send failed after the request may have reached Twilio (${withoutNumbers(detail)})`, {
    permanent: false,
    ambiguous: true,
    code: codes[0],
    cause: err,
  });
}

/** Twilio's messages quote the number ("The 'To' number +1415… is not a valid phone number"). */
const withoutNumbers = (text: string) => text.replace(/\+?\d[\d ().-]{6,}\d/g, '[number]');

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

/** Retry-After as seconds or an HTTP date (RFC 9110), in ms; undefined when absent or unreadable. */
export function retryAfterMs(header: string | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
