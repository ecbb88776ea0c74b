/**
 * One Klarna HTTP call with its per-attempt time-out, retries and error mapping. Private to the client:
 * `klarna-client.ts` describes each endpoint as a `KlarnaRequest` and this file does the rest.
 */
import { KlarnaApiError, KlarnaNetworkError, KlarnaTimeoutError } from './errors.js';
import { createApiError, type ReceivedResponse } from './error-from-response.js';
import { isRetryableStatus, retryDelayMs, RetryMode, type RetrySettings } from './retry-policy.js';
import { redactSecrets } from './secret-redaction.js';
import type { KlarnaEnvironment, KlarnaRegion } from './markets.js';

/** Where log lines go; never receives credentials or tokens. */
export interface KlarnaClientLogger {
  /** Called before each automatic retry. */
  warn?(message: string): void;
  /** Called when a call finally fails. */
  error?(message: string): void;
}

/** Everything a call needs from the client's validated options. */
export interface TransportContext {
  region: KlarnaRegion;
  environment: KlarnaEnvironment;
  /** Base URL without a trailing slash. */
  baseUrl: string;
  fetch: typeof globalThis.fetch;
  timeoutMs: number;
  retry: RetrySettings;
  /** Full `Authorization` header value. */
  authorization: string;
  userAgent: string;
  /** Strings that must never appear in messages (password, username, the auth header). */
  secrets: readonly string[];
  logger: KlarnaClientLogger | undefined;
}

/** HTTP methods the client uses. */
export type KlarnaMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** One endpoint call, as `klarna-client.ts` describes it. */
export interface KlarnaRequest {
  method: KlarnaMethod;
  /** Path with encoded segments, starting with `/`. */
  path: string;
  /** Path for messages, tokens replaced by a placeholder. */
  displayPath: string;
  body?: unknown;
  retry: RetryMode;
  idempotencyKey?: string | undefined;
  signal?: AbortSignal | undefined;
  /** The order's `purchase_country`, for the 401 diagnosis. */
  purchaseCountry?: string | undefined;
  /** Per-call secrets, e.g. the authorization token in the path. */
  secrets?: readonly string[];
}

/** A successful answer: status, headers and the JSON body (undefined when there was none). */
export interface KlarnaSuccess {
  status: number;
  headers: Headers;
  body: unknown;
}

/** Added to network and time-out messages of writes that are never retried. */
const UNKNOWN_OUTCOME = ' Klarna may have received the call: read the state (e.g. payments.readSession) before sending it again.';

/** True when a `Content-Type` says JSON (`application/json`, `application/problem+json`, …). */
export function isJsonContentType(headers: Headers): boolean {
  return /\bjson\b/i.test(headers.get('content-type') ?? '');
}

/** Passes a (secret-free) line to the caller's logger; a throwing logger never breaks the call. */
function log(context: TransportContext, level: 'warn' | 'error', message: string): void {
  try {
    context.logger?.[level]?.(redactSecrets(message, context.secrets));
  } catch {
    // the logger's failure is not the caller's Klarna failure
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function describeCause(error: unknown): string {
  let innermost: unknown = error;
  for (let depth = 0; depth < 5; depth++) {
    const next = (innermost as { cause?: unknown } | null)?.cause;
    if (next === undefined || next === null) break;
    innermost = next;
  }
  const code = (innermost as { code?: unknown } | null)?.code;
  const message = innermost instanceof Error ? innermost.message : String(innermost);
  return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
}

function requestHeaders(context: TransportContext, request: KlarnaRequest): Record<string, string> {
  const headers: Record<string, string> = {
    Authorization: context.authorization,
    Accept: 'application/json',
    'User-Agent': context.userAgent,
  };
  if (request.body !== undefined) headers['Content-Type'] = 'application/json';
  if (request.idempotencyKey !== undefined) headers['Klarna-Idempotency-Key'] = request.idempotencyKey;
  return headers;
}

/** One attempt: fetch and read the whole body within `timeoutMs`; maps failures to our error classes. */
async function attempt(context: TransportContext, request: KlarnaRequest, endpoint: string, payload: string | undefined): Promise<ReceivedResponse> {
  const callerSignal = request.signal;
  if (callerSignal?.aborted) throw callerSignal.reason;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error(`Timed out after ${context.timeoutMs} ms.`));
  }, context.timeoutMs);
  const onCallerAbort = () => controller.abort(callerSignal?.reason);
  callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
  // Rejects on abort even when an injected fetch ignores its signal.
  const aborted = new Promise<never>((_, reject) => {
    controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
  });
  aborted.catch(() => undefined);
  try {
    const exchange = (async (): Promise<ReceivedResponse> => {
      const init: RequestInit = { method: request.method, headers: requestHeaders(context, request), signal: controller.signal };
      if (payload !== undefined) init.body = payload;
      const response = await context.fetch(`${context.baseUrl}${request.path}`, init);
      const text = await response.text();
      return { status: response.status, headers: response.headers, text };
    })();
    exchange.catch(() => undefined);
    return await Promise.race([exchange, aborted]);
  } catch (error) {
    const secrets = [...context.secrets, ...(request.secrets ?? [])];
    const unknownOutcome = request.retry === RetryMode.Never && request.method !== 'GET' ? UNKNOWN_OUTCOME : '';
    if (timedOut) {
      throw new KlarnaTimeoutError(
        `Klarna did not answer ${endpoint} within ${context.timeoutMs} ms (${context.region.toUpperCase()} ${context.environment}, ${context.baseUrl}): raise timeoutMs or check the network to Klarna.${unknownOutcome}`,
        { timeoutMs: context.timeoutMs, endpoint },
      );
    }
    if (callerSignal?.aborted) throw callerSignal.reason;
    throw new KlarnaNetworkError(
      redactSecrets(
        `Could not reach Klarna for ${endpoint} at ${context.baseUrl} (${context.region.toUpperCase()} ${context.environment}): ${describeCause(error)}. Check the network, DNS and baseUrl.${unknownOutcome}`,
        secrets,
      ),
      { endpoint, cause: error },
    );
  } finally {
    clearTimeout(timer);
    callerSignal?.removeEventListener('abort', onCallerAbort);
  }
}

