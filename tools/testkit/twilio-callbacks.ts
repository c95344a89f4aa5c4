/**
 * What happens to a message after Twilio accepted it: it is sent, then delivered (or, as scripted
 * per destination, undelivered or failed with an error code), and each step is posted to the
 * message's StatusCallback, form-encoded and signed with X-Twilio-Signature as Twilio signs it.
 */
import twilio from 'twilio';
import { Arrivals } from './arrivals';
import { rfc2822, type TwilioMessage } from './twilio-messages';

/** How a destination's messages end; `failed` never reaches the handset, `undelivered` is lost after sending. */
export interface DeliveryOutcome {
  status: 'delivered' | 'undelivered' | 'failed';
  /** Twilio's error code, e.g. 30003 (unreachable handset) or 30005 (unknown destination). */
  errorCode?: number;
}

export interface CallbackRecord {
  sid: string;
  to: string;
  status: string;
  url: string;
  /** Posts made: the first and its retries. */
  attempts: number;
  /** The HTTP status of the last answer; undefined when no attempt got an answer. */
  answered: number | undefined;
  error?: string;
  /** Date.now() when the last attempt finished. */
  at: number;
}

export interface StatusTiming {
  /** Accepted → sent (date_sent set). */
  sentAfterMs: number;
  /** Sent → delivered, undelivered or failed. */
  settledAfterMs: number;
  /** Waits before the retries of a callback that got no answer or a 5xx. */
  retryDelaysMs: number[];
}

export const DEFAULT_TIMING: StatusTiming = { sentAfterMs: 50, settledAfterMs: 100, retryDelaysMs: [250, 1_000, 3_000] };

/** Thrown when a test waited for a status callback that was never posted. */
export class CallbackNotPostedError extends Error {
  override readonly name = 'CallbackNotPostedError';
}

export function statusCallbacks(opts: { authToken: string; timing: StatusTiming }) {
  const posted = new Arrivals<CallbackRecord>((ms, n) => new CallbackNotPostedError(`no matching status callback was posted within ${ms} ms (${n} posted)`));
  const outcomes = new Map<string, DeliveryOutcome>();
  const timers = new Set<NodeJS.Timeout>();
  let enabled = true;
  let closed = false;

  const later = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  async function post(m: TwilioMessage, url: string): Promise<void> {
    const params: Record<string, string> = {
      MessageSid: m.sid,
      SmsSid: m.sid,
      MessageStatus: m.status,
      SmsStatus: m.status,
      To: m.to,
      From: m.from ?? '',
      AccountSid: m.account_sid,
      ApiVersion: '2010-04-01',
      ...(m.error_code !== null ? { ErrorCode: String(m.error_code) } : {}),
    };
    const record: CallbackRecord = { sid: m.sid, to: m.to, status: m.status, url, attempts: 0, answered: undefined, at: 0 };
    const signature = twilio.getExpectedTwilioSignature(opts.authToken, url, params);
    for (const wait of [0, ...opts.timing.retryDelaysMs]) {
      if (wait) await later(wait);
      if (closed) return;
      record.attempts += 1;
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
          body: new URLSearchParams(params).toString(),
          signal: AbortSignal.timeout(15_000),
        });
        await res.arrayBuffer();
        record.answered = res.status;
        delete record.error;
        if (res.status < 500) break;
      } catch (err) {
        record.error = err instanceof Error ? err.message : String(err);
      }
    }
    record.at = Date.now();
    posted.add(record);
  }

  /** Moves an accepted message through its statuses; callbacks for one message are posted in order. */
  async function progress(m: TwilioMessage): Promise<void> {
    const outcome = outcomes.get(m.to) ?? { status: 'delivered' };
    const step = async (status: string) => {
      const now = rfc2822(new Date());
      m.status = status;
      m.date_updated = now;
      if (status === 'sent') m.date_sent = now;
      if (status === 'failed' || status === 'undelivered') m.error_code = outcome.errorCode ?? (status === 'failed' ? 30008 : 30003);
      if (enabled && m.status_callback) await post(m, m.status_callback);
    };
    await later(opts.timing.sentAfterMs);
    if (closed) return;
    // A failed message never left Twilio; an undelivered one was sent and lost on the way.
    if (outcome.status !== 'failed') await step('sent');
    await later(opts.timing.settledAfterMs);
    if (!closed) await step(outcome.status);
  }

  return {
    posted: posted.items,
    progress: (m: TwilioMessage) => void progress(m),
    waitFor: (predicate: (c: CallbackRecord) => boolean, timeoutMs: number) => posted.waitFor(predicate, timeoutMs),
    setEnabled(on: boolean) {
      enabled = on;
    },
    outcomeFor(to: string, outcome: DeliveryOutcome) {
      outcomes.set(to, outcome);
    },
    reset() {
      posted.items.length = 0;
      outcomes.clear();
      enabled = true;
    },
    close() {
      closed = true;
      timers.forEach((t) => clearTimeout(t));
      timers.clear();
    },
  };
}
