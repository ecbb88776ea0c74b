/** The payment method categories simulator sessions offer (klarna-spec.md §4: usually just `klarna`). */
import type { PaymentMethodCategory } from '../protocol/index.js';

/** The default payment method categories of new sessions. */
export const DEFAULT_PAYMENT_METHOD_CATEGORIES: readonly PaymentMethodCategory[] = Object.freeze([
  {
    identifier: 'klarna',
    name: 'Pay with Klarna',
    asset_urls: {
      descriptive: 'https://x.klarnacdn.net/payment-method/assets/badges/generic/klarna.svg',
      standard: 'https://x.klarnacdn.net/payment-method/assets/badges/generic/klarna.svg',
    },
  },
]);

/** Turns identifiers (`'pay_later'`) or category objects into full category objects (copies). */
export function normalizePaymentMethodCategories(list: ReadonlyArray<string | PaymentMethodCategory>): PaymentMethodCategory[] {
  if (!Array.isArray(list)) {
    throw new TypeError(`paymentMethodCategories must be an array of identifiers or { identifier } objects; received ${JSON.stringify(list)}.`);
  }
  return list.map((entry) => {
    if (typeof entry === 'string') {
      const known = DEFAULT_PAYMENT_METHOD_CATEGORIES.find((category) => category.identifier === entry);
      return structuredClone(known ?? { identifier: entry, name: entry.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()) });
    }
    if (!entry || typeof entry.identifier !== 'string') {
      throw new TypeError(`paymentMethodCategories entries must be identifiers or { identifier } objects; received ${JSON.stringify(entry)}.`);
    }
    return structuredClone(entry);
  });
}
