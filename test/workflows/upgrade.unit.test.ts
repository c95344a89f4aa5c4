/**
 * The step every run of the current model starts with (src/workflows/upgrade.ts), without a worker.
 * Its two branches: a model-1 run that continued as new has its carried state brought to model 2;
 * anything else (a new commitment, a model-2 run that continued as new) keeps its state, and only
 * a policy whose levels still name a `contact` is converted. Histories recorded before
 * `commitment-model-2` never reach it: they replay src/workflows/legacy (test/workflows/replay.test.ts).
 */
import type * as TemporalWorkflow from '@temporalio/workflow';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { CommitmentInput, CommitmentState } from '../../src/shared/contract';
import * as workflows from '../../src/workflows';
import { commitmentWorkflow, MODEL_2, MODEL_3 } from '../../src/workflows/commitment';
import type * as Legacy from '../../src/workflows/legacy/contract';
import { upgradeInput } from '../../src/workflows/upgrade';
import { accept, ANA, AS, commitment, DUE_AT, iso, POLICY, RAJ } from '../support/states';

// commitmentWorkflow outside a worker: `patched` answers as a replayed history would, the frozen
// legacy workflow and the current model's shell are stand-ins that record the input they were given.
const seen = vi.hoisted(() => ({ patched: [] as string[], hasMarker: true, legacy: [] as unknown[], live: [] as unknown[] }));
vi.mock('@temporalio/workflow', async (importOriginal) => ({
  ...(await importOriginal<typeof TemporalWorkflow>()),
  patched: (id: string) => (seen.patched.push(id), seen.hasMarker),
  condition: () => Promise.resolve(true),
  allHandlersFinished: () => true,
}));
vi.mock('../../src/workflows/legacy/commitment', () => ({
  legacyCommitmentWorkflow: (input: unknown) => (seen.legacy.push(input), Promise.resolve({ ranOn: 'legacy' })),
}));
vi.mock('../../src/workflows/handlers', () => ({ registerHandlers: () => undefined }));
vi.mock('../../src/workflows/shell/live', () => ({
  LiveCommitment: class {
    // Closed with nothing awaited: the loop ends at once.
    state = { ranOn: 'current', status: 'cancelled' };
    sender = { releaseHeld: () => Promise.resolve(), held: [] };
    constructor(input: unknown) {
      seen.live.push(input);
    }
    apply = () => Promise.resolve();
    settled = () => Promise.resolve();
  },
}));

const DUE = Date.parse(DUE_AT);
const MIN = 60_000;

/** The same chain as POLICY, as model 1 wrote it: each level names its contact. */
const LEGACY_POLICY: Legacy.CommitmentPolicy = {
  ...POLICY,
  escalation: {
    levels: [
      { contact: ANA, ackWithinMs: 30 * MIN },
      { contact: RAJ, ackWithinMs: 30 * MIN },
    ],
    repeat: 1,
  },
};

/** A new commitment's input, as the API starts the workflow today. */
function freshInput(): CommitmentInput {
  const { workflowId: _w, status: _s, version: _v, deadlineNo: _d, deadlineSetAt: _ds, facts: _f, model: _m, ...input } = commitment();
  return input;
}

/** What model 1's carry() handed its next run: lapsed at the deadline, Ana alerted, no `model`. */
function legacyCarried(): NonNullable<Legacy.CommitmentInput['carried']> {
  const { model: _m, ...current } = commitment();
  const state: Legacy.CommitmentState = {
    ...current,
    status: 'escalated',
    version: 4,
    policy: LEGACY_POLICY,
    escalation: { round: 0, level: 0, alertedAt: iso(DUE + 1000), alerted: [ANA] },
  };
  const detail = 'Ana Costa alerted by SMS with the full context.';
  const recent = [{ seq: 3, at: iso(DUE + 1000), type: 'supervisor_alerted' as const, detail }];
  return { state, recent, nextSeq: 4, held: [], remindedFor: 0 };
}

/** A model-1 run's continue-as-new input: its own input (with the old policy) and what it carried. */
function legacyContinued(carried = legacyCarried()): CommitmentInput {
  const input: Legacy.CommitmentInput = { ...freshInput(), policy: LEGACY_POLICY, carried };
  return input as unknown as CommitmentInput;
}

const CURRENT_LEVELS = [
  { target: { kind: 'staff', staff: ANA }, ackWithinMs: 30 * MIN },
  { target: { kind: 'staff', staff: RAJ }, ackWithinMs: 30 * MIN },
];

