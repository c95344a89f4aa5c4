/**
 * Messages to customers about who owns their request and by when. Short, specific, in their time
 * zone; never "soon". Free text is cut in the SMS (frame.ts) and kept whole in the email.
 */
import { customerEmail, customerFirst, customerSms, dueText, ref, whenIso } from './frame';
import type { CustomerPurpose, RenderInput, Template } from './purposes';
import { free, name } from './sms';
import { clockTime } from './time';

/** Who the customer is told takes over: a named level, else the team's supervisor (a rotation's person is known only later). */
const firstLevel = ({ c }: RenderInput) => {
  const target = c.policy.escalation.levels[0]?.target;
  return target?.kind === 'staff' ? target.staff.name : c.supervisor.name;
};
const previousOwner = ({ ctx }: RenderInput) => ctx.previousOwner ?? 'your previous contact';

export const promiseMessages: Record<Extract<CustomerPurpose, 'customer_recap' | 'fulfilment_recap' | 'customer_escalated' | 'customer_extended' | 'customer_reassigned' | 'customer_cancelled' | 'customer_new_owner' | 'customer_unacknowledged'>, Template> = {
  customer_recap: (i) => ({
    subject: `${i.c.owner.name} will get back to you by ${dueText(i)}`,
    sms: customerSms(i, ['Hi ', customerFirst(i), ', ', name(i.c.owner.name), ' is handling this: ', free(i.c.summary, true), ` By ${dueText(i)}. If it slips, a supervisor takes over and we'll tell you. Reply here with questions.`]),
    text: customerEmail(i, [
      `Thanks for talking with us. Here is what we agreed${ref(i.c)}:`,
      '',
      `  What: ${i.c.summary}`,
      `  Who: ${i.c.owner.name}`,
      `  By: ${dueText(i)}`,
      '',
      `${i.c.owner.name} owns this until it is done. If it cannot be done by then, a supervisor takes it over and we will tell you before you have to call us.`,
    ]),
  }),

  fulfilment_recap: (i) => {
    const f = i.c.fulfilment;
    const next = whenIso(i, f?.nextContactAt);
    const checkAfter = whenIso(i, f?.pendingUntil);
    return {
      subject: `Done: ${i.c.summary}`,
      sms: customerSms(i, [
        'Hi ', customerFirst(i), ', ', name(i.c.owner.name), ' here, done: ', free(f?.resolution ?? i.c.summary, true),
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

  customer_escalated: (i) => {
    const hearBy = whenIso(i, i.ctx.hearBy);
    const hear = hearBy ? `You'll hear from them by ${hearBy}.` : "You'll hear from them directly.";
    return {
      subject: hearBy ? `A supervisor now owns your request: you'll hear by ${hearBy}` : 'A supervisor now owns your request',
      sms: customerSms(i, ['Hi ', customerFirst(i), `, we missed our ${clockTime(new Date(i.c.dueAt), i.c.customer.timezone)} deadline for: `, free(i.c.summary, true), " I'm sorry. ", name(firstLevel(i)), `, a supervisor, now owns it and has your full history, so no need to repeat anything. ${hear}`]),
      text: customerEmail(i, [
        `We promised "${i.c.summary}" by ${dueText(i)}, and we missed it. I'm sorry.`,
        '',
        `${firstLevel(i)}, a supervisor, now owns your request${ref(i.c)} and has the full history, so you will not need to explain anything again. ${hear}`,
      ]),
    };
  },

  customer_extended: (i) => ({
    subject: `New time: ${i.c.owner.name} will get back to you by ${dueText(i)}`,
    sms: customerSms(i, ['Hi ', customerFirst(i), ', an update on "', free(i.c.summary), '": ', name(i.c.owner.name), ` now needs until ${dueText(i)}. Why: `, free(i.ctx.reason, true), ' If that slips too, a supervisor takes over.']),
    text: customerEmail(i, [
      `${i.c.owner.name} needs more time for "${i.c.summary}"${ref(i.c)}.`,
      '',
      `  New time: ${dueText(i)}`,
      `  Why: ${i.ctx.reason}`,
      '',
      'If that slips too, a supervisor takes it over and we will tell you.',
    ]),
  }),

  customer_reassigned: (i) => ({
    subject: `${i.c.owner.name} now looks after your request`,
    sms: customerSms(i, ['Hi ', customerFirst(i), ', ', name(i.c.owner.name), ' has taken over "', free(i.c.summary), '" from ', name(previousOwner(i)), ` and has all the notes. Still by ${dueText(i)}.`]),
    text: customerEmail(i, [
      `${i.c.owner.name} has taken over "${i.c.summary}"${ref(i.c)} from ${previousOwner(i)}, with all the notes, so you will not need to explain anything again.`,
      '',
      `The time stays the same: ${dueText(i)}.`,
    ]),
  }),

  customer_cancelled: (i) => ({
    subject: `Update on your request: ${i.c.summary}`,
    sms: customerSms(i, ['Hi ', customerFirst(i), ', "', free(i.c.summary), '" is no longer going ahead: ', free(i.ctx.reason, true), ' If that is not what you expected, please call us.']),
    text: customerEmail(i, [`"${i.c.summary}"${ref(i.c)} is no longer going ahead.`, '', `  Why: ${i.ctx.reason}`, '', 'If that is not what you expected, call us and we will pick it up.'], { open: false }),
  }),

  customer_new_owner: (i) => ({
    subject: `${i.c.owner.name} owns your request now: by ${dueText(i)}`,
    sms: customerSms(i, ['Hi ', customerFirst(i), ', ', name(i.c.owner.name), ' now personally owns "', free(i.c.summary), `" and has your full history. You'll hear back by ${dueText(i)}.`]),
    text: customerEmail(i, [`${i.c.owner.name} now personally owns "${i.c.summary}"${ref(i.c)} and has the full history.`, '', `You will hear back by ${dueText(i)}.`]),
  }),

  customer_unacknowledged: (i) => {
    const lead = i.ctx.lead;
    return {
      subject: `An honest update on your request: ${i.c.summary}`,
      sms: customerSms(i, [
        'Hi ', customerFirst(i), ', an honest update on "', free(i.c.summary), "\": no supervisor has picked it up yet, and I'm sorry. ",
        ...(lead ? [name(lead), ', the team lead, has'] : ['Our team lead has']), ' now been alerted to take it over. Reply here if anything has changed.',
      ]),
      text: customerEmail(i, [
        `We told you a supervisor would take over "${i.c.summary}"${ref(i.c)}. None of them has picked it up yet, and I'm sorry.`,
        '',
        `${lead ? `${lead}, the team lead,` : 'Our team lead'} has now been alerted, with your full history, to take it over. We will tell you who owns it as soon as someone does.`,
      ]),
    };
  },
};
