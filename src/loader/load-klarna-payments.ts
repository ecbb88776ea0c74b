import { describeLoaderOption, describeLoaderSource } from '#dev-mode';
import type { KlarnaPayments } from './klarna-types.js';
import { KlarnaLoadError, type KlarnaLoadErrorReason } from './klarna-load-error.js';

/** The URL of Klarna Payments' browser library (the same for playground and production). */
export const KLARNA_PAYMENTS_SRC = 'https://x.klarnacdn.net/kp/lib/v1/api.js';

/** Options of `loadKlarnaPayments()`; every field is optional. */
export interface LoadKlarnaPaymentsOptions {
  /** URL of the library; default `KLARNA_PAYMENTS_SRC`. Relative URLs resolve against the page. */
  src?: string;
  /** CSP nonce put on the injected `<script>` (for a `script-src 'nonce-…'` policy). */
  nonce?: string;
  /** Milliseconds one attempt may take before it counts as a time-out; default 15000. */
  timeoutMs?: number;
  /** Extra attempts after a network failure or time-out (never after `blocked`/`missing-global`); default 2. */
  retries?: number;
  /** Base of the exponential back-off between attempts, in milliseconds; default 500. */
  retryDelayMs?: number;
}

/** The options with their defaults applied. */
type Settings = Required<LoadKlarnaPaymentsOptions>;

/**
 * After the script's `load` event without `window.Klarna.Payments`, how long to wait for Klarna's
 * `klarnaAsyncCallback` before calling it `missing-global` (the library may finish setting up a moment later).
 */
const MISSING_GLOBAL_GRACE_MS = 500;
/** After an `error` event, how long to wait for the `securitypolicyviolation` event that would make it `blocked`. */
const VIOLATION_REPORT_GRACE_MS = 50;

/** One load per absolute src, shared by every concurrent caller; removed again when it fails. */
const loadsBySrc = new Map<string, Promise<KlarnaPayments>>();

/** Validates the options and applies the defaults; throws a `TypeError` (or, for the numbers, a `RangeError`) naming the bad option. */
function checkOptions(options: LoadKlarnaPaymentsOptions): Settings {
  const { src = KLARNA_PAYMENTS_SRC, nonce = '', timeoutMs = 15_000, retries = 2, retryDelayMs = 500 } = Object(options) as LoadKlarnaPaymentsOptions;
  const settings = { src, nonce, timeoutMs, retries, retryDelayMs };
  const check = (name: string, ok: unknown, type = TypeError) => {
    if (!ok) throw type(describeLoaderOption?.(name, { options, ...settings }[name]) ?? `Bad loadKlarnaPayments option ${name}.`);
  };
  check('options', options && typeof options === 'object');
  check('src', typeof src === 'string' && src.trim());
  check('nonce', typeof nonce === 'string');
  check('timeoutMs', timeoutMs > 0 && timeoutMs < Infinity, RangeError);
  check('retries', Number.isInteger(retries) && retries >= 0, RangeError);
  check('retryDelayMs', retryDelayMs >= 0 && retryDelayMs < Infinity, RangeError);
  return settings;
}

/*
 * Klarna's library calls `window.klarnaAsyncCallback` once it is ready. The page may have set that callback
 * itself, so the loader never replaces it outright: it installs one dispatcher that first runs the page's
 * callback (once) and then tells every waiting attempt. See klarna-spec.md §2 "Loading".
 */

/** Where the dispatcher announces readiness to the waiting attempts. */
const readiness = new EventTarget();
let pageCallback: (() => void) | undefined;

/** The function the loader puts in `window.klarnaAsyncCallback`. */
function dispatchKlarnaReady(this: unknown): void {
  const callback = pageCallback;
  pageCallback = undefined;
  try {
    callback?.call(this);
  } catch (error) {
    reportError(error); // the page's bug shows in the console without breaking the loader
  }
  readiness.dispatchEvent(new Event('ready'));
}

/** Puts the dispatcher in `window.klarnaAsyncCallback`, keeping a callback the page set there to run first. */
function chainKlarnaReady(): void {
  const current = window.klarnaAsyncCallback;
  if (current !== dispatchKlarnaReady) {
    pageCallback = current;
    window.klarnaAsyncCallback = dispatchKlarnaReady;
  }
}

