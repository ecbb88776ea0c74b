/**
 * Checks the `messages` property of `<klarna-checkout-button>`: a flat object whose keys are text keys of
 * `englishMessages` and whose values are strings. Bad input throws a `TypeError` before anything changes.
 */
import { describeMessagesValue, describeMessageText, describeUnknownMessageKey } from '#dev-mode';
import { englishMessages } from './messages.js';

/** Throws a `TypeError` unless `value` is `undefined`, `null` or an object of known text keys with string values. */
export function checkMessageOverrides(value: unknown): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new TypeError(
      describeMessagesValue?.(value) ?? 'Bad messages.',
    );
  }
  for (const [key, text] of Object.entries(value)) {
    if (!Object.hasOwn(englishMessages, key)) {
      throw new TypeError(
        describeUnknownMessageKey?.(key, Object.keys(englishMessages)) ?? `Bad messages key ${key}.`,
      );
    }
    if (typeof text !== 'string') {
      throw new TypeError(
        describeMessageText?.(key, text) ?? `Bad messages.${key}.`,
      );
    }
  }
}
