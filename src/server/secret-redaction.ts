/**
 * Keeps credentials and authorization tokens out of every message, log line and error field the client
 * produces.
 */

/** What replaces a secret in text. */
export const REDACTED = '[redacted]';

/** Secrets shorter than this are not scrubbed from free text (they would mangle ordinary words). */
const MIN_SECRET_LENGTH = 6;

/** `text` with every occurrence of each secret (and its URL-encoded form) replaced by `[redacted]`. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) {
      result = result.split(form).join(REDACTED);
    }
  }
  return result;
}
