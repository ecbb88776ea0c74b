/**
 * `createKlarnaClient()`: Klarna Payments v1 and Order Management v1 over `fetch`, with Basic auth,
 * Klarna-style `User-Agent`, per-attempt time-outs, retries of safe calls with one idempotency key, and
 * errors that say what to fix (../shared/klarna-spec.md §4, §6–§9).
 */
import { describeValue } from './describe-value.js';
import { KlarnaApiError, KlarnaConfigurationError } from './errors.js';
import { sendKlarnaRequest, type KlarnaClientLogger, type KlarnaMethod, type TransportContext } from './http-transport.js';
import { KLARNA_ENVIRONMENTS, KLARNA_REGIONS, klarnaApiUrl, regionLabel } from './regions.js';
import { diagnoseCredentialsOnHosts, type CredentialDiagnosis, type DiagnoseCredentialsOptions } from './region-diagnosis.js';
import { RetryMode } from './retry-policy.js';
import { buildUserAgent } from './user-agent.js';
import type { KlarnaEnvironment, KlarnaRegion } from './markets.js';
import type { KlarnaOrder } from './order-types.js';
import type {
  KlarnaAuthorizedPaymentMethod,
  KlarnaCapture,
  KlarnaCaptureCreated,
  KlarnaCaptureRequest,
  KlarnaMerchantReferencesRequest,
  KlarnaOrderManagementOrder,
  KlarnaPlacedOrder,
  KlarnaRefund,
  KlarnaRefundCreated,
  KlarnaRefundRequest,
  KlarnaSessionCreated,
  KlarnaSessionRead,
  KlarnaShippingInfoRequest,
  KlarnaUpdateAuthorizationRequest,
} from './klarna-api-types.js';

export type { KlarnaClientLogger } from './http-transport.js';
export type { CredentialDiagnosis, CredentialProbe, DiagnoseCredentialsOptions } from './region-diagnosis.js';

/** Default per-attempt time-out. */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** Default number of automatic retries of safe calls (so at most 4 attempts). */
export const DEFAULT_MAX_RETRIES = 3;
/** Default delay before the first retry; doubled per retry, jittered. */
export const DEFAULT_RETRY_BASE_DELAY_MS = 500;
/** Default cap of one retry delay, including an honoured `Retry-After`. */
export const DEFAULT_MAX_RETRY_DELAY_MS = 10_000;

/** Options of `createKlarnaClient()`. */
export interface KlarnaClientOptions {
  /** API username: the legacy `K123456_…` user, or the UUID paired with a `klarna_…_api_` key. */
  username: string;
  /** API password: the shared secret or the `klarna_test_api_…` / `klarna_live_api_…` key. */
  password: string;
  /** The region of the merchant account: `eu`, `na` or `oc`. */
  region: KlarnaRegion;
  /** `playground` (test) or `production` (live). */
  environment: KlarnaEnvironment;
  /** Send requests here instead of the region's Klarna URL (the simulator, a proxy). */
  baseUrl?: string;
  /** The `fetch` to use; defaults to `globalThis.fetch`. */
  fetch?: typeof globalThis.fetch;
  /** Per-attempt time limit in ms, body included (default 30000). */
  timeoutMs?: number;
  /** Automatic retries of GETs and Order Management writes (default 3; 0 disables). */
  maxRetries?: number;
  /** Delay before the first retry in ms, doubled each retry (default 500). */
  retryBaseDelayMs?: number;
  /** Upper bound of one retry delay and of an honoured `Retry-After`, in ms (default 10000). */
  maxRetryDelayMs?: number;
  /** Appended to our `User-Agent`, e.g. `Platform/MyShop_2.1`. */
  userAgent?: string;
  /** Allow running in a browser page. Never ship API credentials to browsers; this is for tests and workers. */
  allowBrowser?: boolean;
  /** Receives retry warnings and final failures; never credentials or tokens. */
  logger?: KlarnaClientLogger;
}

