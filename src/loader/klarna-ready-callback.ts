/**
 * Klarna's library calls `window.klarnaAsyncCallback` once it is ready. The page may have set that
 * callback itself, so the loader never replaces it outright: it installs one dispatcher that first runs
 * the page's callback (once) and then tells every waiting load. See klarna-spec.md §2 "Loading".
 */

/** Where the dispatcher announces readiness to the waiting loads. */
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

/**
 * Calls `listener` each time Klarna announces readiness through `window.klarnaAsyncCallback`, until `signal`
 * aborts, chaining to (never replacing) a callback the page set. Browser only.
 */
export function onKlarnaReady(listener: () => void, signal: AbortSignal): void {
  const current = window.klarnaAsyncCallback;
  if (current !== dispatchKlarnaReady) {
    pageCallback = current;
    window.klarnaAsyncCallback = dispatchKlarnaReady;
  }
  readiness.addEventListener('ready', listener, { signal });
}
