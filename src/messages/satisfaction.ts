/**
 * The closing questions: is it really resolved (a refund issued is not a customer who knows what
 * happened), asked again once if the answer was unclear, then how the owner did. The words are in
 * the catalogues (./catalogue).
 */
import { customerLocale, customerMessage, smsNames, textNames } from './frame';
import { text, yesNo, type TextValues } from './format';
import { firstName, type CustomerPurpose, type RenderInput, type Template } from './purposes';

/** Links when the deliver activity signed them (email only); otherwise the text reply that works. */
const answers = (i: RenderInput): TextValues => {
  const link = (key: 'satisfaction.yesLink' | 'satisfaction.noLink', url: string | undefined) =>
    text(customerLocale(i), key, { hasUrl: yesNo(url !== undefined), url: url ?? '' });
  return { yesLink: link('satisfaction.yesLink', i.ctx.yesUrl), noLink: link('satisfaction.noLink', i.ctx.noUrl) };
};

export const satisfactionMessages: Record<
  Extract<CustomerPurpose, 'satisfaction_ask' | 'satisfaction_reminder' | 'satisfaction_reask' | 'rating_ask'>,
  Template
> = {
  satisfaction_ask: (i) => customerMessage(i, 'satisfaction_ask', { sms: smsNames(i), text: { ...textNames(i), ...answers(i) } }),

  satisfaction_reminder: (i) => customerMessage(i, 'satisfaction_reminder', { sms: smsNames(i), text: { ...textNames(i), ...answers(i) } }),

  satisfaction_reask: (i) => customerMessage(i, 'satisfaction_reask', { sms: smsNames(i), text: { ...textNames(i), ...answers(i) } }),

  rating_ask: (i) =>
    customerMessage(i, 'rating_ask', {
      sms: smsNames(i),
      // The commitment is closed: a digit is the only text still matched to it, so otherwise we ask for a call.
      text: { ...textNames(i), hasPhone: yesNo(i.c.customer.phone), ownerFirst: firstName(i.c.owner.name) },
      open: false,
    }),
};