/** Per-call options of reads and Payments writes. */
export interface KlarnaRequestOptions {
  /** Aborts the call (and any pending retry); the promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** Per-call options of Order Management writes. */
export interface KlarnaWriteOptions extends KlarnaRequestOptions {
  /** The `Klarna-Idempotency-Key` (default: a fresh UUID per call, reused by its retries). Keep it to retry later yourself. */
  idempotencyKey?: string;
}

/** Klarna Payments v1. None of its writes is retried automatically. */
export interface KlarnaPaymentsApi {
  /** `POST /payments/v1/sessions`: opens a session for the order. */
  createSession(order: KlarnaOrder, options?: KlarnaRequestOptions): Promise<KlarnaSessionCreated>;
  /** `GET /payments/v1/sessions/{id}`. */
  readSession(sessionId: string, options?: KlarnaRequestOptions): Promise<KlarnaSessionRead>;
  /** `POST /payments/v1/sessions/{id}`: replaces the session's order data (204). */
  updateSession(sessionId: string, order: Partial<KlarnaOrder>, options?: KlarnaRequestOptions): Promise<void>;
  /** `POST /payments/v1/authorizations/{token}/order`: turns an authorization into an order. */
  placeOrder(authorizationToken: string, order: KlarnaOrder, options?: KlarnaRequestOptions): Promise<KlarnaPlacedOrder>;
  /** `DELETE /payments/v1/authorizations/{token}`: releases an authorization you will not use (204). */
  cancelAuthorization(authorizationToken: string, options?: KlarnaRequestOptions): Promise<void>;
}

/** Klarna Order Management v1. Writes carry a `Klarna-Idempotency-Key` and are retried with it. */
export interface KlarnaOrdersApi {
  /** `GET /ordermanagement/v1/orders/{id}`. */
  get(orderId: string, options?: KlarnaRequestOptions): Promise<KlarnaOrderManagementOrder>;
  /** `POST …/captures` (201): returns the new capture's id and `Location`. */
  capture(orderId: string, body: KlarnaCaptureRequest, options?: KlarnaWriteOptions): Promise<KlarnaCaptureCreated>;
  /** `GET …/captures`. */
  listCaptures(orderId: string, options?: KlarnaRequestOptions): Promise<KlarnaCapture[]>;
  /** `GET …/captures/{capture_id}`. */
  getCapture(orderId: string, captureId: string, options?: KlarnaRequestOptions): Promise<KlarnaCapture>;
  /** `POST …/refunds` (201): returns the new refund's id and `Location`. */
  refund(orderId: string, body: KlarnaRefundRequest, options?: KlarnaWriteOptions): Promise<KlarnaRefundCreated>;
  /** `GET …/refunds/{refund_id}`. */
  getRefund(orderId: string, refundId: string, options?: KlarnaRequestOptions): Promise<KlarnaRefund>;
  /** `POST …/cancel`: cancels an order without captures. */
  cancel(orderId: string, options?: KlarnaWriteOptions): Promise<void>;
  /** `POST …/extend-authorization-time`. */
  extendAuthorizationTime(orderId: string, options?: KlarnaWriteOptions): Promise<void>;
  /** `POST …/release-remaining-authorization`. */
  releaseRemainingAuthorization(orderId: string, options?: KlarnaWriteOptions): Promise<void>;
  /** `PATCH …/authorization`: changes the authorized amount and lines. */
  updateAuthorization(orderId: string, body: KlarnaUpdateAuthorizationRequest, options?: KlarnaWriteOptions): Promise<void>;
  /** `PATCH …/merchant-references`. */
  updateMerchantReferences(orderId: string, body: KlarnaMerchantReferencesRequest, options?: KlarnaWriteOptions): Promise<void>;
  /** `POST …/shipping-info` (order level). */
  addShippingInfo(orderId: string, body: KlarnaShippingInfoRequest, options?: KlarnaWriteOptions): Promise<void>;
}

/** A configured Klarna client. */
export interface KlarnaClient {
  /** The configured region. */
  readonly region: KlarnaRegion;
  /** The configured environment. */
  readonly environment: KlarnaEnvironment;
  /** Where requests go: `baseUrl` when given, else the region's Klarna URL (no trailing slash). */
  readonly baseUrl: string;
  /** Klarna Payments v1. */
  readonly payments: KlarnaPaymentsApi;
  /** Klarna Order Management v1. */
  readonly orders: KlarnaOrdersApi;
  /** Probes every region host of the environment and reports which accepts the credentials. Only when called. */
  diagnoseCredentials(options?: DiagnoseCredentialsOptions): Promise<CredentialDiagnosis>;
}

const AUTH_TOKEN_PLACEHOLDER = '{authorization_token}';
/** The longest delay `setTimeout` keeps (about 24.8 days). */
const MAX_TIMER_MS = 2_147_483_647;

function encodeBase64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function isBrowserPage(): boolean {
  const g = globalThis as { window?: unknown; document?: unknown };
  return typeof g.window !== 'undefined' && typeof g.document !== 'undefined';
}

function nonNegativeNumber(options: KlarnaClientOptions, key: keyof KlarnaClientOptions, fallback: number, integer = false): number {
  const value = options[key];
  if (value === undefined) return fallback;
  const max = integer ? 100 : MAX_TIMER_MS;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > max || (integer && !Number.isInteger(value))) {
    throw new KlarnaConfigurationError(
      `createKlarnaClient option ${key} must be a ${integer ? 'whole' : 'finite'} number from 0 to ${max}; received ${describeValue(value)}. Omit it to use the default ${fallback}.`,
      { option: key },
    );
  }
  return value;
}

