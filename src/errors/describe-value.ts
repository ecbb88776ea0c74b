/**
 * Wording shared by the browser SDK's error messages, so each message names the value it received in the
 * same few words (internal: not exported from any entry).
 */

/** The kind of a value, as an error message says it: `null`, `an array`, `an object`, `a number`, … */
export function typeName(value: unknown): string {
  const type = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  return type === 'null' ? type : `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;
}

/** A received value as an error message quotes it: strings quoted, numbers with their type, others by kind. */
export function describeValue(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : typeof value === 'number' ? `${value} (a number)` : typeName(value);
}
