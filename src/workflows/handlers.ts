/**
 * Updates, signals and the query. Every update turns its input into a command for the functional
 * core; its validator asks the core the same question without changing anything, so a refused
 * update never enters the history. Validators are synchronous: an async one would accept anything.
 */
import type { UpdateDefinition } from '@temporalio/common';
import { ApplicationFailure, log, setHandler } from '@temporalio/workflow';
import {
  FailureType,
  acknowledgeUpdate,
  attemptUpdate,
  calendarChangedUpdate,
  cancelUpdate,
  commitmentQuery,
  customerMessageSignal,
  customerMoveUpdate,
  customerReplyUpdate,
  deliveryFailedSignal,
  escalateUpdate,
  extendUpdate,
  fulfilUpdate,
  logUpdate,
  customerChangeUpdate,
  noteUpdate,
  pauseUpdate,
  progressUpdate,
  reassignUpdate,
  resumeUpdate,
  smsOptOutSignal,
  transferUpdate,
  type CommitmentView,
} from '../shared/contract';
import type { Command } from '../core';
import { reportFailedDelivery } from './shell/reports';
import type { LiveCommitment } from './shell/live';

/**
 * Anything but a refusal from the core (a malformed input) is refused as invalid. A plain Error
 * thrown by an update would fail the workflow task instead, again on every retry: the update
 * hangs, and every later one waits behind it.
 */
const invalid = (err: unknown) =>
  err instanceof ApplicationFailure
    ? err
    : ApplicationFailure.create({
        type: FailureType.InvalidInput,
        message: `The request could not be applied: ${err instanceof Error ? err.message : String(err)}`,
        nonRetryable: true,
      });

function guarded(check: () => void): void {
  try {
    check();
  } catch (err) {
    throw invalid(err);
  }
}

/** A signal cannot be refused: one the commitment cannot read is dropped (and logged), never left to fail every task. */
function dropUnreadable(signal: string, work: () => Promise<void>): Promise<void> {
  try {
    return work().catch((err: unknown) => log.warn('dropped a signal the commitment could not apply', { signal, error: String(err) }));
  } catch (err) {
    log.warn('dropped a signal the commitment could not read', { signal, error: String(err) });
    return Promise.resolve();
  }
}

export function registerHandlers(c: LiveCommitment): void {
  function update<A>(def: UpdateDefinition<CommitmentView, [A]>, command: (input: A) => Command): void {
    setHandler(
      def,
      async (input: A) => {
        try {
          await c.apply(command(input));
        } catch (err) {
          throw invalid(err);
        }
        return c.view();
      },
      { validator: (input: A) => guarded(() => c.check(command(input))) },
    );
  }

  setHandler(commitmentQuery, () => c.view());
  update(fulfilUpdate, (i) => ({ type: 'fulfil', ...i }));
  update(extendUpdate, (i) => ({ type: 'extend', ...i }));
  update(reassignUpdate, (i) => ({ type: 'reassign', ...i }));
  update(transferUpdate, (i) => ({ type: 'transfer', ...i }));
  update(cancelUpdate, (i) => ({ type: 'cancel', ...i }));
  update(noteUpdate, (i) => ({ type: 'note', ...i }));
  update(pauseUpdate, (i) => ({ type: 'pause', ...i }));
  update(resumeUpdate, (i) => ({ type: 'resume', ...i }));
  update(calendarChangedUpdate, (i) => ({ type: 'calendarChanged', ...i }));
  update(attemptUpdate, (i) => ({ type: 'attempt', ...i }));
  update(customerMoveUpdate, (i) => ({ type: 'customerMove', ...i }));
  update(acknowledgeUpdate, (i) => ({ type: 'acknowledge', ...i }));
  update(escalateUpdate, (i) => ({ type: 'escalate', ...i }));
  update(progressUpdate, (i) => ({ type: 'progress', ...i }));
  update(logUpdate, (i) => ({ type: 'updateLog', ...i }));
  update(customerChangeUpdate, (i) => ({ type: 'changeCustomer', ...i }));
  update(customerReplyUpdate, (i) => ({ type: 'customerReply', ...i }));

  // Signals cannot be refused; what the core would refuse (a late report) is dropped.
  setHandler(customerMessageSignal, (m) => c.sender.track(dropUnreadable('customerMessage', () => c.applySystem({ type: 'customerMessage', ...m }))));
  setHandler(smsOptOutSignal, (m) => c.sender.track(dropUnreadable('smsOptOut', () => c.applySystem({ type: 'smsConsent', optedOut: m.optedOut === true }))));
  setHandler(deliveryFailedSignal, (report) => c.sender.track(dropUnreadable('deliveryFailed', () => reportFailedDelivery(c, report))));
}
