/**
 * Alerts to people with more authority: an escalation (a missed deadline, or raised by hand or by
 * rule), the team lead when the whole chain stayed silent, an alert that reached nobody, and a
 * customer who keeps coming back. Each says why this person, what to do, and by when.
 */
import { ref, staffEmail, staffSms } from './frame';
import type { RenderInput, StaffPurpose, Template } from './purposes';
import { free, name, type SmsPart } from './sms';
import { ackHint, context, customerParts, reasonWords, staffClock, staffDue } from './staff-context';
import { whenText } from './time';

/** When the next level is alerted if nobody acknowledges; absent on the last level. */
function ackBy(i: RenderInput): { sms: string; text: string[] } {
  if (!i.ctx.ackBy || Number.isNaN(Date.parse(i.ctx.ackBy))) return { sms: '', text: [] };
  return {
    sms: ` Next level alerted at ${staffClock(i.c, i.ctx.ackBy)} if nobody acknowledges.`,
    text: [`If nobody acknowledges by ${whenText(new Date(i.ctx.ackBy), i.c.customer.timezone, i.now)} (customer's time), it goes further up the chain.`],
  };
}

/** One click after sign-in when the console is there; the API and a text otherwise. */
function howToAcknowledge(i: RenderInput): string[] {
  const click = i.ctx.ackLink ? `Acknowledge it with one click: ${i.ctx.ackLink}` : `Acknowledge it in the API: POST /v1/commitments/${i.c.id}/acknowledge`;
  return [click, `Or by text: ${ackHint()}`];
}

/** Why this alert: a missed deadline, or who raised it, why, and their note. */
function why(i: RenderInput): { sms: SmsPart[]; text: string[] } {
  const reason = i.ctx.reason ?? 'lapsed';
  const tried = Number(i.ctx.attempts ?? 0);
  if (reason === 'lapsed' && tried > 0) {
    const last = i.ctx.lastAttemptAt ? staffClock(i.c, i.ctx.lastAttemptAt) : undefined;
    const count = tried === 1 ? 'once' : tried === 2 ? 'twice' : `${tried} times`;
    return {
      sms: [
        'ESCALATED to you: ',
        name(i.c.owner.name),
        ` tried ${count}${last ? ` (last at ${last})` : ''} and could not reach `,
        ...customerParts(i.c),
        ' about "',
        free(i.c.summary),
        `", due ${staffClock(i.c, i.c.dueAt)}. `,
      ],
      text: [
        `A commitment lapsed after ${i.c.owner.name} tried ${count} to reach the customer without getting through${last ? ` (last at ${last})` : ''}${ref(i.c)}: not forgotten, but not done. The customer has been told each time, and now that a supervisor owns it; please try them again without asking them to repeat anything.`,
      ],
    };
  }
  if (reason === 'lapsed') {
    return {
      sms: [
        'ESCALATED to you: ',
        name(i.c.owner.name),
        ' missed "',
        free(i.c.summary),
        '" for ',
        ...customerParts(i.c),
        `, due ${staffClock(i.c, i.c.dueAt)}. `,
      ],
      text: [
        `A commitment lapsed and needs an owner${ref(i.c)}. The customer has been told a supervisor owns it; please contact them without asking them to repeat anything.`,
      ],
    };
  }
  const by = i.ctx.by;
  const note = i.ctx.note;
  return {
    sms: [
      'ESCALATED to you (',
      free(reasonWords(reason)),
      ')',
      ...(by ? [' by ', name(by)] : []),
      ': "',
      free(i.c.summary),
      '" for ',
      ...customerParts(i.c),
      ', owner ',
      name(i.c.owner.name),
      `, due ${staffClock(i.c, i.c.dueAt)}.`,
      ...(note ? [' Note: ', free(note, true)] : []),
      ' ',
    ],
    text: [
      `${by ?? 'A rule'} escalated this commitment to you${ref(i.c)}: ${reasonWords(reason)}.`,
      ...(note ? ['', `Note: ${note}`] : []),
      '',
      'Please take it over and contact the customer without asking them to repeat anything.',
    ],
  };
}

export const alertMessages: Record<Extract<StaffPurpose, 'supervisor_alert' | 'team_lead_alert' | 'staff_unreachable' | 'repeat_contact_alert'>, Template> = {
  supervisor_alert: (i) => {
    const reason = why(i);
    const lapsed = (i.ctx.reason ?? 'lapsed') === 'lapsed';
    return {
      subject: lapsed
        ? `Escalated: ${i.c.customer.name} — "${i.c.summary}" was due ${staffDue(i)}`
        : `Escalated (${reasonWords(i.ctx.reason!)}): ${i.c.customer.name} — "${i.c.summary}"`,
      sms: staffSms(i, [...reason.sms, ackHint(), ackBy(i).sms]),
      text: staffEmail(i, [...reason.text, '', ...howToAcknowledge(i), ...ackBy(i).text, '', ...context(i)]),
    };
  },

  team_lead_alert: (i) => ({
    subject: `Nobody took it: ${i.c.customer.name} — "${i.c.summary}"`,
    sms: staffSms(i, [
      'UNACKNOWLEDGED: nobody in the escalation chain took "',
      free(i.c.summary),
      '" for ',
      ...customerParts(i.c),
      ', owner ',
      name(i.c.owner.name),
      `, due ${staffClock(i.c, i.c.dueAt)}. The customer has been told you were alerted. Please take it over now.`,
    ]),
    text: staffEmail(i, [
      `Nobody in the escalation chain acknowledged this commitment${ref(i.c)}, so it comes to you as ${i.c.owner.name}'s team lead. The customer has been told again, and that you were alerted.`,
      '',
      'Please take it over now and contact the customer without asking them to repeat anything.',
      ...(i.ctx.ackLink ? [`Acknowledge it with one click: ${i.ctx.ackLink}`] : []),
      '',
      ...context(i),
    ]),
  }),

  staff_unreachable: (i) => ({
    subject: `Could not reach ${i.ctx.unreached ?? 'a colleague'}: "${i.c.summary}"`,
    sms: staffSms(i, [
      'COULD NOT REACH ',
      name(i.ctx.unreached ?? 'a colleague'),
      ' about "',
      free(i.c.summary),
      '" for ',
      name(i.c.customer.name),
      ': ',
      free(i.ctx.reason, true),
      ' Please step in or reach them another way.',
    ]),
    text: staffEmail(i, [
      `No channel reached ${i.ctx.unreached ?? 'a colleague'} about this commitment${ref(i.c)}: ${i.ctx.reason ?? 'no reason given'}.`,
      '',
      'Please step in, or reach them another way, so the customer is not left waiting.',
      '',
      ...context(i),
    ]),
  }),

  repeat_contact_alert: (i) => ({
    subject: `Repeat contact: ${i.c.customer.name}, ${i.ctx.count ?? 'several'} commitments in 7 days`,
    sms: staffSms(i, [
      'REPEAT CONTACT: ',
      ...customerParts(i.c),
      ' now has ',
      free(i.ctx.count ?? 'several'),
      ' commitments in 7 days. Latest: "',
      free(i.c.summary),
      '", owner ',
      name(i.c.owner.name),
      `, due ${staffClock(i.c, i.c.dueAt)}. Worth a look at why an earlier fix did not hold.`,
    ]),
    text: staffEmail(i, [
      `${i.c.customer.name} now has ${i.ctx.count ?? 'several'} commitments in the last 7 days. Repeat contact usually means an earlier fix did not hold: look at the cause, not only at this promise.`,
      '',
      ...context(i),
    ]),
  }),
};