describe('a new commitment takes the current path', () => {
  it('passes a current input through equal to what went in, with nothing carried', () => {
    const input = freshInput();
    const before = structuredClone(input);
    const out = upgradeInput(input);
    expect(out).toEqual(before);
    expect(out.carried).toBeUndefined();
    expect(input).toEqual(before);
  });

  it('turns levels that name a contact (an input written by model 1) into named-staff targets, and nothing else', () => {
    const input = { ...freshInput(), policy: LEGACY_POLICY } as unknown as CommitmentInput;
    const out = upgradeInput(input);
    expect(out.policy.escalation.levels).toEqual(CURRENT_LEVELS);
    expect(out).toEqual({ ...input, policy: POLICY });
  });

  it('keeps a model-2 run that continued as new as it was: its carried state is not converted again', () => {
    // Escalated by hand for a reason model 1 did not know: an upgrade would turn it into a lapse.
    const state: CommitmentState = {
      ...commitment(),
      status: 'escalated',
      escalation: { reason: 'manager_request', round: 0, level: 0, alerted: [] },
    };
    const carried = { state, recent: [], nextSeq: 9, held: [], checkedInFor: 0 };
    // Its raw input is the one the first run got, which may still be model 1's (see below).
    const out = upgradeInput({ ...freshInput(), policy: LEGACY_POLICY as unknown as CommitmentInput['policy'], carried });
    expect(out.carried).toBe(carried);
    expect(out.carried?.state.escalation?.reason).toBe('manager_request');
    expect(out.policy).toEqual(POLICY);
  });
});

describe('a commitment started on model 1 that continued as new is upgraded', () => {
  it('brings the carried state to model 2: named-staff levels, its escalation a lapse, model 2', () => {
    const input = legacyContinued();
    const before = structuredClone(input);
    const out = upgradeInput(input);
    const state = out.carried?.state;
    expect(state?.model).toBe(2);
    expect(state?.policy.escalation.levels).toEqual(CURRENT_LEVELS);
    expect(state?.escalation).toEqual({ reason: 'lapsed', round: 0, level: 0, alertedAt: iso(DUE + 1000), alerted: [ANA] });
    // The input's policy becomes the converted one, and nothing else of the input or the carry changes.
    expect(out.policy).toEqual(state?.policy);
    const { state: _old, ...rest } = legacyCarried();
    expect(out.carried).toEqual({ ...rest, state });
    expect({ ...out, policy: undefined, carried: undefined }).toEqual({ ...before, policy: undefined, carried: undefined });
    expect(input).toEqual(before);
  });

  it('adds no escalation to a state that had none', () => {
    const carried = legacyCarried();
    const { escalation: _e, ...open } = carried.state;
    const out = upgradeInput(legacyContinued({ ...carried, state: { ...open, status: 'open' } }));
    expect(out.carried?.state).not.toHaveProperty('escalation');
    expect(out.carried?.state.model).toBe(2);
  });

  it('hands the current core a state it can act on: Ana, alerted under model 1, acknowledges and owns it', () => {
    const state = upgradeInput(legacyContinued()).carried!.state;
    const d = accept(state, { type: 'acknowledge', actor: AS.lead, by: ANA.id, dueAt: iso(DUE + 3 * 3600_000) }, DUE + 5 * MIN);
    expect(d.state).toMatchObject({ status: 'open', owner: ANA, dueAt: iso(DUE + 3 * 3600_000) });
    expect(d.state.escalation).toMatchObject({ reason: 'lapsed', acknowledgedBy: ANA.id });
  });
});

describe('which model a run takes (src/workflows/commitment.ts)', () => {
  beforeEach(() => {
    seen.patched = [];
    seen.legacy = [];
    seen.live = [];
  });

  it('keeps the recorded names: the workflow type and the patches that mark the models', () => {
    expect(Object.keys(workflows)).toContain('commitmentWorkflow');
    expect(MODEL_2).toBe('commitment-model-2');
    expect(MODEL_3).toBe('commitment-model-3');
  });

  it('replays a history recorded without the marker on the frozen legacy workflow, with its input as recorded', async () => {
    seen.hasMarker = false;
    const input = legacyContinued();
    const before = structuredClone(input);
    await expect(commitmentWorkflow(input)).resolves.toEqual({ ranOn: 'legacy' });
    expect(seen.patched).toEqual([MODEL_3, MODEL_2]);
    expect(seen.legacy).toEqual([before]);
    expect(seen.live).toEqual([]);
  });

  it('runs a new commitment on the current model, its input passed through the upgrade step', async () => {
    seen.hasMarker = true;
    const input = freshInput();
    await expect(commitmentWorkflow(input)).resolves.toMatchObject({ ranOn: 'current' });
    // One marker for a new run: each one the SDK records is a billed search-attribute upsert.
    expect(seen.patched).toEqual([MODEL_3]);
    expect(seen.live).toEqual([input]);
    expect(seen.legacy).toEqual([]);
  });

  it('runs the next run of a model-1 commitment that continued as new on the current model, upgraded', async () => {
    seen.hasMarker = true;
    const input = legacyContinued();
    await expect(commitmentWorkflow(input)).resolves.toMatchObject({ ranOn: 'current' });
    expect(seen.live).toEqual([upgradeInput(input)]);
    expect((seen.live[0] as CommitmentInput).carried?.state.model).toBe(2);
    expect(seen.legacy).toEqual([]);
  });
});
