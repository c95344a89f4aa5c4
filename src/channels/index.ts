import { createOutboxMail, createOutboxSms, type OutboxOptions } from './outbox';
import { createSmtpMail } from './smtp-mail';
import { createTwilioSms } from './twilio-sms';
import type { MailSender, SmsSender } from './types';

export type { MailMessage, MailSender, SentReceipt, SmsMessage, SmsSender } from './types';
export { DeliveryError } from './types';

export interface ChannelsConfig {
  TWILIO_ACCOUNT_SID?: string;
  TWILIO_AUTH_TOKEN?: string;
  TWILIO_FROM?: string;
  TWILIO_API_URL?: string;
  SMTP_URL?: string;
  MAIL_FROM: string;
}

export interface Channels {
  sms: SmsSender;
  mail: MailSender;
}

const TWILIO_VARIABLES = ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM'] as const;

/**
 * Live providers when they are fully configured, the outbox otherwise, so the embedded mode
 * runs with no accounts at all. A half-configured Twilio is logged rather than half-used:
 * someone meant to go live, and the log line tells them which variable is missing.
 */
export function createChannels(config: ChannelsConfig, log: (line: string) => void, outbox: OutboxOptions = {}): Channels {
  const { TWILIO_ACCOUNT_SID: accountSid, TWILIO_AUTH_TOKEN: authToken, TWILIO_FROM: from, TWILIO_API_URL: apiUrl } = config;

  let sms: SmsSender;
  if (present(accountSid) && present(authToken) && present(from)) {
    sms = createTwilioSms({ accountSid, authToken, from, ...(present(apiUrl) ? { apiUrl } : {}) });
  } else {
    const missing = TWILIO_VARIABLES.filter((name) => !present(config[name]));
    if (missing.length < TWILIO_VARIABLES.length) {
      log(`[channels] Twilio is partly configured (missing ${missing.join(', ')}): SMS go to the outbox`);
    }
    sms = createOutboxSms(log, outbox);
  }

  const mail = present(config.SMTP_URL) ? createSmtpMail({ url: config.SMTP_URL, from: config.MAIL_FROM }) : createOutboxMail(log, outbox);
  return { sms, mail };
}

function present(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}
