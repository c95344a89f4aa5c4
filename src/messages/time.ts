/**
 * Clock times the way a customer reads them: in their own zone, with the zone's abbreviation,
 * and with the day spelled out unless it is today. Never "soon" or "this morning"
 * (docs/domain.md#a-promise: customers read a window as its earliest edge).
 *
 * In the customer's language: English by default; Spanish takes its parts (weekday, month, "p.m.")
 * from Intl.DateTimeFormat('es-US') and puts them together here ("3:15 p.m. CST hoy",
 * "9:00 a.m. CST mañana (martes, 24 de nov)", "el viernes, 27 de nov"). Pure and free of Node and
 * of the message catalogues: the console renders these in the browser.
 */
import { dateTimeFormat } from '../shared/date-format';
import type { CustomerLocale } from '../shared/locale';

function parts(date: Date, timeZone: string, options: Intl.DateTimeFormatOptions, locale: CustomerLocale = 'en-US'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of dateTimeFormat(locale, { timeZone, ...options }).formatToParts(date)) out[p.type] = p.value;
  return out;
}

/** Calendar date (YYYY-MM-DD) of an instant in a zone. */
export function localDate(date: Date, timeZone: string): string {
  const p = parts(date, timeZone, { year: 'numeric', month: '2-digit', day: '2-digit' });
  return `${p.year}-${p.month}-${p.day}`;
}

/** "PM"; in Spanish "p.m." (some ICU versions write "p. m." with a no-break space: one form everywhere). */
const dayPeriod = (p: Record<string, string>, locale: CustomerLocale) => (locale === 'en-US' ? p.dayPeriod : p.dayPeriod?.replace(/\s+/gu, ''));

/** "3:15 PM CST"; "3:15 p.m. CST" */
export function clockTime(date: Date, timeZone: string, locale: CustomerLocale = 'en-US'): string {
  const p = parts(date, timeZone, { hour: 'numeric', minute: '2-digit', hour12: true, timeZoneName: 'short' }, locale);
  return `${p.hour}:${p.minute} ${dayPeriod(p, locale)} ${p.timeZoneName}`;
}

/** "3:15 PM", for sentences that name the zone in their own words; "3:15 p.m." */
export function hourMinute(date: Date, timeZone: string, locale: CustomerLocale = 'en-US'): string {
  const p = parts(date, timeZone, { hour: 'numeric', minute: '2-digit', hour12: true }, locale);
  return `${p.hour}:${p.minute} ${dayPeriod(p, locale)}`;
}

/**
 * "3:15 PM CST today", "9:00 AM CET tomorrow (Tuesday, Nov 24)" or "4:00 PM EST on Friday, Nov 27";
 * "3:15 p.m. CST hoy", "9:00 a.m. CET mañana (martes, 24 de nov)" or "4:00 p.m. EST el viernes, 27 de nov".
 * `now` decides what "today" means, in the customer's zone.
 */
export function whenText(at: Date, timeZone: string, now: Date, locale: CustomerLocale = 'en-US'): string {
  return `${clockTime(at, timeZone, locale)} ${dayText(at, timeZone, now, locale)}`;
}

const DAY_WORDS: Record<CustomerLocale, { today: string; tomorrow: string; on: string }> = {
  'en-US': { today: 'today', tomorrow: 'tomorrow', on: 'on' },
  'es-US': { today: 'hoy', tomorrow: 'mañana', on: 'el' },
};

/**
 * "today", "tomorrow (Tuesday, Nov 24)" or "on Friday, Nov 27": the day of `at` in the zone, seen
 * from `now`; "hoy", "mañana (martes, 24 de nov)" or "el viernes, 27 de nov". The year only when it
 * is not this year's.
 */
export function dayText(at: Date, timeZone: string, now: Date, locale: CustomerLocale = 'en-US'): string {
  const day = localDate(at, timeZone);
  const today = localDate(now, timeZone);
  const tomorrow = localDate(new Date(now.getTime() + 24 * 3600_000), timeZone);
  const words = DAY_WORDS[locale];
  if (day === today) return words.today;
  const p = parts(at, timeZone, { weekday: 'long', month: 'short', day: 'numeric', year: 'numeric' }, locale);
  const otherYear = p.year !== parts(now, timeZone, { year: 'numeric' }, locale).year;
  const long =
    locale === 'en-US'
      ? `${p.weekday}, ${p.month} ${p.day}${otherYear ? `, ${p.year}` : ''}`
      : `${p.weekday}, ${p.day} de ${p.month}${otherYear ? ` de ${p.year}` : ''}`;
  if (day === tomorrow) return `${words.tomorrow} (${long})`;
  return `${words.on} ${long}`;
}

/**
 * A time as a sentence names it: Spanish puts the article before the hour ("antes de las 3:15 p.m.",
 * "a la 1:30 p.m."), English nothing. `text` is the clock time or whole time of `at` in the locale.
 */
export function withArticle(text: string, at: Date, timeZone: string, locale: CustomerLocale = 'en-US'): string {
  if (locale === 'en-US') return text;
  const { hour } = parts(at, timeZone, { hour: 'numeric', hour12: true }, locale);
  return `${hour === '1' ? 'la' : 'las'} ${text}`;
}

export function isValidTimeZone(zone: string): boolean {
  try {
    dateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
