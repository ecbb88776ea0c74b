/**
 * `createCheckoutHandler()`: the server half of the element's wire protocol (src/protocol). A standard
 * `(request: Request) => Promise<Response>` that serves `POST …/session` and `POST …/order`, routing on
 * the last path segment so it works mounted under any prefix. Amounts always come from the merchant's
 * `resolveCart` and the one order builder (`buildOrder`), so the session and the order carry
 * byte-identical amounts, and whatever amounts the browser sends are ignored.
 */
import { ProtocolErrorCode, type OrderResponse, type PaymentMethodCategory, type SessionResponse } from '../protocol/index.js';
import { buildOrder, type CartInput } from './order-math.js';
import type { KlarnaOrder, MerchantUrls } from './order-types.js';
import type { KlarnaPlacedOrder } from './klarna-api-types.js';
import type { KlarnaPaymentsApi } from './klarna-client.js';
import { createMemoryCheckoutStore, type CheckoutStore, type StoredSession } from './checkout-store.js';
import { BodyReadError, readJsonBody } from './read-json-body.js';
import {
  isKlarnaApiError,
  jsonResponse,
  mapKlarnaError,
  protocolErrorResponse,
  type MappedKlarnaFailure,
  type ProtocolFailure,
} from './protocol-errors.js';

export { CartResolutionError } from './cart-resolution-error.js';
export {
  createMemoryCheckoutStore,
  type CheckoutStore,
  type CheckoutRecord,
  type StoredOrder,
  type StoredSession,
  type MemoryCheckoutStoreOptions,
} from './checkout-store.js';

/** The part of `createKlarnaClient()`'s client the handler uses (a stand-in of this shape will do in tests). */
export interface CheckoutKlarnaClient {
  /** Klarna Payments: create and update sessions, place orders. */
  payments: Pick<KlarnaPaymentsApi, 'createSession' | 'updateSession' | 'placeOrder'>;
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

/** What `onOrderPlaced` receives. */
export interface OrderPlacedEvent {
  orderId: string;
  /** The session the browser named in its request. */
  sessionId: string;
  /** The order sent to Klarna, amounts as charged. */
  order: KlarnaOrder;
  /** Klarna's full answer (`order_id`, `fraud_status`, `authorized_payment_method`, …). */
  klarnaResponse: KlarnaPlacedOrder;
  /** The incoming request (its body is already consumed). */
  request: Request;
}

/** Options of {@link createCheckoutHandler}. */
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
  /** Called after Klarna created a session. Errors it throws are logged and do not change the answer. */
  onSessionCreated?(event: SessionCreatedEvent): void | Promise<void>;
  /** Called once per placed order, before the browser gets its answer. Errors it throws are logged; the browser still gets the order. */
  onOrderPlaced?(event: OrderPlacedEvent): void | Promise<void>;
  /** Where sessions and placed orders are remembered (default: in memory, 48 h, 10 000 records). */
  store?: CheckoutStore;
  /** The largest request body accepted, in bytes (default 102 400). */
  maxBodyBytes?: number;
  /** Where the handler logs (default `console`). */
  logger?: CheckoutLogger;
}

/** A fetch-style request handler: `(request) => Promise<Response>`. */
export type CheckoutHandler = (request: Request) => Promise<Response>;

/** Default of `maxBodyBytes`: 100 kB, plenty for a cart of a thousand lines described by ids. */
export const DEFAULT_MAX_BODY_BYTES = 100 * 1024;

const IDENTIFIER = /^[A-Za-z0-9._~:-]{1,1024}$/;

/** A protocol failure raised inside the handler and answered at the top. */
class ProtocolFailureSignal extends Error {
  override name = 'ProtocolFailureSignal';
  readonly failure: ProtocolFailure;
  constructor(failure: ProtocolFailure) {
    super(failure.message);
    this.failure = failure;
  }
}

function badRequest(message: string): ProtocolFailureSignal {
  return new ProtocolFailureSignal({ status: 400, code: ProtocolErrorCode.BadRequest, message, reauthorize: false });
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  // Values are described by type only, never echoed: a misplaced field may hold an authorization token.
  const type = typeof value;
  if (type === 'undefined') return 'undefined';
  return type === 'object' ? 'an object' : `a ${type}`;
}