function parseSuccess(response: ReceivedResponse, context: TransportContext, request: KlarnaRequest, endpoint: string): KlarnaSuccess {
  if (response.text.trim() === '') return { status: response.status, headers: response.headers, body: undefined };
  if (!isJsonContentType(response.headers)) return { status: response.status, headers: response.headers, body: undefined };
  try {
    return { status: response.status, headers: response.headers, body: JSON.parse(response.text) };
  } catch (cause) {
    throw new KlarnaApiError(
      redactSecrets(
        `Klarna answered ${response.status} to ${endpoint} with a JSON Content-Type but a body that is not JSON; check that baseUrl (${context.baseUrl}) points at Klarna or the simulator.`,
        [...context.secrets, ...(request.secrets ?? [])],
      ),
      { status: response.status, endpoint, correlationId: response.headers.get('klarna-correlation-id') ?? undefined, cause },
    );
  }
}

/**
 * Sends `request`, retrying safe calls on network errors, time-outs, 429 and 5xx (same idempotency key),
 * and resolves with the 2xx answer or rejects with a `KlarnaError` subclass (or the caller's abort reason).
 */
export async function sendKlarnaRequest(context: TransportContext, request: KlarnaRequest): Promise<KlarnaSuccess> {
  const endpoint = `${request.method} ${request.displayPath}`;
  const maxRetries = request.retry === RetryMode.Safe ? context.retry.maxRetries : 0;
  let payload: string | undefined;
  try {
    payload = request.body === undefined ? undefined : JSON.stringify(request.body);
  } catch (cause) {
    throw new TypeError(`The body of ${endpoint} cannot be sent as JSON (${cause instanceof Error ? cause.message : String(cause)}); pass plain objects, strings and integer amounts.`, { cause });
  }
  for (let retry = 0; ; retry++) {
    let failure: KlarnaApiError | KlarnaNetworkError | KlarnaTimeoutError;
    try {
      const response = await attempt(context, request, endpoint, payload);
      if (response.status >= 200 && response.status < 300) return parseSuccess(response, context, request, endpoint);
      failure = createApiError(context, request, endpoint, response);
    } catch (error) {
      if (error instanceof KlarnaNetworkError || error instanceof KlarnaTimeoutError || error instanceof KlarnaApiError) {
        failure = error;
      } else {
        throw error;
      }
    }
    const retryable = failure instanceof KlarnaApiError ? isRetryableStatus(failure.status) : true;
    if (!retryable || retry >= maxRetries) {
      if (retry > 0) log(context, 'error', `Gave up on ${endpoint} after ${retry + 1} attempts: ${failure.message}`);
      throw failure;
    }
    const retryAfterMs = failure instanceof KlarnaApiError ? failure.retryAfterMs : undefined;
    const delay = retryDelayMs(retry + 1, context.retry, retryAfterMs);
    log(
      context,
      'warn',
      `${failure.name} on ${endpoint}; retrying in ${delay} ms (retry ${retry + 1} of ${maxRetries})${request.idempotencyKey ? ' with the same Klarna-Idempotency-Key' : ''}.`,
    );
    await sleep(delay, request.signal);
  }
}
