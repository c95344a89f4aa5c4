/**
 * Request schemas of a commitment itself: create's body and the call log (also corrected on its own
 * by PATCH …/log). The building blocks every body shares (contacts, durations, deadlines, free
 * text) are in ../schemas.ts; the actions' bodies in ./action-schemas.ts.
 */
import { z } from 'zod';
import { CUSTOMER_STATES, CUSTOMER_WANTS, ROOT_CAUSES, TRIGGERS } from '../../shared/contract';
import { text } from '../text';
import { Customer, MAX_CONFIRM_MS, MAX_LEAD_MS, MAX_REOPEN_MS, StaffId, durationMs, withDeadline, words } from '../schemas';
import { FlagHardCall } from '../../hard-calls/schemas';

export const CallLog = z.strictObject({
  trigger: z.enum(TRIGGERS).optional(),
  customerState: z.enum(CUSTOMER_STATES).optional(),
  customerWants: z.enum(CUSTOMER_WANTS).optional(),
  rootCause: z.enum(ROOT_CAUSES).optional(),
  neededFix: words(2000).optional(),
  businessConstraint: words(2000).optional().meta({ description: 'What stood in the way: a policy, a system, a third party' }),
});

/** A correction of the call log: only the fields given change, and at least one must be. */
export const CallLogChanges = CallLog.refine((log) => Object.values(log).some((v) => v !== undefined), {
  message: 'give at least one call-log field to change',
}).meta({
  id: 'CallLogChanges',
});
export type CallLogChanges = z.output<typeof CallLogChanges>;

export const CreateCommitment = withDeadline({
  customer: Customer,
  ownerId: StaffId.optional().meta({
    description:
      "Who owns it; default: the caller. Agents register for themselves (or team mates, where the team allows it). The escalation chain is the owner's team's policy, pinned now",
  }),
  summary: words(500).meta({ description: "The promise in the customer's words", example: 'Call you back about the duplicate charge' }),
  log: CallLog.optional(),
  externalRef: text(200).optional().meta({
    example: 'TICKET-4411',
    description:
      'The ticket or CRM reference. A commitment of the same team still open (open, paused or escalated) with this reference makes the create a 409 naming it, unless allowDuplicateRef',
  }),
  allowDuplicateRef: z
    .boolean()
    .default(false)
    .meta({ description: 'Create it even though a commitment of the team still open has the same externalRef (default false: 409)' }),
  remindBefore: durationMs(MAX_LEAD_MS).optional().meta({
    example: 'PT30M',
    description: 'Owner reminder this long before the deadline (default: 10 minutes, or 80% into short windows); one message, so any length up to a year',
  }),
  confirmAfter: durationMs(MAX_CONFIRM_MS)
    .optional()
    .meta({ example: 'PT1H', description: 'How long after fulfilment to ask whether it is resolved: SHORTEST_WINDOW (1 minute) to 30 days' }),
  confirmWithin: durationMs(MAX_CONFIRM_MS)
    .optional()
    .meta({ example: 'PT48H', description: 'How long the customer has to answer: SHORTEST_WINDOW (1 minute) to 30 days' }),
  reopenWithin: durationMs(MAX_REOPEN_MS)
    .optional()
    .meta({ example: 'PT4H', description: 'The deadline of a commitment the customer reopens with a NO: SHORTEST_WINDOW (1 minute) to 30 days' }),
  maxExtensions: z.number().int().min(0).max(20).optional(),
  hardCall: FlagHardCall.optional().meta({
    description:
      "Flag the call as hard now: recorded once the commitment is made, with its owner as the agent and a check-in for the team's supervisor " +
      '(as POST /v1/commitments/{id}/hard-call); never shown to the customer',
  }),
}).meta({ id: 'CreateCommitment' });
export type CreateCommitment = z.output<typeof CreateCommitment>;
