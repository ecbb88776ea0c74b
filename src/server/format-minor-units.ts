/** Money in log lines: minor units and a currency as "50.00 EUR" (never "5000 EUR"). */

/** Digits after the decimal point of `currency` (2 for EUR, 0 for JPY); 2 for a code Intl does not know. */
function fractionDigitsOf(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** `formatMinorUnits(5000, 'EUR')` is `"50.00 EUR"`; `-1250` is `"-12.50 EUR"`. */
export function formatMinorUnits(minorUnits: number, currency: string): string {
  const digits = fractionDigitsOf(currency);
  const sign = minorUnits < 0 ? '-' : '';
  const absolute = Math.abs(minorUnits);
  const scale = 10 ** digits;
  const whole = Math.floor(absolute / scale);
  const fraction = digits > 0 ? `.${String(absolute % scale).padStart(digits, '0')}` : '';
  return `${sign}${whole}${fraction} ${currency.toUpperCase()}`;
}
