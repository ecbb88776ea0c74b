/**
 * The browser side's one way of naming a received value in an error message (the development messages of the
 * loader, the adapter and the element, and the `/testing` fake), so every message says it in the same few words.
 * Internal: not exported from any entry. The server side has its own, `src/server/describe-value.ts`.
 */

/** Strings longer than this are quoted up to here, then `…`. */
const QUOTED_LENGTH = 60;

/** The kind of a value, as an error message says it: `null`, `undefined`, `an array`, `an object`, `a number`, … */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  const type = typeof value;
  return type === 'object' ? 'an object' : `a ${type}`;
}

/** A received value as an error message quotes it: strings quoted (long ones cut), numbers with their type, others by kind. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value.length > QUOTED_LENGTH ? `${value.slice(0, QUOTED_LENGTH)}…` : value);
  }
  if (typeof value === 'number') return `${value} (a number)`;
  return typeName(value);
}
