/**
 * The browser's fetch adapter for the wire protocol (src/protocol): `POST sessionUrl` and
 * `POST orderUrl`, JSON in and out, abortable, timed out, never retried, with every failure mapped to a
 * `MerchantBackendError` whose `code`, `reauthorize` and `retryable` tell the element what to do next.
 * Production checks what the element needs of an answer; development (`DEV_MODE`) checks every field and
 * explains each failure at length.
 */
import { DEV_MODE } from '#dev-mode';
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

type Endpoint = 'session' | 'order';
type AnswerBody = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** True for a non-empty string. */
const isText = (value: unknown): value is string => !!value && typeof value === 'string';

/** True for the categories the element can render: an array of objects with a string `identifier`. */
const hasUsableCategories = (value: unknown) => Array.isArray(value) && value.every((category) => isText(category?.identifier));

/** True for an endpoint URL option: a string with more than white space, or '', null or undefined (not configured). */
const isUrlOption = (value: unknown) => value == null || (typeof value === 'string' && !/^\s+$/.test(value));

/** The test of each option, in the order they are checked. */
const OPTION_CHECKS: Record<string, (value: any) => boolean> = {
  sessionUrl: isUrlOption,
  orderUrl: isUrlOption,
  fetch: (value) => value === undefined || typeof value === 'function',
  timeoutMs: (value) => value == null || (typeof value === 'number' && value > 0),
  headers: (value) => value === undefined || typeof value === 'function' || typeof value === 'object',
};

/** Creates the adapter the element uses to talk to the merchant backend over the wire protocol. */
export function createMerchantClient(options: MerchantClientOptions): MerchantClient {
  // The first bad option in OPTION_CHECKS' order, or 'options' when they are not an object.
  const bad =
    options && typeof options === 'object'
      ? Object.keys(OPTION_CHECKS).find((name) => !OPTION_CHECKS[name](options[name as keyof MerchantClientOptions]))
      : 'options';
  if (bad) throw new KlarnaError(DEV_MODE ? devOptionMessage(options, bad) : `Bad createMerchantClient option ${bad}.`);
  const timeoutMs = options.timeoutMs ?? DEFAULT_MERCHANT_TIMEOUT_MS;

  /** POSTs `body` to the `endpoint` URL and resolves with the checked answer; `secret` never appears in a message. */
  async function post<T>(endpoint: Endpoint, body: object, signal?: AbortSignal, secret?: string): Promise<T> {
    const option = `${endpoint}Url` as const;
    const url = options[option];
    /**
     * Every `MerchantBackendError` is made here: development explains `problem`, production names the status and code.
     * Time-outs, network failures, 5xx and 429 are retryable, unless the token is spent or Klarna is misconfigured.
     */
    const failure = (status: number, code: string, problem: string | false, reauthorize = false, retryable = status > 499 || status === 429, cause?: unknown) => {
      const message = DEV_MODE
        ? code === 'missing_url' ? (problem as string) : `POST ${url} ${problem}.`
        : `POST ${url || option} failed: ${status ? `HTTP ${status} ` : ''}${code}.`;
      retryable &&= !reauthorize && code !== 'klarna_configuration';
      return new MerchantBackendError(secret ? message.split(secret).join('[redacted]') : message, { status, code, retryable, reauthorize, cause });
    };
    if (!url) {
      throw failure(0, 'missing_url', DEV_MODE && `${endpoint === 'session' ? 'createSession' : 'placeOrder'}() needs a URL; pass ${option} to createMerchantClient().`);
    }
    let payload: string;
    try {
      payload = JSON.stringify(body);
    } catch (cause) {
      throw new KlarnaError(
        DEV_MODE ? `The ${endpoint} request body cannot be sent as JSON (${(cause as Error).message}); use plain JSON values.` : `Bad ${endpoint} request body.`,
        { cause },
      );
    }

    const timer = timeoutMs < Infinity ? AbortSignal.timeout(timeoutMs) : undefined;
    const combined = AbortSignal.any([signal, timer].filter((part): part is AbortSignal => !!part));
    // The caller's reason as-is (at once when already aborted), or our time-out, even when a custom fetch ignores its signal.
    const aborted = new Promise<never>((_, reject) => {
      combined.onabort = () =>
        reject(timer?.aborted ? failure(0, 'timeout', DEV_MODE && `got no answer within ${timeoutMs} ms; check the server or raise timeoutMs`, false, true) : combined.reason);
      if (combined.aborted) reject(combined.reason);
    });

    const exchange = (async (): Promise<T> => {
      const headers = new Headers(typeof options.headers === 'function' ? await options.headers() : options.headers);
      combined.throwIfAborted();
      headers.set('Content-Type', 'application/json');
      if (!headers.has('Accept')) headers.set('Accept', 'application/json');
      let response: Response;
      let text: string;
      try {
        response = await (options.fetch ?? fetch)(url, { method: 'POST', headers, body: payload, credentials: options.credentials, signal: combined });
        text = await response.text();
      } catch (cause) {
        throw failure(0, 'network_error', DEV_MODE && `failed (${(cause as Error)?.message ?? cause}); check the network and ${option}`, false, true, cause);
      }
      const { status } = response;
      let json: AnswerBody | undefined;
      try {
        json = JSON.parse(text);
      } catch {
        // not JSON: json stays undefined (JSON itself never parses to undefined)
      }
      if (response.ok) {
        // Production checks what the element needs: a session's id and token (and categories as a list, if any); an order's id.
        const usable =
          endpoint === 'session'
            ? isText(json?.session_id) && isText(json.client_token) && hasUsableCategories(json.payment_method_categories ?? [])
            : isText(json?.order_id);
        const problem = DEV_MODE && devBodyProblem(endpoint, text, json);
        if (DEV_MODE ? problem : !usable) {
          throw failure(status, 'invalid_response', DEV_MODE && `answered HTTP ${status} with an invalid body: ${problem}`);
        }
        return json as T;
      }
      const error = json?.error;
      const code: unknown = error?.code;
      if (!isText(code)) {
        throw failure(status, `http_${status}`, DEV_MODE && `answered HTTP ${status} without an { error: { code } } body; check that ${option} is the checkout handler`);
      }
      const reauthorize = error.reauthorize === true || /^(authorization_(expired|consumed|rejected)|amount_mismatch)$/.test(code);
      throw failure(status, code, DEV_MODE && devErrorProblem(status, code, error.message, reauthorize), reauthorize);
    })();
    return Promise.race([exchange, aborted]);
  }

  return {
    createSession: (body, requestOptions) => post('session', body, requestOptions?.signal),
    async placeOrder(body, requestOptions) {
      const token: unknown = body?.authorization_token;
      if (typeof token !== 'string' || typeof body.session_id !== 'string') {
        throw new KlarnaError(
          DEV_MODE
            ? `placeOrder() needs string authorization_token and session_id, but received ${typeName(token)} and ${typeName(body?.session_id)}.`
            : 'placeOrder() needs string authorization_token and session_id.',
        );
      }
      return post('order', body, requestOptions?.signal, token);
    },
  };
}

