/**
 * Checks the `messages` property of `<klarna-checkout-button>`: a flat object whose keys are text keys of
 * `englishMessages` and whose values are strings. Bad input throws a `TypeError` before anything changes.
 */
import { DEV_MODE } from '#dev-mode';
import { describeValue } from '../errors/describe-value.js';
import { englishMessages } from './messages.js';

/** Throws a `TypeError` unless `value` is `undefined`, `null` or an object of known text keys with string values. */
export function checkMessageOverrides(value: unknown): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new TypeError(
      DEV_MODE
        ? `messages must be an object of texts by key (e.g. { buyButton: 'Pay now' }), but received ${describeValue(value)}.`
        : 'Bad messages.',
    );
  }
  for (const [key, text] of Object.entries(value)) {
    if (!Object.hasOwn(englishMessages, key)) {
      throw new TypeError(
        DEV_MODE
          ? `messages has the unknown key ${JSON.stringify(key)}; use the keys of englishMessages: ${Object.keys(englishMessages).join(', ')}.`
          : `Bad messages key ${key}.`,
      );
    }
    if (typeof text !== 'string') {
      throw new TypeError(
        DEV_MODE ? `messages.${key} must be a string, but received ${describeValue(text)}.` : `Bad messages.${key}.`,
      );
    }
  }
}
