/**
 * What the directory endpoints answer with: the stored records in the API's words (`team`, not
 * `teamId`; `escalationPolicy`, not `policy`), with a zod schema of each for the OpenAPI document.
 */
import { z } from 'zod';
import type { ApiKeyRecord } from '../store/keys';
import type { RotationRecord } from '../store/rotations';
import type { StaffRecord } from '../store/staff';
import type { TeamRecord } from '../store/teams';
import type { RotationOverride } from '../model';
import type { OnCall } from '../rotation';
import { EscalationPolicy } from './schemas';
import { CUSTOMER_LOCALES } from '../../shared/locale';
import { STATE_TEXTING_RULES } from '../../shared/policy';

const Stamps = { createdAt: z.string(), updatedAt: z.string() };

export const Staff = z
  .object({
    id: z.string(),
    name: z.string(),
    role: z.enum(['agent', 'supervisor', 'admin']),
    team: z.string().nullable(),
    email: z.string().optional(),
    phone: z.string().optional(),
    timezone: z.string(),
    active: z.boolean(),
    ...Stamps,
  })
  .meta({ id: 'Staff' });
export type Staff = z.infer<typeof Staff>;

export const Team = z
  .object({
    id: z.string(),
    name: z.string(),
    timezone: z.string(),
    supervisor: z.string().nullable(),
    agentsMayCreateForTeammates: z.boolean(),
    escalationPolicy: EscalationPolicy,
    calendar: z.string().nullable().meta({ description: 'The business-hours calendar; null: open all the time' }),
    customerLocale: z.enum(CUSTOMER_LOCALES).nullable().meta({ description: 'The language its customers are written to in; null: English (en-US)' }),
    stateTextingRules: z.enum(STATE_TEXTING_RULES).meta({ description: 'every_text or promotional_only (docs/texting.md)' }),
    ...Stamps,
  })
  .meta({ id: 'Team' });
export type Team = z.infer<typeof Team>;

export const Override = z.object({ id: z.number().int(), staffId: z.string(), from: z.string(), to: z.string() }).meta({ id: 'Override' });
export type Override = z.infer<typeof Override>;

export const Rotation = z
  .object({
    id: z.string(),
    team: z.string(),
    name: z.string(),
    members: z.array(z.string()),
    shiftHours: z.number().int(),
    handoffTime: z.string(),
    startsOn: z.string(),
    timezone: z.string().meta({ description: "The team's zone, in which handoffTime is read" }),
    overrides: z.array(Override).meta({ description: 'Overrides in force now or to come; where they overlap, the latest created wins' }),
    ...Stamps,
  })
  .meta({ id: 'Rotation' });
export type Rotation = z.infer<typeof Rotation>;

export const OnCallAnswer = z
  .object({
    rotation: z.string(),
    at: z.string(),
    staff: Staff,
    source: z.enum(['override', 'schedule']),
    from: z.string().meta({ description: 'Start of the shift (or override) the instant falls in' }),
    to: z.string(),
  })
  .meta({ id: 'OnCall' });
export type OnCallAnswer = z.infer<typeof OnCallAnswer>;

export const ApiKey = z
  .object({
    id: z.string(),
    staffId: z.string(),
    label: z.string(),
    createdAt: z.string(),
    revokedAt: z.string().optional(),
    lastUsedAt: z.string().optional().meta({ description: 'Updated at most once a minute' }),
  })
  .meta({ id: 'ApiKey' });
export type ApiKey = z.infer<typeof ApiKey>;
export const IssuedKey = ApiKey.extend({ secret: z.string().meta({ description: 'Shown this once; only its hash is kept' }) }).meta({ id: 'IssuedKey' });

export const list = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

export function toStaffResource(s: StaffRecord): Staff {
  const { id, name, role, teamId, ...rest } = s;
  return { id, name, role, team: teamId, ...rest };
}

export function toTeamResource(t: TeamRecord): Team {
  const { id, name, timezone, supervisorId, agentsMayCreateForTeammates, policy, calendarId, customerLocale, stateTextingRules, ...stamps } = t;
  return {
    id,
    name,
    timezone,
    supervisor: supervisorId,
    agentsMayCreateForTeammates,
    escalationPolicy: policy,
    calendar: calendarId,
    customerLocale,
    stateTextingRules,
    ...stamps,
  };
}

export const toOverrideResource = (o: RotationOverride): Override => ({ id: o.id, staffId: o.staffId, from: o.from, to: o.to });

export function toRotationResource(r: RotationRecord, overrides: readonly RotationOverride[]): Rotation {
  const { id, teamId, createdAt, updatedAt, ...rest } = r;
  return { id, team: teamId, ...rest, overrides: overrides.map(toOverrideResource), createdAt, updatedAt };
}

export function toOnCallAnswer(rotationId: string, at: Date, onCall: OnCall, staff: StaffRecord): OnCallAnswer {
  return {
    rotation: rotationId,
    at: at.toISOString(),
    staff: toStaffResource(staff),
    source: onCall.source,
    from: onCall.from.toISOString(),
    to: onCall.to.toISOString(),
  };
}

export const toKeyResource = (k: ApiKeyRecord): ApiKey => k;
