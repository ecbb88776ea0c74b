/**
 * The simulator's browser side, reserved for the task that builds it: `GET /kp/lib/v1/api.js` (the
 * `window.Klarna.Payments` stand-in) and `GET /kp/widget/{region}/…` (the widget iframe, whose origin is
 * the client token's `base_url`). Until then every such path answers 404. Responses get open CORS.
 * To serve a file, return `{ status: 200, headers: { 'Content-Type': 'text/javascript' }, text }`.
 */
import type { SimulatorResponse } from './simulator-response.js';
import type { SimulatorState } from './simulator-state.js';

/** Answers a `/kp/…` request, or returns undefined for "not served" (the server then sends 404). */
export function handleBrowserLibraryRequest(method: string, path: string, state: SimulatorState): SimulatorResponse | undefined {
  void method;
  void path;
  void state;
  return undefined;
}
