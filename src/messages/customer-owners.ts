/**
 * Messages to customers about a change of who owns their request: a supervisor taking over a missed
 * deadline, a new owner (handed on or taken over by a supervisor), and the honest update when no
 * supervisor picked it up. Like customer.ts: short, specific, in their time zone.
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

export const ownerChangeMessages: Record<
  Extract<CustomerPurpose, 'customer_escalated' | 'customer_reassigned' | 'customer_new_owner' | 'customer_unacknowledged'>,
  Template
> = {
  customer_escalated: (i) => {
    const hearBy = whenIso(i, i.ctx.hearBy);
    const hear = hearBy ? `You'll hear from them by ${hearBy}.` : "You'll hear from them directly.";
    return {
      subject: hearBy ? `A supervisor now owns your request: you'll hear by ${hearBy}` : 'A supervisor now owns your request',
      sms: customerSms(i, [
        'Hi ',
        customerFirst(i),
        `, we missed our ${clockTime(new Date(i.c.dueAt), i.c.customer.timezone)} deadline for: `,
        free(i.c.summary, true),
        " I'm sorry. ",
        name(firstLevel(i)),
        `, a supervisor, now owns it and has your full history, so no need to repeat anything. ${hear}`,
      ]),
      text: customerEmail(i, [
        `We promised "${i.c.summary}" by ${dueText(i)}, and we missed it. I'm sorry.`,
        '',
        `${firstLevel(i)}, a supervisor, now owns your request${ref(i.c)} and has the full history, so you will not need to explain anything again. ${hear}`,
      ]),
    };
  },

  customer_reassigned: (i) => ({
    subject: `${i.c.owner.name} now looks after your request`,
    sms: customerSms(i, [
      'Hi ',
      customerFirst(i),
      ', ',
      name(i.c.owner.name),
      ' has taken over "',
      free(i.c.summary),
      '" from ',
      name(previousOwner(i)),
      ` and has all the notes. Still by ${dueText(i)}.`,
    ]),
    text: customerEmail(i, [
      `${i.c.owner.name} has taken over "${i.c.summary}"${ref(i.c)} from ${previousOwner(i)}, with all the notes, so you will not need to explain anything again.`,
      '',
      `The time stays the same: ${dueText(i)}.`,
    ]),
  }),

  customer_new_owner: (i) => ({
    subject: `${i.c.owner.name} owns your request now: by ${dueText(i)}`,
    sms: customerSms(i, [
      'Hi ',
      customerFirst(i),
      ', ',
      name(i.c.owner.name),
      ' now personally owns "',
      free(i.c.summary),
      `" and has your full history. You'll hear back by ${dueText(i)}.`,
    ]),
    text: customerEmail(i, [
      `${i.c.owner.name} now personally owns "${i.c.summary}"${ref(i.c)} and has the full history.`,
      '',
      `You will hear back by ${dueText(i)}.`,
    ]),
  }),

  customer_unacknowledged: (i) => {
    const lead = i.ctx.lead;
    return {
      subject: `An honest update on your request: ${i.c.summary}`,
      sms: customerSms(i, [
        'Hi ',
        customerFirst(i),
        ', an honest update on "',
        free(i.c.summary),
        '": no supervisor has picked it up yet, and I\'m sorry. ',
        ...(lead ? [name(lead), ', the team lead, has'] : ['Our team lead has']),
        ' now been alerted to take it over. Reply here if anything has changed.',
      ]),
      text: customerEmail(i, [
        `We told you a supervisor would take over "${i.c.summary}"${ref(i.c)}. None of them has picked it up yet, and I'm sorry.`,
        '',
        `${lead ? `${lead}, the team lead,` : 'Our team lead'} has now been alerted, with your full history, to take it over. We will tell you who owns it as soon as someone does.`,
      ]),
    };
  },
};
