/**
 * Klarna's regional hosts (../shared/klarna-spec.md §8): EU, NA and OC × playground and production are
 * six separate environments with separate credentials. The wrong one answers 401 like a bad password.
 */
import { marketForCountry, type KlarnaEnvironment, type KlarnaRegion } from './markets.js';

export type { KlarnaEnvironment, KlarnaRegion } from './markets.js';

/** Base URL of every region and environment. */
export const KLARNA_API_URLS: Readonly<Record<KlarnaRegion, Readonly<Record<KlarnaEnvironment, string>>>> = {
  eu: { production: 'https://api.klarna.com', playground: 'https://api.playground.klarna.com' },
  na: { production: 'https://api-na.klarna.com', playground: 'https://api-na.playground.klarna.com' },
  oc: { production: 'https://api-oc.klarna.com', playground: 'https://api-oc.playground.klarna.com' },
};

export const KLARNA_REGIONS: readonly KlarnaRegion[] = ['eu', 'na', 'oc'];
export const KLARNA_ENVIRONMENTS: readonly KlarnaEnvironment[] = ['playground', 'production'];

/** Human name of a region for messages: `EU`, `NA`, `OC`. */
export function regionLabel(region: KlarnaRegion): string {
  return region.toUpperCase();
}

/** The region that serves a purchase country (`US` → `na`), or undefined for a country Klarna does not serve. */
export function regionForCountry(country: string): KlarnaRegion | undefined {
  return marketForCountry(country)?.region;
}

/** The API base URL of a region and environment. */
export function klarnaApiUrl(region: KlarnaRegion, environment: KlarnaEnvironment): string {
  const url = KLARNA_API_URLS[region]?.[environment];
  if (!url) {
    throw new RangeError(
      `Unknown Klarna region/environment "${String(region)}"/"${String(environment)}": use region eu, na or oc and environment playground or production.`,
    );
  }
  return url;
}