function validateCredentials(options: KlarnaClientOptions): void {
  const where = `${regionLabel(options.region)} ${options.environment}`;
  for (const key of ['username', 'password'] as const) {
    const value = options[key];
    if (typeof value !== 'string' || value.trim() === '') {
      const received = key === 'password' ? (typeof value === 'string' ? 'an empty string' : describeValue(value === undefined ? undefined : typeof value)) : describeValue(value);
      throw new KlarnaConfigurationError(
        `createKlarnaClient needs ${key} (your Klarna API credentials for ${where}); received ${received}. Copy them from the Klarna Merchant Portal (Settings → Klarna API keys) into your server's environment.`,
        { option: key },
      );
    }
  }
  const credentials = `${options.username} ${options.password}`;
  const testKey = /(^|\s)klarna_test_/.test(credentials);
  const liveKey = /(^|\s)klarna_live_/.test(credentials);
  if (testKey && options.environment === 'production') {
    throw new KlarnaConfigurationError(
      `The credentials are a playground key (klarna_test_…) but environment is "production": use environment: 'playground' with this key, or a klarna_live_ key for production.`,
      { option: 'environment' },
    );
  }
  if (liveKey && options.environment === 'playground') {
    throw new KlarnaConfigurationError(
      `The credentials are a production key (klarna_live_…) but environment is "playground": use environment: 'production' with this key, or a klarna_test_ key for the playground.`,
      { option: 'environment' },
    );
  }
}

function validateBaseUrl(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = typeof value === 'string' ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.search || url.hash || url.username || url.password) {
    throw new KlarnaConfigurationError(
      `createKlarnaClient option baseUrl must be an absolute http(s) URL without query, fragment or credentials, such as "http://127.0.0.1:4010"; received ${describeValue(value)}. Omit it to use the region's Klarna URL.`,
      { option: 'baseUrl' },
    );
  }
  return url.href.replace(/\/+$/, '');
}

function requireId(method: string, name: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new TypeError(`${method} needs ${name} as a non-empty string; received ${name === 'authorizationToken' ? (typeof value === 'string' ? 'an empty string' : typeof value) : describeValue(value)}.`);
  }
  if (value === '.' || value === '..') {
    // encodeURIComponent keeps dots, and URL normalisation would turn the segment into another Klarna path.
    throw new TypeError(`${method} received ${name} "${value}", a relative path segment rather than an identifier; pass the ${name} exactly as Klarna issued it.`);
  }
  return value;
}

function requireBody(method: string, value: unknown): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new TypeError(`${method} needs a request body object in Klarna's field names; received ${describeValue(value)}.`);
  }
}

function purchaseCountryOf(order: unknown): string | undefined {
  const country = (order as { purchase_country?: unknown } | null | undefined)?.purchase_country;
  return typeof country === 'string' ? country : undefined;
}

function normalizePaymentMethod(value: unknown): KlarnaAuthorizedPaymentMethod | undefined {
  if (typeof value === 'string' && value !== '') return { type: value };
  if (value !== null && typeof value === 'object' && typeof (value as { type?: unknown }).type === 'string') {
    return value as KlarnaAuthorizedPaymentMethod;
  }
  return undefined;
}

