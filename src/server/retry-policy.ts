/**
 * When and how long the server client waits before retrying (stripe-node `RequestSender.ts` style):
 * capped exponential backoff with jitter, honouring a capped `Retry-After`.
 */

/** How a call may be retried. */
export const RetryMode = {
  /** GETs and Order Management POST/PATCH carrying a `Klarna-Idempotency-Key`. */
  Safe: 'safe',
  /** Payments POSTs and DELETE: never retried automatically (Klarna documents no idempotency there). */
  Never: 'never',
} as const;
export type RetryMode = (typeof RetryMode)[keyof typeof RetryMode];

/** The numbers behind the backoff. */
export interface RetrySettings {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** Delay before the first retry, doubled each time. */
  baseDelayMs: number;
  /** Upper bound of one backoff delay and of an honoured `Retry-After`. */
  maxDelayMs: number;
}

/** True for HTTP statuses worth retrying on a safe call: 429 and every 5xx. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599);
}

/**
 * Milliseconds asked for by a `Retry-After` header (delta-seconds or an HTTP date), or undefined when
 * absent or unreadable. A date in the past gives 0.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value == null) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/**
 * The wait before retry number `retry` (1 for the first retry): `Retry-After` when given (capped at
 * `maxDelayMs`), otherwise `baseDelayMs · 2^(retry-1)` capped at `maxDelayMs`, jittered down by up to 50 %.
 */
export function retryDelayMs(
  retry: number,
  settings: RetrySettings,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, settings.maxDelayMs);
  const exponential = Math.min(settings.baseDelayMs * 2 ** Math.max(0, retry - 1), settings.maxDelayMs);
  return Math.round(exponential * (1 - 0.5 * random()));
}
