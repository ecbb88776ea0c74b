/**
 * The browser's fetch adapter for the wire protocol (src/protocol): `POST sessionUrl` and
 * `POST orderUrl`, JSON in and out, abortable, timed out, never retried, with every failure mapped to a
 * `MerchantBackendError` whose `code`, `reauthorize` and `retryable` tell the element what to do next, and whose
 * `serverMessage` carries the backend's shopper-safe `error.message` in every build.
 * Production checks what the element needs of an answer; the development build (`#dev-mode`) checks every field and
 * explains each failure at length.
 */
import { describeAnswerProblem, describeMerchantFailure, describeMerchantOption, describeOrderArguments, describeRequestBody } from '#dev-mode';
import { KlarnaError } from '../errors/klarna-error.js';
import { ProtocolErrorCode, REAUTHORIZE_CODES, type OrderRequest, type OrderResponse, type SessionRequest, type SessionResponse } from '../protocol/index.js';
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

/** The endpoint a request goes to. */
export type MerchantEndpoint = 'session' | 'order';

/**
 * What the adapter knows about a failed request; both builds word the error's message from it. Without an HTTP
 * answer (`status` 0) the code is the adapter's own: `missing_url`, `timeout` or `network_error`.
 */
export interface MerchantFailure {
  endpoint: MerchantEndpoint;
  /** The option that holds the endpoint's URL. */
  option: 'sessionUrl' | 'orderUrl';
  /** The URL as configured (may be empty for `missing_url`). */
  url: string | undefined;
  status: number;
  code: string;
  reauthorize: boolean;
  timeoutMs: number;
  /** The error fetch threw, for `network_error`. */
  cause?: unknown;
  /** True for an error status without the protocol's `{ error: { code } }` body (code `http_<status>`). */
  notProtocol?: boolean;
  /** What is wrong with the answer's body, for `invalid_response` in development. */
  answerProblem?: string;
  /** The backend's `error.message`, for `refused`. */
  serverMessage?: string;
}

/** True for a non-empty string. */
const isText = (value: unknown): value is string => !!value && typeof value === 'string';

/** True for the categories the element can render: an array of objects with a string `identifier`. */
const hasUsableCategories = (value: unknown) => Array.isArray(value) && value.every((category) => isText(category?.identifier));

/** True for an endpoint URL option: a string with more than white space, or '', null or undefined (not configured). */
const isUrlOption = (value: unknown) => value === null || value === undefined || (typeof value === 'string' && !/^\s+$/.test(value));

/** The test of each option, in the order they are checked. */
const OPTION_CHECKS: Record<string, (value: any) => boolean> = {
  sessionUrl: isUrlOption,
  orderUrl: isUrlOption,
  fetch: (value) => value === undefined || typeof value === 'function',
  timeoutMs: (value) => value === null || value === undefined || (typeof value === 'number' && value > 0),
  headers: (value) => value === undefined || typeof value === 'function' || typeof value === 'object',
};

/** True for a 2xx answer the element can use: a session's id and token (and categories as a list, if any); an order's id. */
function isUsableAnswer(endpoint: MerchantEndpoint, json: Record<string, unknown> | undefined): boolean {
  if (endpoint === 'session') {
    return isText(json?.session_id) && isText(json.client_token) && hasUsableCategories(json.payment_method_categories ?? []);
  }
  return isText(json?.order_id);
}

/** The production message: method, URL, status and code, and the backend's own (shopper-safe) words when it sent some. */
function shortFailureMessage({ url, option, status, code, serverMessage }: Omit<MerchantFailure, 'endpoint' | 'timeoutMs' | 'reauthorize'>): string {
  const answer = status ? `HTTP ${status} ${code}` : code;
  const words = serverMessage ? `: ${serverMessage.replace(/\.$/, '')}` : '';
  return `POST ${url || option} failed: ${answer}${words}.`;
}

