/**
 * The element's development-only help: the long messages of its registration guard, its controller and its
 * properties. Reached only through `#dev-mode` under the `development` condition (`src/dev-mode.development.ts`),
 * so no production bundle holds it.
 */
import { describeValue } from '../errors/describe-value.js';

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
