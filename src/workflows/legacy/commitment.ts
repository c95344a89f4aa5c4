// FROZEN (model 1): replays the histories of commitments started before the current model. See ./contract.ts.
/**
 * One commitment, from the promise to its outcome (docs/architecture.md has the diagram).
 *
 * open ──fulfil──▶ fulfilled ──ask──▶ confirmed (rating) │ unconfirmed │ NO ▶ reopened (open)
 *  │ ▲ pause/resume, extend, reassign
 *  └──deadline──▶ escalated ──acknowledge──▶ open (new owner, new deadline)
 * cancel ends it from any open state.
 *
 * The loop runs one phase at a time; every phase returns on any change, so the status decides
 * what happens next and the history can be cut (continue-as-new) between phases.
 */
import { allHandlersFinished, condition, continueAsNew } from '@temporalio/workflow';
import { CLOSED_STATUSES, type CommitmentInput, type CommitmentState } from './contract';
import { registerHandlers } from './handlers';
import { Machine } from './machine';
import { escalationPhase, ownerPhase, pausedPhase, ratingPhase, satisfactionPhase } from './steps';

/**
 * Events after which a run continues as new. Far below Temporal's 50k limit: replaying a long
 * history costs the worker memory and time on every cache miss. 500 notes cross it.
 */
export const HISTORY_LIMIT = 1500;

export async function legacyCommitmentWorkflow(input: CommitmentInput): Promise<CommitmentState> {
  const m = new Machine(input);
  registerHandlers(m);

  if (!input.carried) {
    const s = m.state;
    m.happened('created', `${s.owner.name} promised ${s.customer.name}: ${s.summary}`);
    await m.persist();
    m.send({ purpose: 'customer_recap', audience: 'customer', sent: (via) => ['customer_recap_sent', `Recap sent to the customer by ${via}.`] });
    m.send({ purpose: 'owner_confirmation', audience: 'owner', sent: (via) => ['owner_confirmation_sent', `Confirmation sent to ${s.owner.name} by ${via}.`] });
  }
  // Runs for the life of this run; held texts that are still waiting are carried over.
  void m.releaseHeld();

  for (;;) {
    const s = m.state;
    if (CLOSED_STATUSES.includes(s.status) && s.awaiting === undefined) break;
    if (m.shouldContinueAsNew(HISTORY_LIMIT)) {
      // Let in-flight updates answer first; a new run cannot reply to the old run's callers.
      await condition(allHandlersFinished);
      await m.drain();
      if (m.idle) return continueAsNew<typeof legacyCommitmentWorkflow>({ ...input, carried: m.carry() });
    }
    if (s.status === 'open') await ownerPhase(m);
    else if (s.status === 'paused') await pausedPhase(m);
    else if (s.status === 'escalated') await escalationPhase(m);
    else if (s.status === 'fulfilled') await satisfactionPhase(m);
    else if (s.status === 'confirmed') await ratingPhase(m);
    else break;
  }

  // A cancelled commitment drops texts still waiting for quiet hours; any other waits for them.
  if (m.state.status !== 'cancelled') await condition(() => m.held.length === 0);
  await m.drain();
  await condition(allHandlersFinished);
  await m.drain();
  return m.state;
}
