/**
 * Every message Followthrough sends, in one place. Customer messages say who, what, by when and
 * what happens if not, with clock times in the customer's zone. Staff messages carry the whole
 * context so nobody has to ask the customer to repeat themselves.
 */
import type { CommitmentView, StaffContact } from '../shared/contract';
import { clockTime, whenText } from './time';

export const MESSAGE_PURPOSES = [
  'customer_recap',
  'owner_confirmation',
  'fulfilment_recap',
  'supervisor_alert',
  'customer_escalated',
] as const;
export type MessagePurpose = (typeof MESSAGE_PURPOSES)[number];

export interface RenderedMessage {
  subject: string;
  /** Email body (plain text). */
  text: string;
  /** SMS body: one or two segments, no links to click through for the essentials. */
  sms: string;
}

const firstName = (name: string) => name.trim().split(/\s+/)[0] ?? name;

function contactLine(who: Pick<StaffContact, 'phone' | 'email'>): string {
  return [who.phone, who.email].filter(Boolean).join(' / ') || 'no contact details on file';
}

function logLines(c: CommitmentView): string[] {
  const log = c.log ?? {};
  const label = (v?: string) => (v ? v.replace(/_/g, ' ') : 'not recorded');
  return [
    `Trigger: ${label(log.trigger)}`,
    `Customer state: ${label(log.customerState)}`,
    `Customer wants: ${label(log.customerWants)}`,
    `Root cause: ${label(log.rootCause)}`,
    `Needed fix: ${log.neededFix ?? 'not recorded'}`,
  ];
}

export function render(purpose: MessagePurpose, c: CommitmentView, now: Date): RenderedMessage {
  const zone = c.customer.timezone;
  const due = whenText(new Date(c.dueAt), zone, now);
  const customer = firstName(c.customer.name);
  const owner = c.owner.name;
  const ref = c.externalRef ? ` (ref ${c.externalRef})` : '';

  switch (purpose) {
    case 'customer_recap':
      return {
        subject: `${owner} will get back to you by ${due}`,
        sms: `Hi ${customer}, ${owner} is handling this: ${c.summary} — by ${due}. If anything slips, a supervisor takes over and we'll tell you.`,
        text: [
          `Hi ${customer},`,
          '',
          `Thanks for talking with us. Here is what we agreed${ref}:`,
          '',
          `  What: ${c.summary}`,
          `  Who: ${owner}`,
          `  By: ${due}`,
          '',
          `${owner} owns this until it is done. If it cannot be done by then, a supervisor takes it over and we will tell you before you have to call us.`,
        ].join('\n'),
      };

    case 'owner_confirmation':
      return {
        subject: `You promised ${c.customer.name}: due ${whenText(new Date(c.dueAt), zone, now)}`,
        sms: `Followthrough: you own "${c.summary}" for ${c.customer.name}, due ${due}. Mark it fulfilled when done or it escalates to ${c.supervisor.name}.`,
        text: [
          `Hi ${firstName(owner)},`,
          '',
          `You made this commitment and you own it${ref}:`,
          '',
          `  Customer: ${c.customer.name} (${contactLine(c.customer)})`,
          `  Promise: ${c.summary}`,
          `  Due: ${due} (customer's time)`,
          '',
          `The customer has a recap with your name and this time. Mark it fulfilled when it is done; if the deadline passes first, ${c.supervisor.name} is alerted and the customer is told.`,
        ].join('\n'),
      };

    case 'fulfilment_recap': {
      const f = c.fulfilment;
      const next = f?.nextContactAt ? whenText(new Date(f.nextContactAt), zone, now) : undefined;
      const pending = f?.pending ? ` Still pending: ${f.pending}.` : ' Nothing else is pending.';
      const nextLine = next ? ` We'll be in touch again by ${next}.` : '';
      return {
        subject: `Done: ${c.summary}`,
        sms: `Hi ${customer}, ${owner} here: done — ${f?.resolution ?? c.summary}.${pending}${nextLine}`,
        text: [
          `Hi ${customer},`,
          '',
          `${owner} has finished what we promised${ref}.`,
          '',
          `  What we did: ${f?.resolution ?? c.summary}`,
          `  Still pending: ${f?.pending ?? 'nothing'}`,
          ...(next ? [`  We'll contact you next: by ${next}`] : []),
          '',
          'If anything is not right, reply to this message and it comes straight back to us.',
        ].join('\n'),
      };
    }

    case 'supervisor_alert': {
      const staffDue = whenText(new Date(c.dueAt), zone, now);
      return {
        subject: `Escalated: ${c.customer.name} — "${c.summary}" was due ${staffDue}`,
        sms: `ESCALATED to you: ${owner} missed "${c.summary}" for ${c.customer.name} (${contactLine(c.customer)}), due ${staffDue}. The customer has been told you own it. Details by email.`,
        text: [
          `Hi ${firstName(c.supervisor.name)},`,
          '',
          `A commitment lapsed and is now yours${ref}. The customer has been told a supervisor owns it; please contact them without asking them to repeat anything.`,
          '',
          `  Customer: ${c.customer.name}, ${contactLine(c.customer)}, time zone ${zone}`,
          `  Promise: ${c.summary}`,
          `  Owner: ${owner} (${contactLine(c.owner)})`,
          `  Due: ${staffDue} — not fulfilled in time`,
          `  Made: ${whenText(new Date(c.createdAt), zone, now)}`,
          '',
          'Call log:',
          ...logLines(c).map((l) => `  ${l}`),
          '',
          'Timeline:',
          ...c.timeline.map((e) => `  ${clockTime(new Date(e.at), zone)} — ${e.detail}`),
        ].join('\n'),
      };
    }

    case 'customer_escalated':
      return {
        subject: `A supervisor now owns your request`,
        sms: `Hi ${customer}, we missed our ${clockTime(new Date(c.dueAt), zone)} deadline for: ${c.summary}. I'm sorry. ${c.supervisor.name}, a supervisor, now owns it and has your full history, so there is no need to repeat anything.`,
        text: [
          `Hi ${customer},`,
          '',
          `We promised "${c.summary}" by ${due}, and we missed it. I'm sorry.`,
          '',
          `${c.supervisor.name}, a supervisor, now owns your request${ref} and has the full history, so you will not need to explain anything again. You will hear from them directly.`,
        ].join('\n'),
      };
  }
}
