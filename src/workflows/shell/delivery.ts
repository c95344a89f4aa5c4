/**
 * How the workflow calls the deliver activity: what it asks for, retry policies for routine
 * messages and for staff alerts, the rows of alerts sent while Postgres was out of reach, and the
 * record of a send whose outcome nobody could learn.
 */
import { proxyActivities, proxyLocalActivities, type ActivityOptions } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { FailureType, type CommitmentState, type CommitmentView, type StaffContact } from '../../shared/contract';
import { notificationKey, type Channel, type LedgerEntry, type MessageRequest } from '../../shared/messages';
import type { MessageSpec } from '../../core';
import { isAlertPurpose } from '../../shared/contract/purposes';

const ROUTINE: ActivityOptions = {
  // Provider calls time out on their own after 10 s; this bounds a hung attempt.
  startToCloseTimeout: '30 seconds',
  // The activity heartbeats while it sends: a worker that dies mid-send is noticed in seconds,
  // and the next attempt resolves what the dead one may have sent.
  heartbeatTimeout: '5 seconds',
  // Keep trying transient failures for a working day: a late message beats none.
  scheduleToCloseTimeout: '12 hours',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes', nonRetryableErrorTypes: [FailureType.PermanentDelivery] },
};

/**
 * Staff alerts hand a commitment to someone: they go ahead of customer messages queued with them
 * (task-queue priority, src/temporal/server-config.ts), and while a provider fails they are tried
 * again at least every 30 s (a `Retry-After` from the provider sets the next wait itself).
 */
const ALERT: ActivityOptions = { ...ROUTINE, priority: { priorityKey: 1 }, retry: { ...ROUTINE.retry, maximumInterval: '30 seconds' } };
/** An alert is given at least this long, however short the acknowledge window (tests use seconds). */
const MIN_ALERT_WINDOW_MS = 2 * 60_000;

export const isAlert = (spec: MessageSpec): boolean => isAlertPurpose(spec.purpose);

/** Routine messages: everything but staff alerts. */
export const { deliverMessage } = proxyActivities<Activities>(ROUTINE);
const { markNotificationsUnresolved } = proxyLocalActivities<Activities>({ startToCloseTimeout: '5 seconds', retry: { maximumAttempts: 3 } });
/** Retried until Postgres is back, as the read model's fallback write is (./recorder.ts). */
const { recordNotificationsLate } = proxyActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/** The staff member a message to `audience` goes to. */
export function recipientOf(spec: MessageSpec, s: CommitmentState): StaffContact | undefined {
  return spec.audience === 'customer' ? undefined : (spec.to ?? s.owner);
}

/**
 * The deliver activity's request. A staff alert may go while Postgres is out of reach: the activity
 * then answers the rows it could not write, and the workflow writes them (`recordLater`).
 */
export function messageRequest(s: CommitmentState, spec: MessageSpec, channels: Channel[], emailFallback: boolean, entrySeq?: number): MessageRequest {
  const to = recipientOf(spec, s);
  return {
    ...(entrySeq !== undefined && spec.sent ? { entry: { seq: entrySeq, sent: spec.sent } } : {}),
    purpose: spec.purpose,
    occurrence: spec.occurrence,
    audience: spec.audience,
    ...(to ? { to } : {}),
    channels,
    ...(emailFallback ? { emailFallback } : {}),
    // The state without its timeline: messages that need the history (alerts, handoffs) read
    // the whole of it from the read model, and the rest never quote it.
    commitment: JSON.parse(JSON.stringify({ ...s, timeline: [] })) as CommitmentView,
    ...(spec.ctx ? { ctx: spec.ctx } : {}),
    ...(isAlert(spec) ? { ledgerLater: true } : {}),
  };
}

/** Writes the rows of alerts sent without them, once Postgres answers; the workflow drains it before it ends. */
export function recordLater(entries: LedgerEntry[]): Promise<void> {
  return recordNotificationsLate(entries);
}

/**
 * The activity stub for a message. A level's alert gives up when its acknowledge window ends: by
 * then the next level is due anyway, and the alert is recorded as having reached nobody.
 */
export function deliveryFor(spec: MessageSpec, s: CommitmentState): (r: MessageRequest) => Promise<Awaited<ReturnType<Activities['deliverMessage']>>> {
  if (!isAlert(spec)) return deliverMessage;
  const level = spec.unreached ? s.policy.escalation.levels[spec.unreached.level] : undefined;
  const window = level ? Math.max(level.ackWithinMs, MIN_ALERT_WINDOW_MS) : 12 * 3600_000;
  return proxyActivities<Activities>({ ...ALERT, scheduleToCloseTimeout: window }).deliverMessage;
}

/** Marks the message's rows `unresolved`, so reconcile and the console show it; best effort. */
export async function markUnresolved(workflowId: string, request: MessageRequest, channels: Channel[]): Promise<void> {
  const keys = channels.map((channel) => notificationKey(workflowId, request, channel));
  await markNotificationsUnresolved(keys).catch(() => undefined);
}

export function failureMessage(reason: unknown): string {
  const cause = (reason as { cause?: { message?: string } }).cause;
  return cause?.message ?? (reason instanceof Error ? reason.message : String(reason));
}
