/**
 * The loader's development-only help: the long messages of `loadKlarnaPayments()`'s errors. Reached only through
 * `#dev-mode` under the `development` condition (`src/dev-mode.development.ts`), so no production bundle holds it.
 */
import { describeValue } from '../errors/describe-value.js';
import type { KlarnaLoadErrorDetails, KlarnaLoadErrorReason } from './klarna-load-error.js';

/** What each option of `loadKlarnaPayments()` must be. */
const EXPECTED_OPTIONS: Record<string, string> = {
  options: 'an object or nothing',
  src: 'a non-empty URL string',
  nonce: 'a string',
  timeoutMs: 'a positive number of milliseconds',
  retries: 'a whole number of 0 or more',
  retryDelayMs: '0 or more milliseconds',
};

/** Where the offline simulator serves its stand-in for Klarna's library, with the CLI's default port. */
const SIMULATOR_LIBRARY_HINT =
  'To work offline, run the Klarna simulator (npx klarna-simulator) and load its library instead: ' +
  'library-src="http://localhost:4010/kp/lib/v1/api.js" on the element, or the src option of loadKlarnaPayments() ' +
  '(see docs/simulator.md).';

/** A bad option of `loadKlarnaPayments()`: what it must be, the value received and the fix. */
export function describeLoaderOption(name: string, value: unknown): string {
  return `The ${name} option must be ${EXPECTED_OPTIONS[name]}, but received ${describeValue(value)}; omit it for the default.`;
}

/** A `src` option that is no URL, even against the page's address. */
export function describeLoaderSource(value: unknown): string {
  return `The src option must be a valid URL, but received ${describeValue(value)}.`;
}

/** Why Klarna's library did not load: the URL that failed (and after how many attempts), then what to do. */
export function describeLoadFailure(reason: KlarnaLoadErrorReason, { src, attempts = 0, timeoutMs }: KlarnaLoadErrorDetails): string {
  const library = `Klarna's library at ${src}`;
  const after = attempts > 1 ? ` after ${attempts} attempts` : '';
  // The origin (scheme, host, port) is what a script-src directive lists.
  const origin = /^[^:/]+:\/\/[^/?#]+/.exec(src)?.[0] ?? src;
  switch (reason) {
    case 'network':
      return `${library} failed to download${after}; check the network connection and the URL. ${SIMULATOR_LIBRARY_HINT}`;
    case 'timeout':
      return `${library} did not load within ${timeoutMs} ms${after}; check the network connection or raise the timeoutMs option. ${SIMULATOR_LIBRARY_HINT}`;
    case 'blocked':
      return `Add ${origin} to the script-src of the page's Content Security Policy, which blocked ${library}.`;
    case 'missing-global':
      return `${library} did not define window.Klarna.Payments; check that the URL is Klarna's Payments library (or the simulator's).`;
    case 'no-dom':
      return `${library} cannot load with no document; call loadKlarnaPayments() only in the browser.`;
  }
}
