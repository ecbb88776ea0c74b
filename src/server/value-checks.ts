/**
 * Small value checks shared by the order builder and validator: what counts as left out, what is a plain
 * record, and how a value is named in a message.
 */
import { describeValue } from './describe-value.js';

/** `null` counts as left out, as Klarna's JSON reader treats it. */
export function isAbsent(value: unknown): value is undefined | null {
  return value === undefined || value === null;
}

/** A plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value for a message (`src/server/describe-value.ts`), with a left-out value called missing. */
export function describe(value: unknown): string {
  return value === undefined ? 'missing' : describeValue(value);
}
