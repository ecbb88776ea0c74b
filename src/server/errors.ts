/**
 * The server client's errors (../../docs/decisions/0001-architecture.md, "Error hierarchy"). All extend
 * `KlarnaError`; each sets a literal `name`. They are created in one place from the HTTP outcome
 * (`error-from-response.ts`), and their messages never contain credentials or authorization tokens.
 */
import { KlarnaError } from '../errors/klarna-error.js';
import type { KlarnaEnvironment, KlarnaRegion } from './markets.js';

/** Fields shared by the constructor options of `KlarnaApiError` and its subclasses. */
export interface KlarnaApiErrorDetails {
  /** The HTTP status Klarna answered with. */
  status: number;
  /** Klarna's machine-readable `error_code`, when the body was JSON and carried one. */
  errorCode?: string | undefined;
  /** Klarna's `error_messages` (debug text, not for shoppers). */
  errorMessages?: readonly string[] | undefined;
  /** Klarna's `correlation_id` (body) or `Klarna-Correlation-Id` (header): quote it to Klarna support. */
  correlationId?: string | undefined;
  /** The call that failed, tokens redacted, e.g. `POST /payments/v1/authorizations/{authorization_token}/order`. */
  endpoint?: string | undefined;
  /** Milliseconds Klarna asked us to wait (`Retry-After`), when it said so. */
  retryAfterMs?: number | undefined;
  /** The underlying error, if any. */
  cause?: unknown;
}

/** Klarna answered with an HTTP error status (or with a success we could not use). */
export class KlarnaApiError extends KlarnaError {
  /** Always `KlarnaApiError` (subclasses set their own). */
  override name: string = 'KlarnaApiError';
  /** The HTTP status Klarna answered with. */
  readonly status: number;
  /** Klarna's `error_code` (e.g. `BAD_VALUE`, `NO_SUCH_ORDER`), or undefined when the body had none. */
  readonly errorCode: string | undefined;
  /** Klarna's `error_messages`; empty when the body had none. */
  readonly errorMessages: readonly string[];
  /** The correlation id to quote to Klarna support, from the body or the `Klarna-Correlation-Id` header. */
  readonly correlationId: string | undefined;
  /** The call that failed, tokens redacted. */
  readonly endpoint: string | undefined;
  /** Milliseconds Klarna asked us to wait before retrying (`Retry-After`), if given. */
  readonly retryAfterMs: number | undefined;

  /** Builds the error; prefer letting the client create it from a response. */
  constructor(message: string, details: KlarnaApiErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.status = details.status;
    this.errorCode = details.errorCode;
    this.errorMessages = Object.freeze([...(details.errorMessages ?? [])]);
    this.correlationId = details.correlationId;
    this.endpoint = details.endpoint;
    this.retryAfterMs = details.retryAfterMs;
  }

  /** True for statuses worth retrying later: 429 and 5xx. */
  get retryable(): boolean {
    return this.status === 429 || this.status >= 500;
  }

  /** A plain, log-safe summary (no credentials, no tokens). */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      status: this.status,
      errorCode: this.errorCode,
      errorMessages: this.errorMessages,
      correlationId: this.correlationId,
      endpoint: this.endpoint,
    };
  }
}

/** Options of `KlarnaAuthenticationError`: the API error details plus where the call went. */
export interface KlarnaAuthenticationErrorDetails extends Omit<KlarnaApiErrorDetails, 'status'> {
  /** The region the client is configured for. */
  region: KlarnaRegion;
  /** The environment the client is configured for. */
  environment: KlarnaEnvironment;
  /** The host that answered 401. */
  host: string;
  /** The region whose credentials the order's `purchase_country` normally needs, when it differs from `region`. */
  suggestedRegion?: KlarnaRegion | undefined;
  /** Klarna's API URL of `suggestedRegion` in the same environment. */
  suggestedBaseUrl?: string | undefined;
}

/**
 * Klarna answered 401: the credentials are wrong, disabled, or meant for another region or environment
 * (Klarna cannot tell these apart; the message says which region/environment/host was called).
 */
export class KlarnaAuthenticationError extends KlarnaApiError {
  /** Always `KlarnaAuthenticationError`. */
  override name: 'KlarnaAuthenticationError' = 'KlarnaAuthenticationError';
  declare readonly status: 401;
  /** The region the client called. */
  readonly region: KlarnaRegion;
  /** The environment the client called. */
  readonly environment: KlarnaEnvironment;
  /** The host that rejected the credentials. */
  readonly host: string;
  /** The region the order's country normally belongs to, when it is not the configured one. */
  readonly suggestedRegion: KlarnaRegion | undefined;
  /** That region's Klarna API URL in the same environment. */
  readonly suggestedBaseUrl: string | undefined;

  /** Builds the error; the client creates it for every 401. */
  constructor(message: string, details: KlarnaAuthenticationErrorDetails) {
    super(message, { ...details, status: 401 });
    this.region = details.region;
    this.environment = details.environment;
    this.host = details.host;
    this.suggestedRegion = details.suggestedRegion;
    this.suggestedBaseUrl = details.suggestedBaseUrl;
  }

  /** A plain, log-safe summary (no credentials, no tokens). */
  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      region: this.region,
      environment: this.environment,
      host: this.host,
      suggestedRegion: this.suggestedRegion,
      suggestedBaseUrl: this.suggestedBaseUrl,
    };
  }
}

/** The request never got an HTTP answer: DNS, refused or reset connection, TLS, or a body cut short. */
export class KlarnaNetworkError extends KlarnaError {
  /** Always `KlarnaNetworkError`. */
  override name: 'KlarnaNetworkError' = 'KlarnaNetworkError';
  /** The call that failed, tokens redacted. */
  readonly endpoint: string | undefined;

  /** Builds the error with the underlying fetch failure as `cause`. */
  constructor(message: string, options: { endpoint?: string | undefined; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.endpoint = options.endpoint;
  }

  /** A plain, log-safe summary. */
  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, endpoint: this.endpoint };
  }
}

/** Klarna did not answer within `timeoutMs` (per attempt). */
export class KlarnaTimeoutError extends KlarnaError {
  /** Always `KlarnaTimeoutError`. */
  override name: 'KlarnaTimeoutError' = 'KlarnaTimeoutError';
  /** The call that timed out, tokens redacted. */
  readonly endpoint: string | undefined;
  /** The per-attempt time limit that was exceeded, in milliseconds. */
  readonly timeoutMs: number;

  /** Builds the error. */
  constructor(message: string, options: { timeoutMs: number; endpoint?: string | undefined; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.timeoutMs = options.timeoutMs;
    this.endpoint = options.endpoint;
  }

  /** A plain, log-safe summary. */
  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, endpoint: this.endpoint, timeoutMs: this.timeoutMs };
  }
}

/** The client's options are unusable (missing credentials, unknown region, test key on production, …). */
export class KlarnaConfigurationError extends KlarnaError {
  /** Always `KlarnaConfigurationError`. */
  override name: 'KlarnaConfigurationError' = 'KlarnaConfigurationError';
  /** The option at fault, e.g. `region`. */
  readonly option: string | undefined;

  /** Builds the error naming the option at fault. */
  constructor(message: string, options: { option?: string | undefined; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.option = options.option;
  }
}
