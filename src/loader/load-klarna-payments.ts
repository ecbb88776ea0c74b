import type { KlarnaPayments } from './klarna-types.js';
import { KlarnaLoadError, type KlarnaLoadErrorReason } from './klarna-load-error.js';
import { onKlarnaReady } from './klarna-ready-callback.js';

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

/** Defaults of the numeric options. */
const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_RETRIES = 2;
const DEFAULT_RETRY_DELAY_MS = 500;
/**
 * After the script's `load` event without `window.Klarna.Payments`, how long to wait for Klarna's
 * `klarnaAsyncCallback` before calling it `missing-global` (the library may finish setting up a moment later).
 */
const MISSING_GLOBAL_GRACE_MS = 500;
/** After an `error` event, how long to wait for the `securitypolicyviolation` event that would make it `blocked`. */
const VIOLATION_REPORT_GRACE_MS = 50;

/** Failures that another attempt may fix. */
const RETRYABLE_REASONS: ReadonlySet<KlarnaLoadErrorReason> = new Set(['network', 'timeout']);

/** One load per absolute src, shared by every concurrent caller; removed again when it fails. */
const loadsBySrc = new Map<string, Promise<KlarnaPayments>>();

/** The validated options, defaults applied. */
interface LoadSettings {
  src: string;
  nonce: string | undefined;
  timeoutMs: number;
  retries: number;
  retryDelayMs: number;
}

/** Why one attempt failed; turned into a `KlarnaLoadError` once no retry is left. */
class AttemptFailure {
  constructor(
    readonly reason: KlarnaLoadErrorReason,
    readonly cause?: unknown,
  ) {}
}

/** Validates the caller's options and applies the defaults; throws a `TypeError`/`RangeError` naming the bad value. */
function readOptions(options: LoadKlarnaPaymentsOptions): LoadSettings {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(
      `loadKlarnaPayments() expects an options object or nothing, but received ${String(options)}. Pass e.g. { timeoutMs: 10000 }.`,
    );
  }
  const { src = KLARNA_PAYMENTS_SRC, nonce, timeoutMs = DEFAULT_TIMEOUT_MS } = options;
  const { retries = DEFAULT_RETRIES, retryDelayMs = DEFAULT_RETRY_DELAY_MS } = options;
  if (typeof src !== 'string' || src.trim() === '') {
    throw new TypeError(
      `The src option must be a non-empty URL string, but received ${JSON.stringify(src)}. Omit it to use ${KLARNA_PAYMENTS_SRC}.`,
    );
  }
  if (nonce !== undefined && typeof nonce !== 'string') {
    throw new TypeError(`The nonce option must be a string, but received a ${typeof nonce}. Pass the nonce of your CSP header.`);
  }
  if (typeof timeoutMs !== 'number' || !(timeoutMs > 0) || !Number.isFinite(timeoutMs)) {
    throw new RangeError(
      `The timeoutMs option must be a positive number of milliseconds, but received ${String(timeoutMs)}. Omit it to use ${DEFAULT_TIMEOUT_MS}.`,
    );
  }
  if (typeof retries !== 'number' || !Number.isInteger(retries) || retries < 0) {
    throw new RangeError(
      `The retries option must be a whole number of 0 or more, but received ${String(retries)}. Omit it to use ${DEFAULT_RETRIES}.`,
    );
  }
  if (typeof retryDelayMs !== 'number' || !(retryDelayMs >= 0) || !Number.isFinite(retryDelayMs)) {
    throw new RangeError(
      `The retryDelayMs option must be 0 or more milliseconds, but received ${String(retryDelayMs)}. Omit it to use ${DEFAULT_RETRY_DELAY_MS}.`,
    );
  }
  return { src, nonce, timeoutMs, retries, retryDelayMs };
}

/** `window.Klarna.Payments` when Klarna's library is ready, else `undefined`. */
function readyKlarnaPayments(): KlarnaPayments | undefined {
  return window.Klarna?.Payments ?? undefined;
}

/** Resolves `src` against the page, throwing a `TypeError` that names it when it is not a URL. */
function absoluteSrc(src: string): string {
  try {
    return new URL(src, document.baseURI).href;
  } catch (cause) {
    throw new TypeError(`The src option ${JSON.stringify(src)} is not a valid URL. Omit it to use ${KLARNA_PAYMENTS_SRC}.`, {
      cause,
    });
  }
}

/** A `<script src>` already in the document whose absolute URL is `src`, if any. */
function findScript(src: string): HTMLScriptElement | undefined {
  for (const script of document.querySelectorAll<HTMLScriptElement>('script[src]')) {
    if (script.src === src) return script;
  }
  return undefined;
}

