/**
 * The languages customers are written to in, as BCP 47 tags. Sandbox-safe: the API validates
 * against this list, the workflow carries the tag, the messages pick their catalogue by it.
 * Staff messages stay English.
 */
export const CUSTOMER_LOCALES = ['en-US', 'es-US'] as const;
export type CustomerLocale = (typeof CUSTOMER_LOCALES)[number];

/** Each language in English, for staff: the timeline and the console. */
export const LANGUAGE_NAMES: Readonly<Record<CustomerLocale, string>> = { 'en-US': 'English', 'es-US': 'Spanish' };

/** Each language as the console shows it: in English, and in its own words where they differ. */
export const LANGUAGE_LABELS: Readonly<Record<CustomerLocale, string>> = { 'en-US': 'English', 'es-US': 'Spanish (español)' };

/** A customer whose team names no language, and every commitment made before locales existed. */
export const DEFAULT_CUSTOMER_LOCALE: CustomerLocale = 'en-US';

export const isCustomerLocale = (tag: string): tag is CustomerLocale => (CUSTOMER_LOCALES as readonly string[]).includes(tag);

/** The customer's language, English when the commitment predates locales. */
export const localeOf = (customer: { locale?: string | undefined }): CustomerLocale =>
  customer.locale && isCustomerLocale(customer.locale) ? customer.locale : DEFAULT_CUSTOMER_LOCALE;
