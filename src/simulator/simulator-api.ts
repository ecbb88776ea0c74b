/** The public shape of a running simulator and of its options. */
import type { PaymentMethodCategory } from '../protocol/index.js';
import type { KlarnaEnvironment, KlarnaRegion } from '../server/markets.js';
import type { AuthorizationCallbackDelivery } from './authorization-callback.js';
import type { SimulatorAuthorizeInput, SimulatorAuthorizeResult } from './authorization-hook.js';
import type { TimeSource } from './clock.js';
import type { SimulatorAccountCredentials, SimulatorCredentials } from './credentials.js';
import type { SimulatorFaults } from './faults.js';
import type { SimulatorLimits } from './record-limits.js';
import type { RequestLog } from './request-log.js';
import type { SimulatorAuthorization, SimulatorOrder, SimulatorSession } from './simulator-state.js';

/** Options of `startKlarnaSimulator`. */
export interface StartKlarnaSimulatorOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Interface to listen on; default `127.0.0.1`. */
  host?: string;
  /** Per region/environment overrides of `DEFAULT_SIMULATOR_CREDENTIALS`. */
  credentials?: Partial<Record<KlarnaRegion, Partial<Record<KlarnaEnvironment, Partial<SimulatorAccountCredentials>>>>>;
  /** Time source behind every lifetime; default the system clock. `advanceTime`/`setTime` move on top of it. */
  clock?: TimeSource;
  /** Categories new sessions offer: identifiers or full objects. Default `klarna` ("Pay with Klarna"). */
  paymentMethodCategories?: ReadonlyArray<string | PaymentMethodCategory>;
  /** The origin put in client tokens and `Location` headers when the simulator sits behind a proxy. */
  publicUrl?: string;
  /** Time-out of one authorization callback request to `merchant_urls.authorization`, in real ms; default 10000. */
  authorizationCallbackTimeoutMs?: number;
  /** Caps of sessions, authorizations, orders, idempotency keys and logged requests (each default 1000; oldest dropped first). */
  limits?: Partial<SimulatorLimits>;
}

/** Everything the simulator holds, for assertions. */
export interface SimulatorSnapshot {
  sessions: SimulatorSession[];
  authorizations: SimulatorAuthorization[];
  orders: Array<Record<string, unknown>>;
}

/** A running simulator. */
export interface KlarnaSimulator {
  /** Origin of the simulator, e.g. `http://127.0.0.1:4010`. */
  readonly url: string;
  /** The credentials each region/environment accepts. */
  readonly credentials: SimulatorCredentials;
  /** Base URL of a region/environment: `${url}/eu/playground`; append `/payments/v1/…`. */
  baseUrl(region: KlarnaRegion, environment: KlarnaEnvironment): string;
  /** The simulator clock's time (epoch ms). */
  now(): number;
  /** Moves the simulator clock forward by `ms`. */
  advanceTime(ms: number): void;
  /** Sets the simulator clock to epoch `ms`. */
  setTime(ms: number): void;
  /** Fault injection: `faults.add({ route, status, times, latencyMs, drop, hang, commitThenDrop })`, `faults.clear()`. */
  readonly faults: SimulatorFaults;
  /** The newest requests received (`limits.requests`, default 1000; credentials, tokens and callback secrets redacted); `requests.clear()` empties it. */
  readonly requests: RequestLog;
  /** Live sessions by id. */
  readonly sessions: ReadonlyMap<string, SimulatorSession>;
  /** Authorization tokens by token. */
  readonly authorizations: ReadonlyMap<string, SimulatorAuthorization>;
  /** Orders by id. */
  readonly orders: ReadonlyMap<string, SimulatorOrder>;
  /** Categories offered by sessions created from now on (settable). */
  paymentMethodCategories: PaymentMethodCategory[];
  /** A deep copy of sessions, authorizations and orders (orders in their read-model form); client and authorization tokens and `merchant_urls` query strings show as `[redacted]`. */
  inspect(): SimulatorSnapshot;
  /** Forgets sessions, tokens, orders, idempotency keys, faults, logged requests and authorization callbacks. */
  reset(): void;
  /** Every authorization callback sent, held or refused, oldest first (no tokens; the URL's query string redacted). */
  authorizationCallbacks(): AuthorizationCallbackDelivery[];
  /** Resolves with the oldest settled callback (of `sessionId`, if given) not returned before; rejects after `timeoutMs` (default 15000). */
  waitForAuthorizationCallback(sessionId?: string, options?: { timeoutMs?: number }): Promise<AuthorizationCallbackDelivery>;
  /** Sends the callbacks a `hang` fault on `'POST merchant_urls.authorization'` held back (of `sessionId`, if given); returns how many. */
  releaseAuthorizationCallbacks(sessionId?: string): number;
  /** Authorizes a session as the widget would (no browser needed); throws `KlarnaSimulatorError` on an unknown or completed session. */
  authorize(input: SimulatorAuthorizeInput): Promise<SimulatorAuthorizeResult>;
  /** Finalizes an `authorize({ auto_finalize: false })`. */
  finalize(input: SimulatorAuthorizeInput): Promise<SimulatorAuthorizeResult>;
  /** Test hook: closes an order (status CLOSED, every write refused). */
  closeOrder(orderId: string): void;
  /** Test hook: expires an order's authorization now (status EXPIRED). */
  expireOrder(orderId: string): void;
  /** Test hook: sets an order's `fraud_status` (e.g. from PENDING to ACCEPTED or REJECTED). */
  setFraudStatus(orderId: string, fraudStatus: 'ACCEPTED' | 'PENDING' | 'REJECTED'): void;
  /** Test hook: marks a session completed as if an order was placed from the authorization callback. */
  completeSession(sessionId: string): void;
  /** Stops the server and closes every open connection. */
  stop(): Promise<void>;
}
