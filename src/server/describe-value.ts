/**
 * The server side's one way of naming a received value in an error message (the order builder and validator through
 * `value-checks.ts`, the Klarna client, the checkout handler; the simulator should use it too when it names a value),
 * so every message says it in the same few words.
 * Internal: not exported from any entry. The browser side has its own, `src/errors/describe-value.ts`, whose
 * `typeName` this one shares as `describeKind`.
 */
import { typeName } from '../errors/describe-value.js';

/**
 * A value's kind only, never the value itself (`null`, `undefined`, `an array`, `an object`, `a string`, …): for
 * values that may hold a secret, such as a request body's field that may carry an authorization token.
 */
export const describeKind = typeName;

/** Strings longer than this are named by their length only. */
const QUOTED_LENGTH = 40;

/** A value for a message: strings quoted (long ones by length only), numbers, booleans and bigints shown, others named. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'string') return value.length > QUOTED_LENGTH ? `a ${value.length}-character string` : JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'bigint') return `the bigint ${value}`;
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return typeName(value);
}
