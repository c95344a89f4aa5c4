/**
 * The staff directory's vocabulary: people, teams, escalation policies and on-call rotations.
 * Types and bounds only, sandbox-safe, so the API, the database layer, activities and (should
 * it need them) the workflow agree on one shape.
 */
import type { DeadlineClock } from '../calendars/model';
import type { CustomerLocale } from '../shared/locale';
import type { StateTextingRules } from '../shared/policy';

export const STAFF_ROLES = ['agent', 'supervisor', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** Staff, team and rotation ids: short, lower-case slugs that read well in URLs and timelines. */
export const DIRECTORY_ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;

export interface StaffMember {
  id: string;
  name: string;
  role: StaffRole;
  /** Null only for admins, who may stand outside every team. */
  teamId: string | null;
  email?: string;
  phone?: string;
  timezone: string;
  active: boolean;
}

/** Who a level of a team's escalation policy points at, by id: the directory's form; a commitment pins it as a `PinnedLevelTarget`. */
export type DirectoryLevelTarget =
  | { kind: 'staff'; staffId: string }
  /** The team's supervisor, looked up when the level is reached (not when the policy is written). */
  | { kind: 'supervisor' }
  | { kind: 'rotation'; rotationId: string };

export interface TeamPolicyLevel {
  target: DirectoryLevelTarget;
  ackWithinMs: number;
  /**
   * Alerted only while the team's calendar is open: after hours the level is passed over for the
   * next (docs/business-hours.md#after-hours). Absent: false. A policy keeps at least one level
   * without it, so someone is reachable after hours.
   */
  businessHoursOnly?: boolean;
  /** 'business': the acknowledge window counts the team's open time, not wall time (absent: wall). */
  ackClock?: DeadlineClock;
}

export interface TeamPolicy {
  levels: TeamPolicyLevel[];
  /** Further passes through the levels while nobody acknowledges. */
  repeat: number;
  /** After this many failed callback attempts the owner is asked to close it as unreachable or hand it on (absent: 3). */
  attemptsBeforePrompt?: number;
}

/**
 * Bounds of a policy. Five levels is already a long chain for a customer to wait through; a
 * minute is the shortest window in which a person can read an alert and answer; a week is the
 * longest a lapse should sit with one level; three repeats, because a chain nobody answers
 * three times over is a staffing problem, not an alerting one.
 */
export const POLICY_BOUNDS = { maxLevels: 5, minAckWithinMs: 60_000, maxAckWithinMs: 7 * 24 * 3600_000, maxRepeat: 3 } as const;

export interface Team {
  id: string;
  name: string;
  /** IANA zone: rotation handoffs happen on this clock. */
  timezone: string;
  supervisorId: string | null;
  agentsMayCreateForTeammates: boolean;
  policy: TeamPolicy;
  /** The business-hours calendar its clocks count on (docs/business-hours.md); null: open all the time. */
  calendarId: string | null;
  /** The language its customers are written to in when a commitment names none; null: English. */
  customerLocale: CustomerLocale | null;
  /** How far state texting rules reach (docs/texting.md); the federal floor holds for every text. */
  stateTextingRules: StateTextingRules;
}

export interface Rotation {
  id: string;
  teamId: string;
  name: string;
  /** Staff ids in shift order. */
  members: string[];
  /** 1 to 336 (two weeks). */
  shiftHours: number;
  /** "HH:MM", wall-clock time in `timezone`. */
  handoffTime: string;
  /** "YYYY-MM-DD": the day the first member's first shift starts, at the handoff time. */
  startsOn: string;
  /** The team's zone, carried with the rotation so its schedule can be computed on its own. */
  timezone: string;
}

export const MAX_SHIFT_HOURS = 24 * 14;

export interface RotationOverride {
  id: number;
  rotationId: string;
  staffId: string;
  /** ISO 8601 instants; the override covers [from, to). */
  from: string;
  to: string;
}

/** A new team's policy unless one is given: its supervisor, with the default acknowledge window, twice. */
export const DEFAULT_TEAM_POLICY: TeamPolicy = { levels: [{ target: { kind: 'supervisor' }, ackWithinMs: 30 * 60_000 }], repeat: 1 };
