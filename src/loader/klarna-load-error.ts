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

/** The host part of a URL (`https://x.klarnacdn.net`), or the text itself when it is not a URL. */
function originOf(src: string): string {
  try {
    return new URL(src).origin;
  } catch {
    return src;
  }
}

/** "after 3 attempts" or "" for a single attempt. */
function attemptsNote(attempts: number | undefined): string {
  return attempts !== undefined && attempts > 1 ? ` after ${attempts} attempts` : '';
}

/** The full-sentence message for one reason: what happened, to which src, and what to do. */
function describeLoadFailure(reason: KlarnaLoadErrorReason, details: KlarnaLoadErrorDetails): string {
  const { src, attempts, timeoutMs } = details;
  switch (reason) {
    case 'network':
      return (
        `Klarna's library could not be downloaded from ${src}${attemptsNote(attempts)}. ` +
        'Check the network connection and that the src option is right; the browser console shows the failed request.'
      );
    case 'timeout':
      return (
        `Klarna's library at ${src} did not load within ${timeoutMs ?? 'the allowed'} ms${attemptsNote(attempts)}. ` +
        'Check the network connection, or raise the timeoutMs option.'
      );
    case 'blocked':
      return (
        `The page's Content Security Policy blocked Klarna's library at ${src}. ` +
        `Add ${originOf(src)} to the script-src directive of the policy (see the loader's CSP notes in the README).`
      );
    case 'missing-global':
      return (
        `The script at ${src} loaded but did not define window.Klarna.Payments. ` +
        "Check that the src option points at Klarna's Payments library (https://x.klarnacdn.net/kp/lib/v1/api.js) " +
        'and that nothing on the page overwrites window.Klarna.'
      );
    case 'no-dom':
      return (
        `loadKlarnaPayments() was called where there is no document (for example on a server), so ${src} cannot be loaded. ` +
        'Call it only in the browser, e.g. from connectedCallback or a useEffect hook.'
      );
  }
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

  /** Builds the error and its message from the reason and what the loader observed. */
  constructor(reason: KlarnaLoadErrorReason, details: KlarnaLoadErrorDetails) {
    super(
      describeLoadFailure(reason, details),
      details.cause === undefined ? undefined : { cause: details.cause },
    );
    this.reason = reason;
    this.src = details.src;
    this.attempts = details.attempts ?? 0;
  }
}
