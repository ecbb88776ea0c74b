/**
 * Reads the (undocumented, unsigned-for-us) claims of a Klarna client token: a JWT whose payload may
 * carry `session_id` and, in some builds, `payment_method_categories`. Treat the result as a hint only.
 */
import type { PaymentMethodCategory } from '../protocol/index.js';

/** The few client-token claims the element uses; every field may be missing. */
export interface ClientTokenClaims {
  session_id?: string;
  payment_method_categories?: PaymentMethodCategory[];
}

/** Decodes a base64url string into text (UTF-8); returns `undefined` when it is not base64url. */
function decodeBase64Url(part: string): string | undefined {
  try {
    const base64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
    const binary = atob(base64);
    const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
    return new TextDecoder().decode(bytes);
  } catch {
    return undefined;
  }
}

/** Turns the claim's categories (objects or bare identifiers) into `PaymentMethodCategory` objects. */
function normalizeCategories(value: unknown): PaymentMethodCategory[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const categories: PaymentMethodCategory[] = [];
  for (const entry of value) {
    if (typeof entry === 'string') categories.push({ identifier: entry });
    else if (entry && typeof entry === 'object' && typeof (entry as PaymentMethodCategory).identifier === 'string') {
      categories.push(entry as PaymentMethodCategory);
    }
  }
  return categories.length > 0 ? categories : undefined;
}

/** Decodes the claims the element can use from a client token; an undecodable token yields `{}`. */
export function readClientTokenClaims(clientToken: string): ClientTokenClaims {
  const payload = clientToken.split('.')[1];
  if (!payload) return {};
  const text = decodeBase64Url(payload);
  if (text === undefined) return {};
  try {
    const claims = JSON.parse(text) as Record<string, unknown>;
    const result: ClientTokenClaims = {};
    if (typeof claims.session_id === 'string') result.session_id = claims.session_id;
    const categories = normalizeCategories(claims.payment_method_categories);
    if (categories) result.payment_method_categories = categories;
    return result;
  } catch {
    return {};
  }
}
