/**
 * Updates, signals and the query. Every update turns its input into a command for the functional
 * core; its validator asks the core the same question without changing anything, so a refused
 * update never enters the history. Validators are synchronous: an async one would accept anything.
 */
import type { UpdateDefinition } from '@temporalio/common';
import { ApplicationFailure, setHandler } from '@temporalio/workflow';
import {
  FailureType,
  acknowledgeUpdate,
  cancelUpdate,
  commitmentQuery,
  customerMessageSignal,
  customerReplyUpdate,
  deliveryFailedSignal,
  escalateUpdate,
  extendUpdate,
  fulfilUpdate,
  logUpdate,
  noteUpdate,
  pauseUpdate,
  progressUpdate,
  reassignUpdate,
  resumeUpdate,
  smsOptOutSignal,
  type CommitmentView,
} from '../shared/contract';
import type { Command } from './transitions';
import { reportFailedDelivery } from './shell/reports';
import type { LiveCommitment } from './shell/live';

/** Anything but a refusal from the core (a malformed input) is refused as invalid, never a task failure. */
function guarded(check: () => void): void {
  try {
    check();
  } catch (err) {
    if (err instanceof ApplicationFailure) throw err;
    throw ApplicationFailure.create({ type: FailureType.InvalidInput, message: `The request could not be applied: ${err instanceof Error ? err.message : String(err)}`, nonRetryable: true });
  }
}

export function registerHandlers(c: LiveCommitment): void {
  function update<A>(def: UpdateDefinition<CommitmentView, [A]>, command: (input: A) => Command): void {
    setHandler(
      def,
      async (input: A) => {
        await c.apply(command(input));
        return c.view();
      },
      { validator: (input: A) => guarded(() => c.check(command(input))) },
    );
  }

  setHandler(commitmentQuery, () => c.view());
  update(fulfilUpdate, (i) => ({ type: 'fulfil', ...i }));
  update(extendUpdate, (i) => ({ type: 'extend', ...i }));
  update(reassignUpdate, (i) => ({ type: 'reassign', ...i }));
  update(cancelUpdate, (i) => ({ type: 'cancel', ...i }));
  update(noteUpdate, (i) => ({ type: 'note', ...i }));
  update(pauseUpdate, (i) => ({ type: 'pause', ...i }));
  update(resumeUpdate, (i) => ({ type: 'resume', ...i }));
  update(acknowledgeUpdate, (i) => ({ type: 'acknowledge', ...i }));
  update(escalateUpdate, (i) => ({ type: 'escalate', ...i }));
  update(progressUpdate, (i) => ({ type: 'progress', ...i }));
  update(logUpdate, (i) => ({ type: 'updateLog', ...i }));
  update(customerReplyUpdate, (i) => ({ type: 'customerReply', ...i }));

  // Signals cannot be refused; what the core would refuse (a late report) is dropped.
  setHandler(customerMessageSignal, (m) => c.sender.track(c.applySystem({ type: 'customerMessage', ...m })));
  setHandler(smsOptOutSignal, ({ optedOut }) => c.sender.track(c.applySystem({ type: 'smsConsent', optedOut })));
  setHandler(deliveryFailedSignal, (report) => c.sender.track(reportFailedDelivery(c, report)));
}
