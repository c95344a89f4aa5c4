/**
 * Telling people: sends a message on the channels the core names, holds customer texts until the
 * texting hours of their place and the team's quiet hours allow them (docs/texting.md), and carries out what the core makes of each outcome (src/core/sends.ts: the
 * timeline's entries, an alert's level moving on, an unreachable customer's note to the owner),
 * in the order it answers. The deliver activity does the sending (at least once, ambiguity
 * resolved, a refused text sent again by email).
 *
 * 👉 Sends run in the background: a slow provider never delays a deadline timer. The workflow
 *    waits for them before it continues as new or completes.
 */
import { condition } from '@temporalio/workflow';
import type { CommitmentState, HeldText, TimelineEvent } from '../../shared/contract';
import type { Channel, LedgerEntry } from '../../shared/messages';
import type { TextingHold } from '../../shared/texting-hours';
import type { Command, EventDraft, MessageSpec } from '../../core';
import {
  channelsFor,
  heldEntry,
  heldSpec,
  leftUnreached,
  overLimitEntry,
  readResults,
  releaseChannels,
  releasedEntry,
  resentEntry,
  sentEntry,
  textHold,
  unresolvedEntry,
  whenNobodyReached,
  type Delivery,
} from '../../core/sends';
import { deliveryFor, failureMessage, markUnresolved, messageRequest, recordLater } from './delivery';

export interface SenderHost {
  readonly state: CommitmentState;
  /** A read-model write failed moments ago and none has landed since (./recorder.ts). */
  readonly postgresUnreachable: boolean;
  record(events: EventDraft[]): void;
  /**
   * A sequence number for a message's "sent" entry that its activity may write itself, or
   * undefined where the workflow writes every entry (runs of an earlier model, ../commitment.ts).
   */
  reserveSentEntry(): number | undefined;
  /** The entry the activity wrote at the reserved number: into the timeline, not into the next write. */
  recordWritten(event: TimelineEvent): void;
  persist(): Promise<void>;
  /** A command decided by what a send found (an alert that reached nobody, a STOP Twilio knew of). */
  applySystem(command: Command): Promise<void>;
}

export class Sender {
  private readonly background = new Set<Promise<void>>();

  /**
   * @param textsSent When texts to the customer went (epoch ms): a state's limit on texts about
   * one subject counts them (src/shared/texting-hours.ts); carried across continue-as-new.
   */
  constructor(
    private readonly host: SenderHost,
    public held: HeldText[] = [],
    private textsSent: number[] = [],
  ) {}

  /** The texts a later run must still count: those of the last 24 hours. */
  textsInLastDay(): number[] {
    return this.textsSent.filter((t) => t > Date.now() - 24 * 3600_000);
  }

  send(spec: MessageSpec): void {
    this.track(this.deliver(spec));
  }

  /** Runs work in the background; the workflow drains it before continuing as new or completing. */
  track(work: Promise<unknown>): void {
    const task: Promise<void> = work.then(() => undefined).finally(() => this.background.delete(task));
    this.background.add(task);
  }

  async drain(): Promise<void> {
    while (this.background.size > 0) await Promise.all([...this.background]);
  }

  get idle(): boolean {
    return this.background.size === 0;
  }

  private async deliver(spec: MessageSpec): Promise<void> {
    const s = this.host.state;
    const channels = channelsFor(s, spec);
    const hold = spec.audience === 'customer' && channels.includes('sms') ? textHold(s, new Date(), this.textsSent) : { delayMs: 0 };
    let delay = hold.delayMs;
    if (delay > 0 && hold.rule?.kind === 'per_subject_limit' && channels.includes('email')) {
      // Over a state's count, the email carries it now rather than the text tomorrow.
      this.host.record([overLimitEntry(spec, hold.rule)]);
      delay = 0;
    } else if (delay > 0) this.hold(spec, delay, hold.rule);
    const now = hold.delayMs > 0 ? channels.filter((c) => c !== 'sms') : channels;
    const fallback = spec.audience === 'customer' && now.includes('sms') && !now.includes('email') && Boolean(s.customer.email);
    // Counted when decided, not when the provider answers: the next text's decision may come first.
    if (spec.audience === 'customer' && now.includes('sms')) this.textsSent.push(Date.now());
    // Sent now and nothing recorded about it yet: the activity may write its "sent" entry itself,
    // and then its completion changes nothing the read model lacks (docs/scaling.md).
    const entrySeq = spec.sent && now.length && hold.delayMs === 0 ? this.host.reserveSentEntry() : undefined;
    const delivery = now.length ? await this.attempt(spec, now, fallback, entrySeq) : { accepted: [], reason: 'no phone number or email on file' };
    if (delivery.written) {
      this.host.recordWritten(delivery.written);
      return;
    }
    const sent = sentEntry(spec, delivery);
    if (sent) this.host.record([sent]);
    if (leftUnreached(delivery, delay)) await this.nobodyReached(spec, delivery.reason);
    await this.host.persist();
  }

