/**
 * A commitment inside its workflow: the state, the timeline, the sender and the recorder, and the
 * one way anything changes: `apply(command)` asks the functional core (src/core), then
 * carries out its decision: timeline entries, messages (scheduled first), the read-model write.
 */
import { ApplicationFailure, condition, log, patched, workflowInfo } from '@temporalio/workflow';
import { REFUSALS, type CarriedState, type CommitmentInput, type CommitmentState, type CommitmentView, type TimelineEvent } from '../../shared/contract';
import { decide, type Command, type EventDraft, type Outcome } from '../../core';
import { initialState } from '../../core/first';
import { startFollowUp } from './follow-up';
import { Recorder } from './recorder';
import { Sender, type SenderHost } from './sender';
import { Timeline } from './timeline';

/**
 * Events after which a run continues as new. Far below Temporal's 50k limit: replaying a long
 * history costs the worker memory and time on every cache miss. 500 notes cross it.
 */
export const HISTORY_LIMIT = 1500;

/** Marks runs whose decisions ask the authority table (src/shared/authority.ts) who may act. */
export const AUTHORITY_FOLLOWS_OWNER = 'authority-follows-owner';

export class LiveCommitment implements SenderHost {
  state: CommitmentState;
  readonly timeline: Timeline;
  readonly sender: Sender;
  private readonly recorder: Recorder;
  /** Bumped on every change, so waits end as soon as anything happens. */
  rev = 0;
  /** A write is owed: every change made in one activation goes out in one write (see persist). */
  private owed?: { done: Promise<void>; settle: () => void };
  /** Deadline numbers the owner reminder and the customer check-in were sent for. */
  remindedFor: number | undefined;
  checkedInFor: number | undefined;

  /** A run of today's model (../commitment.ts, MODEL_3): no patch of an earlier day is asked. */
  private readonly current: boolean;
  /** The first write is the API's (CommitmentInput.recordedByApi), until the start has been applied. */
  private firstRecordedByApi: boolean;
  /** The start's entries the API recorded: the next write carries them again, in case it did not. */
  private readonly repeated: TimelineEvent[] = [];

  constructor(input: CommitmentInput, opts: { current: boolean } = { current: false }) {
    this.current = opts.current;
    const { carried } = input;
    this.state = carried?.state ?? { ...initialState(input), workflowId: workflowInfo().workflowId };
    // The API recorded the first state itself (../../api/commitments/first-record.ts): the first
    // write is skipped, and what it would have carried goes with the next one.
    this.firstRecordedByApi = this.current && !carried && input.recordedByApi === true;
    this.timeline = new Timeline(carried?.recent, carried?.nextSeq);
    this.sender = new Sender(this, carried?.held, carried?.textsSent);
    this.recorder = new Recorder((work) => this.sender.track(work), this.current);
    this.remindedFor = carried?.remindedFor;
    this.checkedInFor = carried?.checkedInFor;
    void this.writeWhenOwed();
  }

  view(): CommitmentView {
    return { ...this.state, timeline: this.timeline.recent };
  }

  carry(): CarriedState {
    const { recent, nextSeq } = this.timeline;
    return {
      state: this.state,
      recent,
      nextSeq,
      held: this.sender.held,
      textsSent: this.sender.textsInLastDay(),
      remindedFor: this.remindedFor,
      checkedInFor: this.checkedInFor,
    };
  }

  /**
   * What the phases' timers depend on. A change to anything else (a note, a message sent) leaves a
   * running timer alone instead of cancelling it and starting another.
   */
  scheduleKey(): string {
    const s = this.state;
    const e = s.escalation;
    const sat = s.facts.satisfaction;
    return JSON.stringify([
      s.status,
      s.dueAt,
      s.deadlineNo,
      s.paused,
      s.awaiting,
      s.fulfilment?.fulfilledAt,
      s.fulfilment?.pendingUntil,
      s.facts.lastUpdateAt,
      e && [e.round, e.level, e.alertedAt, e.exhausted, e.acknowledgedAt],
      sat && [sat.askedAt, sat.remindedAt, sat.answeredAt],
      this.remindedFor,
      this.checkedInFor,
    ]);
  }

  /** The history is long enough to continue as new at the next chance. */
  historyFull(): boolean {
    const info = workflowInfo();
    return info.continueAsNewSuggested || info.historyLength > HISTORY_LIMIT;
  }

  /** Postgres failed this commitment's write moments ago and nothing has been written since (./recorder.ts). */
  get postgresUnreachable(): boolean {
    return this.recorder.unreachable;
  }

