/**
 * Messages to customers about a change of who owns their request: a supervisor taking over a missed
 * deadline, a new owner (handed on or taken over by a supervisor), and the honest update when no
 * supervisor picked it up. Like customer.ts: short, specific, in their time zone and language.
 */
import { clockAt, customerLocale, customerMessage, dueText, smsNames, textNames, whenIso } from './frame';
import { text, yesNo } from './format';
import type { CustomerPurpose, RenderInput, Template } from './purposes';
import { free, name } from './sms';

/** Who the customer is told takes over: a named level, else the team's supervisor (a rotation's person is known only later). */
const firstLevel = ({ c }: RenderInput) => {
  const target = c.policy.escalation.levels[0]?.target;
  return target?.kind === 'staff' ? target.staff.name : c.supervisor.name;
};
const previousOwner = (i: RenderInput) => i.ctx.previousOwner ?? text(customerLocale(i), 'customer_reassigned.previousUnknown');

export const ownerChangeMessages: Record<
  Extract<CustomerPurpose, 'customer_escalated' | 'customer_reassigned' | 'customer_new_owner' | 'customer_unacknowledged'>,
  Template
> = {
  customer_escalated: (i) => {
    const hearBy = whenIso(i, i.ctx.hearBy);
    const hear = { hasHearBy: yesNo(hearBy), hearBy: hearBy ?? '' };
    return customerMessage(i, 'customer_escalated', {
      sms: { ...smsNames(i), ...hear, summary: free(i.c.summary, true), dueClock: clockAt(i, new Date(i.c.dueAt)), supervisor: name(firstLevel(i)) },
      text: { ...textNames(i), ...hear, due: dueText(i), supervisor: firstLevel(i) },
    });
  },

  customer_reassigned: (i) =>
    customerMessage(i, 'customer_reassigned', {
      sms: { ...smsNames(i), due: dueText(i), previous: name(previousOwner(i)) },
      text: { ...textNames(i), due: dueText(i), previous: previousOwner(i) },
    }),

  customer_new_owner: (i) =>
    customerMessage(i, 'customer_new_owner', {
      sms: { ...smsNames(i), due: dueText(i) },
      text: { ...textNames(i), due: dueText(i) },
    }),

  customer_unacknowledged: (i) => {
    const lead = i.ctx.lead;
    return customerMessage(i, 'customer_unacknowledged', {
      sms: { ...smsNames(i), hasLead: yesNo(lead), lead: name(lead) },
      text: { ...textNames(i), hasLead: yesNo(lead), lead: lead ?? '' },
    });
  },
};
