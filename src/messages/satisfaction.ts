/**
 * The closing questions: is it really resolved (a refund issued is not a customer who knows what
 * happened), asked again once if the answer was unclear, then how the owner did.
 */
import { customerEmail, customerFirst, customerSms } from './frame';
import { firstName, type CustomerPurpose, type RenderInput, type Template } from './purposes';
import { free, name } from './sms';

/** Links when the deliver activity signed them (email only); otherwise the text reply that works. */
const answers = ({ ctx }: RenderInput, yes: string, no: string) => [
  `  ${yes}: ${ctx.yesUrl ?? '(reply YES to our text)'}`,
  `  ${no}: ${ctx.noUrl ?? '(reply NO to our text)'}`,
];

export const satisfactionMessages: Record<
  Extract<CustomerPurpose, 'satisfaction_ask' | 'satisfaction_reminder' | 'satisfaction_reask' | 'rating_ask'>,
  Template
> = {
  satisfaction_ask: (i) => ({
    subject: `Is it fully sorted? ${i.c.summary}`,
    sms: customerSms(i, [
      'Hi ',
      customerFirst(i),
      ', is "',
      free(i.c.summary),
      '" fully resolved now? Reply YES or NO. If not, it goes straight back to a supervisor.',
    ]),
    text: customerEmail(i, [
      `${i.c.owner.name} finished "${i.c.summary}". Is it fully resolved for you?`,
      '',
      ...answers(i, "Yes, it's resolved", 'No, not yet'),
      '',
      'If it is not, it goes straight back to a supervisor with your words.',
    ]),
  }),

  satisfaction_reminder: (i) => ({
    subject: `Reminder: is it fully sorted? ${i.c.summary}`,
    sms: customerSms(i, ['Hi ', customerFirst(i), ', just checking: is "', free(i.c.summary), '" fully resolved? Reply YES or NO.']),
    text: customerEmail(i, [`A quick reminder: is "${i.c.summary}" fully resolved for you?`, '', ...answers(i, 'Yes', 'No')]),
  }),

  satisfaction_reask: (i) => ({
    subject: `One more time: is it fully sorted? ${i.c.summary}`,
    sms: customerSms(i, [
      'Hi ',
      customerFirst(i),
      ', thanks, we passed your message to ',
      name(i.c.owner.name),
      '. We could not tell if it was a yes: is "',
      free(i.c.summary),
      '" fully resolved? Please reply YES or NO.',
    ]),
    text: customerEmail(i, [
      `Thanks for your reply; we passed it to ${i.c.owner.name}. We could not tell from it whether "${i.c.summary}" is fully resolved for you.`,
      '',
      ...answers(i, 'Yes', 'No'),
    ]),
  }),

  rating_ask: (i) => ({
    subject: 'How did we do?',
    sms: customerSms(i, [
      'Thanks, ',
      customerFirst(i),
      ", glad it's sorted. How did ",
      name(i.c.owner.name),
      " do? Reply 1 (poor) to 5 (great). No reply needed if you'd rather not.",
    ]),
    // The commitment is closed: a digit is the only text still matched to it, so otherwise we ask for a call.
    text: customerEmail(
      i,
      [
        `Thanks, glad it's sorted.`,
        ...(i.c.customer.phone
          ? ['', `If you would like to tell us how ${firstName(i.c.owner.name)} did, reply to our text with a number from 1 (poor) to 5 (great).`]
          : []),
      ],
      { open: false },
    ),
  }),
};
