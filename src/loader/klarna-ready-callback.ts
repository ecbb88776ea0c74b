/**
 * Klarna's library calls `window.klarnaAsyncCallback` once it is ready. The page may have set that
 * callback itself, so the loader never replaces it outright: it installs one dispatcher that first runs
 * the page's callback (once) and then tells every waiting load. See klarna-spec.md §2 "Loading".
 */

const readyListeners = new Set<() => void>();
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
  for (const listener of [...readyListeners]) listener();
}

/**
 * Calls `listener` each time Klarna announces readiness through `window.klarnaAsyncCallback`, chaining to
 * (never replacing) a callback the page set. Returns a function that stops listening. Browser only.
 */
export function onKlarnaReady(listener: () => void): () => void {
  const current = window.klarnaAsyncCallback;
  if (current !== dispatchKlarnaReady) {
    pageCallback = current;
    window.klarnaAsyncCallback = dispatchKlarnaReady;
  }
  readyListeners.add(listener);
  return () => void readyListeners.delete(listener);
}
