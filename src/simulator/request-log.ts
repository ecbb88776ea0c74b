/**
 * The log of the requests the simulator received, for tests to assert on: the newest `limit` entries
 * (oldest dropped first), with credentials, tokens and callback secrets redacted.
 */

/** One received request and the status it got. */
export interface LoggedRequest {
  method: string;
  /** Path inside the region/environment (`/payments/v1/sessions`), or the full path for other routes; an authorization token in it shows as `[redacted]`. */
  path: string;
  /** The full request path including the region/environment prefix and query (token redacted like `path`). */
  url: string;
  region?: string;
  environment?: string;
  /** Lower-case request headers; `authorization` is replaced by `[redacted]`. */
  headers: Record<string, string>;
  /** The parsed JSON body (client and authorization tokens and `merchant_urls` query strings redacted), the raw text when it is not JSON, or undefined when empty. */
  body: unknown;
  /** The status sent, or null when the connection was dropped or left hanging. */
  status: number | null;
  /** The simulator clock's time at arrival (epoch ms). */
  at: number;
  /** The `Klarna-Correlation-Id` of the response. */
  correlationId: string;
}

/** The request log: an array of entries with a `clear()`. */
export interface RequestLog extends ReadonlyArray<LoggedRequest> {
  /** Forgets every logged request. */
  clear(): void;
}

/** The log plus the simulator's way to add an entry. */
export interface WritableRequestLog extends RequestLog {
  /** Appends an entry and drops the oldest ones past the limit. */
  record(entry: LoggedRequest): void;
}

/** Creates an empty request log that keeps the newest `limit` entries. */
export function createRequestLog(limit: number): WritableRequestLog {
  const entries: LoggedRequest[] = [];
  Object.defineProperty(entries, 'clear', {
    value() {
      entries.length = 0;
    },
    enumerable: false,
  });
  Object.defineProperty(entries, 'record', {
    value(entry: LoggedRequest) {
      entries.push(entry);
      if (entries.length > limit) entries.splice(0, entries.length - limit);
    },
    enumerable: false,
  });
  return entries as unknown as WritableRequestLog;
}

/** Copies headers with the credentials removed. */
export function redactHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    result[lower] = lower === 'authorization' || lower === 'proxy-authorization' ? '[redacted]' : Array.isArray(value) ? value.join(', ') : value;
  }
  return result;
}
