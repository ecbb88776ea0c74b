/**
 * The browser's fetch adapter for the wire protocol (src/protocol): `POST sessionUrl` and
 * `POST orderUrl`, JSON in and out, abortable, timed out, never retried, with every failure mapped to a
 * `MerchantBackendError` whose `code`, `reauthorize` and `retryable` tell the element what to do next.
 */
import { KlarnaError } from '../errors/klarna-error.js';
import { describeValue, typeName } from '../errors/describe-value.js';
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
  createSession(body: SessionRequest, options?: MerchantRequestOptions): Promise<SessionResponse>;
  /** `POST orderUrl` with `{ authorization_token, session_id, cart }`; resolves with a validated `OrderResponse`. */
  placeOrder(body: OrderRequest, options?: MerchantRequestOptions): Promise<OrderResponse>;
}

/** The default time-out of one request, in milliseconds. */
export const DEFAULT_MERCHANT_TIMEOUT_MS = 30_000;

/** One field of a success body: its path, its value, and its kind (`s` non-empty string, `o` optional string, `n` non-negative integer, `a` array). */
type FieldCheck = [path: string, value: unknown, kind: FieldKind];
type FieldKind = 's' | 'o' | 'n' | 'a';
type AnswerBody = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** What each kind of field must be, and the test for it. */
const FIELD_KINDS: Record<FieldKind, [expected: string, valid: (value: any) => boolean]> = {
  s: ['a non-empty string', (value) => typeof value === 'string' && value !== ''],
  o: ['a string when present', (value) => value === undefined || typeof value === 'string'],
  n: ['a non-negative integer', (value) => Number.isInteger(value) && value >= 0],
  a: ['an array', Array.isArray],
};

/** The checks for the space-separated `names` of `body`, all of one kind. */
function fields(body: AnswerBody, kind: FieldKind, names: string, prefix = ''): FieldCheck[] {
  return names.split(' ').map((name) => [prefix + name, body[name], kind]);
}

/** The checks a session answer must pass (extra fields pass through). */
function sessionChecks(body: AnswerBody): FieldCheck[] {
  const categories: unknown = body.payment_method_categories;
  return [
    ...fields(body, 's', 'session_id client_token purchase_currency'),
    ...fields(body, 'n', 'order_amount'),
    ...fields(body, 'a', 'payment_method_categories'),
    ...(Array.isArray(categories) ? categories : []).flatMap((category, index) =>
      fields(Object(category), 's', 'identifier', `payment_method_categories[${index}].`),
    ),
  ];
}

/** The checks an order answer must pass. */
function orderChecks(body: AnswerBody): FieldCheck[] {
  return [...fields(body, 's', 'order_id'), ...fields(body, 'o', 'redirect_url fraud_status')];
}

/** What is wrong with a parsed success body, or `undefined` when nothing is. */
function bodyProblem(json: unknown, checks: (body: AnswerBody) => FieldCheck[]): string | undefined {
  if (!json || typeof json !== 'object' || Array.isArray(json)) return `it is ${typeName(json)}, not a JSON object`;
  const [path, value, kind] = checks(json).find(([, value, kind]) => !FIELD_KINDS[kind][1](value)) ?? [];
  const expected = kind && FIELD_KINDS[kind][0];
  return kind && `\`${path}\` ${value === undefined ? `is missing (expected ${expected})` : `must be ${expected} (received ${typeName(value)})`}`;
}

/** Validates the options once, when the client is created; throws a `KlarnaError` naming the bad option. */
function checkClientOptions(options: MerchantClientOptions): void {
  const { sessionUrl, orderUrl, fetch, timeoutMs, headers } = Object(options) as MerchantClientOptions;
  const url = (value: unknown) => value == null || value === '' || (typeof value === 'string' && !!value.trim());
  const bad = (
    [
      ['', options, options && typeof options === 'object', 'an object'],
      [' sessionUrl', sessionUrl, url(sessionUrl), 'a URL string'],
      [' orderUrl', orderUrl, url(orderUrl), 'a URL string'],
      [' fetch', fetch, fetch === undefined || typeof fetch === 'function', 'a function'],
      [' timeoutMs', timeoutMs, timeoutMs == null || (typeof timeoutMs === 'number' && timeoutMs > 0), 'a positive number'],
      [' headers', headers, headers === undefined || typeof headers === 'function' || typeof headers === 'object', 'headers or a function'],
    ] as const
  ).find(([, , valid]) => !valid);
  if (bad) throw new KlarnaError(`createMerchantClient() option${bad[0]} must be ${bad[3]}, but received ${describeValue(bad[1])}.`);
}

