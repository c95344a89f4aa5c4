/**
 * One commitment, from the promise to its outcome (docs/architecture.md has the diagram).
 *
 * open ──fulfil──▶ fulfilled ──ask──▶ confirmed (rating) │ unconfirmed │ NO ▶ reopened (open)
 *  │ ▲ pause/resume, extend, reassign, progress updates
 *  └──deadline or escalate──▶ escalated ──acknowledge──▶ open (new owner, new deadline)
 * cancel ends it from any open state.
 *
 * The loop runs one phase at a time (./phases.ts); every phase returns on any change, so the status
 * decides what happens next and the history can be cut (continue-as-new) between phases. Every
 * change is a command to the functional core (src/core), carried out by ./shell/live.ts.
 */
import { allHandlersFinished, condition, continueAsNew, patched } from '@temporalio/workflow';
import { isClosed, type CommitmentInput, type CommitmentState } from '../shared/contract';
import { registerHandlers } from './handlers';
import { legacyCommitmentWorkflow } from './legacy/commitment';
import { escalationPhase, ownerPhase, pausedPhase, ratingPhase, satisfactionPhase } from './phases';
import { LiveCommitment } from './shell/live';
import { startCommand } from '../core/first';
import { upgradeInput } from './upgrade';

/**
 * Marks runs of the current model. Histories recorded without it are model 1's: they replay the
 * frozen code in ./legacy, which issues exactly the commands they recorded.
 */
export const MODEL_2 = 'commitment-model-2';

/**
 * Marks runs started by today's code: model 2 that decides by the authority table from its first
 * command, starts with its search attributes (./shell/live.ts, ./shell/recorder.ts), and leaves a
 * message's "sent" entry to the activity that sent it (./shell/sender.ts). One marker where a new
 * run recorded two: the SDK writes each patch it records to the TemporalChangeVersion search
 * attribute, a billed action each (docs/scaling.md).
 */
export const MODEL_3 = 'commitment-model-3';

const PHASES = { open: ownerPhase, paused: pausedPhase, escalated: escalationPhase, fulfilled: satisfactionPhase, confirmed: ratingPhase } as const;

export async function commitmentWorkflow(input: CommitmentInput): Promise<CommitmentState> {
  // Asked once, at the start: a replayed history without the marker answers false here, and keeps
  // the decisions it recorded even after it reaches live execution.
  const current = patched(MODEL_3);
  if (!current && !patched(MODEL_2)) return (await legacyCommitmentWorkflow(input as never)) as unknown as CommitmentState;
  const c = new LiveCommitment(upgradeInput(input), { current });
  // Decided at the API's creation time when the API recorded it, so both records are the same.
  const start = () => c.apply(startCommand(input), input.recordedByApi ? Date.parse(input.createdAt) : undefined);
  if (input.carried) registerHandlers(c);
  else if (current) {
    // The start is decided before any update: one that arrived with it waits for its handler,
    // so the timeline opens with "created" as the API recorded it, never behind a note.
    const started = start();
    registerHandlers(c);
    await started;
  } else {
    // Runs of an earlier model registered first, and replay as they ran.
    registerHandlers(c);
    await start();
  }
  // Runs for the life of this run; held texts that are still waiting are carried over.
  void c.sender.releaseHeld();

  for (;;) {
    const s = c.state;
    if (isClosed(s.status) && s.awaiting === undefined) break;
    if (c.historyFull()) {
      // Let in-flight updates answer first; a new run cannot reply to the old run's callers.
      await condition(allHandlersFinished);
      await c.settled();
      if (c.idle && allHandlersFinished()) return continueAsNew<typeof commitmentWorkflow>({ ...input, carried: c.carry() });
      continue;
    }
    const phase = PHASES[s.status as keyof typeof PHASES];
    if (!phase) break;
    await phase(c);
  }

  // A cancelled commitment drops texts still waiting for quiet hours; any other waits for them.
  if (c.state.status !== 'cancelled') await condition(() => c.sender.held.length === 0);
  await c.settled();
  await condition(allHandlersFinished);
  await c.settled();
  return c.state;
}
