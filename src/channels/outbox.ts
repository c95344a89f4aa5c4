import { randomUUID } from 'node:crypto';
import type { MailMessage, MailSender, SentReceipt, SmsMessage, SmsSender } from './types';

export interface OutboxOptions {
  /**
   * Print who it is to and what it says: only under `npm start`, where a developer reads the
   * outbox in the log (their sign-in link is there). Anywhere else logs carry ids, never phone
   * numbers, email addresses or words a customer wrote; the notifications table has the rest.
   */
  printBodies?: boolean;
}

/**
 * Stand-ins for Twilio and SMTP in the embedded mode. Nothing leaves the machine: each message is
 * written to the log (in full under `npm start`, as its outbox id elsewhere) and the receipt says
 * `outbox` so nobody mistakes it for a delivered message.
 */
export function createOutboxSms(log: (line: string) => void, opts: OutboxOptions = {}): SmsSender {
  return {
    live: false,
    description: 'outbox (not sent: Twilio not configured)',
    send(message: SmsMessage): Promise<SentReceipt> {
      const r = receipt();
      log(opts.printBodies ? block(`[outbox sms → ${message.to}]`, message.body) : `[outbox sms ${r.providerId}] ${message.body.length} characters`);
      return Promise.resolve(r);
    },
  };
}

export function createOutboxMail(log: (line: string) => void, opts: OutboxOptions = {}): MailSender {
  return {
    live: false,
    description: 'outbox (not sent: SMTP not configured)',
    send(message: MailMessage): Promise<SentReceipt> {
      const r = receipt();
      log(
        opts.printBodies
          ? block(`[outbox mail → ${message.to}] ${message.subject}`, message.text)
          : `[outbox mail ${r.providerId}] ${message.text.length} characters`,
      );
      return Promise.resolve(r);
    },
  };
}

function receipt(): SentReceipt {
  return { providerId: `outbox-${randomUUID()}`, via: 'outbox' };
}

// Short bodies stay on the header line; longer ones are indented under it so they read as one block.
function block(header: string, body: string): string {
  if (!body.includes('\n') && header.length + body.length < 160) return `${header} ${body}`;
  return [header, ...body.split('\n').map((line) => `    ${line}`)].join('\n');
}