function lastPathSegment(location: string | null): string | undefined {
  if (!location) return undefined;
  const path = location.split(/[?#]/)[0] ?? '';
  const segment = path.replace(/\/+$/, '').split('/').pop();
  return segment ? decodeURIComponent(segment) : undefined;
}

/**
 * Creates a Klarna client for one region and environment. Validates the options up front and throws
 * `KlarnaConfigurationError` when they cannot work (missing credentials, unknown region, a test key aimed
 * at production, running in a browser page).
 */
export function createKlarnaClient(options: KlarnaClientOptions): KlarnaClient {
  if (options === null || typeof options !== 'object') {
    throw new KlarnaConfigurationError(
      `createKlarnaClient needs an options object ({ username, password, region, environment }); received ${describeValue(options)}.`,
    );
  }
  if (isBrowserPage() && options.allowBrowser !== true) {
    throw new KlarnaConfigurationError(
      'createKlarnaClient refuses to run in a browser page: it needs your Klarna API credentials, which must stay on your server. Create the client in server code (or pass allowBrowser: true for tests).',
      { option: 'allowBrowser' },
    );
  }
  if (!KLARNA_REGIONS.includes(options.region)) {
    throw new KlarnaConfigurationError(
      `createKlarnaClient option region must be 'eu', 'na' or 'oc' (the region of your Klarna account); received ${describeValue(options.region)}.`,
      { option: 'region' },
    );
  }
  if (!KLARNA_ENVIRONMENTS.includes(options.environment)) {
    throw new KlarnaConfigurationError(
      `createKlarnaClient option environment must be 'playground' or 'production'; received ${describeValue(options.environment)}.`,
      { option: 'environment' },
    );
  }
  validateCredentials(options);
  const baseUrl = validateBaseUrl(options.baseUrl) ?? klarnaApiUrl(options.region, options.environment);
  const givenFetch = options.fetch ?? globalThis.fetch;
  if (typeof givenFetch !== 'function') {
    throw new KlarnaConfigurationError(
      `createKlarnaClient needs a fetch function; received ${describeValue(options.fetch)} and this runtime has no global fetch. Pass options.fetch or use Node 20 or later.`,
      { option: 'fetch' },
    );
  }
  // Called unbound, so a browser-style fetch never sees the context object as `this`.
  const fetchImpl: typeof globalThis.fetch = (input, init) => givenFetch(input, init);
  const timeoutMs = nonNegativeNumber(options, 'timeoutMs', DEFAULT_TIMEOUT_MS);
  if (timeoutMs === 0) {
    throw new KlarnaConfigurationError('createKlarnaClient option timeoutMs must be greater than 0; received 0.', { option: 'timeoutMs' });
  }
  const maxRetries = nonNegativeNumber(options, 'maxRetries', DEFAULT_MAX_RETRIES, true);
  const baseDelayMs = nonNegativeNumber(options, 'retryBaseDelayMs', DEFAULT_RETRY_BASE_DELAY_MS);
  const maxDelayMs = nonNegativeNumber(options, 'maxRetryDelayMs', DEFAULT_MAX_RETRY_DELAY_MS);
  if (options.userAgent !== undefined && typeof options.userAgent !== 'string') {
    throw new KlarnaConfigurationError(
      `createKlarnaClient option userAgent must be a string such as "Platform/MyShop_1.0"; received ${describeValue(options.userAgent)}.`,
      { option: 'userAgent' },
    );
  }
  const credentials = `${options.username}:${options.password}`;
  const encoded = encodeBase64(credentials);
  const context: TransportContext = {
    region: options.region,
    environment: options.environment,
    baseUrl,
    fetch: fetchImpl,
    timeoutMs,
    retry: { maxRetries, baseDelayMs, maxDelayMs },
    authorization: `Basic ${encoded}`,
    userAgent: buildUserAgent(options.userAgent),
    secrets: [options.password, options.username, encoded, credentials],
    logger: options.logger,
  };

  const call = (
    method: KlarnaMethod,
    path: string,
    extra: { body?: unknown; retry: RetryMode; idempotencyKey?: string; signal?: AbortSignal | undefined; displayPath?: string; purchaseCountry?: string | undefined; secrets?: string[] },
  ) =>
    sendKlarnaRequest(context, {
      method,
      path,
      displayPath: extra.displayPath ?? path,
      body: extra.body,
      retry: extra.retry,
      idempotencyKey: extra.idempotencyKey,
      signal: extra.signal,
      purchaseCountry: extra.purchaseCountry,
      secrets: extra.secrets ?? [],
    });

  const read = async <T>(path: string, opts: KlarnaRequestOptions | undefined): Promise<T> =>
    (await call('GET', path, { retry: RetryMode.Safe, signal: opts?.signal })).body as T;

  const omWrite = (method: 'POST' | 'PATCH', path: string, body: unknown, opts: KlarnaWriteOptions | undefined) => {
    const key = opts?.idempotencyKey ?? globalThis.crypto.randomUUID();
    if (typeof key !== 'string' || key === '') {
      throw new TypeError(`Order Management options.idempotencyKey must be a non-empty string; received ${describeValue(key)}.`);
    }
    return call(method, path, { body, retry: RetryMode.Safe, idempotencyKey: key, signal: opts?.signal });
  };

  const seg = encodeURIComponent;
  const orderPath = (method: string, orderId: unknown) => `/ordermanagement/v1/orders/${seg(requireId(method, 'orderId', orderId))}`;

  const payments: KlarnaPaymentsApi = {
    async createSession(order, opts) {
      requireBody('payments.createSession(order)', order);
      const { body, status } = await call('POST', '/payments/v1/sessions', {
        body: order,
        retry: RetryMode.Never,
        signal: opts?.signal,
        purchaseCountry: purchaseCountryOf(order),
      });
      const session = body as Partial<KlarnaSessionCreated> | undefined;
      if (!session || typeof session.session_id !== 'string' || typeof session.client_token !== 'string') {
        throw new KlarnaApiError(
          `Klarna answered ${status} to POST /payments/v1/sessions without session_id and client_token; check that baseUrl (${baseUrl}) points at Klarna or the simulator.`,
          { status, endpoint: 'POST /payments/v1/sessions' },
        );
      }
      return {
        ...session,
        session_id: session.session_id,
        client_token: session.client_token,
        payment_method_categories: Array.isArray(session.payment_method_categories) ? session.payment_method_categories : [],
      };
    },
    async readSession(sessionId, opts) {
      return read<KlarnaSessionRead>(`/payments/v1/sessions/${seg(requireId('payments.readSession', 'sessionId', sessionId))}`, opts);
    },
    async updateSession(sessionId, order, opts) {
      const path = `/payments/v1/sessions/${seg(requireId('payments.updateSession', 'sessionId', sessionId))}`;
      requireBody('payments.updateSession(sessionId, order)', order);
      await call('POST', path, { body: order, retry: RetryMode.Never, signal: opts?.signal, purchaseCountry: purchaseCountryOf(order) });
    },
    async placeOrder(authorizationToken, order, opts) {
      const token = requireId('payments.placeOrder', 'authorizationToken', authorizationToken);
      requireBody('payments.placeOrder(authorizationToken, order)', order);
      const { body, status } = await call('POST', `/payments/v1/authorizations/${seg(token)}/order`, {
        body: order,
        retry: RetryMode.Never,
        signal: opts?.signal,
        displayPath: `/payments/v1/authorizations/${AUTH_TOKEN_PLACEHOLDER}/order`,
        purchaseCountry: purchaseCountryOf(order),
        secrets: [token],
      });
      const placed = body as Partial<KlarnaPlacedOrder> & { authorized_payment_method?: unknown } | undefined;
      if (!placed || typeof placed.order_id !== 'string') {
        throw new KlarnaApiError(
          `Klarna answered ${status} to POST /payments/v1/authorizations/${AUTH_TOKEN_PLACEHOLDER}/order without an order_id; look the order up in the Merchant Portal before authorizing again.`,
          { status, endpoint: `POST /payments/v1/authorizations/${AUTH_TOKEN_PLACEHOLDER}/order` },
        );
      }
      // A missing fraud_status stays missing: filling in ACCEPTED would make a PENDING order look shippable.
      const result: KlarnaPlacedOrder = { ...placed, order_id: placed.order_id };
      const method = normalizePaymentMethod(placed.authorized_payment_method);
      if (method) result.authorized_payment_method = method;
      else delete result.authorized_payment_method;
      return result;
    },
    async cancelAuthorization(authorizationToken, opts) {
      const token = requireId('payments.cancelAuthorization', 'authorizationToken', authorizationToken);
      await call('DELETE', `/payments/v1/authorizations/${seg(token)}`, {
        retry: RetryMode.Never,
        signal: opts?.signal,
        displayPath: `/payments/v1/authorizations/${AUTH_TOKEN_PLACEHOLDER}`,
        secrets: [token],
      });
    },
  };

  const created = (kind: 'capture' | 'refund', headerName: string, response: { status: number; headers: Headers }, endpoint: string) => {
    const location = response.headers.get('location') ?? undefined;
    const id = response.headers.get(headerName) ?? lastPathSegment(location ?? null);
    if (!id) {
      throw new KlarnaApiError(
        `Klarna answered ${response.status} to ${endpoint} but sent neither ${headerName} nor Location, so the new ${kind} id is unknown; the ${kind} may exist: read the order with orders.get(orderId) before retrying.`,
        { status: response.status, endpoint, correlationId: response.headers.get('klarna-correlation-id') ?? undefined },
      );
    }
    return { id, location };
  };

  const orders: KlarnaOrdersApi = {
    async get(orderId, opts) {
      return read<KlarnaOrderManagementOrder>(orderPath('orders.get', orderId), opts);
    },
    async capture(orderId, body, opts) {
      const path = `${orderPath('orders.capture', orderId)}/captures`;
      requireBody('orders.capture(orderId, body)', body);
      const response = await omWrite('POST', path, body, opts);
      const { id, location } = created('capture', 'Capture-Id', response, `POST ${path}`);
      return { captureId: id, location };
    },
    async listCaptures(orderId, opts) {
      const captures = await read<KlarnaCapture[] | undefined>(`${orderPath('orders.listCaptures', orderId)}/captures`, opts);
      return Array.isArray(captures) ? captures : [];
    },
    async getCapture(orderId, captureId, opts) {
      const path = `${orderPath('orders.getCapture', orderId)}/captures/${seg(requireId('orders.getCapture', 'captureId', captureId))}`;
      return read<KlarnaCapture>(path, opts);
    },
    async refund(orderId, body, opts) {
      const path = `${orderPath('orders.refund', orderId)}/refunds`;
      requireBody('orders.refund(orderId, body)', body);
      const response = await omWrite('POST', path, body, opts);
      const { id, location } = created('refund', 'Refund-Id', response, `POST ${path}`);
      return { refundId: id, location };
    },
    async getRefund(orderId, refundId, opts) {
      const path = `${orderPath('orders.getRefund', orderId)}/refunds/${seg(requireId('orders.getRefund', 'refundId', refundId))}`;
      return read<KlarnaRefund>(path, opts);
    },
    async cancel(orderId, opts) {
      await omWrite('POST', `${orderPath('orders.cancel', orderId)}/cancel`, undefined, opts);
    },
    async extendAuthorizationTime(orderId, opts) {
      await omWrite('POST', `${orderPath('orders.extendAuthorizationTime', orderId)}/extend-authorization-time`, undefined, opts);
    },
    async releaseRemainingAuthorization(orderId, opts) {
      await omWrite('POST', `${orderPath('orders.releaseRemainingAuthorization', orderId)}/release-remaining-authorization`, undefined, opts);
    },
    async updateAuthorization(orderId, body, opts) {
      const path = `${orderPath('orders.updateAuthorization', orderId)}/authorization`;
      requireBody('orders.updateAuthorization(orderId, body)', body);
      await omWrite('PATCH', path, body, opts);
    },
    async updateMerchantReferences(orderId, body, opts) {
      const path = `${orderPath('orders.updateMerchantReferences', orderId)}/merchant-references`;
      requireBody('orders.updateMerchantReferences(orderId, body)', body);
      await omWrite('PATCH', path, body, opts);
    },
    async addShippingInfo(orderId, body, opts) {
      const path = `${orderPath('orders.addShippingInfo', orderId)}/shipping-info`;
      requireBody('orders.addShippingInfo(orderId, body)', body);
      await omWrite('POST', path, body, opts);
    },
  };

  return Object.freeze({
    region: options.region,
    environment: options.environment,
    baseUrl,
    payments: Object.freeze(payments),
    orders: Object.freeze(orders),
    diagnoseCredentials(diagnoseOptions?: DiagnoseCredentialsOptions) {
      return diagnoseCredentialsOnHosts(
        {
          environment: options.environment,
          configuredRegion: options.region,
          fetch: fetchImpl,
          authorization: context.authorization,
          userAgent: context.userAgent,
          timeoutMs,
          secrets: context.secrets,
        },
        diagnoseOptions,
      );
    },
  });
}
