/**
 * Wall-clock arithmetic in an IANA zone with nothing but Intl, so it runs in the workflow sandbox.
 * A "wall" value is the local date and time written as if it were UTC milliseconds: adding hours
 * to it moves the clock on the wall, not the instant, which is what a daily handoff at 09:00 means.
 */

const DAY_MS = 24 * 3600_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    // h23: some engines write midnight as "24" under hour12:false.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** Date.UTC, except that years 0 to 99 stay themselves instead of becoming 1900 to 1999. */
function utc(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const d = new Date(Date.UTC(2000, month - 1, day, hour, minute, second));
  d.setUTCFullYear(year);
  return d.getTime();
}

/** The wall-clock time of an instant in a zone. */
export function wallClock(at: number, zone: string): number {
  const p: Record<string, number> = {};
  for (const part of formatter(zone).formatToParts(new Date(at))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const ms = ((at % 1000) + 1000) % 1000;
  return utc(p.year ?? 1970, p.month ?? 1, p.day ?? 1, p.hour, p.minute, p.second) + ms;
}

/**
 * The instant a wall-clock time names in a zone. Around a daylight-saving change it resolves as
 * calendars and Temporal's `compatible` disambiguation do: a time that occurs twice (the autumn
 * hour) is its first occurrence; a time that never occurs (the spring gap) is read with the
 * offset before the change, which lands it as far past the gap as it was into it (02:30 → 03:30).
 * Assumes at most one offset change within a day either side, true of every zone in use.
 */
export function instantOf(wall: number, zone: string): number {
  const before = wall - (wallClock(wall - DAY_MS, zone) - (wall - DAY_MS));
  const after = wall - (wallClock(wall + DAY_MS, zone) - (wall + DAY_MS));
  const valid = [before, after].filter((t) => wallClock(t, zone) === wall);
  return valid.length ? Math.min(...valid) : before;
}

/** "YYYY-MM-DD" and "HH:MM" as a wall value. */
export function wallOf(date: string, time: string): number {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) throw new RangeError(`"${date} ${time}" is not a YYYY-MM-DD date and an HH:MM time`);
  return utc(Number(d[1]), Number(d[2]), Number(d[3]), Number(t[1]), Number(t[2]));
}

/**
 * The instant a wall-clock time names, for business hours: a time that occurs twice is its first
 * occurrence (as instantOf); a time the spring change skips is the first moment after the gap
 * (02:30 on the night clocks jump from 02:00 to 03:00 is 03:00), so an opening inside the gap
 * opens when the clock reaches it and a range loses exactly the skipped hour.
 */
export function firstInstantAtOrAfter(wall: number, zone: string): number {
  const guess = instantOf(wall, zone);
  if (wallClock(guess, zone) === wall) return guess;
  // In the gap: instantOf read it with the offset before the change, which lands past the gap by
  // as much as it was into it. The change lies between the guess less a day and the guess.
  let lo = guess - DAY_MS;
  let hi = guess;
  while (hi - lo > 1000) {
    const mid = Math.floor((lo + hi) / 2000) * 1000;
    if (mid <= lo) break;
    if (wallClock(mid, zone) >= wall) hi = mid;
    else lo = mid;
  }
  return hi;
}
