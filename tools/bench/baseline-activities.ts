/**
 * The lapse-storm floors' activities: the same two sends a supervisor alert makes (the real
 * Twilio SDK and nodemailer channels), and for the equal-work floor the same two a customer's
 * notice makes, without the product's read model, notification rows and message templates.
 */
import type { Channels } from '../../src/channels';

export function createBaselineActivities(channels: Channels) {
  const send = async (to: { email: string; phone: string }, subject: string, text: string): Promise<void> => {
    await Promise.all([channels.sms.send({ to: to.phone, body: text }), channels.mail.send({ to: to.email, subject, text })]);
  };
  return {
    async alert(to: { email: string; phone: string }): Promise<void> {
      await send(to, 'A commitment lapsed', 'A commitment lapsed; you own it now.');
    },
    async notice(to: { email: string; phone: string }): Promise<void> {
      await send(to, 'We missed our promise to you', 'We missed what we promised you; a supervisor now owns it and will be in touch.');
    },
  };
}

export type BaselineActivities = ReturnType<typeof createBaselineActivities>;
