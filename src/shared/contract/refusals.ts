/**
 * The one table of refusals: what kind of "no" the core answers (src/core, `Rejection`), the
 * failure type the workflow throws it as (an ApplicationFailure the update's caller receives), and
 * the HTTP status the API answers with. Sandbox-safe.
 */
import { FailureType } from './commitment';

export type RefusalKind = 'conflict' | 'forbidden' | 'invalid';

export interface Refusal {
  failure: FailureType;
  status: 400 | 403 | 409;
}

export const REFUSALS: Readonly<Record<RefusalKind, Refusal>> = {
  /** Not in a status that allows it. */
  conflict: { failure: FailureType.InvalidTransition, status: 409 },
  /** Not this actor: the authority table's answer. */
  forbidden: { failure: FailureType.NotAllowed, status: 403 },
  /** A value the API should have refused reached the core. */
  invalid: { failure: FailureType.InvalidInput, status: 400 },
};

/** The refusal kind a workflow's failure type stands for, if it is one. */
export function refusalKindOf(failureType: string | null | undefined): RefusalKind | undefined {
  return (Object.keys(REFUSALS) as RefusalKind[]).find((kind) => REFUSALS[kind].failure === failureType);
}
