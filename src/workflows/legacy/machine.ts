// FROZEN (model 1): replays the histories of commitments started before the current model. See ./contract.ts.
/**
 * The commitment's state inside its workflow, and the three things every step does with it:
 * note what happened (timeline), write it to the read model, and tell people.
 *
 * 👉 Messages go out in the background: a slow provider must never delay a deadline timer.
 *    Customer texts inside quiet hours wait on a durable timer (`held`), carried across
 *    continue-as-new; a text that fails for good falls back to email.
 */
import { condition, patched, proxyActivities, proxyLocalActivities, upsertSearchAttributes, workflowInfo, type ActivityOptions } from '@temporalio/workflow';
import type { DeliveryOutcome, DeliveryRequest, LegacyActivities as Activities } from './contract';
import type { MessagePurpose } from '../../messages/templates';
import type {
  CarriedState,
  CommitmentInput,
  CommitmentState,
  CommitmentView,
  HeldText,
  StaffContact,
  TimelineEvent,
  TimelineEventType,
} from './contract';
import { FailureType, SEARCH_ATTRIBUTES } from './contract';
import { quietDelayMs } from '../../shared/quiet-hours';

// A single upsert; anything slower means Postgres is unwell, so retry rather than wait.
const RECORD_OPTIONS: ActivityOptions = { startToCloseTimeout: '10 seconds', retry: { initialInterval: '1 second', maximumInterval: '30 seconds' } };
/** Runs before `record-locally-v1`: a task on the queue, one server round trip per write. */
const { recordCommitment: recordRemotely } = proxyActivities<Activities>(RECORD_OPTIONS);
/**
 * The write runs inside the workflow task that made it: no schedule, poll and completion round
 * trips. At a deadline that is the difference between an alert scheduled in the task the timer
 * fired in and one two tasks later, behind every other commitment due at the same instant
 * (docs/benchmarks.md). The write is idempotent, so a retried task that repeats it is harmless.
 */
const { recordCommitment: recordLocally } = proxyLocalActivities<Activities>(RECORD_OPTIONS);

const DELIVER_OPTIONS: ActivityOptions = {
  // Provider calls time out on their own after 10 s; this bounds a hung attempt.
  startToCloseTimeout: '30 seconds',
  // Keep trying transient failures (SMTP 4xx, Twilio 429/5xx) for a working day: a supervisor
  // alert that arrives late is still worth more than none.
  scheduleToCloseTimeout: '12 hours',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes', nonRetryableErrorTypes: [FailureType.PermanentDelivery] },
};
const { deliver } = proxyActivities<Activities>(DELIVER_OPTIONS);
/**
 * Staff alerts hand a commitment to someone (escalation, reopen, handoff): when many are queued
 * at once, as at a deadline shared by hundreds of commitments, they go ahead of the customer
 * messages queued with them. Needs task-queue priority on the server (src/temporal/server-config.ts);
 * a server without it treats them like any other task.
 */
const { deliver: deliverFirst } = proxyActivities<Activities>({ ...DELIVER_OPTIONS, priority: { priorityKey: 1 } });

/** The timeline kept in workflow memory (for messages and queries); the read model has all of it. */
const RECENT_EVENTS = 60;

export type Channel = 'sms' | 'email';
export type Audience = 'customer' | 'owner' | 'staff';
const CHANNEL_NAME: Record<Channel, string> = { sms: 'SMS', email: 'email' };

export interface SendSpec {
  purpose: MessagePurpose;
  audience: Audience;
  /** Staff recipient (owner or a chain contact); the customer is implied for 'customer'. */
  to?: StaffContact;
  /** Distinguishes repeats of one purpose (per deadline, per round); part of the message key. */
  occurrence?: string;
  ctx?: Record<string, string>;
  /** Timeline entry once at least one channel delivered. */
  sent?: (via: string) => [TimelineEventType, string];
}

export class Machine {
  state: CommitmentState;
  recent: TimelineEvent[];
  nextSeq: number;
  held: HeldText[];
  remindedFor: number | undefined;
  /** Bumped on every change, so waits can end as soon as anything happens. */
  rev = 0;
  private unsaved: TimelineEvent[] = [];
  private background = new Set<Promise<void>>();

  constructor(input: CommitmentInput) {
    const { carried, ...fresh } = input;
    this.state = carried?.state ?? {
      ...fresh,
      workflowId: workflowInfo().workflowId,
      status: 'open',
      version: 0,
      deadlineNo: 0,
      deadlineSetAt: fresh.createdAt,
      facts: { extensionCount: 0, reopenCount: 0 },
    };
    this.recent = carried?.recent ?? [];
    this.nextSeq = carried?.nextSeq ?? 0;
    this.held = carried?.held ?? [];
    this.remindedFor = carried?.remindedFor;
  }

