/**
 * Who is on call in a rotation at an instant. Pure and sandbox-safe: an activity (or a workflow)
 * can decide it when an escalation level is reached, which is when it must be decided.
 *
 * Shifts start at the handoff time on the team's wall clock, so a 24-hour shift handed over at
 * 09:00 is 23 or 25 hours long across a daylight-saving change, and 09:00 stays 09:00. Before the
 * first shift the schedule runs backwards as if it had always been in force: somebody is always
 * on call, and an escalation never finds an empty rotation.
 */
import type { Rotation, RotationOverride } from './model';
import { instantOf, wallClock, wallOf } from '../shared/zoned-time';

const HOUR_MS = 3600_000;

export interface OnCall {
  staffId: string;
  /** An override covering the instant, or the rotation's own schedule. */
  source: 'override' | 'schedule';
  /** The shift (or the override) the instant falls in: [from, to). */
  from: Date;
  to: Date;
  /** The override that applied, when one did. */
  overrideId?: number;
}

/**
 * Steps allowed when settling a shift: one or two around a daylight-saving change, a day's worth
 * of 1-hour shifts where a zone jumped a whole day (Samoa, 2011). More means the arithmetic
 * misread the zone: an error, not a hang.
 */
const MAX_STEPS = 48;

function step(k: number, by: 1 | -1, taken: number, rotation: Rotation): number {
  if (taken >= MAX_STEPS) throw new RangeError(`cannot place an instant in the shifts of rotation ${rotation.id} (zone ${rotation.timezone})`);
  return k + by;
}

/** The scheduled shift containing `at`: its index from the first shift, and its bounds. */
export function shiftAt(rotation: Rotation, at: Date): { index: number; from: Date; to: Date } {
  if (!rotation.members.length) throw new RangeError(`rotation ${rotation.id} has no members`);
  const anchor = wallOf(rotation.startsOn, rotation.handoffTime);
  const length = rotation.shiftHours * HOUR_MS;
  const start = (k: number) => instantOf(anchor + k * length, rotation.timezone);
  const t = at.getTime();
  // The wall clock gives the shift to within a step or so; the instants settle the hours around a
  // handoff that a daylight-saving change moved.
  let k = Math.floor((wallClock(t, rotation.timezone) - anchor) / length);
  for (let steps = 0; start(k) > t; steps++) k = step(k, -1, steps, rotation);
  for (let steps = 0; start(k + 1) <= t; steps++) k = step(k, 1, steps, rotation);
  return { index: k, from: new Date(start(k)), to: new Date(start(k + 1)) };
}

/** The override in force at `at`: where several overlap, the latest created (highest id) wins. */
export function overrideAt(overrides: readonly RotationOverride[], at: Date): RotationOverride | undefined {
  const t = at.getTime();
  let found: RotationOverride | undefined;
  for (const o of overrides) {
    if (Date.parse(o.from) <= t && t < Date.parse(o.to) && (!found || o.id > found.id)) found = o;
  }
  return found;
}

/** Who is on call at `at`, and why: overrides first, then the schedule. */
export function onCallDetail(rotation: Rotation, overrides: readonly RotationOverride[], at: Date): OnCall {
  const override = overrideAt(overrides, at);
  if (override) return { staffId: override.staffId, source: 'override', from: new Date(override.from), to: new Date(override.to), overrideId: override.id };
  const shift = shiftAt(rotation, at);
  const n = rotation.members.length;
  return { staffId: rotation.members[((shift.index % n) + n) % n] as string, source: 'schedule', from: shift.from, to: shift.to };
}

/** The staff id on call in `rotation` at `at`. */
export function onCallAt(rotation: Rotation, overrides: readonly RotationOverride[], at: Date): string {
  return onCallDetail(rotation, overrides, at).staffId;
}
