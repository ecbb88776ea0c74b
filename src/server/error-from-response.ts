/**
 * The one place a non-2xx Klarna answer becomes an error (openai-node `core/error.ts` style): reads
 * `error_code`, `error_messages` and `correlation_id` when the Content-Type says JSON, falls back to the
 * `Klarna-Correlation-Id` header, and turns every 401 into a `KlarnaAuthenticationError` with a diagnosis.
 */
import { KlarnaApiError } from './errors.js';
import { parseRetryAfter } from './retry-policy.js';
import { redactSecrets } from './secret-redaction.js';
import { authenticationError } from './region-diagnosis.js';
import type { KlarnaRegion, KlarnaEnvironment } from './markets.js';

/** A response as read off the wire, before interpretation. */
export interface ReceivedResponse {
  status: number;
  headers: Headers;
  text: string;
}

/** The parts of the client context the error needs. */
export interface ErrorContext {
  region: KlarnaRegion;
  environment: KlarnaEnvironment;
  baseUrl: string;
  secrets: readonly string[];
}

/** The parts of the request the error needs. */
export interface ErrorRequest {
  purchaseCountry?: string | undefined;
  secrets?: readonly string[];
}

/** What to do about each status, for messages. */
function hintForStatus(status: number, hasBody: boolean): string {
  if (status === 400) return 'fix the request fields Klarna names above';
  if (status === 403 && !hasBody) {
    return 'Klarna\'s gateway refused the request without a body (often rate or DDoS protection) or the operation is not allowed; wait, retry, and quote the correlation id to Klarna if it persists';
  }
  if (status === 403) return 'the operation is not allowed in the current state (consumed token, order state, inactive account)';
  if (status === 404) return 'check the id: it is unknown, expired or belongs to another region or environment';
  if (status === 409) return 'the data does not match what Klarna holds (for an order: the authorized cart); authorize again with the same cart';
  if (status === 413) return 'the request is larger than Klarna accepts (1 MB); send fewer order lines';
  if (status === 422) return 'Klarna could not process the data (often an invalid address)';
  if (status === 429) return 'too many requests: slow down and retry after the rate limit resets';
  if (status >= 500) return 'Klarna had a temporary problem: retry later (reads and Order Management writes are retried automatically)';
  return 'check the request against Klarna\'s API reference';
}

function statusText(status: number): string {
  const texts: Record<number, string> = {
    400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 409: 'Conflict',
    413: 'Payload Too Large', 422: 'Unprocessable Entity', 429: 'Too Many Requests', 500: 'Internal Server Error',
    502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
  };
  return texts[status] ?? 'error';
}

function parseJsonBody(response: ReceivedResponse): Record<string, unknown> | undefined {
  if (!/\bjson\b/i.test(response.headers.get('content-type') ?? '')) return undefined;
  try {
    const value: unknown = JSON.parse(response.text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The `KlarnaApiError` (or `KlarnaAuthenticationError` for a 401) for a non-2xx answer. */
export function createApiError(
  context: ErrorContext,
  request: ErrorRequest,
  endpoint: string,
  response: ReceivedResponse,
): KlarnaApiError {
  const secrets = [...context.secrets, ...(request.secrets ?? [])];
  const body = parseJsonBody(response);
  const errorCode = typeof body?.['error_code'] === 'string' ? redactSecrets(body['error_code'], secrets) : undefined;
  const rawMessages = body?.['error_messages'];
  const errorMessages = Array.isArray(rawMessages)
    ? rawMessages.filter((m): m is string => typeof m === 'string').map((m) => redactSecrets(m, secrets))
    : [];
  const bodyCorrelation = body?.['correlation_id'];
  const correlationId =
    (typeof bodyCorrelation === 'string' && bodyCorrelation !== '' ? bodyCorrelation : undefined) ??
    response.headers.get('klarna-correlation-id') ??
    undefined;
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));

  if (response.status === 401) {
    return authenticationError({
      region: context.region,
      environment: context.environment,
      baseUrl: context.baseUrl,
      endpoint,
      purchaseCountry: request.purchaseCountry,
      errorCode,
      errorMessages,
      correlationId,
      secrets,
    });
  }

  const hasBody = response.text.trim() !== '';
  const where = `${context.region.toUpperCase()} ${context.environment}`;
  let detail: string;
  if (errorMessages.length > 0) detail = errorMessages.join('; ');
  else if (!hasBody) detail = 'no body';
  else if (!body) detail = `a ${response.headers.get('content-type') || 'untyped'} body instead of JSON`;
  else detail = 'no error messages';
  const code = errorCode ? ` ${errorCode}` : ` ${statusText(response.status)}`;
  const correlation = correlationId ? ` Correlation id: ${correlationId}.` : '';
  const message = redactSecrets(
    `Klarna answered ${response.status}${code} to ${endpoint} (${where}) with ${errorMessages.length > 0 ? `"${detail}"` : detail}: ${hintForStatus(response.status, hasBody)}.${correlation}`,
    secrets,
  );
  return new KlarnaApiError(message, {
    status: response.status,
    errorCode,
    errorMessages,
    correlationId,
    endpoint,
    retryAfterMs,
  });
}
