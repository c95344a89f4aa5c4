import nodemailer, { type NodemailerError } from 'nodemailer';
import { DeliveryError, type MailMessage, type MailSender, type SentReceipt } from './types';

export interface SmtpMailOptions {
  /** SMTP_URL, e.g. smtp://user:pass@host:587 or smtps://user:pass@host:465 */
  url: string;
  from: string;
  timeoutMs?: number;
}

export interface SmtpMailSender extends MailSender {
  /** Connects and logs in without sending, so a bad SMTP_URL shows up at boot, not at the first send. */
  verify(): Promise<void>;
}

// One value for connecting, the greeting and each reply: a healthy relay answers in well under a
// second, and a stuck one should fail the attempt and leave the retry to Temporal.
const DEFAULT_TIMEOUT_MS = 10_000;

// Timeouts that end a wait before the message could have been handed over.
const BEFORE_MESSAGE_TIMEOUTS = new Set(['CONNECT_TIMEOUT', 'GREETING_TIMEOUT', 'UPGRADE_TIMEOUT']);

// Failures of the SMTP account itself: retrying cannot fix a wrong password or a bad config.
const PERMANENT_CODES = new Set(['EAUTH', 'ENOAUTH', 'ECONFIG']);

export function createSmtpMail(opts: SmtpMailOptions): SmtpMailSender {
  const timeout = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const transport = nodemailer.createTransport({
    url: opts.url,
    // A connection per message: nothing to keep healthy between sends that are minutes apart,
    // and a failure belongs to exactly one message.
    pool: false,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  const description = `SMTP ${endpointOf(opts.url)}`;

  return {
    live: true,
    description,
    async send(message: MailMessage): Promise<SentReceipt> {
      try {
        const info = await transport.sendMail({
          from: opts.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          ...(message.messageId ? { messageId: message.messageId } : {}),
        });
        return { providerId: info.messageId, via: 'provider' };
      } catch (err) {
        throw toDeliveryError(err, description);
      }
    },
    async verify(): Promise<void> {
      try {
        await transport.verify();
      } catch (err) {
        throw toDeliveryError(err, description);
      }
    },
  };
}

/** host:port from an SMTP URL; the user and password never leave this function. */
function endpointOf(url: string): string {
  try {
    const parsed = new URL(url);
    const secure = parsed.protocol === 'smtps:';
    return `${parsed.hostname}:${parsed.port || (secure ? 465 : 587)}`;
  } catch {
    return '(unparseable SMTP_URL)';
  }
}

/**
 * Sorts a failed send into permanent / transient / ambiguous. The message names no address: it
 * ends up in logs, Temporal's history and the timeline, and the ledger row already says who it was for.
 */
function toDeliveryError(err: unknown, label: string): DeliveryError {
  const e = (err ?? {}) as NodemailerError;
  const code = e.code;
  // Servers quote the recipient ("550 5.1.1 <maria@example.com>: unknown user").
  const reason = (err instanceof Error ? err.message : String(err)).replace(/<?[^\s<>@]+@[^\s<>]+>?/g, '[address]');

  if (typeof e.responseCode === 'number') {
    // The server answered. RFC 5321: 5yz is a permanent refusal, 4yz asks us to try later.
    // 503 (bad sequence) is a session-state problem that a new connection clears.
    const permanent = e.responseCode >= 500 && e.responseCode !== 503;
    return new DeliveryError(`${label} refused the mail: ${reason}`, { permanent, code: e.responseCode, cause: err });
  }
  if (code !== undefined && PERMANENT_CODES.has(code)) {
    return new DeliveryError(`${label} rejected our account or settings: ${reason}`, { permanent: true, code, cause: err });
  }
  if (code === 'ETIMEDOUT' && !BEFORE_MESSAGE_TIMEOUTS.has(e.timeoutType ?? '')) {
    // The server went quiet mid-session. Nodemailer does not say which reply we were waiting
    // for, and it may have been the one after the message body: the mail may have gone out.
    return new DeliveryError(`${label}: timed out mid-session, the mail may have been accepted`, {
      permanent: false,
      ambiguous: true,
      code,
      cause: err,
    });
  }
  if (code === 'ECONNECTION' && /closed unexpectedly|closed the connection/i.test(reason)) {
    // The session dropped; if it was after the message body, the server may have kept the mail.
    // Sent again under the same Message-ID, a copy is folded by the reader's mail client.
    return new DeliveryError(`${label}: the connection dropped mid-session, the mail may have been accepted`, {
      permanent: false,
      ambiguous: true,
      code,
      cause: err,
    });
  }
  // Refused connections, DNS failures, dropped sessions and handshake timeouts: try again later.
  return new DeliveryError(`${label} could not take the mail: ${reason}`, {
    permanent: false,
    code: e.originalCode ?? code,
    cause: err,
  });
}
