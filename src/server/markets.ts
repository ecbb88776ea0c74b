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

/** Purchase countries where tax is added on top of net prices as `sales_tax` lines (spec §5.1 U1: US only). */
const SALES_TAX_COUNTRIES: ReadonlySet<string> = new Set(['US']);

/**
 * Whether Klarna expects prices without tax and the tax as separate `type: "sales_tax"` lines in this
 * purchase country (US), rather than tax included in every line's price (everywhere else).
 */
export function addsSalesTaxOnTop(country: string): boolean {
  return typeof country === 'string' && SALES_TAX_COUNTRIES.has(country.toUpperCase());
}

/** Every locale Klarna accepts for purchases from a country, in Klarna's spelling (`DE` → `de-DE`, `en-DE`); empty for an unknown country. */
export function localesForCountry(country: string): string[] {
  const market = marketForCountry(country);
  return market ? market.languages.map((language) => `${language}-${market.country}`) : [];
}

/**
 * Whether Klarna accepts `locale` for purchases from `country` (spec §5.4): `language-COUNTRY` with a
 * language of that market and the purchase country itself, case-insensitive (`de-DE`, `en-de`).
 */
export function localeIsValid(country: string, locale: string): boolean {
  if (typeof country !== 'string' || typeof locale !== 'string') return false;
  const match = /^([A-Za-z]{2})-([A-Za-z]{2})$/.exec(locale);
  const market = marketForCountry(country);
  if (!match || !market) return false;
  return match[2]!.toUpperCase() === market.country && market.languages.includes(match[1]!.toLowerCase());
}

/**
 * A locale in Klarna's spelling: language lower case, country upper case, hyphenated (`de_de` → `de-DE`).
 * A bare language takes the purchase country when one is given (`de` + `DE` → `de-DE`). Returns
 * undefined for anything that is not a two-letter language with an optional two-letter country; it does
 * not check that the market takes the locale (see `localeIsValid`).
 */
export function normalizeLocale(locale: string, country?: string): string | undefined {
  if (typeof locale !== 'string') return undefined;
  const match = /^([A-Za-z]{2})(?:[-_]([A-Za-z]{2}))?$/.exec(locale);
  if (!match) return undefined;
  const region = match[2] ?? (typeof country === 'string' && /^[A-Za-z]{2}$/.test(country) ? country : undefined);
  return region === undefined ? undefined : `${match[1]!.toLowerCase()}-${region.toUpperCase()}`;
}
