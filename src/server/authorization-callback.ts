/**
 * Klarna's authorization callback (`merchant_urls.authorization`): the per-session secret in its URL,
 * the checks of `authorizationCallbackUrl`, and the `POST …/authorization` route, which places the
 * session's stored priced order through the same once-only placement as the browser's order request.
 */
import { ProtocolErrorCode } from '../protocol/index.js';
import type { KlarnaOrder } from './order-types.js';
import type { CheckoutStore } from './checkout-store.js';
import type { CheckoutHandlerOptions, CheckoutLog } from './checkout-handler-types.js';
import type { OrderOutcome, OrderPlacementRequest } from './order-placement.js';
import { CallbackErrorCode, jsonResponse, protocolErrorResponse, STORE_UNAVAILABLE_FAILURE } from './protocol-errors.js';
import { describe, errorText, lastPathSegment, readRequiredIdentifier, sha256Hex } from './request-input.js';

/** The query parameter of `merchant_urls.authorization` that carries the session's callback secret. */
const SECRET_PARAMETER = 'secret';

/** How many earlier callback secrets of a session stay valid after updates (a callback may be in flight). */
export const KEPT_SECRET_HASHES = 5;

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
export function withoutQuery(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : `${url.slice(0, query)}?[redacted]`;
}

/**
 * Checks `authorizationCallbackUrl` (or what its function returned) and returns it. Thrown as TypeError
 * at construction for a string, and per session (answered 500 and logged) for a function's result.
 */
export function checkCallbackUrl(value: unknown, source: string): string {
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

/** A session's callback URL: for Klarna, with the secret redacted (hooks, logs), and the secret's hash for the store. */
export interface IssuedCallbackUrl {
  url: string;
  shownUrl: string;
  secretHash: string;
}

/** `order` with `merchant_urls.authorization` set to `url`. */
export function withAuthorizationUrl(order: KlarnaOrder, url: string): KlarnaOrder {
  return { ...order, merchant_urls: { ...order.merchant_urls, authorization: url } };
}

/** What the callback route needs from the handler. */
export interface AuthorizationCallbackOptions {
  option: CheckoutHandlerOptions['authorizationCallbackUrl'];
  store: CheckoutStore;
  log: CheckoutLog;
  placeOrderOnce(placement: OrderPlacementRequest): Promise<OrderOutcome>;
}

/** The callback side of the handler: issuing secrets with sessions, and the `…/authorization` route. */
export interface AuthorizationCallbacks {
  enabled: boolean;
  /** A fresh callback URL for a session, or undefined without `authorizationCallbackUrl`. */
  issue(request: Request): Promise<IssuedCallbackUrl | undefined>;
  /** Answers Klarna's `POST …/authorization`. */
  handle(body: Record<string, unknown>, request: Request): Promise<Response>;
}

/** Creates the callback side; checks a string `authorizationCallbackUrl` at once. */
export function createAuthorizationCallbacks(options: AuthorizationCallbackOptions): AuthorizationCallbacks {
  const { option, store, log, placeOrderOnce } = options;
  if (option !== undefined && typeof option !== 'function') {
    checkCallbackUrl(option, 'createCheckoutHandler received authorizationCallbackUrl');
  }
  let warnedInsecure = false;

  async function issue(request: Request): Promise<IssuedCallbackUrl | undefined> {
    if (option === undefined) return undefined;
    const base = typeof option === 'function' ? checkCallbackUrl(option(request), 'authorizationCallbackUrl(request) returned') : option;
    if (!warnedInsecure && base.startsWith('http:') && !/^http:\/\/(localhost|127\.0\.0\.1|\[::1\])[:/]/.test(base)) {
      warnedInsecure = true;
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

  /**
   * Klarna's authorization callback: `{ authorization_token, session_id }`, the session's secret in the
   * query string. Klarna names the session, and the secret proves the call comes from Klarna for it.
   * Klarna's docs state neither retries nor the expected answer: we assume one attempt and that any 2xx
   * means delivered, so success answers 200 `{ order_id }` and failures their mapped status.
   */
  async function handle(body: Record<string, unknown>, request: Request): Promise<Response> {
    const token = readRequiredIdentifier(body, 'authorization_token');
    const sessionId = readRequiredIdentifier(body, 'session_id');
    const shownId = sessionId.slice(0, 64);
    let stored;
    try {
      stored = await store.get(`session:${sessionId}`);
    } catch (error) {
      log('error', `The checkout store failed while reading session ${shownId} for its authorization callback: ${errorText(error)}`);
      return protocolErrorResponse(STORE_UNAVAILABLE_FAILURE);
    }
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
    const outcome = await placeOrderOnce({ token, sessionId, price: async () => order, request, placedBy: 'authorization-callback' });
    return outcome.ok ? jsonResponse(200, { order_id: outcome.response.order_id }) : protocolErrorResponse(outcome.failure);
  }

  return { enabled: option !== undefined, issue, handle };
}
