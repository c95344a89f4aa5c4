/**
 * The two ways we reach people. Providers (Twilio, SMTP) and the outbox implement these,
 * so activities never know which one is live.
 */
export interface SmsMessage {
  to: string; // E.164
  body: string;
  /** Where Twilio reports delivery (failed / undelivered reach /v1/webhooks/twilio/status). */
  statusCallback?: string;
}

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** A stable Message-ID: a copy sent again after a lost answer is folded by mail clients. */
  messageId?: string;
}

/** What is asked of Twilio to settle an ambiguous send: did a text with this body reach it? */
export interface SentQuery {
  to: string;
  body: string;
  /** Only messages created at or after this instant count. */
  since: Date;
  /** SIDs already recorded for other messages: the same words sent twice on purpose are not ours. */
  exclude: ReadonlySet<string>;
}

export interface SentReceipt {
  /** The provider's id for the message (Twilio SID, SMTP message id), or an outbox id. */
  providerId: string;
  /** `provider` when it was handed to Twilio/SMTP, `outbox` when only recorded and logged. */
  via: 'provider' | 'outbox';
}

export interface SmsSender {
  /** True when messages really leave the building (Twilio configured). */
  readonly live: boolean;
  readonly description: string;
  send(message: SmsMessage): Promise<SentReceipt>;
  /** The SID of a matching message the provider already has, if any (Twilio's Messages list). */
  findSent?(query: SentQuery): Promise<string | undefined>;
}

export interface MailSender {
  readonly live: boolean;
  readonly description: string;
  send(message: MailMessage): Promise<SentReceipt>;
}

/**
 * Thrown when a provider refused or failed a send.
 * `permanent` failures (Twilio 21211 invalid number, 21610 opted out, SMTP 5xx) will fail the
 * same way every time, so they must not be retried. Everything else (HTTP 429/5xx, SMTP 4xx,
 * refused connections) is transient and left to Temporal's retry with backoff.
 * `ambiguous` is true when the request may have reached the provider before it failed
 * (a timeout after the request was written), so a resend could duplicate the message.
 */
export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
  readonly permanent: boolean;
  readonly ambiguous: boolean;
  readonly code: string | undefined;
  /** The provider's Retry-After, when it said how long to wait. */
  readonly retryAfterMs: number | undefined;

  constructor(message: string, opts: { permanent: boolean; ambiguous?: boolean; code?: string | number; retryAfterMs?: number; cause?: unknown }) {
    super(message, { cause: opts.cause });
    this.permanent = opts.permanent;
    this.ambiguous = opts.ambiguous ?? false;
    this.code = opts.code === undefined ? undefined : String(opts.code);
    this.retryAfterMs = opts.retryAfterMs;
  }
}
