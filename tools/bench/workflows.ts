/**
 * The baselines' workflows, bundled for the baseline worker (never part of the product's bundle).
 * They do the least Temporal allows, so the product's numbers can be read against them.
 */
import { proxyActivities, sleep } from '@temporalio/workflow';
import type { BaselineActivities } from './baseline-activities';

const { alert } = proxyActivities<BaselineActivities>({ startToCloseTimeout: '30 seconds' });

/** Create baseline: starting it costs only what Temporal itself costs. */
export async function emptyWorkflow(): Promise<void> {}

/** Lapse-storm floor: a timer until the deadline, then one activity sending the alert by SMS and email. */
export async function lapseWorkflow(dueAt: string, to: { email: string; phone: string }): Promise<void> {
  await sleep(Math.max(0, Date.parse(dueAt) - Date.now()));
  await alert(to);
}