/** Creates the adapter the element uses to talk to the merchant backend over the wire protocol. */
export function createMerchantClient(options: MerchantClientOptions): MerchantClient {
  // The first bad option in OPTION_CHECKS' order, or 'options' when they are not an object.
  const bad =
    options && typeof options === 'object'
      ? Object.keys(OPTION_CHECKS).find((name) => !OPTION_CHECKS[name](options[name as keyof MerchantClientOptions]))
      : 'options';
  if (bad) throw new KlarnaError(describeMerchantOption?.(options, bad) ?? `Bad createMerchantClient option ${bad}.`);
  const timeoutMs = options.timeoutMs ?? DEFAULT_MERCHANT_TIMEOUT_MS;

  /** POSTs `body` to the `endpoint` URL and resolves with the checked answer; `secret` never appears in a message. */
  async function post<T>(endpoint: MerchantEndpoint, body: object, signal?: AbortSignal, secret?: string): Promise<T> {
    const option = endpoint === 'session' ? 'sessionUrl' : 'orderUrl';
    const url = options[option];
    const redact = (text: string) => (secret ? text.split(secret).join('[redacted]') : text);
    /**
     * Every `MerchantBackendError` is made here. Time-outs, network failures, 5xx and 429 are retryable, unless the
     * token is spent or Klarna is misconfigured.
     */
    const failure = (
      facts: Omit<MerchantFailure, 'endpoint' | 'option' | 'url' | 'timeoutMs' | 'reauthorize'> & { reauthorize?: boolean; final?: boolean },
    ) => {
      const { status, code, cause, reauthorize = false, final = false } = facts;
      const serverMessage = facts.serverMessage === undefined ? undefined : redact(facts.serverMessage);
      const message = redact(
        describeMerchantFailure?.({ ...facts, endpoint, option, url, timeoutMs, reauthorize, serverMessage }) ??
          shortFailureMessage({ url, option, status, code, serverMessage }),
      );
      const unanswered = status === 0 && (code === 'timeout' || code === 'network_error');
      const transient = unanswered || status > 499 || status === 429;
      // `final`: the backend's answer said `retryable: false` (e.g. an `outcome_unknown` it settled for good).
      const retryable = transient && !reauthorize && !final && code !== ProtocolErrorCode.KlarnaConfiguration;
      return new MerchantBackendError(message, { status, code, retryable, reauthorize, cause, serverMessage });
    };
    if (!url) {
      throw failure({ status: 0, code: 'missing_url' });
    }
    let payload: string;
    try {
      payload = JSON.stringify(body);
    } catch (cause) {
      throw new KlarnaError(describeRequestBody?.(endpoint, cause) ?? `Bad ${endpoint} request body.`, { cause });
    }

    const timer = timeoutMs < Infinity ? AbortSignal.timeout(timeoutMs) : undefined;
    const combined = AbortSignal.any([signal, timer].filter((part): part is AbortSignal => part !== undefined));
    // The caller's reason as-is (at once when already aborted), or our time-out, even when a custom fetch ignores its signal.
    const aborted = new Promise<never>((_, reject) => {
      combined.onabort = () => reject(timer?.aborted ? failure({ status: 0, code: 'timeout' }) : combined.reason);
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
        throw failure({ status: 0, code: 'network_error', cause });
      }
      const { status } = response;
      let json: Record<string, any> | undefined; // eslint-disable-line @typescript-eslint/no-explicit-any
      try {
        json = JSON.parse(text);
      } catch {
        // not JSON: json stays undefined (JSON itself never parses to undefined)
      }
      if (response.ok) {
        // Development checks every field and names the wrong one; production checks what the element reads.
        const answerProblem = describeAnswerProblem ? describeAnswerProblem(endpoint, text, json) : undefined;
        const invalid = describeAnswerProblem ? answerProblem !== undefined : !isUsableAnswer(endpoint, json);
        if (invalid) throw failure({ status, code: 'invalid_response', answerProblem });
        return json as T;
      }
      const error = json?.error;
      const code: unknown = error?.code;
      if (!isText(code)) {
        throw failure({ status, code: `http_${status}`, notProtocol: true });
      }
      const reauthorize = error.reauthorize === true || REAUTHORIZE_CODES.includes(code);
      const serverMessage = isText(error.message) ? error.message : undefined;
      throw failure({ status, code, reauthorize, serverMessage, final: error.retryable === false });
    })();
    return Promise.race([exchange, aborted]);
  }

  return {
    createSession: (body, requestOptions) => post('session', body, requestOptions?.signal),
    async placeOrder(body, requestOptions) {
      const token: unknown = body?.authorization_token;
      if (typeof token !== 'string' || typeof body.session_id !== 'string') {
        throw new KlarnaError(
          describeOrderArguments?.(token, body?.session_id) ?? 'placeOrder() needs string authorization_token and session_id.',
        );
      }
      return post('order', body, requestOptions?.signal, token);
    },
  };
}
