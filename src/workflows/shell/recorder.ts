/**
 * Persistence: the read model (state row plus new timeline entries) and the search attributes the
 * Temporal UI filters on.
 *
 * 👉 The write runs as a local activity, inside the workflow task that made the change: no
 *    schedule, poll and completion round trips, so at a deadline the alert is scheduled in the very
 *    task the timer fired in. If Postgres is unwell the local attempts give up within seconds and
 *    the write goes to the task queue as an ordinary activity that retries until Postgres is back:
 *    nothing (above all, no staff alert) waits for the read model. Writes are version-guarded and
 *    idempotent, so an overtaken or repeated write is harmless.
 */
import { proxyActivities, proxyLocalActivities, upsertSearchAttributes } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { SEARCH_ATTRIBUTES, type CommitmentState, type TimelineEvent } from '../../shared/contract';

const { recordCommitment: recordLocally } = proxyLocalActivities<Activities>({
  // A single upsert; three quick tries tell a blip from an outage.
  startToCloseTimeout: '5 seconds',
  retry: { initialInterval: '200 milliseconds', maximumInterval: '1 second', maximumAttempts: 3 },
});
const { recordCommitment: recordRemotely } = proxyActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

export class Recorder {
  private indexed = '';

  /** `background` keeps the fallback write alive until the workflow drains it. */
  constructor(private readonly background: (work: Promise<unknown>) => void) {}

  async write(state: CommitmentState, events: TimelineEvent[]): Promise<void> {
    this.index(state);
    const snapshot = JSON.parse(JSON.stringify(state)) as CommitmentState;
    try {
      await recordLocally(snapshot, events);
    } catch {
      this.background(recordRemotely(snapshot, events));
    }
  }

  /** Owner, status and deadline as search attributes, when they changed. */
  private index({ owner, status, dueAt }: CommitmentState): void {
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