  /** Sends on the channels at once and records what each did; returns the channels that took it. */
  private async attempt(spec: MessageSpec, channels: Channel[], emailFallback: boolean, entrySeq?: number): Promise<Delivery & { written?: TimelineEvent }> {
    const request = messageRequest(this.host.state, spec, channels, emailFallback, entrySeq);
    try {
      const { results, ledger, entry } = await deliveryFor(spec, this.host.state)(request);
      if (ledger?.length) this.track(this.recordLater(ledger));
      const { steps, ...delivery } = readResults(spec, results);
      // Written by the activity only when the core reads the results to no step (src/activities/deliver.ts).
      if (entry && steps.length === 0) return { ...delivery, written: entry };
      // In the results' order: an entry is written at once, a command waits for the core.
      for (const step of steps) {
        if (step.kind === 'record') this.host.record([step.event]);
        else await this.host.applySystem(step.command);
      }
      return delivery;
    } catch (err) {
      // The activity gave up (its time ran out): whether the provider took it is unknown. Say so,
      // mark the rows, and treat it as not delivered: a missing alert must never read as sent.
      const reason = failureMessage(err);
      await markUnresolved(request.commitment.workflowId, request, channels);
      this.host.record([unresolvedEntry(spec, channels, reason)]);
      return { accepted: [], reason };
    }
  }

  /**
   * Sent while Postgres was out of reach: its rows are written once it is back, before the run
   * ends. They follow the read model's write (which retries until Postgres answers) rather than
   * retry beside it: one activity fewer per alert hammering a server that is down.
   */
  private async recordLater(ledger: LedgerEntry[]): Promise<void> {
    await condition(() => !this.host.postgresUnreachable);
    await recordLater(ledger);
  }

  /**
   * A customer text Twilio accepted and later could not deliver goes again by email. `happened`
   * ends a sentence about the text, verb and all (DeliveryReport's reason: "was undelivered (…)").
   */
  async sendAgainByEmail(spec: MessageSpec, happened: string): Promise<void> {
    const s = this.host.state;
    const delivery = s.customer.email ? await this.attempt(spec, ['email'], false) : { accepted: [], reason: 'no email address on file' };
    if (delivery.accepted.length) this.host.record([resentEntry(happened)]);
    else await this.nobodyReached(spec, delivery.reason);
    await this.host.persist();
  }

  /** No channel took it: an alert moves the chain on, the owner hears of an unreachable customer. */
  private async nobodyReached(spec: MessageSpec, reason: string): Promise<void> {
    const then = whenNobodyReached(spec, reason, this.host.state.owner.name);
    if ('command' in then) return this.host.applySystem(then.command);
    for (const e of then.events) this.host.record([e]);
    if (then.send) this.send(then.send);
  }

  private hold(spec: MessageSpec, delay: number, why?: TextingHold): void {
    const { held, event } = heldEntry(spec, new Date(Date.now() + delay).toISOString(), why);
    this.held.push(held);
    this.host.record([event]);
  }

  /** Releases held customer texts as quiet hours end; runs for the life of the workflow run. */
  async releaseHeld(): Promise<never> {
    for (;;) {
      const count = this.held.length;
      const next = this.held.reduce((min, h) => Math.min(min, Date.parse(h.notBefore)), Infinity);
      const optedOut = () => this.host.state.smsOptedOut === true;
      if (next === Infinity) await condition(() => this.held.length !== count);
      else if (next > Date.now()) await condition(() => this.held.length !== count || optedOut(), next - Date.now());
      const due = this.held.filter((h) => Date.parse(h.notBefore) <= Date.now() || optedOut());
      this.held = this.held.filter((h) => !due.includes(h));
      for (const h of due) this.track(this.release(h));
    }
  }

  private async release(h: HeldText): Promise<void> {
    const s = this.host.state;
    const spec = heldSpec(h);
    // Opted out meanwhile: the text goes by email, or the owner hears nobody was reached.
    const channels = releaseChannels(s);
    if (channels.includes('sms')) this.textsSent.push(Date.now());
    const delivery = channels.length
      ? await this.attempt(spec, channels, !s.smsOptedOut && Boolean(s.customer.email))
      : { accepted: [], reason: 'the customer opted out of texts' };
    if (delivery.accepted.length) this.host.record([releasedEntry(h, delivery)]);
    else await this.nobodyReached(spec, delivery.reason);
    await this.host.persist();
  }
}
