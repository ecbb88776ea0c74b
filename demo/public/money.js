// Money formatting and parsing for the demo pages: amounts travel as integers in minor units.

const formatters = new Map();

function formatterFor(locale, currency) {
  const key = `${locale}|${currency}`;
  if (!formatters.has(key)) formatters.set(key, new Intl.NumberFormat(locale, { style: 'currency', currency }));
  return formatters.get(key);
}

/** Digits after the decimal point of a currency (2 for EUR, SEK, USD). */
export function fractionDigits(currency) {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits;
}

/** Formats minor units (e.g. 2900) for a market locale and currency ("29,00 €"). */
export function formatMoney(minorUnits, currency, locale) {
  const value = Number(minorUnits) / 10 ** fractionDigits(currency);
  return formatterFor(locale, currency).format(value);
}

/** Parses a major-unit amount typed by a person ("12.50", "12,5") into minor units, or undefined. */
export function parseMoney(text, currency) {
  const match = /^\s*(\d{1,9})(?:[.,](\d{0,3}))?\s*$/.exec(String(text));
  if (!match) return undefined;
  const digits = fractionDigits(currency);
  const fraction = (match[2] ?? '').padEnd(digits, '0');
  if (fraction.length > digits) return undefined;
  return Number(match[1]) * 10 ** digits + Number(fraction || '0');
}

/** A basis-point rate as a percentage ("19 %", "8 %"). */
export function formatRate(basisPoints, locale) {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(basisPoints / 10000);
}
