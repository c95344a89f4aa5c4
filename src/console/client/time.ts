/**
 * Times on the page: every deadline in the viewer's zone and the customer's side by side, in the
 * same words the customer's messages use (src/messages/time.ts), and how long until or since.
 */
import { dateTimeFormat } from '../../shared/date-format';
import { clockTime, whenText } from '../../messages/time';
import { instantOf, wallOf } from '../../shared/zoned-time';
import { me } from './boot';

export const viewerZone = me.timezone;

/** "3:15 PM CST today" in the viewer's zone. */
export const forViewer = (iso: string, now: Date) => whenText(new Date(iso), viewerZone, now);
/** "2:45 AM IST tomorrow (Monday, Nov 23)" in the customer's zone. */
export const forCustomer = (iso: string, zone: string, now: Date) => whenText(new Date(iso), zone, now);
/** The customer's clock now, e.g. "2:45 AM IST". */
export const clockIn = (zone: string, now: Date) => clockTime(now, zone);
const TO_THE_SECOND: Intl.DateTimeFormatOptions = {
  hour: 'numeric',
  minute: '2-digit',
  second: '2-digit',
  hour12: true,
  timeZoneName: 'short',
};
/** "3:15:42 PM CST" in the viewer's zone, to the second: when live data last arrived. */
export const secondsForViewer = (at: Date) => dateTimeFormat('en-US', { timeZone: viewerZone, ...TO_THE_SECOND }).format(at);

/**
 * A `datetime-local` value ("2026-11-30T10:00") read on the wall clock of `zone` (the viewer's
 * directory zone unless another is given, never the browser's), as the UTC instant it names
 * there. Blank stays blank; anything else (a browser without the input, a typo) is passed on as
 * typed, so the API refuses it beside its field.
 */
export function instantFromLocal(local: string, zone: string = viewerZone): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(local.trim());
  return m?.[1] && m[2] ? new Date(instantOf(wallOf(m[1], m[2]), zone)).toISOString() : local.trim();
}

/** "1 h 5 min", "42 min", "30 s": a span of time, coarsest units first. */
export function span(ms: number): string {
  const s = Math.max(0, Math.round(Math.abs(ms) / 1000));
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d) return `${d} d ${h} h`;
  if (h) return `${h} h ${m} min`;
  if (m) return `${m} min`;
  return `${s} s`;
}

/** "due in 42 min" or "12 min overdue". */
export const countdown = (iso: string, now: Date) => {
  const left = Date.parse(iso) - now.getTime();
  return left >= 0 ? `due in ${span(left)}` : `${span(left)} overdue`;
};

/** Presets offered wherever a new deadline is asked for (acknowledge, extend, create). */
export const DURATIONS: [string, string][] = [
  ['PT15M', 'in 15 minutes'],
  ['PT30M', 'in 30 minutes'],
  ['PT1H', 'in 1 hour'],
  ['PT2H', 'in 2 hours'],
  ['PT4H', 'in 4 hours'],
  ['PT8H', 'in 8 hours'],
  ['P1D', 'in 1 day'],
  ['P2D', 'in 2 days'],
];
