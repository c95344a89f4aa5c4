/**
 * Request and response schemas of the staff directory (/v1/staff, /v1/teams, /v1/rotations,
 * /v1/keys). Every field is bounded; names carry no control characters (they end up in texts,
 * emails and CSV). Each schema and its inferred type share a name; openapi.ts documents them.
 */
import { z } from 'zod';
import { DEADLINE_CLOCKS } from '../../calendars/model';
import { MAX_ATTEMPTS } from '../../core/owner';
import type { NewStaff } from '../store/staff';
import type { NewTeam } from '../store/teams';
import { DEFAULT_TEAM_POLICY, DIRECTORY_ID, MAX_SHIFT_HOURS, POLICY_BOUNDS, STAFF_ROLES } from '../model';
import { inInstantRange, once } from '../../api/query-schemas';
import { CustomerLocaleSchema, Email, Phone, TimeZone } from '../../api/schemas';
import { STATE_TEXTING_RULES } from '../../shared/policy';
import { text } from '../../api/text';

export const DirectoryId = z
  .string()
  .regex(DIRECTORY_ID, 'must be 1 to 64 of a-z, 0-9, ".", "_" or "-", starting with a letter or digit')
  .meta({ example: 'dana' });

// One line: names and labels end up in texts, emails and CSV.
const plain = (max: number) => text(max);

const Name = plain(200);
const HandoffTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day as HH:MM, e.g. 09:00')
  .meta({ example: '09:00' });
// Schedules are for the years people work in; 1970 keeps every instant a positive Unix time.
const EPOCH_YEAR = 'must be in 1970 or later';
const WORKING_YEARS = 'must be between 1970-01-01 and 2100-01-01';
const Instant = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time with an offset, e.g. 2026-11-22T15:15:00-06:00' })
  // Malformed values are reported once, by the format check, not again here.
  .refine((v) => Number.isNaN(Date.parse(v)) || inInstantRange(v), WORKING_YEARS);

export const DirectoryLevelTarget = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('staff'), staffId: DirectoryId }),
  z.strictObject({ kind: z.literal('supervisor') }).meta({ description: "The team's supervisor, looked up when the level is reached" }),
  z.strictObject({ kind: z.literal('rotation'), rotationId: DirectoryId }).meta({ description: 'Whoever is on call when the level is reached' }),
]);

export const EscalationPolicy = z.strictObject({
  levels: z
    .array(
      z.strictObject({
        target: DirectoryLevelTarget,
        ackWithinMs: z
          .number()
          .int()
          .min(POLICY_BOUNDS.minAckWithinMs, 'must be at least one minute (60000)')
          .max(POLICY_BOUNDS.maxAckWithinMs, 'must be at most seven days (604800000)'),
        businessHoursOnly: z.boolean().optional().meta({
          description:
            "Alert this level only while the team's calendar is open; after hours it is passed over for the next level (the on-call rotation, say). Default: false",
        }),
        ackClock: z.enum(DEADLINE_CLOCKS).optional().meta({
          description:
            "business: ackWithinMs counts the team's open time (30 minutes given at 5:50 PM on a Friday runs to 8:20 AM on Monday on an 8-to-6 weekday calendar). Default: wall",
        }),
      }),
    )
    .min(1, 'needs at least one level')
    .max(POLICY_BOUNDS.maxLevels, `must have at most ${POLICY_BOUNDS.maxLevels} levels`)
    // Someone must be reachable after hours: a chain of business-hours-only levels would pass over everyone.
    .refine(
      (levels) => levels.length === 0 || levels.some((l) => l.businessHoursOnly !== true),
      'needs a level that is not businessHoursOnly, so someone is alerted after hours',
    ),
  repeat: z.number().int().min(0).max(POLICY_BOUNDS.maxRepeat).meta({ description: 'Further passes through the levels while nobody acknowledges' }),
  attemptsBeforePrompt: z.number().int().min(1).max(MAX_ATTEMPTS).optional().meta({
    description: 'After this many callback attempts that did not get through, the owner is asked to close it as unreachable or hand it on. Default: 3',
  }),
});

const reachable = (v: { email?: string | null | undefined; phone?: string | null | undefined }) => Boolean(v.email ?? v.phone);

export const CreateStaff = z
  .strictObject({
    id: DirectoryId.refine((id) => id !== 'me', 'is reserved: /v1/staff/me is the caller'),
    name: Name,
    role: z.enum(STAFF_ROLES),
    team: DirectoryId.optional().meta({ description: 'Required for agents and supervisors' }),
    email: Email.optional(),
    phone: Phone.optional(),
    timezone: TimeZone.optional().meta({ description: "Default: the team's, or UTC" }),
  })
  .refine(reachable, { message: 'needs an email or a phone (E.164), or both' })
  .refine((s) => s.role === 'admin' || s.team !== undefined, { path: ['team'], message: 'is required for agents and supervisors' })
  .meta({ id: 'CreateStaff' });
export type CreateStaff = z.infer<typeof CreateStaff>;

export const PatchStaff = z
  .strictObject({
    name: Name.optional(),
    role: z.enum(STAFF_ROLES).optional(),
    team: DirectoryId.nullable().optional(),
    email: Email.nullable().optional().meta({ description: 'null removes it (a phone must remain)' }),
    phone: Phone.nullable().optional().meta({ description: 'null removes it (an email must remain)' }),
    timezone: TimeZone.optional(),
    active: z.boolean().optional().meta({ description: 'false deactivates: their keys stop working and their open commitments are handed over' }),
  })
  .meta({ id: 'PatchStaff' });
