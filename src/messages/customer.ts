/**
 * Messages to customers about what was promised and by when: the recap, a new time, a cancellation,
 * and the recap of what was done. Short, specific, in their time zone; never "soon". Free text is cut
 * in the SMS (frame.ts) and kept whole in the email. A change of owner is customer-owners.ts.
 */
import { customerEmail, customerFirst, customerSms, dueText, ref, whenIso } from './frame';
import type { CustomerPurpose, Template } from './purposes';
import { free, name } from './sms';

export const promiseMessages: Record<Extract<CustomerPurpose, 'customer_recap' | 'fulfilment_recap' | 'customer_extended' | 'customer_cancelled'>, Template> = {
  customer_recap: (i) => ({
    subject: `${i.c.owner.name} will get back to you by ${dueText(i)}`,
    sms: customerSms(i, [
      'Hi ',
      customerFirst(i),
      ', ',
      name(i.c.owner.name),
      ' is handling this: ',
      free(i.c.summary, true),
      ` By ${dueText(i)}. If it slips, a supervisor takes over and we'll tell you. Reply here with questions.`,
    ]),
    text: customerEmail(i, [
      `Thanks for talking with us. Here is what we agreed${ref(i.c)}:`,
      '',
      `  What: ${i.c.summary}`,
      `  Who: ${i.c.owner.name}`,
      `  By: ${dueText(i)}`,
      '',
      `${i.c.owner.name} owns this until it is done. If it cannot be done by then, a supervisor takes it over and we will tell you before you have to call us.`,
      ...(i.ctx.pageLink ? ['', `If another time suits you better, or you still need help, say so here: ${i.ctx.pageLink}`] : []),
    ]),
  }),

  fulfilment_recap: (i) => {
    const f = i.c.fulfilment;
    const next = whenIso(i, f?.nextContactAt);
    const checkAfter = whenIso(i, f?.pendingUntil);
    return {
      subject: `Done: ${i.c.summary}`,
      sms: customerSms(i, [
        'Hi ',
        customerFirst(i),
        ', ',
        name(i.c.owner.name),
        ' here, done: ',
        free(f?.resolution ?? i.c.summary, true),
        ...(f?.pending ? [' Still pending: ', free(f.pending, true)] : [' Nothing else is pending.']),
        checkAfter ? ` We'll check with you after ${checkAfter}.` : '',
        next ? ` We'll be in touch again by ${next}.` : '',
      ]),
      text: customerEmail(i, [
        `${i.c.owner.name} has finished what we promised${ref(i.c)}.`,
        '',
        `  What we did: ${f?.resolution ?? i.c.summary}`,
        `  Still pending: ${f?.pending ?? 'nothing'}`,
        ...(checkAfter ? [`  Should be through by: ${checkAfter}`] : []),
        ...(next ? [`  We'll contact you next: by ${next}`] : []),
        '',
        checkAfter ? `After ${checkAfter} we will ask you whether it is really sorted.` : 'Then we will ask you whether it is really sorted.',
      ]),
    };
  },

  customer_extended: (i) => ({
    subject: `New time: ${i.c.owner.name} will get back to you by ${dueText(i)}`,
    sms: customerSms(i, [
      'Hi ',
      customerFirst(i),
      ', an update on "',
      free(i.c.summary),
      '": ',
      name(i.c.owner.name),
      ` now needs until ${dueText(i)}. Why: `,
      free(i.ctx.reason, true),
      ' If that slips too, a supervisor takes over.',
    ]),
    text: customerEmail(i, [
      `${i.c.owner.name} needs more time for "${i.c.summary}"${ref(i.c)}.`,
      '',
      `  New time: ${dueText(i)}`,
      `  Why: ${i.ctx.reason}`,
      '',
      'If that slips too, a supervisor takes it over and we will tell you.',
    ]),
  }),

  customer_cancelled: (i) => ({
    subject: `Update on your request: ${i.c.summary}`,
    sms: customerSms(i, [
      'Hi ',
      customerFirst(i),
      ', "',
      free(i.c.summary),
      '" is no longer going ahead: ',
      free(i.ctx.reason, true),
      ' If that is not what you expected, please call us.',
    ]),
    text: customerEmail(
      i,
      [
        `"${i.c.summary}"${ref(i.c)} is no longer going ahead.`,
        '',
        `  Why: ${i.ctx.reason}`,
        '',
        'If that is not what you expected, call us and we will pick it up.',
      ],
      { open: false },
    ),
  }),
};
