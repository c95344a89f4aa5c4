/**
 * The customer's side: the satisfaction check ("is it resolved?"), their replies and ratings,
 * free text they send us, and their texting consent (STOP / START).
 */
import type { Draft } from './draft';
import { LANGUAGE_NAMES, localeOf } from '../shared/locale';
import { REGION_NAMES } from '../shared/regions';
import { CUSTOMER, type CommandOf } from './types';

type CustomerCommand =
  | 'askSatisfaction'
  | 'remindSatisfaction'
  | 'closeUnconfirmed'
  | 'customerReply'
  | 'ratingWindowEnded'
  | 'customerMessage'
  | 'smsConsent'
  | 'customerMove'
  | 'changeCustomer';
type Handlers = { [K in CustomerCommand]: (d: Draft, c: CommandOf<K>) => void };

function requireRating(d: Draft, rating: number | undefined): number {
  if (rating === undefined || !Number.isInteger(rating) || rating < 1 || rating > 5) d.refuse('invalid', 'A rating is a whole number from 1 to 5.');
  return rating;
}

/** A customer may move their callback twice; a third change is a conversation, not a form. */
export const CUSTOMER_MOVES = 2;

function forward(d: Draft, text: string, readAsOptOut = false): void {
  const s = d.state;
  const ctx = { text, ...(readAsOptOut ? { readAsOptOut: 'yes' } : {}) };
  const sent = { type: 'note', detail: `Forwarded to ${s.owner.name} by {via}.` } as const;
  d.send({ purpose: 'owner_customer_message', audience: 'owner', occurrence: `${d.nextSeq}`, ctx, sent });
}

