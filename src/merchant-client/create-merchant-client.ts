/**
 * The browser's fetch adapter for the wire protocol (src/protocol): `POST sessionUrl` and
 * `POST orderUrl`, JSON in and out, abortable, timed out, never retried, with every failure mapped to a
 * `MerchantBackendError` whose `code`, `reauthorize` and `retryable` tell the element what to do next.
 */
import { KlarnaError } from '../errors/klarna-error.js';
import { ProtocolErrorCode, REAUTHORIZE_CODES } from '../protocol/index.js';
import type { OrderRequest, OrderResponse, SessionRequest, SessionResponse } from '../protocol/index.js';
import { MerchantBackendError } from './merchant-backend-error.js';

/** How `createMerchantClient()` reaches the merchant backend. */
export interface MerchantClientOptions {
  /** URL of the session endpoint (`POST`, creates or updates the Klarna session); undefined, null or empty = not configured. */
  sessionUrl?: string;
  /** URL of the order endpoint (`POST`, turns an authorization token into an order). */
  orderUrl?: string;
  /** The `fetch` to use; default `globalThis.fetch` at call time. */
  fetch?: typeof fetch;
  /** Extra request headers (say a CSRF token), or a function returning them, called before every request. */
  headers?: HeadersInit | (() => HeadersInit | Promise<HeadersInit>);
  /** Milliseconds before a request is aborted with code `timeout`; default 30000 (`Infinity` for none). */
  timeoutMs?: number;
  /** The fetch `credentials` mode; default 'same-origin'. */
  credentials?: RequestCredentials;
}

/** Per-call options. */
export interface MerchantRequestOptions {
  /** Aborts the request; the returned promise then rejects with `signal.reason` as-is. */
  signal?: AbortSignal;
}

/** The two calls the element makes to the merchant backend. */
export interface MerchantClient {
  /** `POST sessionUrl` with `{ cart, session_id? }`; resolves with a validated `SessionResponse`. */
  createSession(body: SessionRequest, options?: { signal?: AbortSignal }): Promise<SessionResponse>;
  /** `POST orderUrl` with `{ authorization_token, session_id, cart }`; resolves with a validated `OrderResponse`. */
  placeOrder(body: OrderRequest, options?: { signal?: AbortSignal }): Promise<OrderResponse>;
}

/** Codes that a later identical request cannot fix, whatever the HTTP status (the server's configuration is wrong). */
const NEVER_RETRYABLE_CODES: readonly string[] = [ProtocolErrorCode.KlarnaConfiguration];

/** The default time-out of one request, in milliseconds. */
export const DEFAULT_MERCHANT_TIMEOUT_MS = 30_000;

interface Endpoint<T> {
  method: 'createSession' | 'placeOrder';
  option: 'sessionUrl' | 'orderUrl';
  label: string;
  action: string;
  validate(json: unknown, fail: (problem: string) => never): T;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeField(body: Record<string, unknown>, field: string, expected: string): string {
  return field in body ? `\`${field}\` must be ${expected} (received ${typeName(body[field])})` : `\`${field}\` is missing (expected ${expected})`;
}

function requireObject(json: unknown, fail: (problem: string) => never, shape: string): Record<string, unknown> {
  if (!isRecord(json)) fail(`is ${typeName(json)}, not the JSON object ${shape}`);
  return json;
}

const SESSION_SHAPE = '{ session_id, client_token, payment_method_categories, order_amount, purchase_currency }';
const ORDER_SHAPE = '{ order_id, redirect_url?, fraud_status? }';

const SESSION_ENDPOINT: Endpoint<SessionResponse> = {
  method: 'createSession',
  option: 'sessionUrl',
  label: 'session endpoint',
  action: 'create the Klarna session',
  validate(json, fail) {
    const body = requireObject(json, fail, SESSION_SHAPE);
    const problems: string[] = [];
    for (const field of ['session_id', 'client_token', 'purchase_currency']) {
      if (typeof body[field] !== 'string' || body[field] === '') problems.push(describeField(body, field, 'a non-empty string'));
    }
    if (typeof body['order_amount'] !== 'number' || !Number.isInteger(body['order_amount']) || body['order_amount'] < 0) {
      problems.push(describeField(body, 'order_amount', 'a non-negative integer in minor units'));
    }
    const categories = body['payment_method_categories'];
    if (!Array.isArray(categories)) {
      problems.push(describeField(body, 'payment_method_categories', 'an array'));
    } else {
      categories.forEach((category: unknown, index) => {
        if (!isRecord(category) || typeof category['identifier'] !== 'string' || category['identifier'] === '') {
          problems.push(`\`payment_method_categories[${index}]\` must be an object with a non-empty string \`identifier\``);
        } else if (category['name'] !== undefined && typeof category['name'] !== 'string') {
          problems.push(`\`payment_method_categories[${index}].name\` must be a string (received ${typeName(category['name'])})`);
        }
      });
    }
    if (problems.length > 0) fail(`is not a valid session: ${problems.join('; ')}. It must answer ${SESSION_SHAPE}`);
    return body as unknown as SessionResponse;
  },
};

const ORDER_ENDPOINT: Endpoint<OrderResponse> = {
  method: 'placeOrder',
  option: 'orderUrl',
  label: 'order endpoint',
  action: 'place the order',
  validate(json, fail) {
    const body = requireObject(json, fail, ORDER_SHAPE);
    const problems: string[] = [];
    if (typeof body['order_id'] !== 'string' || body['order_id'] === '') problems.push(describeField(body, 'order_id', 'a non-empty string'));
    for (const field of ['redirect_url', 'fraud_status']) {
      if (body[field] !== undefined && typeof body[field] !== 'string') problems.push(describeField(body, field, 'a string when present'));
    }
    if (problems.length > 0) fail(`is not a valid order: ${problems.join('; ')}. It must answer ${ORDER_SHAPE}`);
    return body as unknown as OrderResponse;
  },
};

/** Replaces every secret (tokens) in a server-provided text, so messages never carry one. */
function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) if (secret.length >= 4) result = result.split(secret).join('[redacted]');
  return result;
}

