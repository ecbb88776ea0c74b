/**
 * `createCheckoutHandler()`: the server half of the element's wire protocol (src/protocol). A standard
 * `(request: Request) => Promise<Response>` that serves `POST …/session` and `POST …/order` (and, with
 * `authorizationCallbackUrl`, Klarna's `POST …/authorization` callback), routing on the last path segment
 * so it works mounted under any prefix. Amounts always come from the merchant's `resolveCart` and the one
 * order builder (`buildOrder`), so the session and the order carry byte-identical amounts, and whatever
 * amounts the browser (or a callback) sends are ignored.
 *
 * This module holds routing and sessions; once-only placement is `order-placement.ts`, the callback
 * `authorization-callback.ts`, request input `request-input.ts`, the update queue `session-lock.ts`.
 */
import { ProtocolErrorCode, type SessionResponse } from '../protocol/index.js';
import { buildOrder, type CartInput } from './order-math.js';
import type { KlarnaOrder } from './order-types.js';
import { CHECKOUT_STORE_METHODS, createMemoryCheckoutStore, type CheckoutRecord, type StoredSession } from './checkout-store.js';
import { BodyReadError, readJsonBody } from './read-json-body.js';
import { isKlarnaApiError, jsonResponse, mapKlarnaError, protocolErrorResponse, STORE_UNAVAILABLE_FAILURE, type MappedKlarnaFailure } from './protocol-errors.js';
import type { CheckoutHandler, CheckoutHandlerOptions, CheckoutKlarnaClient, CheckoutLog, CheckoutLogger } from './checkout-handler-types.js';
import { createOrderPlacement, FOREIGN_TOKEN_FAILURE } from './order-placement.js';
import { createAuthorizationCallbacks, KEPT_SECRET_HASHES, withAuthorizationUrl } from './authorization-callback.js';
import { createSessionLock } from './session-lock.js';
import {
  ProtocolFailureSignal,
  badRequest,
  describe,
  errorText,
  lastPathSegment,
  readCart,
  readIdentifier,
  readObject,
  readRequiredIdentifier,
  readRevision,
} from './request-input.js';

export { CartResolutionError } from './cart-resolution-error.js';
export {
  createMemoryCheckoutStore,
  CheckoutStoreUnavailableError,
  type CheckoutStore,
  type CheckoutRecord,
  type StoredOrder,
  type StoredOrderAttempt,
  type StoredRefusal,
  type StoredClaim,
  type StoredSession,
  type MemoryCheckoutStoreOptions,
} from './checkout-store.js';
export { createRedisCheckoutStore, type RedisCheckoutStoreOptions, type NodeRedisClientLike, type IoRedisClientLike } from './redis-checkout-store.js';
export type * from './checkout-handler-types.js';

/** Default of `maxBodyBytes`: 100 kB, plenty for a cart of a thousand lines described by ids. */
export const DEFAULT_MAX_BODY_BYTES = 100 * 1024;

/** Defaults of the timing options (milliseconds). */
const DEFAULT_ORDER_CLAIM_TTL_MS = 75_000;
const DEFAULT_ORDER_WAIT_MS = 25_000;
const DEFAULT_SESSION_LOCK_TTL_MS = 45_000;
const DEFAULT_SESSION_WAIT_MS = 20_000;

function positiveMilliseconds(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 1) {
    throw new TypeError(`createCheckoutHandler received ${name} ${String(value)}: pass a positive number of milliseconds.`);
  }
  return value;
}

/**
 * Creates the checkout handler: `POST …/session` creates or updates a Klarna session, `POST …/order`
 * places the order for an authorization token, and (with `authorizationCallbackUrl`) `POST …/authorization`
 * receives Klarna's authorization callback. See docs/checkout-handler.md's "Error answers" table.
 */
