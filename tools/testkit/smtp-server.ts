import type { AddressInfo, Socket } from 'node:net';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { Arrivals } from './arrivals';
import { FaultScript, type When } from './script';
import { countBy, extraCopies } from './tally';

/**
 * A real SMTP server on localhost for tests: nodemailer talks to it over a socket exactly as it
 * would to a relay, and each accepted mail is parsed back into the fields a test asserts on.
 * Faults are scripted: a refusal after DATA (451, 550), a stall, a connection dropped after the
 * mail was taken (the client cannot know it went), and a server that is down.
 */

export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  /** The Message-ID header: copies sharing one are folded into one by mail clients. */
  messageId: string;
  /** Date.now() when the server accepted the message (benchmarks measure lag to it). */
  receivedAt?: number;
}

export interface SmtpRejection {
  code: number;
  message: string;
}

export type SmtpFault =
  /** Refuse the mail after DATA with this reply: nothing is stored. */
  | { kind: 'reject'; rejection: SmtpRejection }
  /** Read the whole mail and never answer: the client times out, nothing is stored. */
  | { kind: 'stall' }
  /** Store the mail (it was delivered), then close the connection without the 250 reply. */
  | { kind: 'drop' };

/** Thrown when a test waited for a mail that never arrived. */
export class MailNotReceivedError extends Error {
  override readonly name = 'MailNotReceivedError';
}

/** An SMTP reply error: smtp-server answers with `responseCode` and the message as the text. */
class SmtpReplyError extends Error {
  override readonly name = 'SmtpReplyError';
  constructor(
    readonly responseCode: number,
    message: string,
  ) {
    super(message);
  }
}

/** smtp-server keeps each session's connection in `connections`; the socket is its own. */
interface OpenConnection {
  id: string;
  _socket: Socket;
}

export async function startSmtpServer() {
  const arrivals = new Arrivals<ReceivedMail>((ms, n) => new MailNotReceivedError(`no matching mail reached the SMTP server within ${ms} ms (${n} received)`));
  const mails = arrivals.items;
  // Every accepted mail, for the counts; `mails` may be emptied by its user (the benchmark's sink does).
  const store: ReceivedMail[] = [];
  const script = new FaultScript<SmtpFault>();
  const stalled: Array<() => void> = [];
  let attempts = 0;

  const dropConnection = (session: SMTPServerSession) => {
    const connections = (server as unknown as { connections: Set<OpenConnection> }).connections;
    [...connections].find((c) => c.id === session.id)?._socket.destroy();
  };

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
    onData(stream, session, callback) {
      attempts += 1;
      const fault = script.take(session.envelope.rcptTo[0]?.address);
      if (fault?.kind === 'reject') return drain(stream, () => callback(new SmtpReplyError(fault.rejection.code, fault.rejection.message)));
      // Read the whole message and never answer: the client times out after the body was sent.
      if (fault?.kind === 'stall') return drain(stream, () => stalled.push(() => callback(new SmtpReplyError(421, '4.3.2 Shutting down'))));
      simpleParser(stream)
        .then((parsed) => {
          const mail: ReceivedMail = {
            from: parsed.from?.value[0]?.address ?? '',
            to: addresses(parsed.to),
            subject: parsed.subject ?? '',
            text: (parsed.text ?? '').trimEnd(),
            messageId: parsed.messageId ?? '',
            receivedAt: Date.now(),
          };
          store.push(mail);
          arrivals.add(mail);
          // The mail is ours, but the client never hears so: it sees the connection lost after DATA.
          if (fault?.kind === 'drop') dropConnection(session);
          else callback();
        })
        .catch((err: Error) => callback(err));
    },
  });

  // A client that dies mid-session (a killed worker) resets its socket: a relay shrugs that off.
  server.on('error', () => {});
  const listenOn = (port: number) => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  await listenOn(0);
  const { port } = server.server.address() as AddressInfo;

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    mails,
    /** Messages that reached DATA, accepted, rejected, stalled or dropped. */
    get attempts() {
      return attempts;
    },
    waitForMail(predicate: (m: ReceivedMail) => boolean = () => true, timeoutMs = 5_000): Promise<ReceivedMail> {
      return arrivals.waitFor(predicate, timeoutMs);
    },
    /** Mails meet this fault: the next n, every one to an address, or all during a window. */
    script(fault: SmtpFault, when: When) {
      script.add(fault, when);
    },
    /** The next n messages are refused after DATA with this reply, e.g. 451 or 550. */
    rejectNext(n: number, rejection: SmtpRejection) {
      script.add({ kind: 'reject', rejection }, { next: n });
    },
    /** The next n messages are read in full and never answered, so the client times out. */
    stallNext(n: number) {
      script.add({ kind: 'stall' }, { next: n });
    },
    /** The next n messages are stored, then their connection is dropped before the 250 reply. */
    dropNext(n: number) {
      script.add({ kind: 'drop' }, { next: n });
    },
    /** Every message during the next `ms` is stored, then its connection dropped before the 250 reply. */
    dropDuring(ms: number) {
      script.add({ kind: 'drop' }, { forMs: ms });
    },
    clearScript() {
      script.clear();
    },
    /**
     * Copies per recipient and subject, and how many distinct Message-IDs they carried: copies
     * under one Message-ID are folded by mail clients, copies under new ones are not.
     */
    copies() {
      const groups = new Map<string, { to: string; subject: string; copies: number; ids: Set<string> }>();
      for (const m of store) {
        for (const to of m.to) {
          const id = JSON.stringify([to, m.subject]);
          const group = groups.get(id) ?? { to, subject: m.subject, copies: 0, ids: new Set<string>() };
          group.copies += 1;
          group.ids.add(m.messageId);
          groups.set(id, group);
        }
      }
      return [...groups.values()].map(({ ids, ...group }) => ({ ...group, messageIds: ids.size }));
    },
    /** Extra copies: sharing a Message-ID with an earlier one (folded), and of the same recipient and subject. */
    duplicates() {
      return {
        byMessageId: extraCopies(countBy(store, (m) => m.to.map((to) => ({ to, messageId: m.messageId })))),
        byRecipientSubject: extraCopies(countBy(store, (m) => m.to.map((to) => ({ to, subject: m.subject })))),
      };
    },
    /** Stops accepting connections (they are refused); sessions under way go on. */
    down() {
      server.server.close();
    },
    async up() {
      if (!server.server.listening) await listenOn(port);
    },
    reset() {
      mails.length = 0;
      store.length = 0;
      script.clear();
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
