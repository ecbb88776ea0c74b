// Money in the demo's log lines: minor units and a currency as "50.00 EUR", never "5000 EUR".

/** Digits after the decimal point of `currency` (2 for EUR, SEK, USD); 2 for a code Intl does not know. */
function fractionDigitsOf(currency) {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** `formatMinorUnits(5000, 'EUR')` is `"50.00 EUR"`; `-1250` is `"-12.50 EUR"`. */
export function formatMinorUnits(minorUnits, currency) {
  const digits = fractionDigitsOf(currency);
  const sign = minorUnits < 0 ? '-' : '';
  const scale = 10 ** digits;
  const absolute = Math.abs(minorUnits);
  const fraction = digits > 0 ? `.${String(absolute % scale).padStart(digits, '0')}` : '';
  return `${sign}${Math.floor(absolute / scale)}${fraction} ${String(currency).toUpperCase()}`;
}