function readObject(body: unknown, route: string): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest(`The ${route} request body is ${describe(body)}: send a JSON object.`);
  }
  return body as Record<string, unknown>;
}

function readIdentifier(body: Record<string, unknown>, field: string, required: boolean): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) {
    if (required) throw badRequest(`The request has no "${field}": send the ${field} as a string.`);
    return undefined;
  }
  if (typeof value !== 'string' || !IDENTIFIER.test(value)) {
    // Never echo the value: it may be an authorization token.
    const received = typeof value === 'string' ? `a string of ${value.length} characters that is not an identifier` : describe(value);
    throw badRequest(`The request's "${field}" is ${received}: send the ${field} exactly as Klarna issued it.`);
  }
  return value;
}

function readCart(body: Record<string, unknown>): unknown {
  if (body.cart === undefined || body.cart === null) {
    throw badRequest('The request has no "cart": send the cart as the shop\'s page describes it (for example {"lines":[{"id":"sku-1","quantity":1}]}).');
  }
  return body.cart;
}

function lastPathSegment(url: string): string {
  const path = new URL(url).pathname.replace(/\/+$/, '');
  return path.slice(path.lastIndexOf('/') + 1);
}

async function hashToken(token: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The outcome of placing an order for one token, shared by concurrent duplicate requests. */
type OrderOutcome = { ok: true; response: OrderResponse } | { ok: false; failure: ProtocolFailure };

/**
 * Creates the checkout handler: `POST …/session` creates or updates a Klarna session, `POST …/order`
 * places the order for an authorization token. See the README's "Error answers" table.
 */
export function createCheckoutHandler(options: CheckoutHandlerOptions): CheckoutHandler {
  if (!options || typeof options.klarna?.payments?.createSession !== 'function') {
    throw new TypeError('createCheckoutHandler needs options.klarna: pass the client from createKlarnaClient({ username, password, region, environment }).');
  }
  if (typeof options.resolveCart !== 'function') {
    throw new TypeError(
      `createCheckoutHandler received resolveCart ${describe(options.resolveCart)}: pass a function (cart, request) => CartInput that prices the cart from your catalogue.`,
    );
  }
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 1) {
    throw new TypeError(`createCheckoutHandler received maxBodyBytes ${String(maxBodyBytes)}: pass a positive whole number of bytes.`);
  }
  const { klarna } = options;
  const store = options.store ?? createMemoryCheckoutStore();
  const logger: CheckoutLogger = options.logger ?? console;
  const inFlightOrders = new Map<string, Promise<OrderOutcome>>();
  const log = (level: 'info' | 'warn' | 'error', message: string) => {
    try {
      (level === 'info' ? logger.info?.bind(logger) : logger[level].bind(logger))?.(`[klarna-checkout-button] ${message}`);
    } catch {
      // A broken logger must not break the checkout.
    }
  };
  const logMapped = (mapped: MappedKlarnaFailure) => log(mapped.logLevel, mapped.logMessage);

  async function priceCart(cart: unknown, request: Request): Promise<KlarnaOrder> {
    let input: CartInput;
    try {
      input = await options.resolveCart(cart, request);
    } catch (error) {
      if (error instanceof Error && error.name === 'CartResolutionError') {
        log('info', `resolveCart refused a cart: ${error.message}`);
        throw badRequest(error.message);
      }
      throw error;
    }
    if (typeof input !== 'object' || input === null) {
      throw new TypeError(`resolveCart returned ${describe(input)}: return buildOrder's input ({ purchase_country, purchase_currency, locale, lines }).`);
    }
    const urls = typeof options.merchantUrls === 'function' ? options.merchantUrls(request) : options.merchantUrls;
    const withUrls: CartInput = urls ? { ...input, merchant_urls: { ...urls, ...input.merchant_urls } } : input;
    try {
      return buildOrder(withUrls);
    } catch (error) {
      if (error instanceof Error && error.name === 'KlarnaOrderValidationError') {
        const violations = (error as Error & { violations?: Array<{ explanation?: string; message?: string }> }).violations ?? [];
        const reasons = violations.map((violation) => violation.explanation ?? violation.message).filter(Boolean);
        log('warn', `buildOrder refused the cart returned by resolveCart: ${reasons.join(' ') || error.message}`);
        throw badRequest(`The cart cannot be priced: ${reasons.slice(0, 5).join(' ') || error.message}`);
      }
      throw error;
    }
  }

  async function createSession(order: KlarnaOrder, request: Request): Promise<SessionResponse> {
    let created: Awaited<ReturnType<CheckoutKlarnaClient['payments']['createSession']>>;
    try {
      created = await klarna.payments.createSession(order);
    } catch (error) {
      const mapped = mapKlarnaError(error, 'session');
      logMapped(mapped);
      throw new ProtocolFailureSignal(mapped);
    }
    if (typeof created?.session_id !== 'string' || typeof created.client_token !== 'string') {
      log('error', 'Klarna answered the session request without session_id or client_token.');
      throw new ProtocolFailureSignal({
        status: 502,
        code: ProtocolErrorCode.KlarnaUnavailable,
        message: 'Klarna answered the session request without a session: try again in a moment.',
        reauthorize: false,
      });
    }
    const record: StoredSession = {
      kind: 'session',
      client_token: created.client_token,
      payment_method_categories: Array.isArray(created.payment_method_categories) ? created.payment_method_categories : [],
    };
    try {
      await store.set(`session:${created.session_id}`, record);
    } catch (error) {
      log('error', `The checkout store failed to keep session ${created.session_id}; a later cart change will create a new session. ${errorText(error)}`);
    }
    if (options.onSessionCreated) {
      try {
        await options.onSessionCreated({ sessionId: created.session_id, order, request });
      } catch (error) {
        log('error', `onSessionCreated threw for session ${created.session_id}: ${errorText(error)}`);
      }
    }
    return sessionAnswer(created.session_id, record, order);
  }

  function sessionAnswer(sessionId: string, record: StoredSession, order: KlarnaOrder): SessionResponse {
    return {
      session_id: sessionId,
      client_token: record.client_token,
      payment_method_categories: record.payment_method_categories,
      order_amount: order.order_amount,
      purchase_currency: order.purchase_currency,
    };
  }

  async function handleSession(body: Record<string, unknown>, request: Request): Promise<Response> {
    const sessionId = readIdentifier(body, 'session_id', false);
    const cart = readCart(body);
    const order = await priceCart(cart, request);
    if (sessionId !== undefined) {
      const stored = await store.get(`session:${sessionId}`);
      if (stored?.kind === 'session') {
        try {
          await klarna.payments.updateSession(sessionId, order);
          return jsonResponse(200, sessionAnswer(sessionId, stored, order));
        } catch (error) {
          if (!(isKlarnaApiError(error) && error.status === 404)) {
            const mapped = mapKlarnaError(error, 'session');
            logMapped(mapped);
            throw new ProtocolFailureSignal(mapped);
          }
          log('info', `Klarna no longer knows session ${sessionId} (expired or completed); creating a new session.`);
        }
      } else {
        log('info', `Session ${sessionId} was not created by this handler (or its record expired); creating a new session.`);
      }
    }
    return jsonResponse(200, await createSession(order, request));
  }

  async function placeOrder(
    key: string,
    token: string,
    sessionId: string,
    cart: unknown,
    request: Request,
  ): Promise<OrderOutcome> {
    let order: KlarnaOrder;
    try {
      order = await priceCart(cart, request);
    } catch (error) {
      if (error instanceof ProtocolFailureSignal) return { ok: false, failure: error.failure };
      throw error;
    }
    let placed: Awaited<ReturnType<CheckoutKlarnaClient['payments']['placeOrder']>>;
    try {
      placed = await klarna.payments.placeOrder(token, order);
    } catch (error) {
      const mapped = mapKlarnaError(error, 'order');
      if (mapped.code === ProtocolErrorCode.AuthorizationConsumed) {
        // Another server instance sharing the store may have placed it a moment ago.
        const existing = await store.get(key);
        if (existing?.kind === 'order') return { ok: true, response: existing.response };
      }
      logMapped(mapped);
      return { ok: false, failure: mapped };
    }
    if (typeof placed?.order_id !== 'string' || placed.order_id === '') {
      log('error', 'Klarna answered the place-order request without an order_id.');
      return {
        ok: false,
        failure: {
          status: 502,
          code: ProtocolErrorCode.KlarnaUnavailable,
          message: 'Klarna answered the order request without an order id: contact the shop before paying again.',
          reauthorize: false,
        },
      };
    }
    const response: OrderResponse = { order_id: placed.order_id };
    if (typeof placed.redirect_url === 'string') response.redirect_url = placed.redirect_url;
    if (typeof placed.fraud_status === 'string') response.fraud_status = placed.fraud_status;
    try {
      await store.set(key, { kind: 'order', response });
    } catch (error) {
      log('error', `The checkout store failed to keep order ${placed.order_id}; a repeated request would not find it. ${errorText(error)}`);
    }
    log('info', `Klarna order ${placed.order_id} placed for session ${sessionId} (${order.order_amount} ${order.purchase_currency}).`);
    if (options.onOrderPlaced) {
      try {
        await options.onOrderPlaced({ orderId: placed.order_id, sessionId, order, klarnaResponse: placed, request });
      } catch (error) {
        log('error', `onOrderPlaced threw for Klarna order ${placed.order_id} (the order IS placed at Klarna): ${errorText(error)}`);
      }
    }
    return { ok: true, response };
  }

  async function handleOrder(body: Record<string, unknown>, request: Request): Promise<Response> {
    const token = readIdentifier(body, 'authorization_token', true)!;
    const sessionId = readIdentifier(body, 'session_id', true)!;
    const cart = readCart(body);
    const key = `order:${await hashToken(token)}`;
    const existing = await store.get(key);
    if (existing?.kind === 'order') {
      log('info', `Repeated order request for an authorization that already produced order ${existing.response.order_id}; answering that order again.`);
      return jsonResponse(200, existing.response);
    }
    let pending = inFlightOrders.get(key);
    if (!pending) {
      pending = placeOrder(key, token, sessionId, cart, request);
      inFlightOrders.set(key, pending);
      void pending.then(
        () => inFlightOrders.delete(key),
        () => inFlightOrders.delete(key),
      );
    }
    const outcome = await pending;
    return outcome.ok ? jsonResponse(200, outcome.response) : protocolErrorResponse(outcome.failure);
  }

  return async function checkoutHandler(request: Request): Promise<Response> {
    try {
      const route = lastPathSegment(request.url);
      if (route !== 'session' && route !== 'order') {
        return protocolErrorResponse({
          status: 404,
          code: ProtocolErrorCode.NotFound,
          message: `No checkout route "${route.slice(0, 60)}": the handler serves POST …/session and POST …/order.`,
          reauthorize: false,
        });
      }
      if (request.method !== 'POST') {
        return protocolErrorResponse({
          status: 405,
          code: ProtocolErrorCode.MethodNotAllowed,
          message: `The ${route} route received ${request.method.slice(0, 20)}: send a POST with a JSON body.`,
          reauthorize: false,
          headers: { allow: 'POST' },
        });
      }
      const body = readObject(await readJsonBody(request, maxBodyBytes), route);
      return route === 'session' ? await handleSession(body, request) : await handleOrder(body, request);
    } catch (error) {
      if (error instanceof ProtocolFailureSignal) return protocolErrorResponse(error.failure);
      if (error instanceof BodyReadError) {
        return protocolErrorResponse({
          status: error.status,
          code: error.status === 413 ? ProtocolErrorCode.PayloadTooLarge : ProtocolErrorCode.BadRequest,
          message: error.message,
          reauthorize: false,
        });
      }
      log('error', `Unexpected error in the checkout handler: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return protocolErrorResponse({
        status: 500,
        code: ProtocolErrorCode.Internal,
        message: 'The shop could not process the request because of an internal error: try again later.',
        reauthorize: false,
      });
    }
  };
}
