/**
 * "The system is quiet": every commitment of the scenario has reached the expected status in the
 * read model, and its workflow has no activity and no workflow task left to run (so no send is
 * still being tried). Only then is a missing message lost rather than late.
 */
import { runLoad } from '../bench/load';
import { commitmentWorkflowId } from '../../src/shared/contract';
import type { FaultStack } from './stack';

const POLL_MS = 2_000;

export interface Quiet {
  quiet: boolean;
  /** Date.now() when it was found quiet, or when waiting gave up. */
  at: number;
  /** Commitments still busy (or not in the expected status) when waiting gave up. */
  busy: number;
}

async function statuses(stack: FaultStack, ids: string[]): Promise<Map<string, string>> {
  try {
    const { rows } = await stack.db.query<{ id: string; status: string }>('SELECT id, status FROM commitments WHERE id = ANY($1)', [ids]);
    return new Map(rows.map((r) => [r.id, r.status]));
  } catch {
    return new Map(); // Postgres is down: nothing counts as settled yet
  }
}

async function idle(stack: FaultStack, id: string): Promise<boolean> {
  try {
    const { raw } = await stack.temporal.workflow.getHandle(commitmentWorkflowId(id)).describe();
    return (raw.pendingActivities?.length ?? 0) === 0 && !raw.pendingWorkflowTask;
  } catch {
    return false; // Temporal is down or restarting
  }
}

export async function waitQuiet(stack: FaultStack, ids: string[], status: string, timeoutMs: number, log: (line: string) => void): Promise<Quiet> {
  const busy = new Set(ids);
  const giveUpAt = Date.now() + timeoutMs;
  let lastReport = Date.now();
  for (;;) {
    const current = await statuses(stack, [...busy]);
    const candidates = [...busy].filter((id) => current.get(id) === status);
    const settled: string[] = [];
    await runLoad(candidates.length, 8, async (i) => {
      const id = candidates[i] as string;
      if (await idle(stack, id)) settled.push(id);
    });
    settled.forEach((id) => busy.delete(id));
    if (busy.size === 0) return { quiet: true, at: Date.now(), busy: 0 };
    if (Date.now() > giveUpAt) return { quiet: false, at: Date.now(), busy: busy.size };
    if (Date.now() - lastReport > 10_000) {
      log(`  waiting for quiet: ${ids.length - busy.size}/${ids.length} settled`);
      lastReport = Date.now();
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}
