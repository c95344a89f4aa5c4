/**
 * The variables that bound what customer texts say and when they go: the quiet hours, the brand
 * name every text starts with, and the contact the HELP reply names. Part of the one configuration
 * schema (./config.ts).
 */
import { z } from 'zod';
import { DEFAULT_BRAND } from './messages/purposes';
import { smsEncoding } from './messages/sms';
import type { QuietHours } from './shared/contract';

/** The business every customer text names (A2P 10DLC): short, and GSM-7 so it never makes a text UCS-2. */
const brandName = z
  .string()
  .trim()
  .max(30, 'must be at most 30 characters (it starts every customer text)')
  .refine((v) => smsEncoding(v).encoding === 'GSM-7', 'must be GSM-7 text (no curly quotes, dashes or emoji): it would make every text UCS-2')
  .default(DEFAULT_BRAND);

const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/;

/** "21:00-08:00" (start-end, customer's local time), or "off". */
const quietHours = z
  .string()
  .trim()
  .default('21:00-08:00')
  .transform((v, ctx): QuietHours | null => {
    if (v === 'off') return null;
    const [start, end, ...rest] = v.split('-');
    if (!start || !end || rest.length || !TIME_OF_DAY.test(start) || !TIME_OF_DAY.test(end) || start === end) {
      ctx.addIssue({ code: 'custom', message: `"${v}" is not HH:MM-HH:MM (e.g. 21:00-08:00) or "off"` });
      return z.NEVER;
    }
    return { start, end };
  });

/** A phone number or a URL, in GSM-7 like every text, short enough for the HELP reply's budget. */
const helpContact = z
  .string()
  .trim()
  .max(60, 'must be at most 60 characters (the HELP reply is one text)')
  .refine((v) => /^\+?[0-9][0-9 ().-]{5,20}$/.test(v) || URL.canParse(v), 'must be a phone number or a URL customers can use')
  .refine((v) => smsEncoding(v).encoding === 'GSM-7', 'must be GSM-7 text')
  .optional();

/**
 * by_place: customer texts keep the texting hours of the customer's place (docs/texting.md).
 * off: only QUIET_HOURS hold them; for tests and demos whose results must not depend on the hour.
 */
const textingHours = z.enum(['by_place', 'off'], { error: 'must be by_place or off' }).default('by_place');

export const messageVariables = {
  QUIET_HOURS: quietHours,
  TEXTING_HOURS: textingHours,
  BRAND_NAME: brandName,
  /** A phone number or URL customers can use for help: the HELP reply names it. */
  HELP_CONTACT: helpContact,
};