export function createCheckoutHandler(options: CheckoutHandlerOptions): CheckoutHandler {
  if (!options || typeof options.klarna?.payments?.createSession !== 'function') {
    throw new TypeError('createCheckoutHandler needs options.klarna: pass the client from createKlarnaClient({ username, password, region, environment }).');
  }
  for (const method of ['updateSession', 'placeOrder'] as const) {
    if (typeof options.klarna.payments[method] !== 'function') {
      throw new TypeError(`createCheckoutHandler needs options.klarna.payments.${method}: pass the client from createKlarnaClient() (a stand-in must offer createSession, readSession, updateSession and placeOrder).`);
    }
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
  const store = options.store ?? createMemoryCheckoutStore();
  const missing = CHECKOUT_STORE_METHODS.filter((method) => typeof (store as unknown as Record<string, unknown>)?.[method] !== 'function');
  if (missing.length > 0) {
    throw new TypeError(
      `createCheckoutHandler received a store without ${missing.join(' and ')}: once-only orders across instances need an atomic set-if-absent with a time-to-live. Use createRedisCheckoutStore({ client }) or createMemoryCheckoutStore(), or add ${missing.join(' and ')} to your store (see docs/several-servers.md).`,
    );
  }
  const { klarna } = options;
  const logger: CheckoutLogger = options.logger ?? console;
  const log: CheckoutLog = (level, message) => {
    try {
      (level === 'info' ? logger.info?.bind(logger) : logger[level].bind(logger))?.(`[klarna-checkout-button] ${message}`);
    } catch {
      // A broken logger must not break the checkout.
    }
  };
  const logMapped = (mapped: MappedKlarnaFailure) => log(mapped.logLevel, mapped.logMessage);
  const readSession = options.klarna.payments.readSession?.bind(options.klarna.payments);
  if (readSession === undefined) {
    log('warn', "options.klarna.payments has no readSession, so the handler cannot check that an order request's authorization token belongs to the session it names: pass the client from createKlarnaClient(), or add readSession to your stand-in.");
  }

  const placeOrderOnce = createOrderPlacement({
    klarna,
    store,
    log,
    hooks: { onOrderPlaced: options.onOrderPlaced, onOrderOutcomeUnknown: options.onOrderOutcomeUnknown },
    claimTtlMs: positiveMilliseconds('orderClaimTtlMs', options.orderClaimTtlMs, DEFAULT_ORDER_CLAIM_TTL_MS),
    waitMs: positiveMilliseconds('orderWaitMs', options.orderWaitMs, DEFAULT_ORDER_WAIT_MS),
  });
  const callbacks = createAuthorizationCallbacks({ option: options.authorizationCallbackUrl, store, log, placeOrderOnce });
  const inSessionOrder = createSessionLock({
    store,
    log,
    ttlMs: positiveMilliseconds('sessionLockTtlMs', options.sessionLockTtlMs, DEFAULT_SESSION_LOCK_TTL_MS),
    waitMs: positiveMilliseconds('sessionWaitMs', options.sessionWaitMs, DEFAULT_SESSION_WAIT_MS),
  });

  /** A store read before anything is sent to Klarna: a failure answers 503 `store_unavailable`. */
  async function readStore(key: string, what: string): Promise<CheckoutRecord | undefined> {
    try {
      return await store.get(key);
    } catch (error) {
      log('error', `The checkout store failed while ${what}; answered store_unavailable. ${errorText(error)}`);
      throw new ProtocolFailureSignal(STORE_UNAVAILABLE_FAILURE);
    }
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

  async function createSession(order: KlarnaOrder, request: Request, revision: number | undefined): Promise<SessionResponse> {
    const callback = await callbacks.issue(request);
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
      ...(revision === undefined ? {} : { revision }),
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
      // The element speaks the session's language unless the page sets its own `locale`.
      ...(order.locale ? { locale: order.locale } : {}),
    };
  }

  /**
   * Updates a session the handler created, as the only update of that session in flight (across
   * instances), so the stored priced order is always what Klarna accepted last. Undefined when Klarna no
   * longer knows the session (a new one is created instead).
   */
  async function updateSession(sessionId: string, order: KlarnaOrder, request: Request, revision: number | undefined): Promise<SessionResponse | undefined> {
    return inSessionOrder(sessionId, async () => {
      // Read inside the claim: an update that finished meanwhile added its secret hash.
      const stored = await readStore(`session:${sessionId}`, `reading session ${sessionId}`);
      if (stored?.kind !== 'session') return undefined;
      if (revision !== undefined && stored.revision !== undefined && revision <= stored.revision) {
        // A request that arrived after a newer one of the same page (the page has already moved on): Klarna keeps
        // the newer cart. The answer describes the session as it stands.
        log('info', `Skipped an out-of-date update of session ${sessionId} (revision ${revision}, ${stored.revision} already applied).`);
        return sessionAnswer(sessionId, stored, stored.order ?? order);
      }
      // Every update sends a new callback secret; earlier ones stay valid (a callback may be on its way).
      const callback = await callbacks.issue(request);
      try {
        await klarna.payments.updateSession(sessionId, callback ? withAuthorizationUrl(order, callback.url) : order);
      } catch (error) {
        if (isKlarnaApiError(error) && error.status === 404) {
          log('info', `Klarna no longer knows session ${sessionId} (expired or completed); creating a new session.`);
          return undefined;
        }
        const mapped = mapKlarnaError(error, 'session');
        logMapped(mapped);
        throw new ProtocolFailureSignal(mapped);
      }
      if (callback || revision !== undefined) {
        const updated: StoredSession = { ...stored, ...(revision === undefined ? {} : { revision }) };
        if (callback) {
          updated.order = order;
          updated.authorization_secret_hashes = [callback.secretHash, ...(stored.authorization_secret_hashes ?? [])].slice(0, KEPT_SECRET_HASHES);
        }
        try {
          await store.set(`session:${sessionId}`, updated);
        } catch (error) {
          log('error', `The checkout store failed to keep the update of session ${sessionId}; its authorization callback will be refused. ${errorText(error)}`);
        }
      }
      return sessionAnswer(sessionId, stored, order);
    });
  }

  async function handleSession(body: Record<string, unknown>, request: Request): Promise<Response> {
    const sessionId = readIdentifier(body, 'session_id', 'optional');
    const revision = readRevision(body);
    const cart = readCart(body);
    const order = await priceCart(cart, request);
    if (sessionId !== undefined) {
      const stored = await readStore(`session:${sessionId}`, `reading session ${sessionId}`);
      if (stored?.kind === 'session') {
        const updated = await updateSession(sessionId, order, request, revision);
        if (updated) return jsonResponse(200, updated);
      } else {
        log('info', `Session ${sessionId} was not created by this handler (or its record expired); creating a new session.`);
      }
    }
    return jsonResponse(200, await createSession(order, request, revision));
  }

  /**
   * Checks with Klarna that `token` is the authorization of `sessionId` (the session's latest), so a
   * token of session A sent with session B's id neither places A's order as B's nor reports it as B's.
   */
  async function checkTokenOfSession(token: string, sessionId: string): Promise<void> {
    if (readSession === undefined) return;
    let session;
    try {
      session = await readSession(sessionId);
    } catch (error) {
      if (isKlarnaApiError(error) && error.status === 404) {
        log('info', `An order request named session ${sessionId.slice(0, 64)}, which Klarna does not know; refused.`);
        throw new ProtocolFailureSignal(FOREIGN_TOKEN_FAILURE);
      }
      const mapped = mapKlarnaError(error, 'session');
      logMapped(mapped);
      throw new ProtocolFailureSignal(mapped);
    }
    if (session?.authorization_token !== token) {
      log('warn', `An order request named session ${sessionId.slice(0, 64)} with an authorization token that is not that session's (latest) authorization; refused.`);
      throw new ProtocolFailureSignal(FOREIGN_TOKEN_FAILURE);
    }
  }

  async function handleOrder(body: Record<string, unknown>, request: Request): Promise<Response> {
    const token = readRequiredIdentifier(body, 'authorization_token');
    const sessionId = readRequiredIdentifier(body, 'session_id');
    const cart = readCart(body);
    const outcome = await placeOrderOnce({
      token,
      sessionId,
      price: () => priceCart(cart, request),
      verify: () => checkTokenOfSession(token, sessionId),
      request,
      placedBy: 'browser',
    });
    return outcome.ok ? jsonResponse(200, outcome.response) : protocolErrorResponse(outcome.failure);
  }

  return async function checkoutHandler(request: Request): Promise<Response> {
    try {
      const route = lastPathSegment(request.url);
      if (route !== 'session' && route !== 'order' && !(callbacks.enabled && route === 'authorization')) {
        return protocolErrorResponse({
          status: 404,
          code: ProtocolErrorCode.NotFound,
          message: `No checkout route "${route.slice(0, 60)}": the handler serves POST …/session and POST …/order${
            callbacks.enabled ? ' and POST …/authorization' : ''
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
      return await callbacks.handle(body, request);
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