function validateOptions(options: MerchantClientOptions): void {
  if (!isRecord(options)) {
    throw new KlarnaError(`createMerchantClient() needs an options object such as { sessionUrl: '/checkout/session', orderUrl: '/checkout/order' }, but received ${typeName(options)}.`);
  }
  for (const field of ['sessionUrl', 'orderUrl'] as const) {
    const value = options[field];
    if (value !== undefined && value !== null && value !== '' && (typeof value !== 'string' || value.trim() === '')) {
      throw new KlarnaError(`createMerchantClient() option ${field} must be a non-empty URL string such as '/checkout/${field === 'sessionUrl' ? 'session' : 'order'}', but received ${typeName(value)}.`);
    }
  }
  if (options.fetch !== undefined && typeof options.fetch !== 'function') {
    throw new KlarnaError(`createMerchantClient() option fetch must be a function with the signature of window.fetch, but received ${typeName(options.fetch)}.`);
  }
  const timeout = options.timeoutMs;
  if (timeout !== undefined && timeout !== null && (typeof timeout !== 'number' || Number.isNaN(timeout) || timeout <= 0)) {
    throw new KlarnaError(`createMerchantClient() option timeoutMs must be a positive number of milliseconds (or Infinity for none), but received ${typeof timeout === 'number' ? timeout : typeName(timeout)}.`);
  }
  if (options.headers !== undefined && typeof options.headers !== 'function' && typeof options.headers !== 'object') {
    throw new KlarnaError(`createMerchantClient() option headers must be a headers object, an array of pairs, a Headers instance or a function returning one, but received ${typeName(options.headers)}.`);
  }
}

