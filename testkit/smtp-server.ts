import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';
import { Arrivals } from './arrivals';

/**
 * A real SMTP server on localhost for tests: nodemailer talks to it over a socket exactly as it
 * would to a relay, and each accepted mail is parsed back into the fields a test asserts on.
 */

export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  messageId: string;
  /** Date.now() when the server accepted the message (benchmarks measure lag to it). */
  receivedAt?: number;
}

export interface SmtpRejection {
  code: number;
  message: string;
}

/** Thrown when a test waited for a mail that never arrived. */
export class MailNotReceivedError extends Error {
  override readonly name = 'MailNotReceivedError';
}

/** An SMTP reply error: smtp-server answers with `responseCode` and the message as the text. */
class SmtpReplyError extends Error {
  override readonly name = 'SmtpReplyError';
  constructor(readonly responseCode: number, message: string) {
    super(message);
  }
}

export async function startSmtpServer() {
  const arrivals = new Arrivals<ReceivedMail>((ms, n) => new MailNotReceivedError(`no matching mail reached the SMTP server within ${ms} ms (${n} received)`));
  const mails = arrivals.items;
  const rejections: SmtpRejection[] = [];
  const stalled: Array<() => void> = [];
  let attempts = 0;
  let stallCount = 0;

  const server = new SMTPServer({
    authOptional: true,
    // Plain localhost: no certificate to trust, and nodemailer only upgrades when offered.
    disabledCommands: ['STARTTLS'],
    // Accept whatever credentials an SMTP_URL carries, over the plain connection.
    allowInsecureAuth: true,
    onAuth: (auth, _session, callback) => callback(null, { user: auth.username ?? 'anonymous' }),
    logger: false,
    // Don't hold a test run open for the default 30 s when a client lingers.
    closeTimeout: 100,
    onData(stream, _session, callback) {
      attempts += 1;
      const rejection = rejections.shift();
      if (rejection) {
        return drain(stream, () => callback(new SmtpReplyError(rejection.code, rejection.message)));
      }
      if (stallCount > 0) {
        // Read the whole message and never answer: the client times out after the body was sent.
        stallCount -= 1;
        return drain(stream, () => stalled.push(() => callback(new SmtpReplyError(421, '4.3.2 Shutting down'))));
      }
      simpleParser(stream)
        .then((parsed) => {
          arrivals.add({
            from: parsed.from?.value[0]?.address ?? '',
            to: addresses(parsed.to),
            subject: parsed.subject ?? '',
            text: (parsed.text ?? '').trimEnd(),
            messageId: parsed.messageId ?? '',
            receivedAt: Date.now(),
          });
          callback();
        })
        .catch((err: Error) => callback(err));
    },
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    mails,
    /** Messages that reached DATA, accepted, rejected or stalled. */
    get attempts() { return attempts; },
    waitForMail(predicate: (m: ReceivedMail) => boolean = () => true, timeoutMs = 5_000): Promise<ReceivedMail> {
      return arrivals.waitFor(predicate, timeoutMs);
    },
    /** The next n messages are refused after DATA with this reply, e.g. 451 or 550. */
    rejectNext(n: number, rejection: SmtpRejection) {
      for (let i = 0; i < n; i++) rejections.push(rejection);
    },
    /** The next n messages are read in full and never answered, so the client times out. */
    stallNext(n: number) {
      stallCount += n;
    },
    reset() {
      mails.length = 0;
      rejections.length = 0;
      stallCount = 0;
      attempts = 0;
      stalled.splice(0).forEach((release) => release());
    },
    close(): Promise<void> {
      stalled.splice(0).forEach((release) => release());
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

export type SmtpTestServer = Awaited<ReturnType<typeof startSmtpServer>>;

function drain(stream: SMTPServerDataStream, then: () => void) {
  stream.on('end', then);
  stream.resume();
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(field) ? field : field ? [field] : [];
  return list.flatMap((group) => group.value.map((a) => a.address ?? '')).filter(Boolean);
}
