/**
 * The handler's error answers: the protocol's `{ error: { code, message, reauthorize } }` bodies, and the
 * one table that turns the Klarna client's errors into them (documented in the README's "Error answers" table).
 * Errors are recognised by their literal `name` and fields rather than `instanceof`, so two copies of the
 * package (or a merchant's own client) still map correctly.
 */
import { ProtocolErrorCode, type ProtocolErrorBody } from '../protocol/index.js';

/** A JSON response with no-store caching (answers hold session and order data). */
export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  });
}

/** Codes only the authorization callback answers with: Klarna's logs show them, the element never sees them. */
export const CallbackErrorCode = {
  /** The callback URL's secret is missing or does not match the session's. */
  Forbidden: 'forbidden',
} as const;
export type CallbackErrorCode = (typeof CallbackErrorCode)[keyof typeof CallbackErrorCode];

/** A protocol error answer. */
export interface ProtocolFailure {
  status: number;
  code: ProtocolErrorCode | CallbackErrorCode;
  message: string;
  reauthorize: boolean;
  /** Sent as `retryable: true`: the same request (same token) may succeed later. */
  retryable?: boolean;
  headers?: Record<string, string>;
}

/** The protocol error body and status for a failure. */
export function protocolErrorResponse(failure: ProtocolFailure): Response {
  const body: ProtocolErrorBody = {
    error: { code: failure.code, message: failure.message, reauthorize: failure.reauthorize },
  };
  if (failure.retryable !== undefined) body.error.retryable = failure.retryable;
  return jsonResponse(failure.status, body, failure.headers);
}

/** 503 `outcome_unknown`: retry with the same token, never authorize again. `message` is shown to the shopper. */
export function outcomeUnknownFailure(message: string): ProtocolFailure {
  return { status: 503, code: ProtocolErrorCode.OutcomeUnknown, message, reauthorize: false, retryable: true };
}

/** 503 `store_unavailable`: the shop's store did not answer, so Klarna was not called. */
export const STORE_UNAVAILABLE_FAILURE: ProtocolFailure = Object.freeze({
  status: 503,
  code: ProtocolErrorCode.StoreUnavailable,
  message: 'The shop cannot record payments right now, so nothing was charged: try again in a moment.',
  reauthorize: false,
  retryable: true,
});

/** The fields of the client's `KlarnaApiError` the mapping reads. */
export interface KlarnaApiErrorFields {
  name: string;
  message: string;
  status: number;
  errorCode?: string;
  errorMessages?: readonly string[];
  correlationId?: string;
}

/** True for the client's `KlarnaApiError` family (an HTTP answer from Klarna with a status). */
export function isKlarnaApiError(error: unknown): error is KlarnaApiErrorFields {
  return error instanceof Error && typeof (error as { status?: unknown }).status === 'number';
}

