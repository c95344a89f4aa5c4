/**
 * The contract of the closed-reply workflow (src/workflows/closed-reply.ts): a customer's text
 * after every one of their commitments closed, forwarded to the last owner. Sandbox-safe.
 */

export interface ClosedReplyInput {
  messageSid: string;
  commitmentId: string;
  text: string;
  /** Read as an opt-out without certainty: the owner is told texts stopped on these words. */
  readAsOptOut?: boolean;
}

/** One workflow per MessageSid: Temporal refuses a second start, so a repeated webhook forwards nothing twice. */
export const closedReplyWorkflowId = (messageSid: string): string => `closed-reply-${messageSid}`;
