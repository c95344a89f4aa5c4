/**
 * Public holidays by country and region, from the maintained `date-holidays` data set (its
 * rules follow each country's statutes and are updated with the package): `US`, `US-TX`,
 * `GB-SCT`. Only days off for everyone (types `public` and `bank`) close a calendar; observances
 * such as Mother's Day do not.
 */
import Holidays from 'date-holidays';
import type { Holiday } from './model';

const CLOSING_TYPES = new Set(['public', 'bank']);
const DAY_MS = 86_400_000;

/** Thrown when a region code is not one the data set knows; `known` lists some that are. */
export class UnknownRegionError extends Error {
  constructor(
    readonly region: string,
    readonly detail: string,
  ) {
    super(detail);
  }
}

/** `US` or `US-TX`, checked against the data set: the country, then the region within it. */
function holidaysFor(region: string): Holidays {
  const [country = '', state] = region.toUpperCase().split('-');
  const all = new Holidays();
  const countries = all.getCountries('en');
  if (!countries[country]) throw new UnknownRegionError(region, `is not a country code the holiday data knows (ISO 3166-1, such as US, GB, CA, MX)`);
  if (state !== undefined) {
    const states = all.getStates(country, 'en') ?? {};
    if (!states[state]) {
      const some = Object.keys(states)
        .slice(0, 8)
        .map((s) => `${country}-${s}`)
        .join(', ');
      throw new UnknownRegionError(
        region,
        some ? `is not a region of ${country} the holiday data knows (such as ${some})` : `${country} has no regions in the holiday data; use ${country}`,
      );
    }
  }
  return state ? new Holidays(country, state) : new Holidays(country);
}

/** The closing public holidays of a region in the given years, as calendar holidays. */
export function publicHolidays(region: string, years: readonly number[]): Holiday[] {
  const hd = holidaysFor(region);
  const out: Holiday[] = [];
  for (const year of years) {
    for (const h of hd.getHolidays(year, 'en')) {
      if (!CLOSING_TYPES.has(h.type)) continue;
      const from = h.date.slice(0, 10);
      // Holidays longer than a day (some countries close for several) block each day they cover.
      const days = Math.max(1, Math.round((h.end.getTime() - h.start.getTime()) / DAY_MS));
      const to = new Date(Date.parse(`${from}T00:00:00Z`) + (days - 1) * DAY_MS).toISOString().slice(0, 10);
      out.push({ name: h.name, from, ...(to !== from ? { to } : {}) });
    }
  }
  return out;
}