export const customerCommands: Handlers = {
  askSatisfaction(d) {
    const s = d.state;
    s.awaiting = 'confirmation';
    s.facts.satisfaction = { askedAt: d.iso };
    d.send({
      purpose: 'satisfaction_ask',
      audience: 'customer',
      occurrence: `${s.facts.reopenCount}`,
      sent: { type: 'satisfaction_asked', detail: 'Customer asked by {via} whether it is fully resolved.' },
    });
  },

  remindSatisfaction(d) {
    const s = d.state;
    if (s.awaiting !== 'confirmation') d.refuse('conflict', 'The customer is not being asked anything.');
    (s.facts.satisfaction ??= { askedAt: d.iso }).remindedAt = d.iso;
    d.send({
      purpose: 'satisfaction_reminder',
      audience: 'customer',
      occurrence: `${s.facts.reopenCount}`,
      sent: { type: 'satisfaction_reminder_sent', detail: 'Reminder sent to the customer by {via}.' },
    });
  },

  closeUnconfirmed(d) {
    const s = d.state;
    if (s.awaiting !== 'confirmation') d.refuse('conflict', 'The customer is not being asked anything.');
    d.moveTo('unconfirmed');
    s.awaiting = undefined;
    s.facts.closedAt = d.iso;
    d.record('closed_unconfirmed', 'No answer from the customer; closed as unconfirmed.');
  },

  customerReply(d, c) {
    const s = d.state;
    const sat = (s.facts.satisfaction ??= { askedAt: d.iso });
    if (c.answer === 'rating') {
      if (s.awaiting !== 'rating') d.refuse('conflict', 'No rating is being asked for on this commitment.');
      sat.rating = requireRating(d, c.rating);
      s.awaiting = undefined;
      d.record('rated', `Customer rated it ${sat.rating} out of 5.`, CUSTOMER);
      return;
    }
    if (s.awaiting !== 'confirmation') d.refuse('conflict', 'This commitment is not waiting for a yes or no.');
    const words = c.text?.trim();
    if (c.answer === 'unclear') {
      d.record('customer_message', `Customer wrote: "${words ?? ''}"`, CUSTOMER);
      forward(d, words ?? '');
      if (sat.reaskedAt) return;
      sat.reaskedAt = d.iso;
      d.send({
        purpose: 'satisfaction_reask',
        audience: 'customer',
        occurrence: `${s.facts.reopenCount}`,
        sent: { type: 'customer_message', detail: 'Asked once more by {via} for a yes or no.' },
      });
      return;
    }
    if (c.answer === 'no') {
      Object.assign(sat, { answer: 'no', answeredAt: d.iso });
      d.record('not_resolved', `Customer says it is not resolved${words ? `: "${words}"` : '.'}`, CUSTOMER);
      d.reopen(words);
      return;
    }
    const rating = c.rating === undefined ? undefined : requireRating(d, c.rating);
    Object.assign(sat, { answer: 'yes', answeredAt: d.iso, ...(words ? { comment: words } : {}) });
    d.moveTo('confirmed');
    s.facts.closedAt = d.iso;
    d.record('confirmed', `Customer confirmed it is resolved (by ${c.via === 'sms' ? 'text' : 'the email link'})${words ? `: "${words}"` : '.'}`, CUSTOMER);
    if (rating !== undefined) {
      sat.rating = rating;
      s.awaiting = undefined;
      d.record('rated', `Customer rated it ${rating} out of 5.`, CUSTOMER);
      return;
    }
    s.awaiting = 'rating';
    // The link page asks for the rating itself; a text needs a question of its own.
    if (c.via === 'sms')
      d.send({
        purpose: 'rating_ask',
        audience: 'customer',
        occurrence: `${s.facts.reopenCount}`,
        sent: { type: 'customer_message', detail: 'Rating asked for by {via}.' },
      });
  },

  ratingWindowEnded(d) {
    if (d.state.awaiting !== 'rating') d.refuse('conflict', 'No rating is being asked for on this commitment.');
    d.state.awaiting = undefined;
    d.record('note', 'No rating given; closed as confirmed.');
  },

  customerMessage(d, c) {
    const s = d.state;
    d.record('customer_message', `Customer wrote: "${c.text}"`, CUSTOMER);
    // An unsure opt-out: the owner must be able to see why texts stopped, and that START undoes it.
    if (c.readAsOptOut) d.record('note', 'Read as a request to stop texts: the customer gets no more texts until they reply START.');
    if (!c.managerRequest) return forward(d, c.text, c.readAsOptOut === true);
    s.facts.managerRequestedAt ??= d.iso;
    d.record('manager_requested', `The customer asked for a manager; ${s.owner.name} was told.`, CUSTOMER);
    d.send({
      purpose: 'owner_manager_request',
      audience: 'owner',
      occurrence: `${d.nextSeq}`,
      ctx: { text: c.text },
      sent: { type: 'note', detail: `${s.owner.name} told by {via} that the customer asked for a manager.` },
    });
  },

  /**
   * The customer picked another time on their page: the deadline moves without counting as an
   * extension or a lapse against the owner, and the owner is told at once. The page offered only
   * times it allows (src/api/customer-page.ts); the core holds the count and the future.
   */
  customerMove(d, c) {
    const s = d.state;
    const moves = s.facts.customerMoves ?? 0;
    if (moves >= CUSTOMER_MOVES)
      d.refuse('conflict', `The time has been moved ${CUSTOMER_MOVES} times already; please reply to our message and we will sort it out.`);
    const at = d.futureInstant(c.dueAt, 'new time');
    const before = s.dueAt;
    d.setDeadline(at);
    d.countedOn(undefined);
    s.facts.customerMoves = moves + 1;
    const detail = `${s.customer.name} moved the time to ${d.timeText(s.dueAt)} (was ${d.timeText(before)}) on their page: asked by the customer, not an extension.`;
    d.record('moved_by_customer', detail, CUSTOMER);
    forward(d, `I picked another time on my page: ${d.timeText(s.dueAt)} instead of ${d.timeText(before)}.`);
  },

  /**
   * Their language or place, changed by staff: messages from now on are in the language, texts
   * from now on keep the place's hours. What was sent stays as it went.
   */
  changeCustomer(d, c) {
    const s = d.state;
    const said: string[] = [];
    if (c.locale !== undefined && c.locale !== localeOf(s.customer)) {
      s.customer = { ...s.customer, locale: c.locale };
      said.push(`language to ${LANGUAGE_NAMES[c.locale]} (${c.locale})`);
    }
    if (c.region !== undefined && (c.region !== s.customer.region || s.customer.regionSource !== 'given')) {
      s.customer = { ...s.customer, region: c.region, regionSource: 'given' };
      said.push(`place to ${REGION_NAMES[c.region] ?? c.region} (${c.region}), whose texting hours now apply`);
    }
    if (said.length === 0) d.refuse('conflict', 'The customer already has that language and place; nothing changed.');
    d.record('customer_changed', `${c.actor.name} changed the customer's ${said.join(' and ')}.`, c.actor);
  },

  smsConsent(d, c) {
    const s = d.state;
    if (Boolean(s.smsOptedOut) === c.optedOut) return;
    s.smsOptedOut = c.optedOut;
    if (c.optedOut) d.record('sms_opted_out', 'Customer replied STOP: texts go by email from now on.', CUSTOMER);
    else d.record('sms_opted_in', 'Customer opted back in to texts.', CUSTOMER);
  },
};