export type PatchStaff = z.infer<typeof PatchStaff>;

/** How far state texting rules reach (docs/texting.md). */
const StateTextingRulesSchema = z.enum(STATE_TEXTING_RULES).meta({
  description:
    'every_text (default, the conservative choice): state texting hours and limits hold every customer text; promotional_only: only promotional ones (the federal hours hold every text either way)',
});

export const CreateTeam = z
  .strictObject({
    id: DirectoryId,
    name: Name,
    timezone: TimeZone,
    supervisor: DirectoryId.optional().meta({ description: 'Staff id of an active supervisor or admin' }),
    agentsMayCreateForTeammates: z.boolean().default(false),
    escalationPolicy: EscalationPolicy.optional().meta({ description: "Default: the team's supervisor, 30 minutes to acknowledge, one repeat" }),
    calendar: DirectoryId.optional().meta({
      description: 'Id of the business-hours calendar its business-time deadlines count on; default: none (open all the time)',
    }),
    customerLocale: CustomerLocaleSchema.optional().meta({
      description: 'The language its customers are written to in when a commitment names none; default: en-US',
    }),
    stateTextingRules: StateTextingRulesSchema.optional(),
  })
  .meta({ id: 'CreateTeam' });
export type CreateTeam = z.infer<typeof CreateTeam>;

export const PatchTeam = z
  .strictObject({
    name: Name.optional(),
    timezone: TimeZone.optional(),
    supervisor: DirectoryId.nullable().optional(),
    agentsMayCreateForTeammates: z.boolean().optional(),
    escalationPolicy: EscalationPolicy.optional(),
    calendar: DirectoryId.nullable().optional().meta({ description: 'null: no calendar, open all the time' }),
    customerLocale: CustomerLocaleSchema.nullable().optional().meta({ description: 'null: English (en-US)' }),
    stateTextingRules: StateTextingRulesSchema.optional(),
  })
  .meta({ id: 'PatchTeam' });
export type PatchTeam = z.infer<typeof PatchTeam>;

const Members = z
  .array(DirectoryId)
  .min(1, 'needs at least one member')
  .max(50, 'must have at most 50 members')
  .refine((m) => new Set(m).size === m.length, 'must not name anyone twice');
const RotationFields = {
  name: Name,
  members: Members.meta({ description: 'Staff ids in shift order' }),
  shiftHours: z.number().int().min(1).max(MAX_SHIFT_HOURS, `must be at most ${MAX_SHIFT_HOURS} (two weeks)`),
  handoffTime: HandoffTime.meta({ description: "Wall-clock time in the team's zone when shifts change" }),
  startsOn: z.iso
    .date('must be a date as YYYY-MM-DD')
    .refine((v) => !/^\d{4}-/.test(v) || (v >= '1970' && v < '2100'), `${EPOCH_YEAR}, before 2100`)
    .meta({ description: "The day the first member's first shift starts, at handoffTime" }),
};

export const CreateRotation = z.strictObject({ id: DirectoryId, team: DirectoryId, ...RotationFields }).meta({ id: 'CreateRotation' });
export type CreateRotation = z.infer<typeof CreateRotation>;
export const PatchRotation = z.strictObject(RotationFields).partial().meta({ id: 'PatchRotation' });
export type PatchRotation = z.infer<typeof PatchRotation>;

/** An override longer than a year is a new rotation, not an override. */
const MAX_OVERRIDE_MS = 366 * 24 * 3600_000;
export const CreateOverride = z
  .strictObject({ staffId: DirectoryId, from: Instant, to: Instant })
  .refine((o) => Date.parse(o.to) > Date.parse(o.from), { path: ['to'], message: 'must be after from' })
  .refine((o) => Date.parse(o.to) - Date.parse(o.from) <= MAX_OVERRIDE_MS, { path: ['to'], message: 'must be within a year of from' })
  .meta({ id: 'CreateOverride' });
export type CreateOverride = z.infer<typeof CreateOverride>;

export const CreateKey = z.strictObject({ staffId: DirectoryId, label: plain(200).optional() }).meta({ id: 'CreateKey' });
export type CreateKey = z.infer<typeof CreateKey>;

export const TeamFilterQuery = z.strictObject({ team: once(DirectoryId).optional().meta({ description: 'Only this team' }) });
export const KeysQuery = z.strictObject({ staff: once(DirectoryId).optional().meta({ description: "Only this person's keys" }) });
export const OnCallQuery = z.strictObject({ at: once(Instant).optional().meta({ description: 'Default: now' }) });

/** A parsed request in the directory's words (`teamId`, `policy`); the admin CLI uses these too. */
export const toNewStaff = (b: CreateStaff): NewStaff => ({
  id: b.id,
  name: b.name,
  role: b.role,
  teamId: b.team ?? null,
  email: b.email,
  phone: b.phone,
  timezone: b.timezone,
});

export const toNewTeam = (b: CreateTeam): NewTeam => ({
  id: b.id,
  name: b.name,
  timezone: b.timezone,
  supervisorId: b.supervisor ?? null,
  agentsMayCreateForTeammates: b.agentsMayCreateForTeammates,
  policy: b.escalationPolicy ?? DEFAULT_TEAM_POLICY,
  calendarId: b.calendar ?? null,
  customerLocale: b.customerLocale ?? null,
  stateTextingRules: b.stateTextingRules ?? 'every_text',
});
