/**
 * Messages to customers about what was promised and by when: the recap, a new time, a cancellation,
 * and the recap of what was done. Short, specific, in their time zone and language; never "soon".
 * The words are in the catalogues (./catalogue); free text is cut in the SMS (frame.ts) and kept
 * whole in the email. A change of owner is customer-owners.ts.
 */
import { customerMessage, dueText, smsNames, textNames, whenIso } from './frame';
import { yesNo } from './format';
import type { CustomerPurpose, Template } from './purposes';
import { free } from './sms';

export const promiseMessages: Record<Extract<CustomerPurpose, 'customer_recap' | 'fulfilment_recap' | 'customer_extended' | 'customer_cancelled'>, Template> = {
  customer_recap: (i) =>
    customerMessage(i, 'customer_recap', {
      sms: { ...smsNames(i), summary: free(i.c.summary, true), due: dueText(i) },
      text: { ...textNames(i), due: dueText(i), hasPage: yesNo(i.ctx.pageLink), pageLink: i.ctx.pageLink ?? '' },
    }),

  fulfilment_recap: (i) => {
    const f = i.c.fulfilment;
    const next = whenIso(i, f?.nextContactAt);
    const checkAfter = whenIso(i, f?.pendingUntil);
    const resolution = f?.resolution ?? i.c.summary;
    const times = { hasNext: yesNo(next), next: next ?? '', hasCheckAfter: yesNo(checkAfter), checkAfter: checkAfter ?? '' };
    return customerMessage(i, 'fulfilment_recap', {
      sms: { ...smsNames(i), ...times, resolution: free(resolution, true), hasPending: yesNo(f?.pending), pending: free(f?.pending, true) },
      // The email says what is pending whenever it was given, even as an empty line.
      text: { ...textNames(i), ...times, resolution, hasPending: yesNo(f?.pending !== undefined && f.pending !== null), pending: f?.pending ?? '' },
    });
  },

  customer_extended: (i) =>
    customerMessage(i, 'customer_extended', {
      sms: { ...smsNames(i), due: dueText(i), reason: free(i.ctx.reason, true) },
      text: { ...textNames(i), due: dueText(i), reason: i.ctx.reason ?? '' },
    }),

  customer_cancelled: (i) =>
    customerMessage(i, 'customer_cancelled', {
      sms: { ...smsNames(i), reason: free(i.ctx.reason, true) },
      text: { ...textNames(i), reason: i.ctx.reason ?? '' },
      open: false,
    }),
};
