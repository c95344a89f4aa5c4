/** Messages to the owner and whoever takes over: the whole context, so nobody asks the customer to repeat themselves. */
import { ref, staffEmail, staffSms } from './frame';
import type { StaffPurpose, Template } from './purposes';
import { free, name } from './sms';
import { contactLine, context, customerParts, staffDue } from './staff-context';

const OPT_OUT_SMS = '. Read as an opt-out: we text them no more (START undoes it).';
const OPT_OUT_EMAIL =
  'We read this as a request to stop texts, so we text them no more: messages go by email when we have an address. ' +
  'If they meant something else, contact them; replying START brings texts back.';

export const staffMessages: Record<
  Extract<
    StaffPurpose,
    | 'owner_confirmation'
    | 'owner_reminder'
    | 'handoff'
    | 'reopen_alert'
    | 'owner_customer_message'
    | 'owner_customer_unreachable'
    | 'owner_manager_request'
    | 'owner_attempts_prompt'
  >,
  Template
> = {
  owner_confirmation: (i) => ({
    subject: `You promised ${i.c.customer.name}: due ${staffDue(i)}`,
    sms: staffSms(i, [
      'You own "',
      free(i.c.summary),
      '" for ',
      ...customerParts(i.c),
      `, due ${staffDue(i)}. Mark it fulfilled when done or it escalates to `,
      name(i.c.supervisor.name),
      '.',
    ]),
    text: staffEmail(i, [
      `You made this commitment and you own it${ref(i.c)}:`,
      '',
      `  Customer: ${i.c.customer.name} (${contactLine(i.c.customer)})`,
      `  Promise: ${i.c.summary}`,
      `  Due: ${staffDue(i)} (customer's time)`,
      '',
      `The customer has a recap with your name and this time. Mark it fulfilled when it is done; if the deadline passes first, ${i.c.supervisor.name} is alerted and the customer is told.`,
    ]),
  }),

  owner_reminder: (i) => ({
    subject: `Reminder: "${i.c.summary}" for ${i.c.customer.name} is due ${staffDue(i)}`,
    sms: staffSms(i, [
      'Reminder: "',
      free(i.c.summary),
      '" for ',
      ...customerParts(i.c),
      ` is due ${staffDue(i)}. Fulfil it, or extend it with a reason, before it escalates.`,
    ]),
    text: staffEmail(i, [
      `"${i.c.summary}" for ${i.c.customer.name} is due ${staffDue(i)}. If it is done, mark it fulfilled; if it needs longer, extend it with a reason so the customer hears it from us. Otherwise ${i.c.supervisor.name} is alerted at the deadline.`,
    ]),
  }),

  handoff: (i) => ({
    subject: `Handed to you: ${i.c.customer.name} — "${i.c.summary}"`,
    sms: staffSms(i, [
      'Handed to you by ',
      name(i.ctx.previousOwner),
      ': "',
      free(i.c.summary),
      '" for ',
      ...customerParts(i.c),
      `, due ${staffDue(i)}. Note: `,
      free(i.ctx.note, true),
    ]),
    text: staffEmail(i, [
      `${i.ctx.previousOwner} handed this commitment to you. The customer has been told you own it now.`,
      '',
      `Handoff note: ${i.ctx.note}`,
      '',
      ...context(i),
    ]),
  }),

  reopen_alert: (i) => ({
    subject: `Reopened — not resolved for ${i.c.customer.name}: "${i.c.summary}"`,
    sms: staffSms(i, [
      'REOPENED to you: ',
      name(i.c.customer.name),
      ' says "',
      free(i.c.summary),
      '" is not resolved',
      ...(i.ctx.words ? [': "', free(i.ctx.words), '"'] : []),
      `. Due ${staffDue(i)}.`,
    ]),
    text: staffEmail(i, [
      `${i.ctx.previousOwner} marked this done, but the customer says it is not resolved. You own it now.`,
      '',
      `The customer's words: ${i.ctx.words ? `"${i.ctx.words}"` : '(none given)'}`,
      '',
      ...context(i),
    ]),
  }),

  owner_customer_message: (i) => {
    // A text after the commitment closed: nothing else is open for it to go to, so it comes to its last owner.
    const closed = i.ctx.closedAs ? ` (closed, ${i.ctx.closedAs})` : '';
    // An unsure opt-out: texts to the customer stopped on these words, and the owner is the one who can check.
    const optOut = i.ctx.readAsOptOut === 'yes';
    return {
      subject: `${i.c.customer.name} wrote about "${i.c.summary}"${closed}${optOut ? ': read as an opt-out' : ''}`,
      sms: staffSms(i, [
        name(i.c.customer.name),
        ' texted about "',
        free(i.c.summary),
        `"${closed}: "`,
        free(i.ctx.text),
        '"',
        ...(optOut ? [OPT_OUT_SMS] : []),
      ]),
      text: staffEmail(i, [
        `${i.c.customer.name} (${contactLine(i.c.customer)}) wrote about "${i.c.summary}"${ref(i.c)}:`,
        '',
        `  "${i.ctx.text}"`,
        ...(optOut ? ['', OPT_OUT_EMAIL] : []),
        ...(i.ctx.closedAs
          ? [
              '',
              `This commitment is closed (${i.ctx.closedAs}) and nothing else is open for this customer, so their text comes to you. If it needs more work, make a new commitment.`,
            ]
          : []),
      ]),
    };
  },

  owner_customer_unreachable: (i) => {
    const what = i.ctx.purpose ? i.ctx.purpose.replace(/_/g, ' ') : 'message';
    return {
      subject: `Could not reach ${i.c.customer.name}`,
      sms: staffSms(i, [
        'We could not reach ',
        name(i.c.customer.name),
        ` with the ${what} for "`,
        free(i.c.summary),
        '" by any channel. Please call them: ',
        free(contactLine(i.c.customer), true),
      ]),
      text: staffEmail(i, [
        `No channel reached ${i.c.customer.name} (${contactLine(i.c.customer)}) with the ${what} for "${i.c.summary}"${ref(i.c)}. Please contact them another way.`,
      ]),
    };
  },

  /** Tried often enough: close it as unreachable, or hand it to the supervisor. */
  owner_attempts_prompt: (i) => {
    const n = Number(i.ctx.attempts ?? 0);
    const tries = n === 2 ? 'Two tries' : `${n} tries`;
    return {
      subject: `${tries} without reaching ${i.c.customer.name}: close it or hand it on?`,
      sms: staffSms(i, [
        `${tries}, no luck reaching `,
        ...customerParts(i.c),
        ' about "',
        free(i.c.summary),
        '". Cancel it as unreachable, or hand it to ',
        name(i.c.supervisor.name),
        '.',
      ]),
      text: staffEmail(i, [
        `You have tried ${n} times to reach ${i.c.customer.name} (${contactLine(i.c.customer)}) about "${i.c.summary}"${ref(i.c)} without getting through.`,
        '',
        `Each time they were told we tried. If another try will not help, cancel it as unreachable (the customer is told), or reassign it to ${i.c.supervisor.name}.`,
      ]),
    };
  },

  owner_manager_request: (i) => ({
    subject: `${i.c.customer.name} asked for a manager: "${i.c.summary}"`,
    sms: staffSms(i, [
      'MANAGER REQUEST: ',
      ...customerParts(i.c),
      ' asked for a manager about "',
      free(i.c.summary),
      '": "',
      free(i.ctx.text),
      '". Call them back, or escalate it to ',
      name(i.c.supervisor.name),
      '.',
    ]),
    text: staffEmail(i, [
      `${i.c.customer.name} (${contactLine(i.c.customer)}) texted asking for a manager about "${i.c.summary}"${ref(i.c)}:`,
      '',
      `  "${i.ctx.text}"`,
      '',
      `It is recorded as a manager request and counts in the reports. Call them back yourself, or escalate it with the reason "manager request" so ${i.c.supervisor.name} takes it over with the whole history.`,
    ]),
  }),
};
