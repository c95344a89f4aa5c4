/**
 * Persistence: the read model (state row plus new timeline entries) and the search attributes the
 * Temporal UI filters on (written only for a new owner).
 *
 * 👉 The write runs as a local activity, inside the workflow task that made the change: no
 *    schedule, poll and completion round trips, so at a deadline the alert is scheduled in the very
 *    task the timer fired in. If Postgres is unwell the local attempts give up within about two seconds
 *    and the write goes to the task queue as an ordinary activity that retries until Postgres is
 *    back: nothing (above all, no staff alert) waits for the read model. Writes are version-guarded
 *    and idempotent, so an overtaken or repeated write is harmless.
 *
 * 👉 A workflow task is completed only once its local activities are done, so every local attempt
 *    on the way to an alert (the lapse's write, the level's directory read, the level's write)
 *    holds the alert back. Once a write has failed, the commitment takes Postgres for out of reach
 *    (`unreachable`) until a write lands: the next writes go straight to the retried activity (one
 *    at a time: a later write joins the next), and a level is resolved from what the workflow
 *    holds (../phases.ts).
 */
import { patched, proxyActivities, proxyLocalActivities, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { SEARCH_ATTRIBUTES, startSearchAttributes, type CommitmentState, type TimelineEvent } from '../../shared/contract';

/** Marks runs that stop trying Postgres inside their workflow task once it failed there. */
export const ALERTS_WITHOUT_POSTGRES = 'alerts-without-postgres';

/** How long a failed write makes Postgres count as out of reach, unless a write lands first. */
const UNREACHABLE_FOR_MS = 30_000;

const { recordCommitment: recordLocally } = proxyLocalActivities<Activities>({
  // A single upsert: two quick tries tell a blip from an outage, and a Postgres that does not
  // answer at all costs about two seconds. (No schedule-to-close: when it fires together with an
  // attempt's start-to-close, the SDK retries the attempt anyway and the task waits for it.)
  startToCloseTimeout: '1 second',
  retry: { initialInterval: '200 milliseconds', maximumInterval: '1 second', maximumAttempts: 2 },
});
const { recordCommitment: recordRemotely } = proxyActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

export class Recorder {
  private indexed = '';
  /** When a write last failed, with none landed since (workflow time). */
  private failedAt: number | undefined;
  /** A fallback write is being retried; later writes wait for it and go as one (the latest state, every entry). */
  private retrying = false;
  private queued: { state: CommitmentState; events: TimelineEvent[] } | undefined;

  /**
   * `background` keeps the fallback write alive until the workflow drains it; `startedWithAttributes`:
   * a run of today's model (../commitment.ts, MODEL_3), whose start carried the search attributes.
   */
  constructor(
    private readonly background: (work: Promise<unknown>) => void,
    private readonly startedWithAttributes = false,
  ) {}

  /** A write failed moments ago and none has landed since. */
  get unreachable(): boolean {
    return this.failedAt !== undefined && Date.now() - this.failedAt < UNREACHABLE_FOR_MS;
  }

  async write(state: CommitmentState, events: TimelineEvent[]): Promise<void> {
    this.index(state);
    const snapshot = JSON.parse(JSON.stringify(state)) as CommitmentState;
    if (!(this.unreachable && patched(ALERTS_WITHOUT_POSTGRES))) {
      try {
        await recordLocally(snapshot, events);
        this.failedAt = undefined;
        return;
      } catch {
        this.failedAt = Date.now();
      }
    }
    this.fallBack(snapshot, events);
  }

  /** The retried activity; while one is out, the next writes join the one after it instead of retrying beside it. */
  private fallBack(state: CommitmentState, events: TimelineEvent[]): void {
    if (this.retrying && patched(ALERTS_WITHOUT_POSTGRES)) {
      this.queued = { state, events: [...(this.queued?.events ?? []), ...events] };
      return;
    }
    this.retrying = true;
    this.background(
      recordRemotely(state, events).then(async () => {
        this.failedAt = undefined;
        this.retrying = false;
        const next = this.queued;
        this.queued = undefined;
        if (next) await this.write(next.state, next.events);
      }),
    );
  }

  /**
   * The search attributes (src/shared/contract/commitment.ts): the owner, when it changed from what
   * the run started with. A run started without them (a server that refused them at the start,
   * ../../api/commitments/routes.ts) writes owner and deadline once. Runs of an earlier model write
   * owner, status and deadline whenever one changed, as they did.
   */
  private index(state: CommitmentState): void {
    if (!this.startedWithAttributes) return this.indexEveryChange(state);
    if (this.indexed === '') {
      const started = workflowInfo().typedSearchAttributes;
      if (started.get(SEARCH_ATTRIBUTES.owner) === undefined) {
        this.indexed = state.owner.id;
        upsertSearchAttributes(startSearchAttributes(state));
        return;
      }
      this.indexed = started.get(SEARCH_ATTRIBUTES.owner) ?? '';
    }
    if (state.owner.id === this.indexed) return;
    this.indexed = state.owner.id;
    upsertSearchAttributes([{ key: SEARCH_ATTRIBUTES.owner, value: state.owner.id }]);
  }

  private indexEveryChange({ owner, status, dueAt }: CommitmentState): void {
    const key = `${owner.id}|${status}|${dueAt}`;
    if (key === this.indexed) return;
    this.indexed = key;
    upsertSearchAttributes([
      { key: SEARCH_ATTRIBUTES.owner, value: owner.id },
      { key: SEARCH_ATTRIBUTES.status, value: status },
      { key: SEARCH_ATTRIBUTES.dueAt, value: new Date(dueAt) },
    ]);
  }
}
