/**
 * Quiet hours for customer texts, in the customer's own zone. Pure and sandbox-safe: the workflow
 * uses it to decide how long a text waits on a durable timer.
 */
import { dateTimeFormat } from './date-format';
import type { QuietHours } from './contract';

const DAY_S = 24 * 3600;

function secondsOfDay(text: string): number {
  const [h = 0, m = 0, s = 0] = text.split(':').map(Number);
  return h * 3600 + m * 60 + s;
}

/** Seconds since local midnight of `at` in `zone`. */
function localSecondsOfDay(at: Date, zone: string): number {
  const parts: Record<string, number> = {};
  for (const p of dateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(at)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return (parts.hour ?? 0) * 3600 + (parts.minute ?? 0) * 60 + (parts.second ?? 0) + (at.getTime() % 1000) / 1000;
}

/**
 * How long a text due at `at` must wait for the window to open: 0 outside quiet hours.
 * A window may span midnight (21:00-08:00). On a daylight-saving night the wait can be an hour
 * off; texts still never go out inside the window by more than that hour's shift.
 */
export function quietDelayMs(at: Date, zone: string, quiet: QuietHours | null): number {
  if (!quiet) return 0;
  const start = secondsOfDay(quiet.start);
  const end = secondsOfDay(quiet.end);
  const now = localSecondsOfDay(at, zone);
  const inside = start < end ? now >= start && now < end : now >= start || now < end;
  if (!inside) return 0;
  return Math.round(((((end - now) % DAY_S) + DAY_S) % DAY_S) * 1000);
}
