/**
 * Who may use the simulator's test and inspection endpoints (`/simulator/v1/…`): the simulator's own
 * pages and callers on this machine. A request is refused (403) when its `Host` is foreign (DNS
 * rebinding), when a browser says it comes from another site, or when it arrives from another machine
 * without being same-origin. Answers carry CORS headers only for loopback origins, never `*`.
 */
import { isLoopbackAddress, hostnameOf, KLARNA_API_HOSTS, LOOPBACK_HOSTS } from './klarna-hosts.js';
import { klarnaError, type SimulatorResponse } from './simulator-response.js';

/** What the guard looks at. */
export interface InspectionRequest {
  method: string;
  host: string | undefined;
  origin: string | undefined;
  /** The `Sec-Fetch-Site` header browsers send (`same-origin`, `same-site`, `cross-site`, `none`). */
  fetchSite: string | undefined;
  contentType: string | undefined;
  remoteAddress: string | undefined;
  /** The simulator's public origin (`state.url`). */
  simulatorOrigin: string;
}

/** True for an `http(s)://` origin on localhost, 127.0.0.1 or [::1]. */
export function isLoopbackOrigin(origin: string): boolean {
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK_HOSTS.includes(url.hostname === '::1' ? '[::1]' : url.hostname);
  } catch {
    return false;
  }
}

/** The hostnames `/simulator/v1` answers to: loopback names, Klarna's API hostnames and the simulator's own public host. */
function allowedHostnames(simulatorOrigin: string): string[] {
  const own = hostnameOf(URL.canParse(simulatorOrigin) ? new URL(simulatorOrigin).host : '');
  return [...LOOPBACK_HOSTS, ...Object.keys(KLARNA_API_HOSTS), ...(own === '' ? [] : [own])];
}

/** The CORS headers for this origin: only a loopback origin (or the simulator's own) is named; others get none. */
export function corsHeadersFor(origin: string | undefined, simulatorOrigin: string): Record<string, string> {
  if (origin === undefined || !(origin === simulatorOrigin || isLoopbackOrigin(origin))) return { Vary: 'Origin' };
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
    'Access-Control-Allow-Headers': 'Content-Type',
    'Access-Control-Expose-Headers': 'Klarna-Correlation-Id',
    Vary: 'Origin',
  };
}

const forbidden = (message: string): SimulatorResponse => klarnaError(403, 'FORBIDDEN', message);

/** Klarna-shaped 403 for a request `/simulator/v1` must not answer, or undefined when it may proceed. */
export function refuseInspectionRequest(request: InspectionRequest): SimulatorResponse | undefined {
  const hostname = hostnameOf(request.host);
  if (!allowedHostnames(request.simulatorOrigin).includes(hostname)) {
    return forbidden(
      `The simulator's /simulator/v1 endpoints answer only requests addressed to localhost, 127.0.0.1, [::1], a Klarna API hostname or the simulator's publicUrl; this one was addressed to ${JSON.stringify(hostname)}.`,
    );
  }
  const origin = request.origin;
  const sameOrigin = origin === request.simulatorOrigin || request.fetchSite === 'same-origin';
  if (origin !== undefined && !sameOrigin && !isLoopbackOrigin(origin)) {
    return forbidden(`The simulator's /simulator/v1 endpoints answer only pages on this machine or the simulator's own; this request came from ${JSON.stringify(origin)}.`);
  }
  if (request.fetchSite === 'cross-site' && (origin === undefined || !isLoopbackOrigin(origin))) {
    return forbidden('The simulator\'s /simulator/v1 endpoints refuse cross-site requests from pages that are not on this machine.');
  }
  if (!sameOrigin && !isLoopbackAddress(request.remoteAddress)) {
    return forbidden('The simulator\'s /simulator/v1 endpoints answer only callers on this machine (loopback) or the simulator\'s own pages.');
  }
  const isJson = (request.contentType ?? '').split(';')[0]!.trim().toLowerCase() === 'application/json';
  if (request.method === 'POST' && !isJson && origin !== undefined && !sameOrigin) {
    return forbidden('The simulator\'s /simulator/v1 endpoints accept a POST from a page only with Content-Type: application/json (a cross-origin "simple" text/plain POST is refused).');
  }
  return undefined;
}
