/**
 * Telling people: which channels a message goes on, holding customer texts through quiet hours,
 * and what the timeline says about each send. The deliver activity does the sending (at least
 * once, ambiguity resolved, a refused text sent again by email); this decides and records.
 *
 * 👉 Sends run in the background: a slow provider never delays a deadline timer. The workflow
 *    waits for them before it continues as new or completes.
 */
import { condition } from '@temporalio/workflow';
import type { CommitmentState, HeldText, StaffContact } from '../../shared/contract';
import type { Channel, LedgerEntry } from '../../shared/messages';
import { quietDelayMs } from '../../shared/quiet-hours';
import { SYSTEM, type Command, type EventDraft, type MessageSpec } from '../../core';
import { deliveryFor, failureMessage, markUnresolved, messageRequest, NAME, recordLater, viaName, type Delivery } from './delivery';

export interface SenderHost {
  readonly state: CommitmentState;
  /** A read-model write failed moments ago and none has landed since (./recorder.ts). */
  readonly postgresUnreachable: boolean;
  record(events: EventDraft[]): void;
  persist(): Promise<void>;
  /** A command decided by what a send found (an alert that reached nobody, a STOP Twilio knew of). */
  applySystem(command: Command): Promise<void>;
}

const words = (purpose: string) => purpose.replace(/_/g, ' ');
const event = (type: EventDraft['type'], detail: string): EventDraft => ({ type, detail, actor: SYSTEM });

/** The channels of a message to staff; the activity looks up their current addresses. */
export function staffChannels(audience: 'owner' | 'staff', owner: StaffContact): Channel[] {
  // A confirmation or a note to the owner needs one channel.
  if (audience === 'owner') return owner.email || !owner.phone ? ['email'] : ['sms'];
  // Alerts up the chain go everywhere the directory can reach them.
  return ['sms', 'email'];
}

export class Sender {
  private readonly background = new Set<Promise<void>>();

  constructor(
    private readonly host: SenderHost,
    public held: HeldText[] = [],
  ) {}

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

  private channelsFor(spec: MessageSpec): Channel[] {
    const s = this.host.state;
    if (spec.audience === 'customer') {
      const sms: Channel[] = s.customer.phone && !s.smsOptedOut ? ['sms'] : [];
      return [...sms, ...(s.customer.email ? (['email'] as const) : [])];
    }
    return staffChannels(spec.audience, s.owner);
  }

  private async deliver(spec: MessageSpec): Promise<void> {
    const s = this.host.state;
    const channels = this.channelsFor(spec);
    const delay = spec.audience === 'customer' && channels.includes('sms') ? quietDelayMs(new Date(), s.customer.timezone, s.policy.quietHours) : 0;
    if (delay > 0) this.hold(spec, delay);
    const now = delay > 0 ? channels.filter((c) => c !== 'sms') : channels;
    const fallback = spec.audience === 'customer' && now.includes('sms') && !now.includes('email') && Boolean(s.customer.email);
    const delivery = now.length ? await this.attempt(spec, now, fallback) : { accepted: [], reason: 'no phone number or email on file' };
    if (delivery.accepted.length && spec.sent) this.host.record([event(spec.sent.type, spec.sent.detail.replace('{via}', delivery.accepted.join(' and ')))]);
    // A capped message is recorded as not sent; the customer is not unreachable, so the owner is not told.
    if (!delivery.accepted.length && delay === 0 && !delivery.capped) await this.nobodyReached(spec, delivery.reason);
    await this.host.persist();
  }

