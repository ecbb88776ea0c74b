/**
 * The entry of the simulator's `api.js` (rollup bundles it into `dist/simulator/browser/klarna-payments-api.js`,
 * a classic IIFE script): run in a browser, it installs `window.Klarna.Payments` and calls
 * `window.klarnaAsyncCallback`, like Klarna's library. Imported without a DOM (Node), it does nothing.
 */
import { installSimulatorKlarnaLibrary } from './simulator-library.js';

if (typeof window !== 'undefined' && typeof document !== 'undefined' && typeof window.addEventListener === 'function') {
  const script = document.currentScript;
  installSimulatorKlarnaLibrary(window, script instanceof HTMLScriptElement ? script.src : undefined);
}