// ---- Development only: the long explanations and the field-by-field checks of the backend's answers. ----

/** The explanation of a bad option: what it must be and what it received (development only). */
function devOptionMessage(options: MerchantClientOptions, name: string): string {
  const expected: Record<string, string> = {
    options: 'an object',
    sessionUrl: 'a URL string',
    orderUrl: 'a URL string',
    fetch: 'a function',
    timeoutMs: 'a positive number',
    headers: 'headers or a function',
  };
  const value = name === 'options' ? options : options[name as keyof MerchantClientOptions];
  return `createMerchantClient() option${name === 'options' ? '' : ` ${name}`} must be ${expected[name]}, but received ${describeValue(value)}.`;
}

/** The explanation of a protocol error answer (development only). */
function devErrorProblem(status: number, code: string, message: unknown, reauthorize: boolean): string {
  const detail = isText(message) ? `: ${message.replace(/\.$/, '')}` : '';
  return `answered HTTP ${status} ${code}${detail}${reauthorize ? '; authorize again' : ''}`;
}

/** One field of a success body: its path, its value, and its kind (`s` non-empty string, `o` optional string, `n` non-negative integer, `a` array). */
type FieldCheck = [path: string, value: unknown, kind: FieldKind];
type FieldKind = 's' | 'o' | 'n' | 'a';

/** What each kind of field must be, and the test for it. */
const FIELD_KINDS: Record<FieldKind, [expected: string, valid: (value: any) => boolean]> = {
  s: ['a non-empty string', isText],
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

/** What is wrong with a success body (its `text`, parsed to `json`), or `undefined` when nothing is (development only). */
function devBodyProblem(endpoint: Endpoint, text: string, json: unknown): string | undefined {
  if (json === undefined) return text ? 'it is not JSON' : 'it is empty';
  if (!json || typeof json !== 'object' || Array.isArray(json)) return `it is ${typeName(json)}, not a JSON object`;
  const checks = endpoint === 'session' ? sessionChecks : orderChecks;
  const [path, value, kind] = checks(json).find(([, value, kind]) => !FIELD_KINDS[kind][1](value)) ?? [];
  const expected = kind && FIELD_KINDS[kind][0];
  return kind && `\`${path}\` ${value === undefined ? `is missing (expected ${expected})` : `must be ${expected} (received ${typeName(value)})`}`;
}
