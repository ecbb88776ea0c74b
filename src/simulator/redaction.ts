/**
 * What the simulator's records never show: client tokens, authorization tokens, and the query string
 * (the one-time secret) of `merchant_urls`. Used by the request log and by `inspect()`.
 */
import { redactCallbackUrl } from './authorization-callback.js';
import { isPlainObject } from './simulator-response.js';

/** The marker that stands where a secret was. */
export const REDACTED = '[redacted]';

const TOKEN_FIELDS: readonly string[] = ['client_token', 'authorization_token', 'token_id'];

/** A deep copy of a JSON value with tokens replaced by `[redacted]` and every `merchant_urls` URL's query string redacted. */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (!isPlainObject(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (TOKEN_FIELDS.includes(key) && typeof field === 'string') {
      copy[key] = REDACTED;
    } else if (key === 'merchant_urls' && isPlainObject(field)) {
      copy[key] = Object.fromEntries(
        Object.entries(field).map(([name, url]) => [name, typeof url === 'string' ? redactCallbackUrl(url) : redactSecrets(url)]),
      );
    } else {
      copy[key] = redactSecrets(field);
    }
  }
  return copy;
}

/** A request path with the authorization token of `/payments/v1/authorizations/{token}/…` replaced by `[redacted]`. */
export function redactPath(path: string): string {
  return path.replace(/(\/authorizations\/)[^/?#]+/, `$1${REDACTED}`);
}
