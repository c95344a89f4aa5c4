/**
 * The contracts between the workflows and everything that talks to them, one module per workflow:
 * commitment.ts, closed-reply.ts, retention.ts (and each feature's own, such as consent), plus the
 * refusal table. Sandbox-safe: the workflow bundle includes them. `../shared/contract` is the
 * commitment's contract, the one most callers need.
 */
export * from './commitment';
export * from './refusals';
