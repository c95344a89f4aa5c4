/**
 * A new commitment's first state, recorded in the read model by the API as soon as Temporal has
 * accepted the start, so it is listed at once and its workflow spends no write of its own on it
 * (docs/scaling.md): the same computation as the workflow's first task (src/core/first.ts).
 *
 * Recorded after the start, never before: a row for a workflow that never started would be an
 * open commitment nobody alerts on. Should this write fail (or the API stop between the two), the
 * workflow's next write records the same entries, and `npm run reconcile` restores a missing row
 * in the meantime; the create still answers 201, for the commitment runs.
 */
import { firstRecord } from '../../core/first';
import { recordCommitment } from '../../db/commitments';
import type { CommitmentInput } from '../../shared/contract';
import type { ApiDeps } from '../deps';

export async function recordFirst(deps: Pick<ApiDeps, 'db' | 'log'>, input: CommitmentInput, now: number): Promise<void> {
  const first = firstRecord(input, now);
  if (!first) return;
  try {
    await recordCommitment(deps.db, first.state, first.events);
  } catch (err) {
    deps.log?.(`create ${input.id}: its first record is left to its workflow (${err instanceof Error ? err.message : String(err)})`);
  }
}
