/** Messages to staff: the whole context, so nobody asks the customer to repeat themselves. */
import type { CommitmentView, StaffContact } from '../shared/contract';
import { firstName, type StaffPurpose, type Template } from './purposes';
import { clockTime, whenText } from './time';

function contactLine(who: Pick<StaffContact, 'phone' | 'email'>): string {
  return [who.phone, who.email].filter(Boolean).join(' / ') || 'no contact details on file';
}

const ref = (c: CommitmentView) => (c.externalRef ? ` (ref ${c.externalRef})` : '');

/** Customer, promise, owner, deadline, call log and timeline: the handover in one block. */
function context(c: CommitmentView, now: Date): string[] {
  const zone = c.customer.timezone;
  const log = c.log ?? {};
  const label = (v?: string) => (v ? v.replace(/_/g, ' ') : 'not recorded');
  return [
    `  Customer: ${c.customer.name}, ${contactLine(c.customer)}, time zone ${zone}`,
    `  Promise: ${c.summary}${ref(c)}`,
    `  Owner: ${c.owner.name} (${contactLine(c.owner)})`,
    `  Due: ${whenText(new Date(c.dueAt), zone, now)} (customer's time)`,
    `  Made: ${whenText(new Date(c.createdAt), zone, now)}`,
    ...(c.facts.extensionCount ? [`  Extensions so far: ${c.facts.extensionCount}`] : []),
    '',
    'Call log:',
    `  Trigger: ${label(log.trigger)}`,
    `  Customer state: ${label(log.customerState)}`,
    `  Customer wants: ${label(log.customerWants)}`,
    `  Root cause: ${label(log.rootCause)}`,
    `  Needed fix: ${log.neededFix ?? 'not recorded'}`,
    '',
    'Timeline:',
    ...c.timeline.map((e) => `  ${clockTime(new Date(e.at), zone)} — ${e.detail}`),
  ];
}

/** How to acknowledge by text: the default deadline is the policy's reopen window. */
function ackHint(c: CommitmentView): string {
  const hours = Math.round(c.policy.reopenWithinMs / 360_000) / 10;
  return `Reply ACK to take it over (due in ${hours}h) or e.g. ACK 30m to set your own deadline.`;
}

