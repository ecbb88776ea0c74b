/**
 * Reads the (undocumented, unsigned-for-us) claims of a Klarna client token: a JWT whose payload may
 * carry `session_id`, a `locale` (or `language`) and, in some builds, `payment_method_categories`. Treat the result as a hint only.
 */
import type { PaymentMethodCategory } from '../protocol/index.js';

/** The few client-token claims the element uses; every field may be missing. */
export interface ClientTokenClaims {
  session_id?: string;
  /** The session's locale: the token's `locale` claim, else its `language` claim (the simulator's tokens carry `language`). */
  locale?: string;
  payment_method_categories?: PaymentMethodCategory[];
}

/** Decodes the claims the element can use from a client token; an undecodable token yields `{}`. */
export function readClientTokenClaims(clientToken: string): ClientTokenClaims {
  const result: ClientTokenClaims = {};
  try {
    const base64 = clientToken.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/');
    const claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(base64), (char) => char.charCodeAt(0))));
    if (typeof claims.session_id === 'string') result.session_id = claims.session_id;
    const locale = [claims.locale, claims.language].find((claim) => typeof claim === 'string' && claim !== '');
    if (locale) result.locale = locale;
    // Categories may be objects or bare identifiers.
    const categories = (claims.payment_method_categories as unknown[])
      .map((entry) => (typeof entry === 'string' ? { identifier: entry } : (entry as PaymentMethodCategory)))
      .filter((entry) => typeof entry?.identifier === 'string');
    if (categories.length) result.payment_method_categories = categories;
  } catch {
    // not a JWT, or no categories: what was read so far stands
  }
  return result;
}
