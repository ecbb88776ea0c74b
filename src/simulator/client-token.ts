/**
 * The session's client token, shaped like Klarna's (klarna-spec.md §3): a JWT-looking
 * `b64url(header).b64url(payload).b64url(random)`. Klarna's library decodes the payload and does not
 * check the signature, so a random third part is enough.
 */
import { randomBytes, randomUUID } from 'node:crypto';

/** The claims the simulator puts in a client token. */
export interface ClientTokenClaims {
  session_id: string;
  base_url: string;
  purchase_country: string;
  environment: string;
  region: string;
  session_type: 'PAYMENTS';
  design: string;
  language: string;
  merchant_name: string;
  client_event_base_url: string;
  payment_method_categories: string[];
  [claim: string]: unknown;
}

const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Builds a client token carrying `claims`. */
export function createClientToken(claims: ClientTokenClaims): string {
  return `${encode({ alg: 'RS256', kid: randomUUID() })}.${encode(claims)}.${randomBytes(32).toString('base64url')}`;
}

/** Reads the claims of a client token, or undefined when it is not one. */
export function decodeClientToken(token: unknown): ClientTokenClaims | undefined {
  if (typeof token !== 'string') return undefined;
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
    if (claims && typeof claims === 'object' && typeof (claims as ClientTokenClaims).session_id === 'string') {
      return claims as ClientTokenClaims;
    }
  } catch {
    // not a token
  }
  return undefined;
}
