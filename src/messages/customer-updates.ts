/**
 * Messages that keep a customer from wondering in silence: a pause and what it waits for, the
 * clock running again, a time moved by a change to our opening hours, the owner's own progress
 * update, and the automatic midpoint check-in.
 */
import { customerEmail, customerFirst, customerSms, dueText, ref, whenIso } from './frame';
import type { CustomerPurpose, Template } from './purposes';
import { free, name } from './sms';
import { clockTime } from './time';

type UpdatePurpose = 'customer_paused' | 'customer_resumed' | 'customer_rescheduled' | 'customer_attempted' | 'customer_progress' | 'customer_checkin';

/** What happened when we called, in the customer's words: "could not reach you", "left you a voicemail". */
const TRIED: Record<string, string> = {
  no_answer: 'could not reach you',
  voicemail: 'left you a voicemail',
  busy: 'found your line busy',
  wrong_number: 'could not reach you on the number we have',
};

export const updateMessages: Record<Extract<CustomerPurpose, UpdatePurpose>, Template> = {
  customer_paused: (i) => {
    const until = whenIso(i, i.ctx.until);
    const next = until ? `We'll pick it up again by ${until} at the latest.` : "When that arrives, we'll pick it up again and tell you the new time.";
    return {
      subject: `On hold while we wait: ${i.c.summary}`,
      sms: customerSms(i, [
        'Hi ',
        customerFirst(i),
        ', we have paused "',
        free(i.c.summary),
        '" while we wait for: ',
        free(i.ctx.reason, true),
        ` ${next} Reply here with questions.`,
      ]),
      text: customerEmail(i, [
        `We have paused "${i.c.summary}"${ref(i.c)}, and the clock on our promise with it.`,
        '',
        `  Waiting for: ${i.ctx.reason}`,
        ...(until ? [`  Paused until: ${until} at the latest`] : []),
        '',
        next,
      ]),
    };
  },

  customer_resumed: (i) => ({
    subject: `Back on it: ${i.c.owner.name} will get back to you by ${dueText(i)}`,
    sms: customerSms(i, [
      'Hi ',
      customerFirst(i),
      ', we are working on "',
      free(i.c.summary),
      '" again. ',
      name(i.c.owner.name),
      ` will get back to you by ${dueText(i)}.`,
    ]),
    text: customerEmail(i, [
      `We are working on "${i.c.summary}"${ref(i.c)} again, and the clock on our promise is running.`,
      '',
      `  Who: ${i.c.owner.name}`,
      `  New time: ${dueText(i)}`,
    ]),
  }),

  /** The business hours a deadline was counted on changed, and the time the customer was given with them. */
  customer_rescheduled: (i) => {
    const was = whenIso(i, i.ctx.previous);
    return {
      subject: `New time: ${i.c.owner.name} will get back to you by ${dueText(i)}`,
      sms: customerSms(i, [
        'Hi ',
        customerFirst(i),
        ', our opening hours changed, so the time for "',
        free(i.c.summary),
        '" moves: ',
        name(i.c.owner.name),
        ` will get back to you by ${dueText(i)}${was ? ` (not ${was})` : ''}.`,
      ]),
      text: customerEmail(i, [
        `Our opening hours have changed, so the time we gave you for "${i.c.summary}"${ref(i.c)} moves.`,
        '',
        `  Who: ${i.c.owner.name}`,
        `  New time: ${dueText(i)}`,
        ...(was ? [`  Instead of: ${was}`] : []),
      ]),
    };
  },

  /** A callback that did not get through: when we tried, and when we will try again (the deadline, while it is ahead). */
  customer_attempted: (i) => {
    const at = i.ctx.at ? clockTime(new Date(i.ctx.at), i.c.customer.timezone) : undefined;
    const tried = TRIED[i.ctx.outcome ?? ''] ?? 'could not reach you';
    const again = whenIso(i, i.ctx.retryBy);
    const wrong = i.ctx.outcome === 'wrong_number';
    // A text can be answered; an email's replies are not read.
    const sms = wrong
      ? 'Please reply with a number we can call you on.'
      : `We will try again${again ? ` by ${again}` : ''}; reply with a time that suits you better.`;
    const text = wrong ? 'Please get in touch with a number we can call you on.' : `We will try again${again ? ` by ${again}` : ''}.`;
    return {
      subject: `We tried to reach you: ${i.c.summary}`,
      sms: customerSms(i, [
        'Hi ',
        customerFirst(i),
        ', ',
        name(i.c.owner.name),
        ` called${at ? ` at ${at}` : ''} about "`,
        free(i.c.summary),
        `" and ${tried}. ${sms}`,
      ]),
      text: customerEmail(i, [
        `${i.c.owner.name} called you${at ? ` at ${at}` : ''} about "${i.c.summary}"${ref(i.c)} and ${tried}.`,
        '',
        text,
        ...(i.ctx.pageLink && !wrong ? ['', `Pick a time that suits you: ${i.ctx.pageLink}`] : []),
      ]),
    };
  },

  customer_progress: (i) => ({
    subject: `Update from ${i.c.owner.name}: ${i.c.summary}`,
    sms: customerSms(i, [
      'Hi ',
      customerFirst(i),
      ', an update from ',
      name(i.c.owner.name),
      ' on "',
      free(i.c.summary),
      '": ',
      free(i.ctx.text, true),
      ` Still due by ${dueText(i)}.`,
    ]),
    text: customerEmail(i, [
      `An update from ${i.c.owner.name} on "${i.c.summary}"${ref(i.c)}:`,
      '',
      i.ctx.text ?? '',
      '',
      `The time we promised stands: ${dueText(i)}.`,
    ]),
  }),

  customer_checkin: (i) => ({
    subject: `Still on track for ${dueText(i)}: ${i.c.summary}`,
    sms: customerSms(i, [
      'Hi ',
      customerFirst(i),
      ', a check-in on "',
      free(i.c.summary),
      '": ',
      name(i.c.owner.name),
      ` is on it and still on track for ${dueText(i)}. Reply here if anything has changed for you.`,
    ]),
    text: customerEmail(i, [
      `A check-in on "${i.c.summary}"${ref(i.c)}: ${i.c.owner.name} is on it and still on track for ${dueText(i)}.`,
      '',
      'If anything has changed on your side, tell us and we will take it into account.',
    ]),
  }),
};