  view(): CommitmentView {
    return { ...this.state, timeline: this.recent };
  }

  carry(): CarriedState {
    return { state: this.state, recent: this.recent, nextSeq: this.nextSeq, held: this.held, ...(this.remindedFor !== undefined ? { remindedFor: this.remindedFor } : {}) };
  }

  happened(type: TimelineEventType, detail: string): void {
    const event = { seq: this.nextSeq++, at: new Date().toISOString(), type, detail };
    this.recent.push(event);
    if (this.recent.length > RECENT_EVENTS) this.recent.shift();
    this.unsaved.push(event);
    this.rev += 1;
  }

  /** Writes the state and the events not yet written; the activity is idempotent, so overlap is harmless. */
  persist(): Promise<void> {
    const events = this.unsaved;
    this.unsaved = [];
    // Every write is a newer version, whether or not an event came with it (e.g. `awaiting`).
    this.state.version += 1;
    this.indexForSearch();
    // Added after runs were recorded: older histories replay with the remote activity.
    const record = patched('record-locally-v1') ? recordLocally : recordRemotely;
    return record(clone(this.state), events);
  }

  private indexed = '';
  /** Owner, status and deadline as search attributes, when they changed (Temporal UI filters). */
  private indexForSearch(): void {
    // Added after runs were recorded: older histories replay without these commands.
    if (!patched('search-attributes-v1')) return;
    const { owner, status, dueAt } = this.state;
    const key = `${owner.id}|${status}|${dueAt}`;
    if (key === this.indexed) return;
    this.indexed = key;
    upsertSearchAttributes([
      { key: SEARCH_ATTRIBUTES.owner, value: owner.id },
      { key: SEARCH_ATTRIBUTES.status, value: status },
      { key: SEARCH_ATTRIBUTES.dueAt, value: new Date(dueAt) },
    ]);
  }

  /** Resolves when every background send has finished. */
  async drain(): Promise<void> {
    while (this.background.size > 0) await Promise.all([...this.background]);
  }

  get idle(): boolean {
    return this.background.size === 0 && this.unsaved.length === 0;
  }

  send(spec: SendSpec): void {
    this.track(this.deliverAll(spec));
  }

  /** Runs work in the background; the workflow waits for it before continuing as new or completing. */
  track(work: Promise<unknown>): void {
    const task: Promise<void> = work.then(() => undefined).finally(() => this.background.delete(task));
    this.background.add(task);
  }

  private channelsFor(spec: SendSpec): Channel[] {
    if (spec.audience === 'customer') {
      const c = this.state.customer;
      const sms = c.phone && !this.state.smsOptedOut ? (['sms'] as const) : [];
      return [...sms, ...(c.email ? (['email'] as const) : [])];
    }
    const who = spec.to ?? this.state.owner;
    // Confirmations to the owner need one channel; alerts up the chain go everywhere we can reach.
    if (spec.audience === 'owner') return who.email ? ['email'] : ['sms'];
    return [...(who.phone ? (['sms'] as const) : []), ...(who.email ? (['email'] as const) : [])];
  }

  private async deliverAll(spec: SendSpec): Promise<void> {
    const channels = this.channelsFor(spec);
    const now = new Date();
    const delay = spec.audience === 'customer' ? quietDelayMs(now, this.state.customer.timezone, this.state.policy.quietHours) : 0;
    const immediate = delay > 0 ? channels.filter((c) => c === 'email') : channels;
    if (delay > 0 && channels.includes('sms')) {
      this.held.push({ purpose: spec.purpose, occurrence: spec.occurrence ?? '', notBefore: new Date(now.getTime() + delay).toISOString(), ...(spec.ctx ? { ctx: spec.ctx } : {}) });
      this.happened('held_for_quiet_hours', `Text to the customer (${spec.purpose.replace(/_/g, ' ')}) waits for quiet hours to end at ${new Date(now.getTime() + delay).toISOString()}.`);
    }
    const delivered = await this.tryChannels(spec, immediate);
    if (delivered.length && spec.sent) this.happened(...spec.sent(delivered.join(' and ')));
    await this.persist();
  }

