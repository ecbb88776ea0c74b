/**
 * The public shapes of `createCheckoutHandler()`: its options, hooks and events, shared by the modules
 * the handler is built from (routing and sessions, once-only order placement, the authorization callback).
 */
import type { CartInput } from './order-math.js';
import type { KlarnaOrder, MerchantUrls } from './order-types.js';
import type { KlarnaPlacedOrder } from './klarna-api-types.js';
import type { KlarnaPaymentsApi } from './klarna-client.js';
import type { CheckoutStore } from './checkout-store.js';

/** The part of `createKlarnaClient()`'s client the handler uses (a stand-in of this shape will do in tests). */
export interface CheckoutKlarnaClient {
  /**
   * Klarna Payments: create and update sessions, place orders, and read a session (with which the handler
   * checks that an order request's token is the named session's; a stand-in without `readSession` skips
   * that check, with a warning at start-up).
   */
  payments: Pick<KlarnaPaymentsApi, 'createSession' | 'updateSession' | 'placeOrder'> & Partial<Pick<KlarnaPaymentsApi, 'readSession'>>;
}

/** A console-like logger. It never receives credentials or authorization tokens. */
export interface CheckoutLogger {
  /** Routine events (an expired token, a repeated order request). Optional. */
  info?(message: string): void;
  /** Klarna outages and refused carts. */
  warn(message: string): void;
  /** Misconfiguration and unexpected failures that need the merchant's attention. */
  error(message: string): void;
}

/** What `onSessionCreated` receives. */
export interface SessionCreatedEvent {
  sessionId: string;
  /** The order sent to Klarna. */
  order: KlarnaOrder;
  /** The incoming request (read its cookies or headers; its body is already consumed). */
  request: Request;
}

/** Which request placed an order: the browser's `POST …/order` or Klarna's authorization callback. */
export type OrderPlacedBy = 'browser' | 'authorization-callback';

/** What `onOrderPlaced` receives. */
export interface OrderPlacedEvent {
  orderId: string;
  /** The Klarna session the order belongs to (checked with Klarna for the browser's request; Klarna's callback names it). */
  sessionId: string;
  /** The order sent to Klarna, amounts as charged (with the `merchant_reference1` the handler set, if any). */
  order: KlarnaOrder;
  /** Klarna's full answer (`order_id`, `fraud_status` when Klarna sent one, `authorized_payment_method`, …). */
  klarnaResponse: KlarnaPlacedOrder;
  /** Which request placed the order: the browser's order request or Klarna's authorization callback. */
  placedBy: OrderPlacedBy;
  /** The incoming request that placed the order (its body is already consumed). */
  request: Request;
}

/**
 * What `onOrderOutcomeUnknown` receives: Klarna placed the order (it reports the token as consumed after
 * a create-order answer was lost) but no instance learnt its `order_id`. Reconcile by `merchantReference`.
 */
export interface OrderOutcomeUnknownEvent {
  sessionId: string;
  /** The order's `merchant_reference1`: search for it in Klarna's Merchant Portal or settlement report. */
  merchantReference: string;
  /** The order sent to Klarna. */
  order: KlarnaOrder;
  /** The request that found the outcome (its body is already consumed). */
  request: Request;
}

/** Options of `createCheckoutHandler`. */
export interface CheckoutHandlerOptions {
  /** The Klarna client, from `createKlarnaClient()`. */
  klarna: CheckoutKlarnaClient;
  /**
   * Turns the browser's `cart` (any JSON the shop's page sends) into `buildOrder`'s input, pricing every
   * line from the shop's own catalogue. Throw `CartResolutionError` to answer 400 with its message.
   */
  resolveCart(cart: unknown, request: Request): CartInput | Promise<CartInput>;
  /** Klarna `merchant_urls` added to every session and order (the cart's own `merchant_urls` win per field). */
  merchantUrls?: MerchantUrls | ((request: Request) => MerchantUrls);
  /**
   * The absolute public URL of this handler's `…/authorization` route (or a function of the session
   * request returning it). When set, every session gets `merchant_urls.authorization` = this URL plus a
   * one-time secret, and Klarna's callback to it places the order even when the browser never sends it.
   */
  authorizationCallbackUrl?: string | ((request: Request) => string);
  /** Called after Klarna created a session. Errors it throws are logged and do not change the answer. */
  onSessionCreated?(event: SessionCreatedEvent): void | Promise<void>;
  /**
   * Called exactly once per placed order (whichever request, on whichever instance sharing the store,
   * placed it), before that request gets its answer. Errors it throws are logged; the order stands.
   */
  onOrderPlaced?(event: OrderPlacedEvent): void | Promise<void>;
  /**
   * Called once per authorization when Klarna placed the order but its `order_id` could not be learnt
   * (the create-order answer was lost). Record it for reconciliation; the shopper was told the outcome is
   * unknown. Errors it throws are logged.
   */
  onOrderOutcomeUnknown?(event: OrderOutcomeUnknownEvent): void | Promise<void>;
  /**
   * Where sessions and placed orders are remembered (default: in memory, one process). Share one store,
   * such as `createRedisCheckoutStore()`, between every instance that serves the same checkout.
   */
  store?: CheckoutStore;
  /** How long one instance holds the right to place a token's order before another may settle it (default 75 000 ms). */
  orderClaimTtlMs?: number;
  /** How long a request waits for another instance's placement of the same token before answering `outcome_unknown` (default 25 000 ms). */
  orderWaitMs?: number;
  /** How long one instance holds the right to update a session (default 45 000 ms, above the client's 30 s time-out). */
  sessionLockTtlMs?: number;
  /** How long a session update waits for an earlier update of the same session (default 20 000 ms). */
  sessionWaitMs?: number;
  /** The largest request body accepted, in bytes (default 102 400). */
  maxBodyBytes?: number;
  /** Where the handler logs (default `console`). */
  logger?: CheckoutLogger;
}

/** A fetch-style request handler: `(request) => Promise<Response>`. */
export type CheckoutHandler = (request: Request) => Promise<Response>;

/** The handler's prefixed, failure-proof logging function. */
export type CheckoutLog = (level: 'info' | 'warn' | 'error', message: string) => void;
