/**
 * The read-back: what the agent says to the customer before hanging up, so the promise is heard
 * with its owner, a clock time in the customer's zone and the fallback (docs/domain.md#a-promise):
 * "Dana will call you back about the duplicate charge by 3:15 PM Central today. If that slips, a
 * supervisor takes over and you will hear from us."
 * Pure, and free of Node: the console's create form renders it in the browser from this module.
 */
import { dateTimeFormat } from '../shared/date-format';
import { firstName } from './purposes';
import { dayText, hourMinute } from './time';

export interface ReadBackInput {
  ownerName: string;
  /** The promise as the agent wrote it, e.g. "Call you back about the duplicate charge". */
  summary: string;
  dueAt: string | Date;
  customerTimezone: string;
  now: Date;
}

export const READ_BACK_FALLBACK = 'If that slips, a supervisor takes over and you will hear from us.';

/**
 * The zone as people say it: "Central" for Central Time, and the whole generic name where one word
 * would not do ("India Standard Time", "Central European Time"); the offset when there is no name.
 */
export function spokenZone(at: Date, timeZone: string): string {
  const name =
    dateTimeFormat('en-US', { timeZone, timeZoneName: 'longGeneric' })
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
  return /^(\w+) Time$/.exec(name)?.[1] ?? name;
}

/** "Call you back about X." → "call you back about X": what the owner will do, ready to follow "Dana will". */
export function promisedAction(summary: string): string {
  const action = summary
    .trim()
    .replace(/[.!\s]+$/, '')
    .replace(/^(?:i|we)(?:\s+will|'ll|’ll)\s+|^will\s+/i, '');
  const first = action.split(/\s/)[0] ?? '';
  // An acronym or a lone capital stays as written ("SMS you the code"); a capitalised verb does not.
  const keep = first.length > 1 && first === first.toUpperCase();
  return keep ? action : action.charAt(0).toLowerCase() + action.slice(1);
}

export function readBack(i: ReadBackInput): string {
  const due = new Date(i.dueAt);
  const when = `${hourMinute(due, i.customerTimezone)} ${spokenZone(due, i.customerTimezone)} ${dayText(due, i.customerTimezone, i.now)}`;
  return `${firstName(i.ownerName)} will ${promisedAction(i.summary)} by ${when}. ${READ_BACK_FALLBACK}`;
}
