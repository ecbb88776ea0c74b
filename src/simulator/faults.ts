/**
 * Fault injection per route (klarna-spec.md §11.13): error statuses, latency, dropped connections,
 * hanging requests and "committed but response lost", for the next N matching calls.
 */
import { routeMatches } from './route-pattern.js';

/** One injected fault. */
export interface SimulatorFault {
  /**
   * `'POST /payments/v1/sessions'`, `'POST /ordermanagement/v1/orders/:id/captures'`, `'GET *'` or `'*'`;
   * or `'POST merchant_urls.authorization'`, the authorization callback (only `drop`, `hang`, `latencyMs`,
   * `times` and `probability` apply there; wildcards never match it).
   */
  route: string;
  /** Answer with this status instead of running the route (500, 502, 503, 504, 429, 403 …). */
  status?: number;
  /** The JSON body to send with `status` (default: Klarna's error for that status; 403 has none). */
  body?: unknown;
  /** Extra response headers. */
  headers?: Record<string, string>;
  /** How many matching calls this fault hits (default 1; `Infinity` for every call). */
  times?: number;
  /** Chance (0–1) that a matching call is hit (default 1). */
  probability?: number;
  /** Delay in real milliseconds before anything else happens. */
  latencyMs?: number;
  /** Destroy the socket without running the route. */
  drop?: boolean;
  /** Never answer (the connection stays open until the client gives up or the simulator stops). */
  hang?: boolean;
  /** Run the route (its effects commit), then destroy the socket instead of answering. */
  commitThenDrop?: boolean;
  /** `Retry-After` header value in seconds (useful with 429 and 503). */
  retryAfter?: number;
  /** Only for this region (`eu`, `na`, `oc`). */
  region?: string;
  /** Only for this environment (`playground`, `production`). */
  environment?: string;
}

/** The fault registry of a running simulator. */
export interface SimulatorFaults {
  /** Adds a fault; returns a function that removes it. */
  add(fault: SimulatorFault): () => void;
  /** Removes every fault. */
  clear(): void;
  /** The faults still active. */
  readonly list: readonly SimulatorFault[];
}

/** The registry plus the server's side: take the fault for a request (counting it down). */
export interface FaultRegistry extends SimulatorFaults {
  /** Returns the fault that hits this request, consuming one of its `times`. */
  take(method: string, path: string, region?: string, environment?: string): SimulatorFault | undefined;
  /** Returns the fault added for exactly this pseudo-route (no wildcards, no region), consuming one of its `times`. */
  takeExact(route: string): SimulatorFault | undefined;
}

const normalizeRoute = (route: string): string => {
  const trimmed = route.trim();
  const space = trimmed.indexOf(' ');
  return space < 0 ? trimmed : `${trimmed.slice(0, space).toUpperCase()} ${trimmed.slice(space + 1).trim()}`;
};

/** Creates an empty fault registry. */
export function createFaultRegistry(random: () => number = Math.random): FaultRegistry {
  const active: Array<{ fault: SimulatorFault; left: number }> = [];
  return {
    add(fault: SimulatorFault) {
      if (!fault || typeof fault.route !== 'string' || fault.route.trim() === '') {
        throw new TypeError(
          `faults.add() needs a route such as 'POST /payments/v1/sessions' or '*'; received ${JSON.stringify(fault?.route)}.`,
        );
      }
      const times = fault.times ?? 1;
      if (!(times > 0)) throw new RangeError(`faults.add() times must be a positive number or Infinity; received ${String(fault.times)}.`);
      const entry = { fault: { ...fault }, left: times };
      active.push(entry);
      return () => {
        const index = active.indexOf(entry);
        if (index >= 0) active.splice(index, 1);
      };
    },
    clear() {
      active.length = 0;
    },
    get list() {
      return active.map((entry) => entry.fault);
    },
    take(method, path, region, environment) {
      for (const entry of active) {
        const { fault } = entry;
        const rest = region === undefined && fault.route.trim() === '*';
        if (rest) continue; // `*` covers the Klarna REST routes only, not the simulator's own hooks
        if (fault.region !== undefined && fault.region !== region) continue;
        if (fault.environment !== undefined && fault.environment !== environment) continue;
        if (!routeMatches(fault.route, method, path)) continue;
        if (fault.probability !== undefined && random() >= fault.probability) continue;
        entry.left -= 1;
        if (entry.left <= 0) active.splice(active.indexOf(entry), 1);
        return fault;
      }
      return undefined;
    },
    takeExact(route) {
      const wanted = normalizeRoute(route);
      for (const entry of active) {
        const { fault } = entry;
        if (normalizeRoute(fault.route) !== wanted) continue;
        if (fault.probability !== undefined && random() >= fault.probability) continue;
        entry.left -= 1;
        if (entry.left <= 0) active.splice(active.indexOf(entry), 1);
        return fault;
      }
      return undefined;
    },
  };
}
