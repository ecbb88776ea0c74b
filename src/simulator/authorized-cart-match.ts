/**
 * Create-order must repeat the authorized cart to the cent (klarna-spec.md §1 G2, §7): this lists the
 * fields that differ, in the form of Klarna's 409 "Not matching fields: [...]".
 */
import { isPlainObject } from './simulator-response.js';
import type { OrderData } from './simulator-state.js';

const LINE_FIELDS = [
  'type',
  'reference',
  'name',
  'quantity',
  'unit_price',
  'tax_rate',
  'total_amount',
  'total_discount_amount',
  'total_tax_amount',
] as const;
const ZERO_DEFAULT = new Set(['tax_rate', 'total_discount_amount', 'total_tax_amount']);

const same = (a: unknown, b: unknown): boolean =>
  typeof a === 'string' && typeof b === 'string' ? a.trim() === b.trim() : a === b;

function compareAddress(prefix: string, authorized: unknown, placed: unknown, out: string[]): void {
  if (!isPlainObject(placed) || !isPlainObject(authorized)) return;
  const keys = new Set([...Object.keys(authorized), ...Object.keys(placed)]);
  for (const key of keys) {
    const a = authorized[key];
    const b = placed[key];
    const equal = key === 'email' && typeof a === 'string' && typeof b === 'string' ? a.trim().toLowerCase() === b.trim().toLowerCase() : same(a, b);
    if (!equal && !((a === undefined || a === '') && (b === undefined || b === ''))) out.push(`${prefix}.${key}`);
  }
}

/** The fields of `placed` that differ from the authorized snapshot; empty when they match. */
export function findMismatchedFields(authorized: OrderData, placed: OrderData): string[] {
  const out: string[] = [];
  const authorizedLines = Array.isArray(authorized.order_lines) ? authorized.order_lines : [];
  const placedLines = Array.isArray(placed.order_lines) ? placed.order_lines : [];
  if (authorizedLines.length !== placedLines.length) {
    return [`Incorrect number of items in the cart. Expected: ${authorizedLines.length}, Actual: ${placedLines.length}`];
  }
  for (const field of ['purchase_country', 'purchase_currency'] as const) {
    const a = authorized[field];
    const b = placed[field];
    if (typeof a === 'string' && typeof b === 'string' ? a.toUpperCase() !== b.toUpperCase() : a !== b) out.push(field);
  }
  for (const field of ['order_amount', 'order_tax_amount'] as const) {
    if (!same(authorized[field] ?? 0, placed[field] ?? 0)) out.push(field);
  }
  authorizedLines.forEach((line, index) => {
    const a = isPlainObject(line) ? line : {};
    const other = placedLines[index];
    const b = isPlainObject(other) ? other : {};
    for (const field of LINE_FIELDS) {
      const fallback = ZERO_DEFAULT.has(field) ? 0 : undefined;
      if (!same(a[field] ?? fallback, b[field] ?? fallback)) out.push(`order_lines[${index}].${field}`);
    }
  });
  compareAddress('billing_address', authorized.billing_address, placed.billing_address, out);
  compareAddress('shipping_address', authorized.shipping_address ?? authorized.billing_address, placed.shipping_address, out);
  return out;
}
