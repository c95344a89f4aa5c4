/** Messages to customers. Short, specific, in their time zone; never "soon". */
import { firstName, type CustomerPurpose, type Template } from './purposes';
import { clockTime, whenText } from './time';

const ref = (externalRef?: string) => (externalRef ? ` (ref ${externalRef})` : '');

export const customerMessages: Record<CustomerPurpose, Template> = {
  customer_recap: ({ c, now }) => {
    const due = whenText(new Date(c.dueAt), c.customer.timezone, now);
    const owner = c.owner.name;
    return {
      subject: `${owner} will get back to you by ${due}`,
      sms: `Hi ${firstName(c.customer.name)}, ${owner} is handling this: ${c.summary} — by ${due}. If anything slips, a supervisor takes over and we'll tell you.`,
      text: [
        `Hi ${firstName(c.customer.name)},`,
        '',
        `Thanks for talking with us. Here is what we agreed${ref(c.externalRef)}:`,
        '',
        `  What: ${c.summary}`,
        `  Who: ${owner}`,
        `  By: ${due}`,
        '',
        `${owner} owns this until it is done. If it cannot be done by then, a supervisor takes it over and we will tell you before you have to call us.`,
      ].join('\n'),
    };
  },

  fulfilment_recap: ({ c, now }) => {
    const f = c.fulfilment;
    const next = f?.nextContactAt ? whenText(new Date(f.nextContactAt), c.customer.timezone, now) : undefined;
    const pending = f?.pending ? ` Still pending: ${f.pending}.` : ' Nothing else is pending.';
    return {
      subject: `Done: ${c.summary}`,
      sms: `Hi ${firstName(c.customer.name)}, ${c.owner.name} here: done — ${f?.resolution ?? c.summary}.${pending}${next ? ` We'll be in touch again by ${next}.` : ''}`,
      text: [
        `Hi ${firstName(c.customer.name)},`,
        '',
        `${c.owner.name} has finished what we promised${ref(c.externalRef)}.`,
        '',
        `  What we did: ${f?.resolution ?? c.summary}`,
        `  Still pending: ${f?.pending ?? 'nothing'}`,
        ...(next ? [`  We'll contact you next: by ${next}`] : []),
        '',
        'We will check with you shortly that it is really sorted.',
      ].join('\n'),
    };
  },

  customer_escalated: ({ c, now }) => {
    const first = c.policy.escalation.levels[0]?.target;
    const boss = first?.kind === 'staff' ? first.staff.name : c.supervisor.name;
    return {
      subject: 'A supervisor now owns your request',
      sms: `Hi ${firstName(c.customer.name)}, we missed our ${clockTime(new Date(c.dueAt), c.customer.timezone)} deadline for: ${c.summary}. I'm sorry. ${boss}, a supervisor, now owns it and has your full history, so there is no need to repeat anything.`,
      text: [
        `Hi ${firstName(c.customer.name)},`,
        '',
        `We promised "${c.summary}" by ${whenText(new Date(c.dueAt), c.customer.timezone, now)}, and we missed it. I'm sorry.`,
        '',
        `${boss}, a supervisor, now owns your request${ref(c.externalRef)} and has the full history, so you will not need to explain anything again. You will hear from them directly.`,
      ].join('\n'),
    };
  },

  customer_extended: ({ c, now, ctx }) => {
    const due = whenText(new Date(c.dueAt), c.customer.timezone, now);
    return {
      subject: `New time: ${c.owner.name} will get back to you by ${due}`,
      sms: `Hi ${firstName(c.customer.name)}, an update on "${c.summary}": ${c.owner.name} now needs until ${due}. Why: ${ctx.reason}. If that slips too, a supervisor takes over.`,
      text: [
        `Hi ${firstName(c.customer.name)},`,
        '',
        `${c.owner.name} needs more time for "${c.summary}"${ref(c.externalRef)}.`,
        '',
        `  New time: ${due}`,
        `  Why: ${ctx.reason}`,
        '',
        'If that slips too, a supervisor takes it over and we will tell you.',
      ].join('\n'),
    };
  },

  customer_reassigned: ({ c, now, ctx }) => {
    const due = whenText(new Date(c.dueAt), c.customer.timezone, now);
    return {
      subject: `${c.owner.name} now looks after your request`,
      sms: `Hi ${firstName(c.customer.name)}, ${c.owner.name} has taken over "${c.summary}" from ${ctx.previousOwner ?? 'your previous contact'} and has all the notes. Still by ${due}.`,
      text: [
        `Hi ${firstName(c.customer.name)},`,
        '',
        `${c.owner.name} has taken over "${c.summary}"${ref(c.externalRef)} from ${ctx.previousOwner ?? 'your previous contact'}, with all the notes, so you will not need to explain anything again.`,
        '',
        `The time stays the same: ${due}.`,
      ].join('\n'),
    };
  },

  customer_cancelled: ({ c, ctx }) => ({
    subject: `Update on your request: ${c.summary}`,
    sms: `Hi ${firstName(c.customer.name)}, "${c.summary}" is no longer going ahead: ${ctx.reason}. Reply here if that is not what you expected.`,
    text: [
      `Hi ${firstName(c.customer.name)},`,
      '',
      `"${c.summary}"${ref(c.externalRef)} is no longer going ahead.`,
      '',
      `  Why: ${ctx.reason}`,
      '',
      'If that is not what you expected, reply to this message and we will pick it up.',
    ].join('\n'),
  }),

  customer_new_owner: ({ c, now }) => {
    const due = whenText(new Date(c.dueAt), c.customer.timezone, now);
    return {
      subject: `${c.owner.name} owns your request now: by ${due}`,
      sms: `Hi ${firstName(c.customer.name)}, ${c.owner.name} now personally owns "${c.summary}" and has your full history. You'll hear back by ${due}.`,
      text: [
        `Hi ${firstName(c.customer.name)},`,
        '',
        `${c.owner.name} now personally owns "${c.summary}"${ref(c.externalRef)} and has the full history.`,
        '',
        `You will hear back by ${due}.`,
      ].join('\n'),
    };
  },

  satisfaction_ask: ({ c, ctx }) => ({
    subject: `Is it fully sorted? ${c.summary}`,
    sms: `Hi ${firstName(c.customer.name)}, is "${c.summary}" fully resolved now? Reply YES or NO.`,
    text: [
      `Hi ${firstName(c.customer.name)},`,
      '',
      `${c.owner.name} finished "${c.summary}"${ref(c.externalRef)}. Is it fully resolved for you?`,
      '',
      `  Yes, it's resolved: ${ctx.yesUrl ?? '(reply YES)'}`,
      `  No, not yet: ${ctx.noUrl ?? '(reply NO)'}`,
      '',
      'If it is not, it goes straight back to a supervisor with your words.',
    ].join('\n'),
  }),

  satisfaction_reminder: ({ c, ctx }) => ({
    subject: `Reminder: is it fully sorted? ${c.summary}`,
    sms: `Hi ${firstName(c.customer.name)}, just checking: is "${c.summary}" fully resolved? Reply YES or NO.`,
    text: [
      `Hi ${firstName(c.customer.name)},`,
      '',
      `A quick reminder: is "${c.summary}" fully resolved for you?`,
      '',
      `  Yes: ${ctx.yesUrl ?? '(reply YES)'}`,
      `  No: ${ctx.noUrl ?? '(reply NO)'}`,
    ].join('\n'),
  }),

  rating_ask: ({ c }) => ({
    subject: 'How did we do?',
    sms: `Thanks, ${firstName(c.customer.name)}, glad it's sorted. How did ${c.owner.name} do? Reply 1 (poor) to 5 (great). No reply needed if you'd rather not.`,
    text: `Thanks, ${firstName(c.customer.name)}, glad it's sorted. How did ${c.owner.name} do, from 1 (poor) to 5 (great)? Reply with a number.`,
  }),

  // Interim wording; the compliant set (brand, GSM-7, segment budgets) replaces these.
  customer_unacknowledged: ({ c, ctx }) => plain(c, `we are sorry: nobody has picked up "${c.summary}" yet. ${ctx.lead ?? 'The team lead'} has been alerted and will contact you.`),
  customer_paused: ({ c, ctx, now }) => plain(c, `"${c.summary}" is on hold while we wait for: ${ctx.reason}.${ctx.until ? ` We pick it up again by ${whenText(new Date(ctx.until), c.customer.timezone, now)}.` : ''}`),
  customer_resumed: ({ c, now }) => plain(c, `we are working on "${c.summary}" again. You will hear back by ${whenText(new Date(c.dueAt), c.customer.timezone, now)}.`),
  customer_progress: ({ c, ctx, now }) => plain(c, `an update on "${c.summary}" from ${c.owner.name}: ${ctx.text}. Still by ${whenText(new Date(c.dueAt), c.customer.timezone, now)}.`),
  customer_checkin: ({ c, now }) => plain(c, `"${c.summary}" is still on track for ${whenText(new Date(c.dueAt), c.customer.timezone, now)}.`),
  satisfaction_reask: ({ c }) => plain(c, `sorry, we did not catch that. Is "${c.summary}" fully resolved? Reply YES or NO.`),
};

function plain(c: { customer: { name: string }; summary: string }, words: string) {
  const text = `Hi ${firstName(c.customer.name)}, ${words}`;
  return { subject: `Update on your request: ${c.summary}`, sms: text, text };
}
