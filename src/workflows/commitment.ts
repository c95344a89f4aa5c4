/**
 * One commitment, from the promise to its outcome.
 *
 * created → recap to the customer, confirmation to the owner → either
 *   fulfilled before the deadline → recap of what was done → closed, or
 *   the deadline passes first → supervisor alerted with the whole context, customer told → escalated.
 *
 * 👉 Messages go out in the background: a slow SMTP server must never delay the deadline timer,
 *    and the workflow waits for every message before it completes.
 */
import { ApplicationFailure, allHandlersFinished, condition, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities, DeliveryOutcome, DeliveryRequest } from '../activities';
import type { RecipientRole } from '../activities/deliver';
import type { MessagePurpose } from '../messages/templates';
import {
  FailureType,
  commitmentQuery,
  fulfilUpdate,
  type CommitmentInput,
  type CommitmentState,
  type CommitmentView,
  type FulfilInput,
  type StaffContact,
  type TimelineEvent,
  type TimelineEventType,
} from '../shared/contract';

const { recordCommitment } = proxyActivities<Activities>({
  // A single upsert; anything slower means Postgres is unwell, so retry rather than wait.
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

const { deliver } = proxyActivities<Activities>({
  // Provider calls time out on their own after 10-15 s; this bounds a hung attempt.
  startToCloseTimeout: '30 seconds',
  // Keep trying transient failures (SMTP 4xx, Twilio 429/5xx) for a working day: a supervisor
  // alert that arrives late is still worth more than none.
  scheduleToCloseTimeout: '12 hours',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '5 minutes',
    nonRetryableErrorTypes: [FailureType.PermanentDelivery],
  },
});

type Channel = DeliveryRequest['channel'];
const CHANNEL_NAME: Record<Channel, string> = { sms: 'SMS', email: 'email' };

/** Every channel we hold an address for. */
function allChannels(who: { phone?: string; email?: string }): Channel[] {
  return [...(who.phone ? (['sms'] as const) : []), ...(who.email ? (['email'] as const) : [])];
}

/** Staff confirmations need one channel, not two: email when we have it. */
function preferredChannel(who: StaffContact): Channel[] {
  return who.email ? ['email'] : ['sms'];
}

export async function commitmentWorkflow(input: CommitmentInput): Promise<CommitmentView> {
  const view: CommitmentView = {
    ...input,
    workflowId: workflowInfo().workflowId,
    status: 'open',
    version: 0,
    facts: { extensionCount: 0, reopenCount: 0 },
    timeline: [],
  };
  const background: Promise<void>[] = [];
  let unsaved: TimelineEvent[] = [];

  function happened(type: TimelineEventType, detail: string): void {
    const event = { seq: view.timeline.length, at: new Date().toISOString(), type, detail };
    view.timeline.push(event);
    unsaved.push(event);
    view.version += 1;
  }
  /** Writes the state and the events not yet written; the activity is idempotent, so overlap is harmless. */
  const persist = () => {
    const { timeline: _timeline, ...state } = view;
    const events = unsaved;
    unsaved = [];
    return recordCommitment(JSON.parse(JSON.stringify(state)) as CommitmentState, events);
  };

  /** Sends one purpose on the given channels, then notes on the timeline what went out. */
  function send(purpose: MessagePurpose, to: RecipientRole, channels: Channel[], sentType: TimelineEventType, sentDetail: (via: string) => string): void {
    const snapshot = JSON.parse(JSON.stringify(view)) as CommitmentView;
    const task = async () => {
      const results = await Promise.allSettled(
        channels.map((channel) => deliver({ purpose, channel, recipientRole: to, commitment: snapshot })),
      );
      const delivered: string[] = [];
      results.forEach((r, i) => {
        const channel = channels[i] as Channel;
        if (r.status === 'fulfilled') delivered.push(describeOutcome(channel, r.value));
        else happened('notification_failed', `${CHANNEL_NAME[channel]} to the ${to} failed: ${failureMessage(r.reason)}`);
      });
      if (delivered.length) happened(sentType, sentDetail(delivered.join(' and ')));
      await persist();
    };
    background.push(task());
  }

  setHandler(commitmentQuery, () => view);

  setHandler(
    fulfilUpdate,
    async (f) => {
      const now = new Date();
      const onTime = now.getTime() <= Date.parse(view.dueAt);
      view.status = 'fulfilled';
      view.fulfilment = { ...f, fulfilledAt: now.toISOString(), onTime };
      view.facts.firstFulfilledAt ??= view.fulfilment.fulfilledAt;
      view.facts.firstFulfilledOnTime ??= onTime;
      happened('fulfilled', `${view.owner.name} reported it done${onTime ? ' before the deadline' : ''}: ${f.resolution}`);
      await persist();
      return view;
    },
    {
      // Validators must be synchronous: an async validator would accept everything.
      validator: (_fulfilment: FulfilInput) => {
        if (view.status !== 'open') {
          throw ApplicationFailure.create({
            type: FailureType.InvalidTransition,
            message: `This commitment is ${view.status}; only an open commitment can be fulfilled.`,
          });
        }
      },
    },
  );

  happened('created', `${view.owner.name} promised ${view.customer.name}: ${view.summary}`);
  await persist();

  send('customer_recap', 'customer', allChannels(view.customer), 'customer_recap_sent', (via) => `Recap sent to the customer by ${via}.`);
  send('owner_confirmation', 'owner', preferredChannel(view.owner), 'owner_confirmation_sent', (via) => `Confirmation sent to ${view.owner.name} by ${via}.`);

  const untilDue = Date.parse(view.dueAt) - Date.now();
  const settled = untilDue > 0 ? await condition(() => view.status !== 'open', untilDue) : view.status !== 'open';

  if (settled && view.status === 'fulfilled') {
    send('fulfilment_recap', 'customer', allChannels(view.customer), 'fulfilment_recap_sent', (via) => `Recap of what was done sent to the customer by ${via}.`);
  } else {
    happened('lapsed', `The deadline passed before ${view.owner.name} reported it done.`);
    view.status = 'escalated';
    view.facts.lapsedAt ??= new Date().toISOString();
    view.facts.escalatedAt ??= view.facts.lapsedAt;
    happened('escalated', `${view.supervisor.name} (supervisor) now owns it.`);
    await persist();
    send('supervisor_alert', 'supervisor', allChannels(view.supervisor), 'supervisor_alerted', (via) => `${view.supervisor.name} alerted by ${via} with the full context.`);
    send('customer_escalated', 'customer', allChannels(view.customer), 'customer_told_escalated', (via) => `Customer told by ${via} that a supervisor owns it.`);
  }

  await Promise.all(background);
  // An update that arrived just before completion still gets its answer.
  await condition(allHandlersFinished);
  return view;
}

function describeOutcome(channel: Channel, outcome: DeliveryOutcome): string {
  const name = CHANNEL_NAME[channel];
  if (outcome.status === 'outbox') return `${name} (outbox: provider not configured)`;
  if (outcome.status === 'uncertain') return `${name} (delivery uncertain: an interrupted attempt may have sent it)`;
  return name;
}

function failureMessage(reason: unknown): string {
  const cause = (reason as { cause?: { message?: string } }).cause;
  return cause?.message ?? (reason instanceof Error ? reason.message : String(reason));
}
