/**
 * The lapse-storm floor's one activity: the same two sends a supervisor alert makes (the real
 * Twilio SDK and nodemailer channels), without the product's read model, notification rows and
 * message templates.
 */
import type { Channels } from '../../src/channels';

export function createBaselineActivities(channels: Channels) {
  return {
    async alert(to: { email: string; phone: string }): Promise<void> {
      await Promise.all([
        channels.sms.send({ to: to.phone, body: 'A commitment lapsed; you own it now.' }),
        channels.mail.send({ to: to.email, subject: 'A commitment lapsed', text: 'A commitment lapsed; you own it now.' }),
      ]);
    },
  };
}

export type BaselineActivities = ReturnType<typeof createBaselineActivities>;
