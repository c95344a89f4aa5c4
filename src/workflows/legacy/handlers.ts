// FROZEN (model 1): replays the histories of commitments started before the current model. See ./contract.ts.
/**
 * Commands on a running commitment. Updates answer synchronously; their validators are
 * synchronous (an async validator would accept everything) and reject with InvalidTransition,
 * which the API maps to 409 with the message as the reason.
 */
import { ApplicationFailure, setHandler } from '@temporalio/workflow';
import {
  FailureType,
  acknowledgeUpdate,
  cancelUpdate,
  commitmentQuery,
  customerMessageSignal,
  customerReplyUpdate,
  deliveryFailedSignal,
  extendUpdate,
  fulfilUpdate,
  noteUpdate,
  pauseUpdate,
  reassignUpdate,
  resumeUpdate,
  smsOptOutSignal,
  type AcknowledgeInput,
  type CancelInput,
  type CommitmentStatus,
  type CustomerReply,
  type ExtendInput,
  type FulfilInput,
  type PauseInput,
  type ReassignInput,
} from './contract';
import type { MessagePurpose } from '../../messages/templates';
import type { Machine, SendSpec } from './machine';
import { escalate, reopen, resume, timeText } from './steps';

function refuse(message: string): never {
  throw ApplicationFailure.create({ type: FailureType.InvalidTransition, message });
}

function requireStatus(m: Machine, allowed: CommitmentStatus[], action: string): void {
  if (!allowed.includes(m.state.status)) {
    refuse(`This commitment is ${m.state.status}; it can be ${action} only when ${allowed.join(' or ')}.`);
  }
}

function requireFuture(iso: string, what: string): void {
  if (Date.parse(iso) <= Date.now()) refuse(`The ${what} must be in the future.`);
}

