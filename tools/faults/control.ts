/**
 * The sink's control API (tools/faults/sink.ts): what the fault suite may ask of the provider fakes,
 * validated with zod on arrival, and the suite's client for it.
 */
import { z } from 'zod';

const When = z.union([
  z.strictObject({ next: z.number().int().min(1) }),
  z.strictObject({ to: z.string().min(1) }),
  z.strictObject({ forMs: z.number().int().min(1) }),
]);

const TwilioFailure = z.strictObject({
  status: z.number().int().min(400).max(599),
  code: z.number().int().optional(),
  message: z.string().optional(),
  retryAfterS: z.number().int().min(0).optional(),
});

export const TwilioScript = z.strictObject({
  fault: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('fail'), failure: TwilioFailure }),
    z.strictObject({ kind: z.literal('hold'), ms: z.number().int().min(1), then: z.union([z.literal('accept'), TwilioFailure]) }),
    z.strictObject({ kind: z.literal('hang'), mode: z.enum(['silent', 'destroy']) }),
  ]),
  when: When,
});
export type TwilioScript = z.infer<typeof TwilioScript>;

export const SmtpScript = z.strictObject({
  fault: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('reject'), rejection: z.strictObject({ code: z.number().int().min(400).max(599), message: z.string().min(1) }) }),
    z.strictObject({ kind: z.literal('stall') }),
    z.strictObject({ kind: z.literal('drop') }),
  ]),
  when: When,
});
export type SmtpScript = z.infer<typeof SmtpScript>;

export const Down = z.strictObject({ mode: z.enum(['refuse', 'reset']).default('refuse') });

/** What the sink accepted; `at` is Date.now() at acceptance. */
export interface Received {
  sms: { to: string; body: string; sid: string; at: number }[];
  email: { to: string[]; subject: string; messageId: string; at: number }[];
  /** Status callbacks posted to the API, by its last answer ("none": no answer after the retries). */
  callbacks: Record<string, number>;
}

/** The suite's side: one call per control endpoint. */
export function sinkClient(baseUrl: string) {
  async function call<T = unknown>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`sink ${method} ${path} answered ${res.status}: ${text.slice(0, 300)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
  return {
    twilio: (script: TwilioScript) => call('POST', '/twilio/script', script),
    smtp: (script: SmtpScript) => call('POST', '/smtp/script', script),
    clear: () => call('POST', '/clear'),
    twilioDown: (mode: 'refuse' | 'reset' = 'refuse') => call('POST', '/twilio/down', { mode }),
    twilioUp: () => call('POST', '/twilio/up'),
    smtpDown: () => call('POST', '/smtp/down'),
    smtpUp: () => call('POST', '/smtp/up'),
    /** Messages accepted at or after `since` (ms epoch). */
    received: (since = 0) => call<Received>('GET', `/received?since=${since}`),
    /** How many messages were accepted, to recipients matching `to` (a pattern) if given: cheap, for waiting on a burst. */
    count: (to?: RegExp) => call<{ sms: number; email: number }>('GET', `/count${to ? `?to=${encodeURIComponent(to.source)}` : ''}`),
  };
}

export type SinkClient = ReturnType<typeof sinkClient>;
