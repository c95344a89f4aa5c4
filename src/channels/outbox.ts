import { randomUUID } from 'node:crypto';
import type { MailMessage, MailSender, SentReceipt, SmsMessage, SmsSender } from './types';

/**
 * Stand-ins for Twilio and SMTP in the embedded mode. Nothing leaves the machine: each message is
 * written to the log so a developer can read what a customer would have received, and the
 * receipt says `outbox` so nobody mistakes it for a delivered message.
 */
export function createOutboxSms(log: (line: string) => void): SmsSender {
  return {
    live: false,
    description: 'outbox (not sent: Twilio not configured)',
    send(message: SmsMessage): Promise<SentReceipt> {
      log(block(`[outbox sms → ${message.to}]`, message.body));
      return Promise.resolve(receipt());
    },
  };
}

export function createOutboxMail(log: (line: string) => void): MailSender {
  return {
    live: false,
    description: 'outbox (not sent: SMTP not configured)',
    send(message: MailMessage): Promise<SentReceipt> {
      log(block(`[outbox mail → ${message.to}] ${message.subject}`, message.text));
      return Promise.resolve(receipt());
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
