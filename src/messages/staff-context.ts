/** What staff messages share: contact lines, the handover block, the ACK hint, escalation reasons. */
import type { StaffContact } from '../shared/contract';
import { ref } from './frame';
import type { MessageView, RenderInput } from './purposes';
import { free, name, type SmsPart } from './sms';
import { clockTime, whenText } from './time';

export function contactLine(who: Pick<StaffContact, 'phone' | 'email'>): string {
  return [who.phone, who.email].filter(Boolean).join(' / ') || 'no contact details on file';
}

/** "Maria Lopez (+14155550123 / maria@example.com)" as SMS parts, cut only when they must be. */
export const customerParts = (c: MessageView): SmsPart[] => [name(c.customer.name), ' (', free(contactLine(c.customer)), ')'];

/** The deadline for staff, in the customer's zone, as the customer was told it. */
export const staffDue = ({ c, now }: RenderInput) => whenText(new Date(c.dueAt), c.customer.timezone, now);
export const staffClock = (c: MessageView, iso: string) => clockTime(new Date(iso), c.customer.timezone);

const label = (v?: string) => (v ? v.replace(/_/g, ' ') : 'not recorded');

/** Customer, promise, owner, deadline, call log and timeline: the handover in one block (email only, so any character will do). */
export function context({ c, now }: RenderInput): string[] {
  const zone = c.customer.timezone;
  const log = c.log ?? {};
  return [
    `  Customer: ${c.customer.name}, ${contactLine(c.customer)}, time zone ${zone}`,
    `  Promise: ${c.summary}${ref(c)}`,
    `  Owner: ${c.owner.name} (${contactLine(c.owner)})`,
    `  Due: ${whenText(new Date(c.dueAt), zone, now)} (customer's time)`,
    `  Made: ${whenText(new Date(c.createdAt), zone, now)}`,
    ...(c.facts.extensionCount ? [`  Extensions so far: ${c.facts.extensionCount}`] : []),
    '',
    'Call log:',
    `  Trigger: ${label(log.trigger)}`,
    `  Customer state: ${label(log.customerState)}`,
    `  Customer wants: ${label(log.customerWants)}`,
    `  Root cause: ${label(log.rootCause)}`,
    `  Needed fix: ${log.neededFix ?? 'not recorded'}`,
    ...(log.businessConstraint ? [`  Business constraint: ${log.businessConstraint}`] : []),
    '',
    'Timeline:',
    // Empty only when the history could not be read in time (an alert sent while Postgres was out of reach).
    ...(c.timeline.length
      ? c.timeline.map((e) => `  ${clockTime(new Date(e.at), zone)} — ${e.detail}`)
      : ["  Could not be read just now; the commitment's page shows all of it."]),
  ];
}

/**
 * The deadline a plain texted ACK sets (src/api/twilio/inbound.ts), as the alert offers it. Four
 * hours: the customer has already been let down once, so the new time should fall within the same
 * working day, while the supervisor has time to read the handed-over context and act. It is not the
 * reopen window: that answers a customer's NO, and may be up to 30 days, past what an ACK allows.
 */
export const ACK_BY_TEXT_WITHIN_MS = 4 * 3600_000;

/** How to acknowledge by text: a plain ACK takes ACK_BY_TEXT_WITHIN_MS, or the time given. */
export function ackHint(): string {
  return `Reply ACK to take it over (due in ${ACK_BY_TEXT_WITHIN_MS / 3600_000}h) or e.g. ACK 30m to set your own deadline.`;
}

/** Why it was escalated, in the words of the alert; `lapsed` (or none) is a missed deadline. */
export const REASON_WORDS: Record<string, string> = {
  manager_request: 'the customer asked for a manager',
  safety: 'a safety concern',
  legal: 'a legal or compliance matter',
  abuse: 'abusive language',
  repeat_contact: 'repeat contact',
  extension_limit: 'extended too often',
  other: 'other',
};
export const reasonWords = (reason: string) => REASON_WORDS[reason] ?? label(reason);
