/** What a simulator route receives, and how routes are declared. */
import type { KlarnaEnvironment, KlarnaRegion } from '../server/markets.js';
import type { SimulatorResponse } from './simulator-response.js';
import type { SimulatorState } from './simulator-state.js';

/** One authenticated Klarna REST request inside a region/environment. */
export interface RouteContext {
  method: string;
  /** Path inside the region/environment, e.g. `/payments/v1/sessions`. */
  path: string;
  /** Named path parameters of the route pattern. */
  params: Record<string, string>;
  /** Parsed JSON body (undefined when empty). */
  body: unknown;
  region: KlarnaRegion;
  environment: KlarnaEnvironment;
  /** `${url}/${region}/${environment}`: the base of `Location` headers. */
  apiBaseUrl: string;
  /** The simulator clock's time when the request is handled. */
  now: number;
  state: SimulatorState;
}

/** A REST route: method, path pattern, and whether `Klarna-Idempotency-Key` applies. */
export interface RouteDefinition {
  method: string;
  pattern: string;
  idempotent?: boolean;
  handle(context: RouteContext): SimulatorResponse;
}