/** Creates the adapter the element uses to talk to the merchant backend over the wire protocol. */
export function createMerchantClient(options: MerchantClientOptions): MerchantClient {
  checkClientOptions(options);
  const timeoutMs = options.timeoutMs ?? DEFAULT_MERCHANT_TIMEOUT_MS;

  /** POSTs `body` to the `endpoint` URL and resolves with the checked answer; `secret` never appears in a message. */
  async function post<T>(endpoint: 'session' | 'order', body: object, checks: (body: AnswerBody) => FieldCheck[], signal?: AbortSignal, secret?: string): Promise<T> {
    const option = `${endpoint}Url` as const;
    const url = options[option];
    /** Every `MerchantBackendError` is made here: "POST <url> <what happened>; <what to do>." without the secret. */
    const failure = (problem: string, status: number, code: string, retryable?: boolean, reauthorize?: boolean, cause?: unknown) => {
      const message = `POST ${url} ${problem}.`;
      return new MerchantBackendError(secret ? message.split(secret).join('[redacted]') : message, { status, code, retryable, reauthorize, cause });
    };
    if (url == null || url === '') {
      throw new MerchantBackendError(
        `${endpoint === 'session' ? 'createSession' : 'placeOrder'}() needs a URL; pass ${option} to createMerchantClient().`,
        { status: 0, code: 'missing_url' },
      );
    }
    let payload: string;
    try {
      payload = JSON.stringify(body);
    } catch (cause) {
      throw new KlarnaError(`The ${endpoint} request body cannot be sent as JSON (${(cause as Error).message}); use plain JSON values.`, { cause });
    }

    const timer = timeoutMs < Infinity ? AbortSignal.timeout(timeoutMs) : undefined;
    const combined = AbortSignal.any([signal, timer].filter((part): part is AbortSignal => !!part));
    // The caller's reason as-is, or our time-out, even when a custom fetch ignores its signal.
    const aborted = new Promise<never>((_, reject) => {
      const onAbort = () =>
        reject(timer?.aborted ? failure(`got no answer within ${timeoutMs} ms; check the server or raise timeoutMs`, 0, 'timeout', true) : combined.reason);
      if (combined.aborted) onAbort();
      else combined.addEventListener('abort', onAbort);
    });

    const exchange = (async (): Promise<T> => {
      const extra = typeof options.headers === 'function' ? await options.headers() : options.headers;
      combined.throwIfAborted();
      const headers = new Headers(extra);
      headers.set('Content-Type', 'application/json');
      if (!headers.has('Accept')) headers.set('Accept', 'application/json');
      let status: number;
      let text: string;
      try {
        const send = options.fetch ?? fetch;
        const response = await send(url, { method: 'POST', headers, body: payload, credentials: options.credentials, signal: combined });
        status = response.status;
        text = await response.text();
      } catch (cause) {
        throw failure(`failed (${(cause as Error)?.message ?? cause}); check the network and ${option}`, 0, 'network_error', true, false, cause);
      }
      let json: AnswerBody | undefined;
      try {
        json = JSON.parse(text);
      } catch {
        // not JSON: json stays undefined (JSON itself never parses to undefined)
      }
      if (status > 199 && status < 300) {
        const problem = json === undefined ? (text ? 'it is not JSON' : 'it is empty') : bodyProblem(json, checks);
        if (problem) throw failure(`answered HTTP ${status} with an invalid body: ${problem}`, status, 'invalid_response');
        return json as T;
      }
      const retryable = status > 499 || status === 429;
      const error = json?.error;
      const code: unknown = error?.code;
      if (!code || typeof code !== 'string') {
        throw failure(`answered HTTP ${status} without an { error: { code } } body; check that ${option} is the checkout handler`, status, `http_${status}`, retryable);
      }
      const reauthorize = error.reauthorize === true || /^(authorization_(expired|consumed|rejected)|amount_mismatch)$/.test(code);
      const detail = typeof error.message === 'string' && error.message ? `: ${error.message.replace(/\.$/, '')}` : '';
      throw failure(
        `answered HTTP ${status} ${code}${detail}${reauthorize ? '; authorize again' : ''}`,
        status,
        code,
        retryable && !reauthorize && code !== 'klarna_configuration',
        reauthorize,
      );
    })();
    return Promise.race([exchange, aborted]);
  }

  return {
    createSession(body, requestOptions) {
      return post('session', body, sessionChecks, requestOptions?.signal);
    },
    async placeOrder(body, requestOptions) {
      const token: unknown = body?.authorization_token;
      if (typeof token !== 'string' || typeof body.session_id !== 'string') {
        throw new KlarnaError(
          `placeOrder() needs string authorization_token and session_id, but received ${typeName(token)} and ${typeName(body?.session_id)}.`,
        );
      }
      return post('order', body, orderChecks, requestOptions?.signal, token);
    },
  };
}