/** Whether a CSP violation's `blockedURI` names `src` (browsers report the full URL, or only its origin after a redirect). */
function violationConcernsSrc(blockedURI: string, src: string): boolean {
  if (!blockedURI) return false;
  if (blockedURI === src) return true;
  try {
    const blocked = new URL(blockedURI);
    const wanted = new URL(src);
    blocked.hash = '';
    wanted.hash = '';
    if (blocked.href === wanted.href) return true;
    return blocked.origin === wanted.origin && blocked.pathname === '/' && blocked.search === '';
  } catch {
    return false;
  }
}

/** Waits `ms` milliseconds. */
function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Back-off before attempt `attempt + 1`: `retryDelayMs · 2^(attempt-1)`, with up to half of it as jitter. */
function backoffDelay(retryDelayMs: number, attempt: number): number {
  const base = retryDelayMs * 2 ** (attempt - 1);
  return base / 2 + (Math.random() * base) / 2;
}

/**
 * One attempt: adopt the tag already on the page or insert one, then settle on Klarna's ready callback,
 * the `load` event (checking the global), `error` (network, or blocked when CSP reported it), or the time-out.
 * On failure the tag is removed, so the next attempt starts from a clean page.
 */
function loadOnce(src: string, settings: LoadSettings): Promise<KlarnaPayments> {
  return new Promise<KlarnaPayments>((resolve, reject) => {
    const adopted = findScript(src);
    const script = adopted ?? document.createElement('script');
    const timers: ReturnType<typeof setTimeout>[] = [];
    let settled = false;
    let violation: SecurityPolicyViolationEvent | undefined;

    const cleanUp = (): void => {
      settled = true;
      for (const timer of timers) clearTimeout(timer);
      stopWaitingForReady();
      script.removeEventListener('load', onLoad);
      script.removeEventListener('error', onError);
      document.removeEventListener('securitypolicyviolation', onViolation, true);
    };
    const succeed = (payments: KlarnaPayments): void => {
      if (settled) return;
      cleanUp();
      resolve(payments);
    };
    const fail = (reason: KlarnaLoadErrorReason, cause?: unknown): void => {
      if (settled) return;
      cleanUp();
      script.remove();
      reject(new AttemptFailure(reason, cause));
    };
    const succeedIfReady = (): boolean => {
      const payments = readyKlarnaPayments();
      if (payments) succeed(payments);
      return payments !== undefined;
    };

    function onLoad(): void {
      if (succeedIfReady()) return;
      timers.push(setTimeout(() => succeedIfReady() || fail('missing-global'), MISSING_GLOBAL_GRACE_MS));
    }
    function onError(event: Event): void {
      if (violation) return fail('blocked', violation);
      timers.push(setTimeout(() => (violation ? fail('blocked', violation) : fail('network', event)), VIOLATION_REPORT_GRACE_MS));
    }
    function onViolation(event: SecurityPolicyViolationEvent): void {
      if (event.disposition === 'report') return; // report-only policies do not block anything
      if (event.target !== script && !violationConcernsSrc(event.blockedURI, src)) return;
      violation = event;
      fail('blocked', event);
    }

    const stopWaitingForReady = onKlarnaReady(succeedIfReady);
    script.addEventListener('load', onLoad);
    script.addEventListener('error', onError);
    document.addEventListener('securitypolicyviolation', onViolation, true);
    timers.push(setTimeout(() => fail('timeout'), settings.timeoutMs));

    if (!adopted) {
      script.async = true;
      if (settings.nonce !== undefined) script.nonce = settings.nonce;
      script.src = src;
      (document.head ?? document.body ?? document.documentElement).appendChild(script);
    }
  });
}

/** Runs attempts until one succeeds, a non-retryable failure occurs, or `retries` are used up. */
async function loadWithRetries(src: string, settings: LoadSettings): Promise<KlarnaPayments> {
  for (let attempt = 1; ; attempt++) {
    const alreadyReady = readyKlarnaPayments(); // e.g. a timed-out script that ran late
    if (alreadyReady) return alreadyReady;
    try {
      return await loadOnce(src, settings);
    } catch (failure) {
      if (!(failure instanceof AttemptFailure)) throw failure;
      if (!RETRYABLE_REASONS.has(failure.reason) || attempt > settings.retries) {
        throw new KlarnaLoadError(failure.reason, {
          src,
          attempts: attempt,
          timeoutMs: settings.timeoutMs,
          cause: failure.cause,
        });
      }
      await sleep(backoffDelay(settings.retryDelayMs, attempt));
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
  const settings = readOptions(options);
  if (typeof window === 'undefined' || typeof document === 'undefined') {
    throw new KlarnaLoadError('no-dom', { src: settings.src, attempts: 0 });
  }
  const ready = readyKlarnaPayments();
  if (ready) return ready;

  const src = absoluteSrc(settings.src);
  const inFlight = loadsBySrc.get(src);
  if (inFlight) return inFlight;

  const load = loadWithRetries(src, settings);
  loadsBySrc.set(src, load);
  load.catch(() => {
    if (loadsBySrc.get(src) === load) loadsBySrc.delete(src);
  });
  return load;
}
