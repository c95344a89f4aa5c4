/**
 * Messages that keep a customer from wondering in silence: a pause and what it waits for, the
 * clock running again, a time moved by a change to our opening hours, the owner's own progress
 * update, and the automatic midpoint check-in. The words are in the catalogues (./catalogue).
 */
import { clockAt, customerMessage, dueText, smsNames, textNames, whenIso } from './frame';
import { yesNo } from './format';
import type { CustomerPurpose, Template } from './purposes';
import { free } from './sms';

type UpdatePurpose = 'customer_paused' | 'customer_resumed' | 'customer_rescheduled' | 'customer_attempted' | 'customer_progress' | 'customer_checkin';

/** What happened when we called, as the catalogue's `outcome` select names it; anything else reads "could not reach you". */
const CALL_OUTCOMES = ['no_answer', 'voicemail', 'busy', 'wrong_number'] as const;
const callOutcome = (outcome: string | undefined) => CALL_OUTCOMES.find((o) => o === outcome) ?? 'other';

export const updateMessages: Record<Extract<CustomerPurpose, UpdatePurpose>, Template> = {
  customer_paused: (i) => {
    const until = whenIso(i, i.ctx.until);
    const wait = { hasUntil: yesNo(until), until: until ?? '' };
    return customerMessage(i, 'customer_paused', {
      sms: { ...smsNames(i), ...wait, reason: free(i.ctx.reason, true) },
      text: { ...textNames(i), ...wait, reason: i.ctx.reason ?? '' },
    });
  },

  customer_resumed: (i) =>
    customerMessage(i, 'customer_resumed', {
      sms: { ...smsNames(i), due: dueText(i) },
      text: { ...textNames(i), due: dueText(i) },
    }),

  /** The business hours a deadline was counted on changed, and the time the customer was given with them. */
  customer_rescheduled: (i) => {
    const was = whenIso(i, i.ctx.previous);
    const times = { due: dueText(i), hasWas: yesNo(was), was: was ?? '' };
    return customerMessage(i, 'customer_rescheduled', {
      sms: { ...smsNames(i), ...times },
      text: { ...textNames(i), ...times },
    });
  },

  /** A callback that did not get through: when we tried, and when we will try again (the deadline, while it is ahead). */
  customer_attempted: (i) => {
    const at = i.ctx.at ? clockAt(i, new Date(i.ctx.at)) : undefined;
    const again = whenIso(i, i.ctx.retryBy);
    const outcome = callOutcome(i.ctx.outcome);
    // A text can be answered; an email's replies are not read. A wrong number gets no link to pick a time.
    const call = { hasAt: yesNo(at), at: at ?? '', outcome, hasRetry: yesNo(again), retryBy: again ?? '' };
    return customerMessage(i, 'customer_attempted', {
      // The page's link whole, in the text too: picking a time there beats replying with one.
      sms: { ...smsNames(i), ...call, hasPage: yesNo(i.ctx.pageLink && outcome !== 'wrong_number'), pageLink: i.ctx.pageLink ?? '' },
      text: { ...textNames(i), ...call, hasPage: yesNo(i.ctx.pageLink && outcome !== 'wrong_number'), pageLink: i.ctx.pageLink ?? '' },
    });
  },

  customer_progress: (i) =>
    customerMessage(i, 'customer_progress', {
      sms: { ...smsNames(i), due: dueText(i), text: free(i.ctx.text, true) },
      text: { ...textNames(i), due: dueText(i), text: i.ctx.text ?? '' },
    }),

  customer_checkin: (i) =>
    customerMessage(i, 'customer_checkin', {
      sms: { ...smsNames(i), due: dueText(i) },
      text: { ...textNames(i), due: dueText(i) },
    }),
};