  /** Sends on the channels at once and records what each did; returns the channels that took it. */
  private async attempt(spec: MessageSpec, channels: Channel[], emailFallback: boolean): Promise<Delivery> {
    const request = messageRequest(this.host.state, spec, channels, emailFallback);
    try {
      const { results, ledger } = await deliveryFor(spec, this.host.state)(request);
      if (ledger?.length) this.track(this.recordLater(ledger));
      const accepted: string[] = [];
      let reason = 'every channel refused it';
      // Held back by a bound, or folded into an alert the supervisor already has: nobody is unreachable.
      const capped = results.length > 0 && results.every((r) => r.capped || r.status === 'folded' || r.status === 'skipped');
      const folded = results.find((r) => r.status === 'folded');
      const foldedWhy = (folded?.reason ?? 'folded into an earlier one.').replace(/^Not sent: /, '');
      if (folded) this.host.record([event('repeat_contact', `Repeat-contact alert not sent: ${foldedWhy}`)]);
      for (const r of results) {
        if (r.status === 'skipped' || r.status === 'folded') {
          reason = r.reason ?? reason;
          continue;
        }
        if (r.status === 'failed') {
          reason = r.reason ?? reason;
          const what = r.capped ? `not sent: ${reason.replace(/^Not sent: /, '')}` : `failed: ${reason}`;
          this.host.record([event('notification_failed', `${NAME[r.channel]} to the ${spec.audience} ${what}`)]);
          if (r.optedOut) await this.host.applySystem({ type: 'smsConsent', optedOut: true });
          continue;
        }
        if (r.fallback) this.host.record([event('delivery_fallback', `Sent by email instead, because the text could not be delivered (${reason}).`)]);
        accepted.push(viaName(r));
      }
      return { accepted, reason, ...(capped && results.some((r) => r.capped || r.status === 'folded') ? { capped } : {}) };
    } catch (err) {
      // The activity gave up (its time ran out): whether the provider took it is unknown. Say so,
      // mark the rows, and treat it as not delivered: a missing alert must never read as sent.
      const reason = failureMessage(err);
      await markUnresolved(request.commitment.workflowId, request, channels);
      this.host.record([
        event(
          'notification_unresolved',
          `Could not confirm the ${words(spec.purpose)} reached the ${spec.audience} (${channels.map((c) => NAME[c]).join(', ')}): ${reason}`,
        ),
      ]);
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
    if (delivery.accepted.length) this.host.record([event('delivery_fallback', `Sent by email instead, because the text ${happened}.`)]);
    else await this.nobodyReached(spec, delivery.reason);
    await this.host.persist();
  }

  /** No channel took it: an alert moves the chain on, the owner hears of an unreachable customer. */
  private async nobodyReached(spec: MessageSpec, reason: string): Promise<void> {
    if (spec.unreached) return this.host.applySystem({ ...spec.unreached, reason });
    if (spec.audience !== 'customer') return;
    const s = this.host.state;
    this.host.record([event('customer_unreachable', `No channel reached the customer with the ${words(spec.purpose)}; ${s.owner.name} was told.`)]);
    this.send({ purpose: 'owner_customer_unreachable', audience: 'owner', occurrence: `${spec.purpose}:${spec.occurrence}`, ctx: { purpose: spec.purpose } });
  }

  private hold(spec: MessageSpec, delay: number): void {
    const notBefore = new Date(Date.now() + delay).toISOString();
    this.held.push({ purpose: spec.purpose, occurrence: spec.occurrence, notBefore, ...(spec.ctx ? { ctx: spec.ctx } : {}) });
    this.host.record([event('held_for_quiet_hours', `Text to the customer (${words(spec.purpose)}) waits for quiet hours to end at ${notBefore}.`)]);
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
    const spec = { purpose: h.purpose, audience: 'customer', occurrence: h.occurrence, ...(h.ctx ? { ctx: h.ctx } : {}) } as MessageSpec;
    // Opted out meanwhile: the text goes by email, or the owner hears nobody was reached.
    const channels: Channel[] = s.smsOptedOut ? (s.customer.email ? ['email'] : []) : ['sms'];
    const delivery = channels.length
      ? await this.attempt(spec, channels, !s.smsOptedOut && Boolean(s.customer.email))
      : { accepted: [], reason: 'the customer opted out of texts' };
    if (delivery.accepted.length)
      this.host.record([event('customer_message', `Held text (${words(h.purpose)}) sent after quiet hours by ${delivery.accepted.join(' and ')}.`)]);
    else await this.nobodyReached(spec, delivery.reason);
    await this.host.persist();
  }
}
