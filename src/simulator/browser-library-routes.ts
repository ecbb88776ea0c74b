/**
 * The simulator's browser side: `GET /kp/lib/v1/api.js` (the `window.Klarna.Payments` stand-in) and
 * `GET /kp/widget/{region}/…` (the widget and consent-overlay pages, whose origin is the client token's
 * `base_url`), served from src/simulator/browser/ (browser-assets.ts). Responses get open CORS.
 */
import { serveSimulatorBrowserFile } from './browser/browser-assets.js';
import type { SimulatorResponse } from './simulator-response.js';
import type { SimulatorState } from './simulator-state.js';

/** Answers a `/kp/…` request, or returns undefined for "not served" (the server then sends 404). */
export function handleBrowserLibraryRequest(method: string, path: string, state: SimulatorState): SimulatorResponse | undefined {
  void state;
  return serveSimulatorBrowserFile(method, path);
}
