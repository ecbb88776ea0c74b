import { describeLoadFailure } from '#dev-mode';
import { KlarnaError } from '../errors/klarna-error.js';

/**
 * Why Klarna's library could not be loaded:
 * - `network`: the script request failed (offline, DNS, 4xx/5xx); retried.
 * - `timeout`: the script did not load within `timeoutMs`; retried.
 * - `blocked`: the page's Content Security Policy refused the script; never retried.
 * - `missing-global`: the script ran but did not define `window.Klarna.Payments`; never retried.
 * - `no-dom`: called where there is no `document` (a server, a worker).
 */
export type KlarnaLoadErrorReason = 'network' | 'timeout' | 'blocked' | 'missing-global' | 'no-dom';

/** Every `KlarnaLoadErrorReason`, in documentation order. */
export const KLARNA_LOAD_ERROR_REASONS: readonly KlarnaLoadErrorReason[] = Object.freeze([
  'network',
  'timeout',
  'blocked',
  'missing-global',
  'no-dom',
]);

/** What the loader knows about a failure when it builds the error. */
export interface KlarnaLoadErrorDetails {
  /** The absolute URL of the script that failed. */
  src: string;
  /** How many times the script was requested (1 + retries made); 0 when none was. */
  attempts?: number;
  /** The per-attempt time limit, quoted in `timeout` messages. */
  timeoutMs?: number;
  /** The underlying event or error, when there is one. */
  cause?: unknown;
}

/**
 * Thrown (as a rejection) by `loadKlarnaPayments()` when Klarna's library cannot be made available.
 * Branch on `reason`; `src` is the URL that failed; `cause` holds the underlying event or error.
 */
export class KlarnaLoadError extends KlarnaError {
  /** Always `'KlarnaLoadError'`. */
  override name = 'KlarnaLoadError' as const;
  /** Why loading failed; see `KlarnaLoadErrorReason`. */
  readonly reason: KlarnaLoadErrorReason;
  /** The absolute URL of Klarna's library that failed to load. */
  readonly src: string;
  /** How many times the script was requested before giving up (0 for `no-dom`). */
  readonly attempts: number;
  /** True for `network` and `timeout`: loading again later may succeed (the loader retries these itself first). */
  readonly retryable: boolean;

  /**
   * Builds the error and its message from the reason and what the loader observed. Both builds name the URL that
   * failed; the development build adds what to do (for a download that failed, the offline simulator's library).
   */
  constructor(reason: KlarnaLoadErrorReason, details: KlarnaLoadErrorDetails) {
    super(
      describeLoadFailure?.(reason, details) ?? `Could not load ${details.src}: ${reason}.`,
      details.cause === undefined ? undefined : details,
    );
    this.reason = reason;
    this.src = details.src;
    this.attempts = details.attempts ?? 0;
    this.retryable = reason === 'network' || reason === 'timeout';
  }
}