/** Creates the adapter the element uses to talk to the merchant backend over the wire protocol. */
export function createMerchantClient(options: MerchantClientOptions): MerchantClient {
  validateOptions(options);
  const timeoutMs = options.timeoutMs ?? DEFAULT_MERCHANT_TIMEOUT_MS;
  const credentials = options.credentials ?? 'same-origin';

  async function post<T>(endpoint: Endpoint<T>, body: object, secrets: readonly string[], signal?: AbortSignal): Promise<T> {
    const url = options[endpoint.option];
    if (url === undefined || url === null || url === '') {
      throw new MerchantBackendError(
        `${endpoint.method}() needs the ${endpoint.label} URL, but createMerchantClient() got no ${endpoint.option}; pass { ${endpoint.option}: '/checkout/${endpoint.option === 'sessionUrl' ? 'session' : 'order'}' }.`,
        { status: 0, code: 'missing_url' },
      );
    }
    signal?.throwIfAborted();
    let payload: string;
    try {
      payload = JSON.stringify(body);
    } catch (cause) {
      throw new KlarnaError(`${endpoint.method}() could not serialize its request body as JSON (${(cause as Error)?.message ?? 'unknown reason'}); pass a cart made of plain JSON values.`, { cause });
    }
    const extra = typeof options.headers === 'function' ? await options.headers() : options.headers;
    const headers = new Headers(extra);
    headers.set('Content-Type', 'application/json');
    if (!headers.has('Accept')) headers.set('Accept', 'application/json');
    signal?.throwIfAborted();

    const controller = new AbortController();
    let rejectAborted!: (reason: unknown) => void;
    const aborted = new Promise<never>((_, reject) => (rejectAborted = reject));
    const abort = (reason: unknown) => {
      controller.abort(reason);
      rejectAborted(reason);
    };
    const onCallerAbort = () => abort(signal?.reason);
    signal?.addEventListener('abort', onCallerAbort, { once: true });
    const timer = Number.isFinite(timeoutMs)
      ? setTimeout(
          () =>
            abort(
              new MerchantBackendError(
                `The ${endpoint.label} (${url}) did not answer within ${timeoutMs} ms, so the request was aborted; check the server, or raise timeoutMs.`,
                { status: 0, code: 'timeout', retryable: true },
              ),
            ),
          timeoutMs,
        )
      : undefined;

    const networkError = (cause: unknown, stage: string) =>
      new MerchantBackendError(
        `The ${endpoint.label} (${url}) could not be reached ${stage} (${redact(String((cause as Error)?.message ?? cause), secrets)}); check the network and that ${endpoint.option} points at the merchant backend.`,
        { status: 0, code: 'network_error', retryable: true, cause },
      );

    const exchange = (async (): Promise<T> => {
      let response: Response;
      try {
        const fetchFunction = options.fetch ?? globalThis.fetch;
        response = await fetchFunction.call(globalThis, url, { method: 'POST', headers, body: payload, credentials, signal: controller.signal });
      } catch (cause) {
        if (controller.signal.aborted) throw controller.signal.reason;
        throw networkError(cause, 'while sending the request');
      }
      let text: string;
      try {
        text = await response.text();
      } catch (cause) {
        if (controller.signal.aborted) throw controller.signal.reason;
        throw networkError(cause, 'while reading the answer');
      }
      return interpret(endpoint, url, response.status, text, secrets);
    })();
    exchange.catch(() => undefined);
    try {
      return await Promise.race([exchange, aborted]);
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener('abort', onCallerAbort);
    }
  }

  return {
    createSession(body, requestOptions) {
      return post(SESSION_ENDPOINT, body, [], requestOptions?.signal);
    },
    placeOrder(body, requestOptions) {
      const secrets = typeof body?.authorization_token === 'string' ? [body.authorization_token] : [];
      if (!isRecord(body) || typeof body.authorization_token !== 'string' || typeof body.session_id !== 'string') {
        return Promise.reject(
          new KlarnaError(
            `placeOrder() needs a body { authorization_token, session_id, cart } with string authorization_token and session_id, but received authorization_token as ${typeName(isRecord(body) ? body['authorization_token'] : undefined)} and session_id as ${typeName(isRecord(body) ? body['session_id'] : undefined)}.`,
          ),
        );
      }
      return post(ORDER_ENDPOINT, body, secrets, requestOptions?.signal);
    },
  };
}

function interpret<T>(endpoint: Endpoint<T>, url: string, status: number, text: string, secrets: readonly string[]): T {
  let json: unknown;
  let parsed = false;
  try {
    json = JSON.parse(text);
    parsed = true;
  } catch {
    parsed = false;
  }
  if (status >= 200 && status < 300) {
    const fail = (problem: string): never => {
      throw new MerchantBackendError(`The ${endpoint.label} (${url}) answered HTTP ${status} but its body ${problem}.`, { status, code: 'invalid_response' });
    };
    if (!parsed) fail(text === '' ? 'is empty; it must answer JSON' : 'is not JSON; it must answer JSON (Content-Type: application/json)');
    return endpoint.validate(json, fail);
  }
  const retryableStatus = status >= 500 || status === 429;
  const error = isRecord(json) && isRecord(json['error']) ? json['error'] : undefined;
  if (error && typeof error['code'] === 'string' && error['code'] !== '') {
    const code = error['code'];
    const reauthorize = error['reauthorize'] === true || REAUTHORIZE_CODES.includes(code);
    const detail = typeof error['message'] === 'string' && error['message'] !== '' ? `: ${redact(error['message'], secrets)}` : '';
    const retryable = retryableStatus && !reauthorize && !NEVER_RETRYABLE_CODES.includes(code);
    const next = reauthorize ? ' Authorize again before retrying.' : retryable ? ' Try again later.' : '';
    return throwError(`The merchant backend could not ${endpoint.action} (HTTP ${status}, ${code})${detail}.${next}`, {
      status,
      code,
      reauthorize,
      retryable,
    });
  }
  return throwError(
    `The ${endpoint.label} (${url}) answered HTTP ${status} without the protocol's { "error": { "code", "message" } } body; check that ${endpoint.option} points at the merchant's checkout handler.`,
    { status, code: `http_${status}`, retryable: retryableStatus },
  );
}

function throwError(message: string, details: ConstructorParameters<typeof MerchantBackendError>[1]): never {
  throw new MerchantBackendError(message, details);
}
