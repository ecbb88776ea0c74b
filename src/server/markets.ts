/**
 * Klarna Payments markets: which currency and locale languages each purchase country takes, and which
 * regional environment serves it (../shared/klarna-spec.md §5.4; the region split is inferred, Klarna
 * publishes no table).
 */

/** Klarna's regional API environments. */
export type KlarnaRegion = 'eu' | 'na' | 'oc';
/** Klarna's two fully separate environments. */
export type KlarnaEnvironment = 'playground' | 'production';

export interface KlarnaMarket {
  /** ISO 3166-1 alpha-2, upper case. */
  country: string;
  region: KlarnaRegion;
  /** ISO 4217, upper case. */
  currency: string;
  /** Languages allowed in the locale, e.g. `de`, `en` → `de-DE`, `en-DE`. */
  languages: readonly string[];
}

const table: ReadonlyArray<[string, KlarnaRegion, string, string]> = [
  ['AT', 'eu', 'EUR', 'de en'],
  ['BE', 'eu', 'EUR', 'nl fr en'],
  ['CH', 'eu', 'CHF', 'de fr it en'],
  ['CZ', 'eu', 'CZK', 'cs en'],
  ['DE', 'eu', 'EUR', 'de en'],
  ['DK', 'eu', 'DKK', 'da en'],
  ['ES', 'eu', 'EUR', 'es en'],
  ['FI', 'eu', 'EUR', 'fi sv en'],
  ['FR', 'eu', 'EUR', 'fr en'],
  ['GB', 'eu', 'GBP', 'en'],
  ['GR', 'eu', 'EUR', 'el en'],
  ['HU', 'eu', 'HUF', 'hu en'],
  ['IE', 'eu', 'EUR', 'en'],
  ['IT', 'eu', 'EUR', 'it en'],
  ['NL', 'eu', 'EUR', 'nl en'],
  ['NO', 'eu', 'NOK', 'nb en'],
  ['PL', 'eu', 'PLN', 'pl en'],
  ['PT', 'eu', 'EUR', 'pt en'],
  ['RO', 'eu', 'RON', 'ro en'],
  ['SE', 'eu', 'SEK', 'sv en'],
  ['SK', 'eu', 'EUR', 'sk en'],
  ['US', 'na', 'USD', 'en es'],
  ['CA', 'na', 'CAD', 'en fr'],
  ['MX', 'na', 'MXN', 'en es'],
  ['AU', 'oc', 'AUD', 'en'],
  ['NZ', 'oc', 'NZD', 'en'],
];

/** Every market Klarna Payments serves, keyed by upper-case country code. */
export const KLARNA_MARKETS: ReadonlyMap<string, KlarnaMarket> = new Map(
  table.map(([country, region, currency, languages]) => [
    country,
    Object.freeze({ country, region, currency, languages: Object.freeze(languages.split(' ')) }),
  ]),
);

/** The market of a purchase country (case-insensitive), or undefined when Klarna does not serve it. */
export function marketForCountry(country: string): KlarnaMarket | undefined {
  return typeof country === 'string' ? KLARNA_MARKETS.get(country.toUpperCase()) : undefined;
}
