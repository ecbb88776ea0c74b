/**
 * The element's development-only help: the long messages of its registration guard, its controller and its
 * properties. Reached only through `#dev-mode` under the `development` condition (`src/dev-mode.development.ts`),
 * so no production bundle holds it.
 */
import { describeValue } from '../errors/describe-value.js';
import { canTransition, type CheckoutState } from './checkout-state.js';

/** The tag is taken by another version of the package (the console warning after `<tag> `). */
export function describeDefinedElsewhere(theirs: unknown, ours: string): string {
  return `is already defined by version ${String(theirs)}, so ${ours} was skipped; load one copy of klarna-checkout-button.`;
}

/** `customElements.define()` threw (the console warning after `<tag> `). */
export function describeDefineFailure(error: unknown): string {
  return `could not be defined (${(error as Error)?.message ?? String(error)}); pick another name.`;
}

/** A step failed with something that is not an `Error` (or an `Error` without a message). */
export function describeStageFailure(stage: string, cause: unknown): string {
  return `The ${stage} step failed with ${String(cause)}.`;
}

/** The element can get no session. */
export function describeMissingSessionSource(): string {
  return 'The element has no session-url or client-token; set one of them.';
}

/** Klarna's callback said approved but carried no token. */
export function describeMissingAuthorizationToken(): string {
  return 'Klarna approved without an authorization_token; call reload().';
}

/** A bad `authorizationLifetimeMs`. */
export function describeAuthorizationLifetime(value: unknown): string {
  return `authorizationLifetimeMs must be a positive number (ms), but received ${describeValue(value)}.`;
}

/** `messages` is not an object of texts. */
export function describeMessagesValue(value: unknown): string {
  return `messages must be an object of texts by key (e.g. { buyButton: 'Pay now' }), but received ${describeValue(value)}.`;
}

/** `messages` has a key that is no text key. */
export function describeUnknownMessageKey(key: string, knownKeys: readonly string[]): string {
  return `messages has the unknown key ${JSON.stringify(key)}; use the keys of englishMessages: ${knownKeys.join(', ')}.`;
}

/** A `messages` value is not a string. */
export function describeMessageText(key: string, text: unknown): string {
  return `messages.${key} must be a string, but received ${describeValue(text)}.`;
}

/** Warns once per change when `theme` or `shape` holds a value the button has no look for. */
export function warnAboutUnknownLooks(looks: ReadonlyArray<{ name: string; value: unknown; allowed: readonly string[] }>): void {
  for (const { name, value, allowed } of looks) {
    if (value !== undefined && value !== null && !allowed.includes(String(value))) {
      console.warn(`<klarna-checkout-button> ${name}="${String(value)}" is not one of ${allowed.join(', ')}; the button keeps its default look.`);
    }
  }
}

/** Klarna's `load` did not call back in time. */
export function describeLoadTimeout(timeoutMs: number): string {
  return `Klarna's load did not call back within ${timeoutMs} ms; press "Try again" or raise loadTimeoutMs.`;
}

/** The element was removed while Klarna's overlay was open. */
export function describeRemovedWhileAuthorizing(): string {
  return "The element was removed while Klarna's authorization was open; Klarna's answer will be ignored.";
}

/** The order's outcome stays unknown for good. */
export function describeOutcomeUnknown(): string {
  return 'The order request got no definite answer and its authorization can no longer be sent again; the order may exist: reconcile it on the server.';
}

/** A state change `CHECKOUT_TRANSITIONS` does not allow (a bug), or `undefined` when it is allowed. */
export function describeForbiddenTransition(from: CheckoutState, to: CheckoutState): string | undefined {
  if (canTransition(from, to)) return undefined;
  return `CheckoutController cannot go from ${from} to ${to}; this is a bug in klarna-checkout-button.`;
}