  get idle(): boolean {
    return this.sender.idle && this.timeline.saved && this.repeated.length === 0 && !this.owed;
  }

  /**
   * `live`: an update validator, which never runs on replay, so it always decides by today's rules.
   * Everything else asks the patch: a history recorded before the authority table replays by the
   * rules it ran under until it reaches live execution, where the marker is recorded.
   */
  private decide(command: Command, live = false, now = Date.now()): Outcome {
    const legacyAuthority = !live && !this.current && !patched(AUTHORITY_FOLLOWS_OWNER);
    const context = { now, nextSeq: this.timeline.nextSeq };
    return decide(this.state, command, legacyAuthority ? { ...context, legacyAuthority } : context);
  }

  /** For update validators: throws what `apply` would, changes nothing. */
  check(command: Command): void {
    const out = this.decide(command, true);
    if (!out.ok) throw ApplicationFailure.create({ type: REFUSALS[out.kind].failure, message: out.reason, nonRetryable: true });
  }

  /**
   * A person's command: refused with an ApplicationFailure the API maps (409, 403, 400). `now`: the
   * decision's clock, the workflow's own unless given (the start the API recorded, ../commitment.ts).
   */
  async apply(command: Command, now?: number): Promise<void> {
    const out = this.decide(command, false, now);
    if (!out.ok) throw ApplicationFailure.create({ type: REFUSALS[out.kind].failure, message: out.reason, nonRetryable: true });
    const changed = out.events.length > 0 || out.messages.length > 0 || JSON.stringify(out.state) !== JSON.stringify(this.state);
    this.state = out.state;
    this.record(out.events, now);
    // Version 1 is the API's record of this very start: no write of its own. Its entries go again
    // with the next write, harmlessly (written once by key), or for the first time had the API
    // stopped before its record. What its sends record (a text held for quiet hours) is written now.
    const recordedByApi = command.type === 'start' && this.firstRecordedByApi;
    if (recordedByApi) {
      this.firstRecordedByApi = false;
      this.state.version += 1;
      this.repeated.push(...this.timeline.takeUnsaved());
    }
    // Messages are scheduled before the write, so no alert waits for the read model.
    for (const m of out.messages) this.sender.send(m);
    if (out.followUp) this.sender.track(startFollowUp(this, out.followUp.dueAt));
    if (recordedByApi ? !this.timeline.saved : changed) await this.persist();
  }

  /** A command of the workflow's own (a timer, a send's outcome): a refusal means it came too late. */
  async applySystem(command: Command): Promise<void> {
    let ok: boolean;
    try {
      ok = this.decide(command).ok;
    } catch (err) {
      // Only a malformed signal gets here; dropping it beats failing every later workflow task.
      log.warn('dropped a command the commitment could not read', { command: command.type, error: String(err) });
      return;
    }
    if (ok) await this.apply(command);
  }

  reserveSentEntry(): number | undefined {
    return this.current ? this.timeline.reserve() : undefined;
  }

  recordWritten(event: TimelineEvent): void {
    this.timeline.appendWritten(event);
    this.rev += 1;
  }

  record(events: EventDraft[], now?: number): void {
    if (events.length === 0) return;
    this.timeline.append(events, now);
    this.rev += 1;
  }

  /**
   * Writes the state and the entries not yet written, once for everything that changed in this
   * activation: two sends that finish together, or an update and the sends it started, share
   * one local activity instead of one each.
   */
  persist(): Promise<void> {
    this.rev += 1;
    if (!this.owed) {
      let settle = () => {};
      const done = new Promise<void>((resolve) => (settle = resolve));
      this.owed = { done, settle };
    }
    return this.owed.done;
  }

  /** Runs for the life of the run: a write goes out after each activation that owed one. */
  private async writeWhenOwed(): Promise<never> {
    for (;;) {
      await condition(() => this.owed !== undefined);
      const owed = this.owed;
      this.owed = undefined;
      this.state.version += 1;
      const write = this.recorder.write(this.state, [...this.repeated.splice(0), ...this.timeline.takeUnsaved()]);
      this.sender.track(write);
      await write;
      owed?.settle();
    }
  }

  /** Resolves when every send and every write has finished: before continuing as new or completing. */
  async settled(): Promise<void> {
    // The start's entries, left for a later write (the API recorded them), go before the run ends.
    if (this.repeated.length > 0 && this.owed === undefined) void this.persist();
    do {
      await this.sender.drain();
      await condition(() => this.owed === undefined);
    } while (!this.sender.idle);
  }
}
