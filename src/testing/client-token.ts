/**
 * JWT-shaped client tokens for tests (klarna-spec.md §3): `base64url(header).base64url(payload).base64url(random)`.
 * Klarna's library decodes the payload in the browser and does not check the signature; neither does the fake.
 */

/** The claims every `fakeClientToken()` carries unless overridden (pass `undefined` to drop one). */
export const DEFAULT_CLIENT_TOKEN_CLAIMS: Readonly<Record<string, unknown>> = {
  base_url: 'https://klarna-payments-eu.playground.klarna.com/payments',
  purchase_country: 'DE',
  environment: 'playground',
  region: 'eu',
  session_type: 'PAYMENTS',
};

/** A random RFC 4122 version-4 UUID (works outside secure contexts, where `crypto.randomUUID` is missing). */
export function randomUuid(): string {
  const bytes = randomBytes(16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function randomBytes(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  if (typeof globalThis.crypto?.getRandomValues === 'function') {
    globalThis.crypto.getRandomValues(bytes);
  } else {
    for (let i = 0; i < length; i += 1) bytes[i] = Math.floor(Math.random() * 256);
  }
  return bytes;
}

function encodeBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function decodeBase64Url(text: string): Uint8Array {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

function encodeJson(value: unknown): string {
  return encodeBase64Url(new TextEncoder().encode(JSON.stringify(value)));
}

function decodeJsonObject(part: string): Record<string, unknown> | undefined {
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(part)) return undefined;
  try {
    const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(decodeBase64Url(part)));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A JWT-shaped client token (header.payload.signature, base64url) carrying the given claims (defaults:
 * a fresh `session_id`, `base_url`, `purchase_country` 'DE', `environment` 'playground', `region` 'eu',
 * `session_type` 'PAYMENTS'; a claim set to `undefined` is left out).
 */
export function fakeClientToken(claims: Record<string, unknown> = {}): string {
  const header = { alg: 'RS256', kid: randomUuid() };
  const payload = { session_id: randomUuid(), ...DEFAULT_CLIENT_TOKEN_CLAIMS, ...claims };
  return `${encodeJson(header)}.${encodeJson(payload)}.${encodeBase64Url(randomBytes(32))}`;
}

/** Reads the claims of a JWT-shaped client token, or undefined when it is not one. */
export function decodeClientToken(token: string): Record<string, unknown> | undefined {
  if (typeof token !== 'string' || token.length > 4096) return undefined;
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [header, payload, signature] = parts as [string, string, string];
  if (!/^[A-Za-z0-9_-]*={0,2}$/.test(signature)) return undefined;
  if (decodeJsonObject(header) === undefined) return undefined;
  return decodeJsonObject(payload);
}
