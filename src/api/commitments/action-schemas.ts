/**
 * Request schemas of the actions on a commitment (/v1/commitments/{id}/…): what each action's body
 * may hold, parsed once at the edge like create's (./schemas.ts and ../schemas.ts, whose parts these reuse).
 */
import { z } from 'zod';
import { DIRECTORY_ID } from '../../people/model';
import { ATTEMPT_OUTCOMES, MANUAL_ESCALATION_REASONS } from '../../shared/contract';
import { CustomerLocaleSchema, FutureDateTime, MAX_LEAD_MS, Region, StaffId, withDeadline, words } from '../schemas';

export const Extend = withDeadline({ reason: words(1000) }).meta({ id: 'Extend' });
export const Reassign = z
  .strictObject({
    ownerId: StaffId.meta({ description: "An active member of the commitment's team (to another team: transfer)" }),
    handoffNote: words(4000),
  })
  .meta({ id: 'Reassign' });
export const Transfer = z
  .strictObject({
    teamId: z
      .string()
      .regex(DIRECTORY_ID, 'must be a team id from the directory, e.g. billing')
      .meta({ description: 'The team it moves to: its supervisor, escalation chain, queues and reports from now on' }),
    ownerId: StaffId.optional().meta({ description: "Who owns it in that team; default: the team's supervisor" }),
    note: words(4000).meta({ description: 'Why it moves, for the new owner and the timeline' }),
  })
  .meta({ id: 'Transfer' });
export const Cancel = z.strictObject({ reason: words(1000), notifyCustomer: z.boolean().default(true) }).meta({ id: 'Cancel' });
export const Note = z.strictObject({ text: words(4000) }).meta({ id: 'Note' });
export const Pause = z
  .strictObject({
    reason: words(1000),
    until: FutureDateTime(MAX_LEAD_MS).optional().meta({ description: 'When the clock starts again by itself; within a year' }),
  })
  .meta({ id: 'Pause' });
export const Resume = z.strictObject({}).meta({ id: 'Resume' });
export const Attempt = z
  .strictObject({
    outcome: z.enum(ATTEMPT_OUTCOMES).meta({ description: 'How the call went: reached, or one of the ways it did not get through' }),
    note: words(1000).optional().meta({ example: 'Rang twice, no voicemail box.' }),
  })
  .meta({ id: 'Attempt' });
/** Sent to the customer as written (cut with "..." in the text, whole in the email). */
export const ProgressUpdate = z
  .strictObject({
    text: words(1000).meta({ description: 'The update, in words the customer will read', example: 'The bank approved the refund; it posts tonight.' }),
  })
  .meta({ id: 'ProgressUpdate' });
/** The customer's language or place, changed: at least one. */
export const CustomerChanges = z
  .strictObject({
    locale: CustomerLocaleSchema.optional(),
    region: Region.optional(),
  })
  .refine((c) => c.locale !== undefined || c.region !== undefined, { message: 'give locale, region or both' })
  .meta({ id: 'CustomerChanges' });
export const Escalate = z
  .strictObject({
    reason: z.enum(MANUAL_ESCALATION_REASONS).meta({ description: 'Why it needs someone with more authority now' }),
    note: words(2000).meta({
      description: 'The issue in one sentence, and what the next owner needs to know',
      example: 'Customer asked twice for a manager about the refund.',
    }),
  })
  .meta({ id: 'Escalate' });
/** Who takes it over is whoever the key belongs to: never a name in the body. */
export const Acknowledge = withDeadline({ note: words(2000).optional() }).meta({ id: 'Acknowledge' });

export const Fulfil = z
  .strictObject({
    resolution: words(2000).meta({ description: 'What was done, in words the customer will read' }),
    pending: words(2000).optional().meta({ description: 'What is still outstanding, if anything' }),
    pendingUntil: FutureDateTime(MAX_LEAD_MS)
      .optional()
      .meta({ description: 'When what is pending should be through (within a year): the satisfaction question waits until then, plus confirmAfter' }),
    nextContactAt: FutureDateTime(MAX_LEAD_MS).optional().meta({
      description:
        'When the customer will hear from us next: a follow-up commitment for the same owner and customer due then, SHORTEST_WINDOW (1 minute) to a year ahead',
    }),
  })
  .meta({ id: 'Fulfil' });
export type Fulfil = z.output<typeof Fulfil>;
