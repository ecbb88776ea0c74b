/**
 * Small helpers the simulator's widget and overlay pages share (they run on the simulator's origin,
 * as ES modules next to this file). No DOM access at import time.
 */

/** The `klarna-simulator` query parameters of a page URL, as strings ('' when missing). */
export function readPageQuery(search: string): Record<string, string> {
  const params = new URLSearchParams(search);
  const read = (name: string): string => params.get(name) ?? '';
  return {
    session_id: read('session_id'),
    category: read('category'),
    instance: read('instance'),
    mode: read('mode'),
    parent_origin: read('parent_origin'),
  };
}

/** An amount in minor units as the shopper reads it (`100,00 €` for 10000 EUR in de-DE). */
export function formatAmount(minorUnits: unknown, currency: unknown, locale: unknown): string {
  if (typeof minorUnits !== 'number' || !Number.isFinite(minorUnits)) return '';
  const code = typeof currency === 'string' && /^[A-Za-z]{3}$/.test(currency) ? currency.toUpperCase() : undefined;
  const tag = typeof locale === 'string' && locale !== '' ? locale : 'en-US';
  if (code === undefined) return (minorUnits / 100).toFixed(2);
  try {
    const format = new Intl.NumberFormat(tag, { style: 'currency', currency: code });
    const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
    return format.format(minorUnits / 10 ** digits);
  } catch {
    return `${(minorUnits / 100).toFixed(2)} ${code}`;
  }
}

/** The claims of a JWT-shaped client token (payload only; the signature is not checked), or {}. */
export function readTokenClaims(token: unknown): Record<string, unknown> {
  if (typeof token !== 'string') return {};
  const payload = token.split('.')[1];
  if (payload === undefined) return {};
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
    const text = new TextDecoder().decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The session as `GET /simulator/v1/sessions/:id` describes it (what the pages render). */
export interface PublicSessionInfo {
  session_id: string;
  status: string;
  purchase_country?: string;
  purchase_currency?: string;
  locale?: string;
  order_amount?: number;
  order_lines?: Array<{ name?: string; quantity?: number; total_amount?: number }>;
  payment_method_categories: Array<{ identifier: string; name?: string }>;
}

/** The URL of a simulator path (`/simulator/v1/…`) on this page's origin, relative to where this module is served (`/kp/widget/assets/`). */
export function simulatorUrl(path: string): string {
  return new URL(`../../..${path}`, import.meta.url).href;
}

/** Reads the public session info from the simulator (same origin), or undefined when it has none. */
export async function fetchSessionInfo(sessionId: string): Promise<PublicSessionInfo | undefined> {
  if (sessionId === '') return undefined;
  try {
    const response = await fetch(simulatorUrl(`/simulator/v1/sessions/${encodeURIComponent(sessionId)}`), { headers: { Accept: 'application/json' } });
    if (!response.ok) return undefined;
    return (await response.json()) as PublicSessionInfo;
  } catch {
    return undefined;
  }
}
