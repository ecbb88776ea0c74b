import { KlarnaError } from '../errors/klarna-error.js';

/** What a `MerchantBackendError` carries besides its message. */
export interface MerchantBackendErrorDetails {
  /** HTTP status of the answer; 0 when no HTTP answer arrived. */
  status: number;
  /** The protocol's error code, or `timeout`, `network_error`, `invalid_response`, `missing_url`, `http_<status>`. */
  code: string;
  /** True when the authorization can never be used again: authorize again before retrying. */
  reauthorize?: boolean;
  /** True when the same request may succeed if sent again later (time-out, network, 5xx, 429). */
  retryable?: boolean;
  /** The underlying error, if any. */
  cause?: unknown;
  /** The backend's `error.message`, shopper-safe by the protocol's contract; undefined when it sent none. */
  serverMessage?: string;
}

/**
 * The merchant backend (session or order endpoint) could not be reached or refused the request.
 * Thrown by `createMerchantClient()`'s methods; never carries a client or authorization token.
 */
export class MerchantBackendError extends KlarnaError {
  override name = 'MerchantBackendError' as const;
  /** HTTP status of the answer; 0 when no HTTP answer arrived. */
  declare status: number;
  /** Machine-readable code: the protocol's `error.code`, or `timeout`, `network_error`, `invalid_response`, `missing_url`, `http_<status>`. */
  declare code: string;
  /** True when the authorization token is spent or refused: authorize again (reauthorize) before retrying. */
  declare reauthorize: boolean;
  /** True when sending the same request again later may succeed. */
  declare retryable: boolean;
  /**
   * The backend's own words: the protocol error body's `error.message`, verbatim, in production and development
   * builds alike (undefined when the answer had none; an authorization token in it reads `[redacted]`). Shopper-safe
   * by the protocol's contract, so the page may show it.
   */
  declare serverMessage: string | undefined;

  /** Creates the error; `reauthorize` and `retryable` default to false. */
  constructor(message: string, { status, code, reauthorize = false, retryable = false, cause, serverMessage }: MerchantBackendErrorDetails) {
    super(message, cause === undefined ? undefined : { cause });
    Object.assign(this, { status, code, reauthorize, retryable, serverMessage });
  }
}