  /** Sends on each channel; a customer text refused for good is retried by email once. */
  async tryChannels(spec: SendSpec, channels: Channel[]): Promise<string[]> {
    const delivered: string[] = [];
    let emailed = channels.includes('email');
    const results = await Promise.allSettled(channels.map((channel) => this.deliverOne(spec, channel)));
    for (const [i, r] of results.entries()) {
      const channel = channels[i] as Channel;
      if (r.status === 'fulfilled') {
        delivered.push(describe(channel, r.value));
        continue;
      }
      const reason = failureMessage(r.reason);
      this.happened('notification_failed', `${CHANNEL_NAME[channel]} to the ${spec.audience} failed: ${reason}`);
      if (reason.includes('opted out')) this.state.smsOptedOut = true;
      if (spec.audience === 'customer' && channel === 'sms' && !emailed && this.state.customer.email) {
        emailed = true;
        const fallback = await this.fallbackToEmail(spec, reason);
        if (fallback) delivered.push(fallback);
      }
    }
    if (spec.audience === 'customer' && channels.length > 0 && delivered.length === 0) this.unreachable(spec.purpose);
    return delivered;
  }

  async fallbackToEmail(spec: SendSpec, reason: string): Promise<string | undefined> {
    try {
      const outcome = await this.deliverOne(spec, 'email');
      this.happened('delivery_fallback', `Sent by email instead, because the text could not be delivered (${reason}).`);
      return describe('email', outcome);
    } catch (err) {
      this.happened('notification_failed', `Email to the customer failed too: ${failureMessage(err)}`);
      return undefined;
    }
  }

  /** No channel reached the customer: the owner must know, or they will assume the customer was told. */
  unreachable(purpose: string): void {
    this.happened('customer_unreachable', `No channel reached the customer with the ${purpose.replace(/_/g, ' ')}; ${this.state.owner.name} was told.`);
    this.send({ purpose: 'owner_customer_unreachable', audience: 'owner', occurrence: `${this.nextSeq}`, ctx: { purpose } });
  }

  deliverOne(spec: SendSpec, channel: Channel): Promise<DeliveryOutcome> {
    const recipient = spec.audience === 'customer' ? this.state.customer : (spec.to ?? this.state.owner);
    const request: DeliveryRequest = {
      purpose: spec.purpose,
      occurrence: spec.occurrence ?? '',
      channel,
      audience: spec.audience,
      recipient: { name: recipient.name, ...(recipient.phone ? { phone: recipient.phone } : {}), ...(recipient.email ? { email: recipient.email } : {}) },
      commitment: clone(this.view()),
      ...(spec.ctx ? { ctx: spec.ctx } : {}),
    };
    return (spec.audience === 'staff' ? deliverFirst : deliver)(request);
  }

  /** Releases held customer texts as quiet hours end; runs for the life of the workflow run. */
  async releaseHeld(): Promise<never> {
    for (;;) {
      const rev = this.held.length;
      const next = this.held.reduce((min, h) => Math.min(min, Date.parse(h.notBefore)), Infinity);
      if (next === Infinity) {
        await condition(() => this.held.length !== rev);
        continue;
      }
      if (next > Date.now()) {
        await condition(() => this.held.length !== rev || this.state.smsOptedOut === true, next - Date.now());
      }
      const due = this.held.filter((h) => Date.parse(h.notBefore) <= Date.now() || this.state.smsOptedOut);
      this.held = this.held.filter((h) => !due.includes(h));
      for (const h of due) {
        const spec: SendSpec = { purpose: h.purpose as MessagePurpose, audience: 'customer', occurrence: h.occurrence, ...(h.ctx ? { ctx: h.ctx } : {}) };
        this.track(
          (async () => {
            const delivered = this.state.smsOptedOut ? await this.optedOutFallback(spec) : await this.tryChannels(spec, ['sms']);
            if (delivered.length) this.happened('customer_message', `Held text (${h.purpose.replace(/_/g, ' ')}) sent after quiet hours by ${delivered.join(' and ')}.`);
            await this.persist();
          })(),
        );
      }
    }
  }

  private async optedOutFallback(spec: SendSpec): Promise<string[]> {
    if (!this.state.customer.email) {
      this.unreachable(spec.purpose);
      return [];
    }
    const via = await this.fallbackToEmail(spec, 'the customer opted out of texts');
    return via ? [via] : [];
  }

  /** Continue-as-new keeps histories short; only between steps, never with a send in flight. */
  shouldContinueAsNew(limit: number): boolean {
    const info = workflowInfo();
    return this.idle && (info.continueAsNewSuggested || info.historyLength > limit);
  }
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function describe(channel: Channel, outcome: DeliveryOutcome): string {
  const name = CHANNEL_NAME[channel];
  if (outcome.status === 'outbox') return `${name} (outbox: provider not configured)`;
  if (outcome.status === 'uncertain') return `${name} (delivery uncertain: an interrupted attempt may have sent it)`;
  return name;
}

export function failureMessage(reason: unknown): string {
  const cause = (reason as { cause?: { message?: string } }).cause;
  return cause?.message ?? (reason instanceof Error ? reason.message : String(reason));
}