/** The fields whose change means "the cart changed since authorization": amounts and lines. */
const AMOUNT_FIELDS = /^(?:order_amount|order_tax_amount|order_lines)(?:$|[.[])/;

/**
 * The first field a `Bad value: <field>` message names that is not an amount or a line (for example
 * `billing_address.email`), or undefined. Only field paths are returned, never other message text.
 */
function fieldOutsideAmounts(messages: readonly string[] | undefined): string | undefined {
  for (const message of messages ?? []) {
    const match = /^Bad value: ([A-Za-z0-9_.[\]]{1,100})$/.exec(message.trim());
    if (match && !AMOUNT_FIELDS.test(match[1]!)) return match[1];
  }
  return undefined;
}

/** How the handler logs a mapped failure: level and a sentence for the merchant's log. */
export interface MappedKlarnaFailure extends ProtocolFailure {
  logLevel: 'info' | 'warn' | 'error';
  logMessage: string;
}

const CONFIGURATION_MESSAGE =
  "The shop's connection to Klarna is misconfigured, so payments cannot be processed right now. The shop's server log names the fix.";

function unavailable(status: number, what: string): Omit<MappedKlarnaFailure, 'logMessage' | 'logLevel'> {
  return {
    status,
    code: ProtocolErrorCode.KlarnaUnavailable,
    message: `Klarna ${what}: try again in a moment.`,
    reauthorize: false,
  };
}

/** A 502 `klarna_configuration` answer: the browser gets a safe sentence, the log gets the diagnosis. */
function misconfigured(logMessage: string): MappedKlarnaFailure {
  return { status: 502, code: ProtocolErrorCode.KlarnaConfiguration, message: CONFIGURATION_MESSAGE, reauthorize: false, logLevel: 'error', logMessage };
}

/**
 * Maps an error thrown by the Klarna client during `stage` to the protocol answer and a log line.
 * `stage` is `session` (create or update a session) or `order` (place an order with a token).
 */
export function mapKlarnaError(error: unknown, stage: 'session' | 'order'): MappedKlarnaFailure {
  const name = error instanceof Error ? error.name : '';
  const detail = error instanceof Error ? error.message : String(error);
  const action = stage === 'order' ? 'placing the order' : 'creating or updating the session';

  if (name === 'KlarnaAuthenticationError' || (isKlarnaApiError(error) && error.status === 401)) {
    return misconfigured(`Klarna rejected the API credentials (401) while ${action}. ${detail}`);
  }
  if (name === 'KlarnaConfigurationError') {
    return misconfigured(`The Klarna client is misconfigured (found while ${action}). ${detail}`);
  }
  if (name === 'KlarnaTimeoutError') {
    return { ...unavailable(504, 'did not answer in time'), logLevel: 'warn', logMessage: `Klarna timed out while ${action}. ${detail}` };
  }
  if (name === 'KlarnaNetworkError') {
    return { ...unavailable(502, 'could not be reached'), logLevel: 'warn', logMessage: `Klarna could not be reached while ${action}. ${detail}` };
  }
  if (!isKlarnaApiError(error)) {
    return {
      status: 500,
      code: ProtocolErrorCode.Internal,
      message: 'The shop could not process the payment because of an internal error: try again later.',
      reauthorize: false,
      logLevel: 'error',
      logMessage: `Unexpected error while ${action}: ${error instanceof Error ? (error.stack ?? detail) : detail}`,
    };
  }

  const { status, errorCode } = error;
  const where = `Klarna answered ${status} ${errorCode ?? '(no error code)'} while ${action}${
    error.correlationId ? ` (correlation id ${error.correlationId})` : ''
  }: ${error.errorMessages?.length ? error.errorMessages.join('; ') : detail}`;

  if (stage === 'order') {
    // Every answer here voids the token: the browser must authorize again.
    const reauthorize = (status: number, code: ProtocolErrorCode, message: string, logLevel: 'info' | 'warn', logMessage = where) =>
      ({ status, code, message, reauthorize: true, logLevel, logMessage }) as const;
    if (status === 404 && errorCode === 'SESSION_COMPLETED') {
      return reauthorize(
        409,
        ProtocolErrorCode.AuthorizationConsumed,
        'This Klarna session was already completed by another order: start a new session and authorize again.',
        'warn',
        `${where}. An order was already placed for this session (for example from merchant_urls.authorization).`,
      );
    }
    if (status === 404) {
      return reauthorize(410, ProtocolErrorCode.AuthorizationExpired, 'The Klarna authorization has expired or was replaced by a newer one: authorize again.', 'info');
    }
    if (status === 403 && errorCode === 'INVALID_OPERATION') {
      return reauthorize(409, ProtocolErrorCode.AuthorizationConsumed, 'The Klarna authorization was already used: authorize again.', 'info');
    }
    if (status === 403 && errorCode === 'REJECTED') {
      return reauthorize(402, ProtocolErrorCode.AuthorizationRejected, 'Klarna rejected this authorization: authorize again or choose another payment method.', 'info');
    }
    const namedField = status === 400 ? fieldOutsideAmounts(error.errorMessages) : undefined;
    if (namedField !== undefined) {
      // A field the shopper or the shop can correct (an e-mail, an address): authorizing again would
      // send the same field and get the same 400, so the answer names it and does not reauthorize.
      return {
        status: 400,
        code: ProtocolErrorCode.BadRequest,
        message: `Klarna refused the order's ${namedField}: correct it and try again.`,
        reauthorize: false,
        logLevel: 'warn',
        logMessage: `${where}. Klarna named ${namedField}, which is not an amount or a line: the order was not placed and the authorization is still usable.`,
      };
    }
    if (status === 409 || (status === 400 && errorCode === 'BAD_VALUE')) {
      return reauthorize(
        409,
        ProtocolErrorCode.AmountMismatch,
        'The order does not match what Klarna authorized (the cart changed): authorize again with the current cart.',
        'warn',
      );
    }
  }
  if (status === 403 && errorCode === 'MERCHANT_INACTIVE') {
    return misconfigured(`${where}. The Klarna merchant account is inactive: contact Klarna.`);
  }
  if (status === 429) {
    return { ...unavailable(503, 'is receiving too many requests'), logLevel: 'warn', logMessage: where };
  }
  if (status === 504 || errorCode === 'TIMEOUT') {
    return { ...unavailable(504, 'did not answer in time'), logLevel: 'warn', logMessage: where };
  }
  if (status >= 500 || (status === 403 && !errorCode)) {
    return { ...unavailable(502, 'is temporarily unavailable'), logLevel: 'warn', logMessage: where };
  }
  return {
    status: 500,
    code: ProtocolErrorCode.Internal,
    message: 'Klarna refused the order the shop built; the shop has been notified in its server log. Try again later.',
    reauthorize: false,
    logLevel: 'error',
    logMessage: `${where}. The order built by resolveCart/buildOrder was refused: check the cart's market, currency and locale.`,
  };
}
