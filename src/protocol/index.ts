/**
 * The wire protocol between `<klarna-checkout-button>` (through `createMerchantClient`) and the
 * merchant's backend (served by `createCheckoutHandler` from `klarna-checkout-button/server`).
 * Types and constants only: safe to import from browser and server code alike.
 */

/** A payment method category as Klarna's session lists it. */
export interface PaymentMethodCategory {
  identifier: string;
  name?: string;
  asset_urls?: { descriptive?: string; standard?: string };
}

/** `POST session-url` request body. */
export interface SessionRequest {
  /** The merchant's own cart description (any JSON); the server prices it. */
  cart: unknown;
  /** Present when the element already has a session: the server updates it instead of creating one. */
  session_id?: string;
  /**
   * Grows with every session request of the page (the element sends a clock-based integer): a server may ignore
   * an update older than one it already applied, so a request that arrives late cannot overwrite a newer cart.
   */
  revision?: number;
}

/** `POST session-url` success body. */
export interface SessionResponse {
  session_id: string;
  client_token: string;
  payment_method_categories: PaymentMethodCategory[];
  /** Order total in minor units, as computed by the server. */
  order_amount: number;
  purchase_currency: string;
  /** The session's locale (BCP 47, e.g. `de-AT`), when the server sends it: the element speaks it unless its `locale` attribute says otherwise. */
  locale?: string;
}

/** `POST order-url` request body. */
export interface OrderRequest {
  authorization_token: string;
  session_id: string;
  cart: unknown;
}

/** `POST order-url` success body. */
export interface OrderResponse {
  order_id: string;
  redirect_url?: string;
  fraud_status?: string;
}

/** Error codes the backend may answer with. */
export const ProtocolErrorCode = {
  AuthorizationExpired: 'authorization_expired',
  AuthorizationConsumed: 'authorization_consumed',
  AmountMismatch: 'amount_mismatch',
  AuthorizationRejected: 'authorization_rejected',
  BadRequest: 'bad_request',
  PayloadTooLarge: 'payload_too_large',
  NotFound: 'not_found',
  MethodNotAllowed: 'method_not_allowed',
  KlarnaUnavailable: 'klarna_unavailable',
  KlarnaConfiguration: 'klarna_configuration',
  Internal: 'internal_error',
  /**
   * 503: the create-order call's outcome could not be settled (its answer was lost, or another server
   * instance is still placing the order). Retry with the same authorization token; never authorize again.
   */
  OutcomeUnknown: 'outcome_unknown',
  /** 503: the shop's checkout store (e.g. Redis) is unreachable; nothing was sent to Klarna. Retry later. */
  StoreUnavailable: 'store_unavailable',
} as const;
export type ProtocolErrorCode = (typeof ProtocolErrorCode)[keyof typeof ProtocolErrorCode];

/** The codes that mean "this authorization can never be used again: authorize again". */
export const REAUTHORIZE_CODES: readonly string[] = [
  ProtocolErrorCode.AuthorizationExpired,
  ProtocolErrorCode.AuthorizationConsumed,
  ProtocolErrorCode.AmountMismatch,
  ProtocolErrorCode.AuthorizationRejected,
];

/** Non-2xx body: `{ error: { code, message, reauthorize, retryable? } }`. */
export interface ProtocolErrorBody {
  error: {
    code: ProtocolErrorCode | string;
    /** Shopper-safe by contract: never holds tokens or internals. */
    message: string;
    reauthorize: boolean;
    /** Present (true) when repeating the same request, with the same authorization token, may succeed. */
    retryable?: boolean;
  };
}