export const staffMessages: Record<StaffPurpose, Template> = {
  owner_confirmation: ({ c, now }) => {
    const due = whenText(new Date(c.dueAt), c.customer.timezone, now);
    return {
      subject: `You promised ${c.customer.name}: due ${due}`,
      sms: `Followthrough: you own "${c.summary}" for ${c.customer.name}, due ${due}. Mark it fulfilled when done or it escalates to ${c.supervisor.name}.`,
      text: [
        `Hi ${firstName(c.owner.name)},`,
        '',
        `You made this commitment and you own it${ref(c)}:`,
        '',
        `  Customer: ${c.customer.name} (${contactLine(c.customer)})`,
        `  Promise: ${c.summary}`,
        `  Due: ${due} (customer's time)`,
        '',
        `The customer has a recap with your name and this time. Mark it fulfilled when it is done; if the deadline passes first, ${c.supervisor.name} is alerted and the customer is told.`,
      ].join('\n'),
    };
  },

  owner_reminder: ({ c, now }) => {
    const due = whenText(new Date(c.dueAt), c.customer.timezone, now);
    return {
      subject: `Reminder: "${c.summary}" for ${c.customer.name} is due ${due}`,
      sms: `Reminder: "${c.summary}" for ${c.customer.name} (${contactLine(c.customer)}) is due ${due}. Fulfil it, or extend it with a reason, before it escalates.`,
      text: [
        `Hi ${firstName(c.owner.name)},`,
        '',
        `"${c.summary}" for ${c.customer.name} is due ${due}. If it is done, mark it fulfilled; if it needs longer, extend it with a reason so the customer hears it from us. Otherwise ${c.supervisor.name} is alerted at the deadline.`,
      ].join('\n'),
    };
  },

  supervisor_alert: ({ c, now, recipient }) => ({
    subject: `Escalated: ${c.customer.name} — "${c.summary}" was due ${whenText(new Date(c.dueAt), c.customer.timezone, now)}`,
    sms: `ESCALATED to you: ${c.owner.name} missed "${c.summary}" for ${c.customer.name} (${contactLine(c.customer)}), due ${clockTime(new Date(c.dueAt), c.customer.timezone)}. ${ackHint(c)}`,
    text: [
      `Hi ${firstName(recipient.name)},`,
      '',
      `A commitment lapsed and needs an owner${ref(c)}. The customer has been told a supervisor owns it; please contact them without asking them to repeat anything.`,
      `Acknowledge it (POST /v1/commitments/${c.id}/acknowledge, or by text: ${ackHint(c)})`,
      '',
      ...context(c, now),
    ].join('\n'),
  }),

  handoff: ({ c, now, ctx, recipient }) => ({
    subject: `Handed to you: ${c.customer.name} — "${c.summary}"`,
    sms: `Handed to you by ${ctx.previousOwner}: "${c.summary}" for ${c.customer.name} (${contactLine(c.customer)}), due ${whenText(new Date(c.dueAt), c.customer.timezone, now)}. Note: ${ctx.note}. Full timeline by email.`,
    text: [
      `Hi ${firstName(recipient.name)},`,
      '',
      `${ctx.previousOwner} handed this commitment to you. The customer has been told you own it now.`,
      '',
      `Handoff note: ${ctx.note}`,
      '',
      ...context(c, now),
    ].join('\n'),
  }),

  reopen_alert: ({ c, now, ctx, recipient }) => ({
    subject: `Reopened — not resolved for ${c.customer.name}: "${c.summary}"`,
    sms: `REOPENED to you: ${c.customer.name} says "${c.summary}" is not resolved${ctx.words ? `: "${ctx.words}"` : ''}. Due ${whenText(new Date(c.dueAt), c.customer.timezone, now)}.`,
    text: [
      `Hi ${firstName(recipient.name)},`,
      '',
      `${ctx.previousOwner} marked this done, but the customer says it is not resolved. You own it now.`,
      '',
      `The customer's words: ${ctx.words ? `"${ctx.words}"` : '(none given)'}`,
      '',
      ...context(c, now),
    ].join('\n'),
  }),

  owner_customer_message: ({ c, ctx }) => ({
    subject: `${c.customer.name} wrote about "${c.summary}"`,
    sms: `${c.customer.name} texted about "${c.summary}": "${ctx.text}"`,
    text: [`${c.customer.name} (${contactLine(c.customer)}) wrote about "${c.summary}"${ref(c)}:`, '', `  "${ctx.text}"`].join('\n'),
  }),

  owner_customer_unreachable: ({ c, ctx }) => ({
    subject: `Could not reach ${c.customer.name}`,
    sms: `We could not reach ${c.customer.name} with the ${String(ctx.purpose).replace(/_/g, ' ')} for "${c.summary}" by any channel. Please call them: ${contactLine(c.customer)}.`,
    text: `No channel reached ${c.customer.name} (${contactLine(c.customer)}) with the ${String(ctx.purpose).replace(/_/g, ' ')} for "${c.summary}"${ref(c)}. Please contact them another way.`,
  }),

  // Interim wording; the compliant set replaces these.
  owner_manager_request: ({ c, ctx }) => staffNote(`${c.customer.name} asked for a manager about "${c.summary}"`, `"${ctx.text}"`),
  team_lead_alert: ({ c, now }) => staffNote(`Nobody acknowledged "${c.summary}" for ${c.customer.name}`, context(c, now).join('\n')),
  staff_unreachable: ({ c, ctx }) => staffNote(`${ctx.unreached} could not be reached about "${c.summary}"`, `No channel reached ${ctx.unreached} with the escalation for ${c.customer.name}.`),
  repeat_contact_alert: ({ c, ctx }) => staffNote(`Repeat contact: ${c.customer.name} (${ctx.count} in 7 days)`, `"${c.summary}" is commitment ${ctx.count} for ${c.customer.name} in 7 days.`),
};

function staffNote(subject: string, text: string) {
  return { subject, sms: `${subject}. ${text}`.slice(0, 1500), text };
}
