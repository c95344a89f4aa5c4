import { describe, expect, it } from 'vitest';
import { FailureType } from '../../../src/shared/contract';
import { REFUSALS, refusalKindOf, type RefusalKind } from '../../../src/shared/contract/refusals';
import { refusalProblem } from '../../../src/api/commitments/action';
import { HttpProblem } from '../../../src/api/problems';

const KINDS = Object.keys(REFUSALS) as RefusalKind[];

describe('the refusal table', () => {
  it('gives every kind of refusal its own failure type, read back to the same kind', () => {
    expect(new Set(KINDS.map((k) => REFUSALS[k].failure)).size).toBe(KINDS.length);
    for (const kind of KINDS) expect(refusalKindOf(REFUSALS[kind].failure)).toBe(kind);
  });

  it('reads a failure that is not a refusal (a delivery failure, none at all) as no refusal', () => {
    expect(refusalKindOf(FailureType.PermanentDelivery)).toBeUndefined();
    expect(refusalKindOf(undefined)).toBeUndefined();
    expect(refusalKindOf('')).toBeUndefined();
  });

  it('answers each kind with the HTTP status the table names, carrying the core’s reason', () => {
    for (const kind of KINDS) {
      const problem = refusalProblem(kind, `because ${kind}`);
      expect(problem).toBeInstanceOf(HttpProblem);
      expect((problem as HttpProblem).status).toBe(REFUSALS[kind].status);
      expect((problem as HttpProblem).detail).toBe(`because ${kind}`);
    }
  });
});