export function registerHandlers(m: Machine): void {
  setHandler(commitmentQuery, () => m.view());

  setHandler(
    fulfilUpdate,
    async (f) => {
      const now = new Date();
      const onTime = now.getTime() <= Date.parse(m.state.dueAt);
      m.state.status = 'fulfilled';
      m.state.paused = undefined;
      m.state.fulfilment = { ...f, fulfilledAt: now.toISOString(), onTime };
      m.state.facts.firstFulfilledAt ??= now.toISOString();
      m.state.facts.firstFulfilledOnTime ??= onTime;
      m.happened('fulfilled', `${m.state.owner.name} reported it done${onTime ? ' before the deadline' : ' after the deadline'}: ${f.resolution}`);
      m.send({
        purpose: 'fulfilment_recap',
        audience: 'customer',
        occurrence: `${m.state.facts.reopenCount}`,
        sent: (via) => ['fulfilment_recap_sent', `Recap of what was done sent to the customer by ${via}.`],
      });
      await m.persist();
      return m.view();
    },
    { validator: (_f: FulfilInput) => requireStatus(m, ['open', 'paused'], 'fulfilled') },
  );

  setHandler(
    extendUpdate,
    async ({ dueAt, reason }) => {
      if (m.state.facts.extensionCount >= m.state.policy.maxExtensions) {
        // Repeated failure of earlier fixes is itself an escalation trigger (docs/domain.md#escalation).
        m.happened('note', `Extension asked for (${reason}) after ${m.state.facts.extensionCount} already: escalating instead.`);
        escalate(m, `${m.state.owner.name} asked for a further extension after ${m.state.facts.extensionCount}: repeated failure of earlier fixes.`);
      } else {
        m.state.facts.extensionCount += 1;
        m.state.dueAt = new Date(Date.parse(dueAt)).toISOString();
        m.state.deadlineNo += 1;
        m.state.deadlineSetAt = new Date().toISOString();
        m.happened('extended', `New deadline ${timeText(m, m.state.dueAt)} (extension ${m.state.facts.extensionCount} of ${m.state.policy.maxExtensions}): ${reason}`);
        m.send({
          purpose: 'customer_extended',
          audience: 'customer',
          occurrence: `${m.state.deadlineNo}`,
          ctx: { reason },
          sent: (via) => ['customer_message', `Customer told the new time and why by ${via}.`],
        });
      }
      await m.persist();
      return m.view();
    },
    {
      validator: ({ dueAt }: ExtendInput) => {
        requireStatus(m, ['open', 'paused'], 'extended');
        requireFuture(dueAt, 'new deadline');
        if (Date.parse(dueAt) <= Date.parse(m.state.dueAt)) refuse('The new deadline must be later than the current one.');
      },
    },
  );

  setHandler(
    reassignUpdate,
    async ({ owner, handoffNote }) => {
      const previous = m.state.owner;
      m.state.owner = owner;
      m.happened('reassigned', `${previous.name} handed it to ${owner.name}: ${handoffNote}`);
      m.send({ purpose: 'handoff', audience: 'staff', to: owner, occurrence: `${m.nextSeq}`, ctx: { note: handoffNote, previousOwner: previous.name }, sent: (via) => ['note', `${owner.name} received the whole timeline and the handoff note by ${via}.`] });
      m.send({ purpose: 'customer_reassigned', audience: 'customer', occurrence: `${m.nextSeq}`, ctx: { previousOwner: previous.name }, sent: (via) => ['customer_message', `Customer told ${owner.name} owns it now by ${via}.`] });
      await m.persist();
      return m.view();
    },
    {
      validator: ({ owner }: ReassignInput) => {
        requireStatus(m, ['open', 'paused'], 'reassigned');
        if (owner.id === m.state.owner.id) refuse(`${owner.name} already owns this commitment.`);
      },
    },
  );

  setHandler(
    cancelUpdate,
    async ({ reason, notifyCustomer }) => {
      const now = new Date().toISOString();
      m.state.status = 'cancelled';
      m.state.cancellation = { reason, at: now };
      m.state.awaiting = undefined;
      m.state.facts.cancelledAt = now;
      m.state.facts.closedAt = now;
      m.happened('cancelled', `Cancelled: ${reason}${notifyCustomer ? '' : ' (customer not notified)'}`);
      if (notifyCustomer) {
        m.send({ purpose: 'customer_cancelled', audience: 'customer', ctx: { reason }, sent: (via) => ['customer_message', `Customer told by ${via}.`] });
      }
      await m.persist();
      return m.view();
    },
    { validator: (_c: CancelInput) => requireStatus(m, ['open', 'paused', 'escalated', 'fulfilled'], 'cancelled') },
  );

  setHandler(noteUpdate, async ({ text, author }) => {
    m.happened('note', `${author}: ${text}`);
    await m.persist();
    return m.view();
  });

  setHandler(
    pauseUpdate,
    async ({ reason, until }) => {
      m.state.status = 'paused';
      m.state.paused = { since: new Date().toISOString(), reason, ...(until ? { until } : {}) };
      m.happened('paused', `Waiting on the customer, deadline clock stopped${until ? ` until ${timeText(m, until)}` : ''}: ${reason}`);
      await m.persist();
      return m.view();
    },
    {
      validator: ({ until }: PauseInput) => {
        requireStatus(m, ['open'], 'paused');
        if (until) requireFuture(until, 'pause end');
      },
    },
  );

  setHandler(
    resumeUpdate,
    async () => {
      resume(m, 'Resumed');
      await m.persist();
      return m.view();
    },
    { validator: () => requireStatus(m, ['paused'], 'resumed') },
  );

  setHandler(
    acknowledgeUpdate,
    async ({ by, dueAt, note }) => {
      const contact = chainContacts(m).find((c) => c.id === by) ?? m.state.supervisor;
      const now = new Date().toISOString();
      const previous = m.state.owner;
      m.state.owner = contact;
      m.state.status = 'open';
      m.state.dueAt = new Date(Date.parse(dueAt)).toISOString();
      m.state.deadlineNo += 1;
      m.state.deadlineSetAt = now;
      m.state.facts.acknowledgedAt ??= now;
      if (m.state.escalation) Object.assign(m.state.escalation, { acknowledgedBy: contact.id, acknowledgedAt: now });
      m.happened('acknowledged', `${contact.name} took it over from ${previous.name}, new deadline ${timeText(m, m.state.dueAt)}${note ? `: ${note}` : '.'}`);
      m.send({ purpose: 'customer_new_owner', audience: 'customer', occurrence: `${m.state.deadlineNo}`, sent: (via) => ['customer_message', `Customer told ${contact.name} owns it, with the new time, by ${via}.`] });
      await m.persist();
      return m.view();
    },
    {
      validator: ({ by, dueAt }: AcknowledgeInput) => {
        requireStatus(m, ['escalated'], 'acknowledged');
        requireFuture(dueAt, 'new deadline');
        if (!chainContacts(m).some((c) => c.id === by)) refuse(`${by} is not in this commitment's escalation chain.`);
      },
    },
  );

  setHandler(
    customerReplyUpdate,
    async (reply) => {
      const now = new Date().toISOString();
      const sat = (m.state.facts.satisfaction ??= { askedAt: now });
      if (reply.answer === 'rating') {
        sat.rating = reply.rating;
        m.state.awaiting = undefined;
        m.happened('rated', `Customer rated it ${reply.rating} out of 5.`);
      } else if (reply.answer === 'yes') {
        Object.assign(sat, { answer: 'yes', answeredAt: now });
        m.state.status = 'confirmed';
        m.state.awaiting = 'rating';
        m.state.facts.closedAt = now;
        m.happened('confirmed', `Customer confirmed it is resolved (by ${reply.via === 'sms' ? 'text' : 'the email link'}).`);
        // The link page asks for the rating itself; a text needs a question of its own.
        if (reply.via === 'sms') m.send({ purpose: 'rating_ask', audience: 'customer', occurrence: `${m.state.facts.reopenCount}`, sent: (via) => ['customer_message', `Rating asked for by ${via}.`] });
      } else {
        Object.assign(sat, { answer: 'no', answeredAt: now });
        m.happened('not_resolved', `Customer says it is not resolved${reply.text ? `: "${reply.text}"` : '.'}`);
        reopen(m, reply.text);
      }
      await m.persist();
      return m.view();
    },
    {
      validator: (reply: CustomerReply) => {
        const awaiting = m.state.awaiting;
        if (reply.answer === 'rating' ? awaiting !== 'rating' : awaiting !== 'confirmation') {
          refuse(reply.answer === 'rating' ? 'No rating is being asked for on this commitment.' : 'This commitment is not waiting for a yes or no.');
        }
        if (reply.answer === 'rating' && !(reply.rating !== undefined && Number.isInteger(reply.rating) && reply.rating >= 1 && reply.rating <= 5)) refuse('A rating is a whole number from 1 to 5.');
      },
    },
  );

  setHandler(customerMessageSignal, ({ text }) => {
    m.happened('customer_message', `Customer wrote: "${text}"`);
    m.send({ purpose: 'owner_customer_message', audience: 'owner', occurrence: `${m.nextSeq}`, ctx: { text }, sent: (via) => ['note', `Forwarded to ${m.state.owner.name} by ${via}.`] });
  });

  setHandler(smsOptOutSignal, ({ optedOut }) => {
    if (Boolean(m.state.smsOptedOut) === optedOut) return;
    m.state.smsOptedOut = optedOut;
    m.happened(optedOut ? 'sms_opted_out' : 'sms_opted_in', optedOut ? 'Customer replied STOP: texts go by email from now on.' : 'Customer opted back in to texts.');
    m.track(m.persist());
  });

  setHandler(deliveryFailedSignal, (failure) => {
    m.happened('notification_failed', `Twilio reported the ${failure.purpose.replace(/_/g, ' ')} text ${failure.reason}.`);
    const spec: SendSpec = { purpose: failure.purpose as MessagePurpose, audience: 'customer', occurrence: failure.occurrence };
    m.track(
      (async () => {
        const via = m.state.customer.email && failure.channel === 'sms' ? await m.fallbackToEmail(spec, failure.reason) : undefined;
        if (!via) m.unreachable(failure.purpose);
        await m.persist();
      })(),
    );
  });
}

/** Everyone who may acknowledge: each level's contact and the commitment's supervisor. */
function chainContacts(m: Machine) {
  return [...m.state.policy.escalation.levels.map((l) => l.contact), m.state.supervisor];
}
