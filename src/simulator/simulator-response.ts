/**
 * The response a simulator route produces, and Klarna's JSON error shape
 * `{ error_code, error_messages, correlation_id }` (klarna-spec.md §7). The server adds the
 * correlation id to the body and to the `Klarna-Correlation-Id` header.
 */

/** What a route answers: a status, extra headers and an optional JSON body (or raw text). */
export interface SimulatorResponse {
  status: number;
  headers?: Record<string, string>;
  /** JSON body; undefined for none. */
  body?: unknown;
  /** Raw text body (with its content type in `headers`), used for the HTML 401 page. */
  text?: string;
}

/** Klarna's JSON error body, before the server adds the correlation id. */
export interface KlarnaErrorBody {
  error_code: string;
  error_messages: string[];
  correlation_id?: string;
}

/** A Klarna-shaped error response. */
export function klarnaError(status: number, errorCode: string, ...messages: string[]): SimulatorResponse {
  return { status, body: { error_code: errorCode, error_messages: messages } satisfies KlarnaErrorBody };
}

/** The default body of an injected fault or an error status, per klarna-spec.md §7. */
export function defaultErrorForStatus(status: number): SimulatorResponse {
  switch (status) {
    case 400:
      return klarnaError(400, 'BAD_REQUEST', 'Bad request');
    case 403:
      return { status: 403 }; // the gateway's 403 has no body
    case 404:
      return klarnaError(404, 'NOT_FOUND', 'Not found');
    case 409:
      return klarnaError(409, 'CONFLICT', 'Conflict');
    case 429:
      return klarnaError(429, 'TOO_MANY_REQUESTS', 'Too many requests');
    case 502:
    case 503:
    case 504:
      return klarnaError(status, 'TEMPORARILY_UNAVAILABLE', 'Temporarily unavailable');
    default:
      return klarnaError(status, 'INTERNAL_SERVER_ERROR', 'Internal error');
  }
}

/** The HTML page Klarna's gateway answers bad or foreign credentials with. */
export function unauthorizedPage(): SimulatorResponse {
  return {
    status: 401,
    headers: { 'Content-Type': 'text/html', 'WWW-Authenticate': 'Basic realm="Klarna API"' },
    text:
      '<html>\r\n<head><title>401 Authorization Required</title></head>\r\n<body>\r\n' +
      '<center><h1>401 Authorization Required</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n',
  };
}

/** True for a plain JSON object (not an array, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
