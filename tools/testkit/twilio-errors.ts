/** The Twilio fake's refusals: Twilio's error bodies and codes, and the faults a test can script. */

export interface TwilioFailure {
  status: number;
  code?: number;
  message?: string;
  /** Seconds in the Retry-After header of a 429 or 503 (default 1). */
  retryAfterS?: number;
}

export type TwilioFault =
  /** Refuse the create: nothing is stored. */
  | { kind: 'fail'; failure: TwilioFailure }
  /** Hold the request, then accept it or refuse it. */
  | { kind: 'hold'; ms: number; then: 'accept' | TwilioFailure }
  /** Store the message as accepted (it will be sent), then never answer or drop the connection: the client cannot know. */
  | { kind: 'hang'; mode: 'silent' | 'destroy' };

// Twilio's generic errors for the statuses a test scripts without naming a code.
const DEFAULT_FAILURES: Record<number, { code: number; message: string }> = {
  400: { code: 21211, message: "The 'To' number is not a valid phone number." },
  401: { code: 20003, message: 'Authenticate' },
  404: { code: 20404, message: 'The requested resource was not found' },
  429: { code: 20429, message: 'Too Many Requests' },
  500: { code: 20500, message: 'An internal server error has occurred' },
  503: { code: 20503, message: 'Service unavailable' },
};
export const OPTED_OUT: TwilioFailure = { status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient' };

export function validate(form: Record<string, string>): TwilioFailure | undefined {
  if (!form.To) return { status: 400, code: 21604, message: "A 'To' phone number is required." };
  if (!form.From && !form.MessagingServiceSid) return { status: 400, code: 21603, message: "A 'From' phone number is required." };
  if (!form.Body && !form.MediaUrl) return { status: 400, code: 21602, message: 'Message body is required.' };
  return undefined;
}

export function twilioError(failure: TwilioFailure) {
  const fallback = DEFAULT_FAILURES[failure.status] ?? { code: failure.status * 100, message: 'Request failed' };
  const code = failure.code ?? fallback.code;
  return { code, message: failure.message ?? fallback.message, more_info: `https://www.twilio.com/docs/errors/${code}`, status: failure.status };
}
