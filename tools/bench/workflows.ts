/**
 * The baselines' workflows, bundled for the baseline worker (never part of the product's bundle).
 * They do the least Temporal allows, so the product's numbers can be read against them.
 */
import { proxyActivities, sleep } from '@temporalio/workflow';
import type { BaselineActivities } from './baseline-activities';

type Recipient = { email: string; phone: string };

const { alert, notice } = proxyActivities<BaselineActivities>({ startToCloseTimeout: '30 seconds' });
/** The alert queued ahead of the notice, as the product queues staff alerts (src/workflows/shell/delivery.ts). */
const { alert: priorityAlert } = proxyActivities<BaselineActivities>({ startToCloseTimeout: '30 seconds', priority: { priorityKey: 1 } });

/** Create baseline: starting it costs only what Temporal itself costs. */
export async function emptyWorkflow(): Promise<void> {}

/** Lapse-storm floor: a timer until the deadline, then one activity sending the alert by SMS and email. */
export async function lapseWorkflow(dueAt: string, to: Recipient): Promise<void> {
  await sleep(Math.max(0, Date.parse(dueAt) - Date.now()));
  await alert(to);
}

/**
 * Lapse-storm equal-work floor: a timer until the deadline, then the two sends a lapse of the
 * product makes, as two activities scheduled by the same workflow task: the supervisor's alert
 * (at the product's alert priority) and the customer's notice, each by SMS and email.
 */
export async function equalWorkLapseWorkflow(dueAt: string, supervisor: Recipient, customer: Recipient): Promise<void> {
  await sleep(Math.max(0, Date.parse(dueAt) - Date.now()));
  await Promise.all([priorityAlert(supervisor), notice(customer)]);
}