/**
 * One attempt: adopt the tag already on the page or insert one, then settle on Klarna's ready callback,
 * the `load` event (checking the global), `error` (network, or blocked when CSP reported it), or the time-out.
 * On failure the tag is removed, so the next attempt starts from a clean page.
 */
function loadOnce(src: string, { nonce, timeoutMs }: Settings, attempts: number): Promise<KlarnaPayments> {
  return new Promise((resolve, reject) => {
    const adopted = [...document.scripts].find((tag) => tag.src === src);
    // A created script is async already (its `async` property says so).
    const script = adopted ?? Object.assign(document.createElement('script'), { nonce, src });
    // Settling aborts `listening`: that removes the attempt's listeners, and its timers then change nothing.
    const listening = new AbortController();
    const { signal } = listening;
    const listen = <E extends Event>(target: EventTarget, type: string, listener: (event: E) => unknown) =>
      target.addEventListener(type, listener as EventListener, { capture: true, signal });
    const succeedIfReady = () => {
      const payments = window.Klarna?.Payments;
      if (payments) {
        listening.abort();
        resolve(payments);
      }
      return payments;
    };
    const fail = (reason: KlarnaLoadErrorReason, cause?: unknown) => {
      if (!signal.aborted) {
        listening.abort();
        script.remove();
        reject(new KlarnaLoadError(reason, { src, attempts, timeoutMs, cause }));
      }
    };

    chainKlarnaReady();
    listen(readiness, 'ready', succeedIfReady);
    listen(script, 'load', () => succeedIfReady() || setTimeout(() => succeedIfReady() || fail('missing-global'), MISSING_GLOBAL_GRACE_MS));
    // A CSP violation reported within the grace period fails the attempt as `blocked` first.
    listen(script, 'error', (event) => setTimeout(fail, VIOLATION_REPORT_GRACE_MS, 'network', event));
    listen(document, 'securitypolicyviolation', (event: SecurityPolicyViolationEvent) => {
      // Report-only policies block nothing; browsers name the full URL, or only its origin after a redirect.
      const blocked = event.blockedURI.replace(/\/$/, '');
      if (event.disposition !== 'report' && (event.target === script || blocked === src || blocked === new URL(src).origin)) fail('blocked', event);
    });
    setTimeout(fail, timeoutMs, 'timeout');
    adopted || document.head.append(script);
  });
}

/** Runs attempts until one succeeds, a non-retryable failure occurs, or `retries` are used up. */
async function loadWithRetries(src: string, settings: Settings): Promise<KlarnaPayments> {
  for (let attempt = 1; ; attempt++) {
    try {
      // A script that timed out may still have run late.
      return window.Klarna?.Payments ?? (await loadOnce(src, settings, attempt));
    } catch (error) {
      if (!(error as KlarnaLoadError).retryable || attempt > settings.retries) {
        loadsBySrc.delete(src); // forget the failure: the next call starts afresh
        throw error;
      }
      // Exponential back-off with jitter: between half and all of retryDelayMs · 2^(attempt-1).
      await new Promise((resolve) => setTimeout(resolve, settings.retryDelayMs * 2 ** (attempt - 2) * (1 + Math.random())));
    }
  }
}

/**
 * Loads Klarna Payments' browser library once and resolves with `window.Klarna.Payments`.
 * Concurrent calls for the same src share one `<script>`; a matching tag already on the page is adopted;
 * an existing global resolves at once. Rejects with a `KlarnaLoadError` (see `reason`); after a failure
 * the tag is removed and the next call starts afresh. Options of calls that join a load in flight are ignored.
 */
export async function loadKlarnaPayments(options: LoadKlarnaPaymentsOptions = {}): Promise<KlarnaPayments> {
  const settings = checkOptions(options);
  if (typeof document === 'undefined') throw new KlarnaLoadError('no-dom', { src: settings.src });
  const ready = window.Klarna?.Payments;
  if (ready) return ready;
  let src: string;
  try {
    src = new URL(settings.src, document.baseURI).href;
  } catch {
    throw new TypeError(describeLoaderSource?.(settings.src) ?? 'Bad loadKlarnaPayments option src.');
  }
  let load = loadsBySrc.get(src);
  if (!load) loadsBySrc.set(src, (load = loadWithRetries(src, settings)));
  return load;
}
