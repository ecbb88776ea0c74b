/**
 * `createCheckoutHandler()`: the server half of the element's wire protocol (src/protocol). A standard
 * `(request: Request) => Promise<Response>` that serves `POST …/session` and `POST …/order` (and, with
 * `authorizationCallbackUrl`, Klarna's `POST …/authorization` callback), routing on the last path segment
 * so it works mounted under any prefix. Amounts always come from the merchant's `resolveCart` and the one
 * order builder (`buildOrder`), so the session and the order carry byte-identical amounts, and whatever
 * amounts the browser (or a callback) sends are ignored.
 */
import { ProtocolErrorCode, type OrderResponse, type PaymentMethodCategory, type SessionResponse } from '../protocol/index.js';
import { buildOrder, type CartInput } from './order-math.js';
import type { KlarnaOrder, MerchantUrls } from './order-types.js';
import type { KlarnaPlacedOrder } from './klarna-api-types.js';
import type { KlarnaPaymentsApi } from './klarna-client.js';
import { createMemoryCheckoutStore, type CheckoutStore, type StoredSession } from './checkout-store.js';
import { BodyReadError, readJsonBody } from './read-json-body.js';
import {
  CallbackErrorCode,
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

/** Which request placed an order: the browser's `POST …/order` or Klarna's authorization callback. */
export type OrderPlacedBy = 'browser' | 'authorization-callback';

/** What `onOrderPlaced` receives. */
export interface OrderPlacedEvent {
  orderId: string;
  /** The session named in the request that placed the order (the browser's, or Klarna's callback body). */
  sessionId: string;
  /** The order sent to Klarna, amounts as charged. */
  order: KlarnaOrder;
  /** Klarna's full answer (`order_id`, `fraud_status`, `authorized_payment_method`, …). */
  klarnaResponse: KlarnaPlacedOrder;
  /** Which request placed the order: the browser's order request or Klarna's authorization callback. */
  placedBy: OrderPlacedBy;
  /** The incoming request that placed the order (its body is already consumed). */
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
  /**
   * The absolute public URL of this handler's `…/authorization` route (or a function of the session
   * request returning it). When set, every session gets `merchant_urls.authorization` = this URL plus a
   * one-time secret, and Klarna's callback to it places the order even when the browser never sends it.
   */
  authorizationCallbackUrl?: string | ((request: Request) => string);
  /** Called after Klarna created a session. Errors it throws are logged and do not change the answer. */
  onSessionCreated?(event: SessionCreatedEvent): void | Promise<void>;
  /**
   * Called once per placed order (whichever of the browser's request and Klarna's authorization callback
   * placed it), before that request gets its answer. Errors it throws are logged; the order stands.
   */
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
  // "." and ".." match the pattern but are path segments: URL normalisation would send the call elsewhere.
  if (typeof value !== 'string' || !IDENTIFIER.test(value) || value === '.' || value === '..') {
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

/** SHA-256 of `text` as 64 lower-case hex digits (keys for tokens, the stored form of callback secrets). */
async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The query parameter of `merchant_urls.authorization` that carries the session's callback secret. */
const SECRET_PARAMETER = 'secret';

/** How many earlier callback secrets of a session stay valid after updates (a callback may be in flight). */
const KEPT_SECRET_HASHES = 5;

/** Klarna's limit for a merchant URL. */
const MAX_MERCHANT_URL_LENGTH = 2000;

/** A fresh callback secret: 256 random bits, base64url (43 characters). */
function createCallbackSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Compares two equal-length hex digests without an early exit, so timing does not reveal a prefix. */
function digestsEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

/** A callback URL with its query string replaced, for messages (the query holds the secret). */
function withoutQuery(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : `${url.slice(0, query)}?[redacted]`;
}

/**
 * Checks `authorizationCallbackUrl` (or what its function returned) and returns it. Thrown as TypeError
 * at construction for a string, and per session (answered 500 and logged) for a function's result.
 */
function checkCallbackUrl(value: unknown, source: string): string {
  if (typeof value !== 'string' || !URL.canParse(value)) {
    const received = typeof value === 'string' ? `"${withoutQuery(value).slice(0, 200)}", which is not an absolute URL` : describe(value);
    throw new TypeError(`${source} is ${received}: pass the absolute public URL of the handler's authorization route, for example https://shop.example/api/klarna/authorization.`);
  }
  const url = new URL(value);
  const shown = withoutQuery(value).slice(0, 200);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(`${source} "${shown}" is not an http(s) URL: Klarna calls an https URL (http only for local tests).`);
  }
  if (lastPathSegment(value) !== 'authorization') {
    throw new TypeError(`${source} "${shown}" does not end in /authorization: the handler routes on the last path segment, so point it at …/authorization where the handler is mounted.`);
  }
  if (url.hash !== '') {
    throw new TypeError(`${source} "${shown}" has a #fragment: remove it (Klarna does not send fragments).`);
  }
  if (url.searchParams.has(SECRET_PARAMETER)) {
    throw new TypeError(`${source} "${shown}" already has a "${SECRET_PARAMETER}" query parameter: remove it, the handler adds a secret per session.`);
  }
  const longest = value.length + SECRET_PARAMETER.length + 2 + 43;
  if (longest > MAX_MERCHANT_URL_LENGTH) {
    throw new TypeError(`${source} is ${value.length} characters long: with the secret the handler adds it must stay within Klarna's ${MAX_MERCHANT_URL_LENGTH}; use a shorter URL.`);
  }
  return value;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** How log lines name the request that placed (or asked for) an order. */
const PLACED_BY_TEXT: Record<OrderPlacedBy, string> = {
  browser: "the browser's order request",
  'authorization-callback': "Klarna's authorization callback",
};

/** The outcome of placing an order for one token, shared by concurrent duplicate requests. */
type OrderOutcome =
  | { ok: true; response: OrderResponse }
  /** `beforeKlarna`: the order could not be priced, so Klarna was never asked and the token is untouched. */
  | { ok: false; failure: ProtocolFailure; beforeKlarna?: true };

/**
 * Creates the checkout handler: `POST …/session` creates or updates a Klarna session, `POST …/order`
 * places the order for an authorization token, and (with `authorizationCallbackUrl`) `POST …/authorization`
 * receives Klarna's authorization callback. See the README's "Error answers" table.
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
  const callbackUrlOption = options.authorizationCallbackUrl;
  if (callbackUrlOption !== undefined && typeof callbackUrlOption !== 'function') {
    checkCallbackUrl(callbackUrlOption, 'createCheckoutHandler received authorizationCallbackUrl');
  }
  const callbacksEnabled = callbackUrlOption !== undefined;
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
  let warnedInsecureCallback = false;

  /**
   * A session's `merchant_urls.authorization` with a fresh secret: the URL for Klarna, the same URL with
   * the secret redacted (for hooks and logs), and the secret's hash for the store. Undefined without the option.
   */
  async function issueCallbackUrl(request: Request): Promise<{ url: string; shownUrl: string; secretHash: string } | undefined> {
    if (callbackUrlOption === undefined) return undefined;
    const base =
      typeof callbackUrlOption === 'function'
        ? checkCallbackUrl(callbackUrlOption(request), 'authorizationCallbackUrl(request) returned')
        : callbackUrlOption;
    if (!warnedInsecureCallback && base.startsWith('http:') && !/^http:\/\/(localhost|127\.0\.0\.1|\[::1\])[:/]/.test(base)) {
      warnedInsecureCallback = true;
      log('warn', `authorizationCallbackUrl ${withoutQuery(base)} is not https: Klarna only calls https URLs outside local tests.`);
    }
    const secret = createCallbackSecret();
    const separator = base.includes('?') ? '&' : '?';
    return {
      url: `${base}${separator}${SECRET_PARAMETER}=${secret}`,
      shownUrl: `${base}${separator}${SECRET_PARAMETER}=[redacted]`,
      secretHash: await sha256Hex(secret),
    };
  }

  function withAuthorizationUrl(order: KlarnaOrder, url: string): KlarnaOrder {
    return { ...order, merchant_urls: { ...order.merchant_urls, authorization: url } };
  }

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
    const callback = await issueCallbackUrl(request);
    let created: Awaited<ReturnType<CheckoutKlarnaClient['payments']['createSession']>>;
    try {
      created = await klarna.payments.createSession(callback ? withAuthorizationUrl(order, callback.url) : order);
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
    if (callback) {
      // The priced order as the callback will place it (no callback URL in it), and only the secret's hash.
      record.order = order;
      record.authorization_secret_hashes = [callback.secretHash];
    }
    try {
      await store.set(`session:${created.session_id}`, record);
    } catch (error) {
      log('error', `The checkout store failed to keep session ${created.session_id}; a later cart change will create a new session. ${errorText(error)}`);
    }
    if (options.onSessionCreated) {
      try {
        // The hook sees the order as sent, except the callback secret.
        const shown = callback ? withAuthorizationUrl(order, callback.shownUrl) : order;
        await options.onSessionCreated({ sessionId: created.session_id, order: shown, request });
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
        // Every update sends a new callback secret; earlier ones stay valid (a callback may be on its way).
        const callback = await issueCallbackUrl(request);
        try {
          await klarna.payments.updateSession(sessionId, callback ? withAuthorizationUrl(order, callback.url) : order);
          if (callback) {
            const hashes = [callback.secretHash, ...(stored.authorization_secret_hashes ?? [])].slice(0, KEPT_SECRET_HASHES);
            try {
              await store.set(`session:${sessionId}`, { ...stored, order, authorization_secret_hashes: hashes });
            } catch (error) {
              log('error', `The checkout store failed to keep the update of session ${sessionId}; its authorization callback will be refused. ${errorText(error)}`);
            }
          }
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
    price: () => Promise<KlarnaOrder>,
    request: Request,
    placedBy: OrderPlacedBy,
  ): Promise<OrderOutcome> {
    let order: KlarnaOrder;
    try {
      order = await price();
    } catch (error) {
      if (error instanceof ProtocolFailureSignal) return { ok: false, failure: error.failure, beforeKlarna: true };
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
    log('info', `Klarna order ${placed.order_id} placed for session ${sessionId} by ${PLACED_BY_TEXT[placedBy]} (${order.order_amount} ${order.purchase_currency}).`);
    if (options.onOrderPlaced) {
      try {
        await options.onOrderPlaced({ orderId: placed.order_id, sessionId, order, klarnaResponse: placed, placedBy, request });
      } catch (error) {
        log('error', `onOrderPlaced threw for Klarna order ${placed.order_id} (the order IS placed at Klarna): ${errorText(error)}`);
      }
    }
    return { ok: true, response };
  }

  /**
   * The one once-only path of both the browser's order request and Klarna's callback: one store key per
   * token (its hash), the order already placed for it if any, else one shared in-flight placement.
   */
  async function placeOrderOnce(
    token: string,
    sessionId: string,
    price: () => Promise<KlarnaOrder>,
    request: Request,
    placedBy: OrderPlacedBy,
    mayRetry = true,
  ): Promise<OrderOutcome> {
    const key = `order:${await sha256Hex(token)}`;
    const existing = await store.get(key);
    if (existing?.kind === 'order') {
      log('info', `Repeated order request (from ${PLACED_BY_TEXT[placedBy]}) for an authorization that already produced order ${existing.response.order_id}; answering that order again.`);
      return { ok: true, response: existing.response };
    }
    const joined = inFlightOrders.get(key);
    if (joined) {
      log('info', `Order request from ${PLACED_BY_TEXT[placedBy]} for session ${sessionId} joins the placement already in flight for its authorization.`);
      const outcome = await joined;
      // The browser's cart could not be priced (Klarna was never asked): the callback still has its own
      // stored order, so it tries once itself rather than losing the order.
      if (!outcome.ok && outcome.beforeKlarna && placedBy === 'authorization-callback' && mayRetry) {
        return placeOrderOnce(token, sessionId, price, request, placedBy, false);
      }
      return outcome;
    }
    const pending = placeOrder(key, token, sessionId, price, request, placedBy);
    inFlightOrders.set(key, pending);
    void pending.then(
      () => inFlightOrders.delete(key),
      () => inFlightOrders.delete(key),
    );
    return pending;
  }

  async function handleOrder(body: Record<string, unknown>, request: Request): Promise<Response> {
    const token = readIdentifier(body, 'authorization_token', true)!;
    const sessionId = readIdentifier(body, 'session_id', true)!;
    const cart = readCart(body);
    const outcome = await placeOrderOnce(token, sessionId, () => priceCart(cart, request), request, 'browser');
    return outcome.ok ? jsonResponse(200, outcome.response) : protocolErrorResponse(outcome.failure);
  }

  /**
   * Klarna's authorization callback: `{ authorization_token, session_id }`, the session's secret in the
   * query string. Places the session's stored priced order through the same once-only path as the
   * browser. Klarna's docs state neither retries nor the expected answer: we assume one attempt and that
   * any 2xx means delivered, so success answers 200 `{ order_id }` and failures their mapped status.
   */
  async function handleAuthorizationCallback(body: Record<string, unknown>, request: Request): Promise<Response> {
    const token = readIdentifier(body, 'authorization_token', true)!;
    const sessionId = readIdentifier(body, 'session_id', true)!;
    const shownId = sessionId.slice(0, 64);
    const stored = await store.get(`session:${sessionId}`);
    if (stored?.kind !== 'session') {
      log('warn', `Authorization callback for session ${shownId}, which this handler did not create (or whose record expired): nothing placed.`);
      return protocolErrorResponse({ status: 404, code: ProtocolErrorCode.NotFound, message: 'Unknown checkout session.', reauthorize: false });
    }
    const presented = new URL(request.url).searchParams.get(SECRET_PARAMETER);
    let matches = false;
    if (presented !== null && presented.length <= 256) {
      const presentedHash = await sha256Hex(presented);
      // Compare with every kept hash, without an early exit.
      for (const hash of stored.authorization_secret_hashes ?? []) matches = digestsEqual(presentedHash, hash) || matches;
    }
    if (!matches || stored.order === undefined) {
      log('warn', `Authorization callback for session ${shownId} refused: its URL's secret is ${presented === null ? 'missing' : 'wrong'} (nothing placed).`);
      return protocolErrorResponse({
        status: 403,
        code: CallbackErrorCode.Forbidden,
        message: 'This callback URL is not valid for the session.',
        reauthorize: false,
      });
    }
    const order = stored.order;
    // Amounts come from the stored priced order only; nothing in the callback's body prices anything.
    const outcome = await placeOrderOnce(token, sessionId, async () => order, request, 'authorization-callback');
    return outcome.ok ? jsonResponse(200, { order_id: outcome.response.order_id }) : protocolErrorResponse(outcome.failure);
  }

  return async function checkoutHandler(request: Request): Promise<Response> {
    try {
      const route = lastPathSegment(request.url);
      if (route !== 'session' && route !== 'order' && !(callbacksEnabled && route === 'authorization')) {
        return protocolErrorResponse({
          status: 404,
          code: ProtocolErrorCode.NotFound,
          message: `No checkout route "${route.slice(0, 60)}": the handler serves POST …/session and POST …/order${
            callbacksEnabled ? ' and POST …/authorization' : ''
          }.`,
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
      if (route === 'session') return await handleSession(body, request);
      if (route === 'order') return await handleOrder(body, request);
      return await handleAuthorizationCallback(body, request);
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
