/**
 * Once-only order placement: the one path of both the browser's order request and Klarna's
 * authorization callback, correct across any number of handler instances sharing one store.
 *
 * Per authorization token (stored under its SHA-256): `order:` the placed order, `claim:` a short-lived
 * claim (the one instance allowed to call Klarna; it expires if that instance dies), `attempt:` a durable
 * note written *before* create-order is sent. A request that loses the claim waits, bounded, for the
 * winner's order. A create-order whose answer is lost (time-out, cut connection, 5xx) is settled by
 * retrying it with the same token: 200 means the first call never placed anything; Klarna's "already
 * consumed" means the first call placed the order and its id is lost, which is reported once through
 * `onOrderOutcomeUnknown` and answered `outcome_unknown`, never "authorize again".
 */
import { formatMinorUnits } from './format-minor-units.js';
import type { OrderResponse } from '../protocol/index.js';
import { ProtocolErrorCode } from '../protocol/index.js';
import type { KlarnaOrder } from './order-types.js';
import type { KlarnaPlacedOrder } from './klarna-api-types.js';
import type { CheckoutRecord, CheckoutStore, StoredClaim, StoredOrder, StoredOrderAttempt, StoredRefusal } from './checkout-store.js';
import type { CheckoutHandlerOptions, CheckoutKlarnaClient, CheckoutLog, OrderPlacedBy } from './checkout-handler-types.js';
import {
  isKlarnaApiError,
  mapKlarnaError,
  outcomeUnknownFailure,
  STORE_UNAVAILABLE_FAILURE,
  type MappedKlarnaFailure,
  type ProtocolFailure,
} from './protocol-errors.js';
import { ProtocolFailureSignal, errorText, sha256Hex } from './request-input.js';

/** The outcome of placing an order for one token. */
export type OrderOutcome =
  | { ok: true; response: OrderResponse; sessionId: string }
  /** `beforeKlarna`: the order could not be priced, so Klarna was never asked and the token is untouched. */
  | { ok: false; failure: ProtocolFailure; beforeKlarna?: true };

/** One request to place the order of an authorization token. */
export interface OrderPlacementRequest {
  token: string;
  /** The session the token belongs to (verified by the caller). */
  sessionId: string;
  /** Prices the order (the browser's cart, or the session's stored order); throws `ProtocolFailureSignal`. */
  price(): Promise<KlarnaOrder>;
  /**
   * Checks that the token belongs to `sessionId` (throws `ProtocolFailureSignal`). Skipped when an earlier
   * create-order attempt of this token is on record: then the recorded session must match instead (Klarna's
   * view of a completed session is not needed to settle it).
   */
  verify?(): Promise<void>;
  request: Request;
  placedBy: OrderPlacedBy;
}

/** What the placement needs from the handler. */
export interface OrderPlacementOptions {
  klarna: CheckoutKlarnaClient;
  store: CheckoutStore;
  log: CheckoutLog;
  hooks: Pick<CheckoutHandlerOptions, 'onOrderPlaced' | 'onOrderOutcomeUnknown'>;
  claimTtlMs: number;
  waitMs: number;
}

/** How often a waiting request looks for the winner's order. */
const POLL_MS = 50;

const PLACED_BY_TEXT: Record<OrderPlacedBy, string> = {
  browser: "the browser's order request",
  'authorization-callback': "Klarna's authorization callback",
};

/** Shown to the shopper when the outcome is unknown: the payment may exist, so never "pay again". */
const UNKNOWN_MESSAGE = 'We could not confirm your order with Klarna yet. Do not pay again: try again in a moment, or contact the shop.';
/** Shown when Klarna placed the order but its id is lost: trying again cannot help, the shop reconciles. */
const LOST_ORDER_MESSAGE = 'Klarna has your order, but we could not confirm it yet. Do not pay again: the shop will confirm your order.';
const STILL_PLACING_MESSAGE = 'Your order is still being confirmed with Klarna. Do not pay again: try again in a moment.';

/** The failure for a token that belongs to another session than the request names. */
export const FOREIGN_TOKEN_FAILURE: ProtocolFailure = Object.freeze({
  status: 410,
  code: ProtocolErrorCode.AuthorizationExpired,
  message: "This Klarna authorization does not belong to this checkout's session (or a newer authorization replaced it): authorize again.",
  reauthorize: true,
});

/** What one create-order call came to. */
type KlarnaAnswer =
  | { kind: 'placed'; placed: KlarnaPlacedOrder }
  /** Klarna says the token was already used (403 `INVALID_OPERATION`, 404 `SESSION_COMPLETED`). */
  | { kind: 'consumed'; failure: MappedKlarnaFailure }
  /** A definite refusal: nothing was placed by this call. */
  | { kind: 'refused'; failure: MappedKlarnaFailure; error: unknown }
  /** The answer was lost or says nothing (time-out, cut connection, 5xx, no order id). */
  | { kind: 'ambiguous'; failure: ProtocolFailure };

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The final outcome recorded for a token (its order, or Klarna's refusal for good), if any. */
function recordedOutcome(record: CheckoutRecord | undefined, placement: OrderPlacementRequest): OrderOutcome | undefined {
  if (record?.kind === 'order') return { ok: true, response: record.response, sessionId: record.session_id ?? placement.sessionId };
  if (record?.kind === 'refused') return { ok: false, failure: record.failure };
  return undefined;
}

/** Whether an error of create-order leaves open that Klarna placed the order. */
function isAmbiguous(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'KlarnaTimeoutError' || error.name === 'KlarnaNetworkError') return true;
  if (!isKlarnaApiError(error)) return false;
  // 429 is refused before any work; every other 5xx (and a gateway 403 without a code) may follow a commit.
  if (error.status === 429) return false;
  // A 200 without an order id (the client throws KlarnaApiError with status 200) may also be a placed order.
  return error.status >= 500 || error.status === 200 || error.errorCode === 'TIMEOUT' || (error.status === 403 && !error.errorCode);
}

/** Creates the once-only placement shared by the order route and the authorization callback. */
export function createOrderPlacement(options: OrderPlacementOptions): (placement: OrderPlacementRequest) => Promise<OrderOutcome> {
  const { klarna, store, log, hooks, claimTtlMs, waitMs } = options;
  /** Placements this process is running, by token key: same-process duplicates join instead of polling. */
  const inFlight = new Map<string, Promise<OrderOutcome>>();

  /** A store call before Klarna was asked: any failure becomes 503 `store_unavailable`. */
  async function beforeKlarna<T>(what: string, call: () => T | Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      log('error', `The checkout store failed while ${what}; answered store_unavailable without calling Klarna. ${errorText(error)}`);
      throw new ProtocolFailureSignal(STORE_UNAVAILABLE_FAILURE);
    }
  }

  /** A store call after Klarna answered: failures are logged, the answer stands. */
  async function afterKlarna(what: string, call: () => unknown): Promise<void> {
    try {
      await call();
    } catch (error) {
      log('error', `The checkout store failed while ${what}. ${errorText(error)}`);
    }
  }

  /** A store read after Klarna answered: a failure counts as "no record". */
  async function readQuietly(key: string) {
    try {
      return await store.get(key);
    } catch (error) {
      log('warn', `The checkout store failed while looking for a recorded order. ${errorText(error)}`);
      return undefined;
    }
  }

  async function callKlarna(token: string, order: KlarnaOrder): Promise<KlarnaAnswer> {
    let placed: KlarnaPlacedOrder;
    try {
      placed = await klarna.payments.placeOrder(token, order);
    } catch (error) {
      const mapped = mapKlarnaError(error, 'order');
      if (isAmbiguous(error)) return { kind: 'ambiguous', failure: mapped };
      if (mapped.code === ProtocolErrorCode.AuthorizationConsumed) return { kind: 'consumed', failure: mapped };
      return { kind: 'refused', failure: mapped, error };
    }
    if (typeof placed?.order_id !== 'string' || placed.order_id === '') {
      return { kind: 'ambiguous', failure: outcomeUnknownFailure(UNKNOWN_MESSAGE) };
    }
    return { kind: 'placed', placed };
  }

  /** Records a placed order, fires `onOrderPlaced` (only the claim holder gets here, once per order). */
  async function recordPlaced(key: string, placement: OrderPlacementRequest, order: KlarnaOrder, placed: KlarnaPlacedOrder): Promise<OrderOutcome> {
    const response: OrderResponse = { order_id: placed.order_id };
    if (typeof placed.redirect_url === 'string') response.redirect_url = placed.redirect_url;
    if (typeof placed.fraud_status === 'string') response.fraud_status = placed.fraud_status;
    const record: StoredOrder = { kind: 'order', response, session_id: placement.sessionId };
    await afterKlarna(`keeping order ${placed.order_id} (a repeated request will settle it with Klarna again)`, () => store.set(`order:${key}`, record));
    log('info', `Klarna order ${placed.order_id} placed for session ${placement.sessionId} by ${PLACED_BY_TEXT[placement.placedBy]} (${formatMinorUnits(order.order_amount, order.purchase_currency)}).`);
    if (hooks.onOrderPlaced) {
      try {
        await hooks.onOrderPlaced({
          orderId: placed.order_id,
          sessionId: placement.sessionId,
          order,
          klarnaResponse: placed,
          placedBy: placement.placedBy,
          request: placement.request,
        });
      } catch (error) {
        log('error', `onOrderPlaced threw for Klarna order ${placed.order_id} (the order IS placed at Klarna): ${errorText(error)}`);
      }
    }
    return { ok: true, response, sessionId: placement.sessionId };
  }

  /** Klarna placed the order but its id is lost: reported once per token, answered `outcome_unknown`. */
  async function reportUnknown(key: string, attempt: StoredOrderAttempt, placement: OrderPlacementRequest, order: KlarnaOrder): Promise<OrderOutcome> {
    let first = false;
    try {
      first = await store.setIfAbsent(`reported:${key}`, { kind: 'claim', owner: 'reported' }, 7 * 24 * 60 * 60 * 1000);
    } catch (error) {
      log('error', `The checkout store failed while noting an unknown order outcome; it may be reported twice. ${errorText(error)}`);
      first = true;
    }
    if (first) {
      log(
        'error',
        `Klarna placed an order for session ${attempt.session_id} (merchant_reference1 "${attempt.merchant_reference}") but its order_id was lost with the create-order answer: find it in the Merchant Portal by that reference and record it.`,
      );
      if (hooks.onOrderOutcomeUnknown) {
        try {
          await hooks.onOrderOutcomeUnknown({ sessionId: attempt.session_id, merchantReference: attempt.merchant_reference, order, request: placement.request });
        } catch (error) {
          log('error', `onOrderOutcomeUnknown threw for session ${attempt.session_id}: ${errorText(error)}`);
        }
      }
    }
    // Every later request gets Klarna's "already used" again: retrying cannot help, so the answer says so.
    return { ok: false, failure: { ...outcomeUnknownFailure(LOST_ORDER_MESSAGE), retryable: false } };
  }

  /**
   * Klarna refused the browser's order for good (`reauthorize`: amounts that no longer match, rejected, expired):
   * remember the refusal, so Klarna's authorization callback for the same token, carrying the session's stored
   * order at the old amounts, cannot place an order after the shopper authorized again; a repeat gets the same
   * answer. A refusal of the callback's order is not remembered: the browser's order, priced from the cart the
   * shopper approved, may still be placed. The authorization is not cancelled at Klarna (Klarna warns that a
   * cancellation may weigh on the credit assessment of the new authorization that follows); it lapses by itself.
   */
  async function recordRefusal(key: string, placement: OrderPlacementRequest, failure: MappedKlarnaFailure): Promise<void> {
    if (failure.reauthorize !== true || placement.placedBy !== 'browser') return;
    const refusal: StoredRefusal = {
      kind: 'refused',
      session_id: placement.sessionId,
      failure: { status: failure.status, code: failure.code, message: failure.message, reauthorize: true },
    };
    await afterKlarna('remembering a refused authorization', () => store.set(`order:${key}`, refusal));
  }

  /**
   * Settles a create-order whose outcome is unknown (`attempt` exists): retries it with the same token.
   * Runs only while holding the claim.
   */
  async function settle(key: string, attempt: StoredOrderAttempt, placement: OrderPlacementRequest, order: KlarnaOrder): Promise<OrderOutcome> {
    // The exact body first sent: the same amounts, so Klarna's answer is about the token, not a changed price.
    const retried = attempt.order ?? { ...order, merchant_reference1: order.merchant_reference1 ?? attempt.merchant_reference };
    const answer = await callKlarna(placement.token, retried);
    if (answer.kind === 'placed') {
      log('info', `Settled an unknown create-order outcome for session ${attempt.session_id}: the earlier call had placed nothing, the retry placed the order.`);
      return recordPlaced(key, placement, retried, answer.placed);
    }
    if (answer.kind === 'consumed') {
      const existing = recordedOutcome(await readQuietly(`order:${key}`), placement);
      if (existing?.ok) return existing;
      return reportUnknown(key, attempt, placement, retried);
    }
    if (answer.kind === 'ambiguous') {
      log('warn', `The create-order outcome for session ${attempt.session_id} is still unknown (Klarna did not answer the retry); the next request with the token settles it.`);
      return { ok: false, failure: outcomeUnknownFailure(UNKNOWN_MESSAGE) };
    }
    if (isKlarnaApiError(answer.error) && answer.error.status === 404 && answer.error.errorCode !== 'SESSION_COMPLETED') {
      // An unknown or expired token after a lost answer: Klarna does not say whether it was consumed first.
      log('error', `The create-order outcome for session ${attempt.session_id} (merchant_reference1 "${attempt.merchant_reference}") cannot be settled: Klarna no longer knows the token. Look the reference up in the Merchant Portal.`);
      return { ok: false, failure: outcomeUnknownFailure(UNKNOWN_MESSAGE) };
    }
    // Any other refusal means the token was never consumed: the earlier call placed nothing.
    log('info', `Settled an unknown create-order outcome for session ${attempt.session_id}: nothing was placed (${answer.failure.code}).`);
    await afterKlarna('clearing a settled order attempt', () => store.deleteIfEqual(`attempt:${key}`, attempt));
    await recordRefusal(key, placement, answer.failure);
    return { ok: false, failure: answer.failure };
  }

  /** Places the order while holding the claim. */
  async function placeClaimed(key: string, placement: OrderPlacementRequest, order: KlarnaOrder): Promise<OrderOutcome> {
    const existing = recordedOutcome(await beforeKlarna('reading the order of an authorization', () => store.get(`order:${key}`)), placement);
    if (existing) return existing;
    const earlier = await beforeKlarna('reading an earlier order attempt', () => store.get(`attempt:${key}`));
    if (earlier?.kind === 'attempt') return settle(key, earlier, placement, order);

    // The order carries a reference to find it by if its answer is lost; the merchant's own wins.
    const merchantReference = order.merchant_reference1 ?? placement.sessionId;
    const sent: KlarnaOrder = { ...order, merchant_reference1: merchantReference };
    const attempt: StoredOrderAttempt = { kind: 'attempt', session_id: placement.sessionId, merchant_reference: merchantReference, sent_at: Date.now(), order: sent };
    await beforeKlarna('noting the create-order call about to be sent', () => store.set(`attempt:${key}`, attempt));
    const answer = await callKlarna(placement.token, sent);
    if (answer.kind === 'placed') return recordPlaced(key, placement, sent, answer.placed);
    if (answer.kind === 'ambiguous') {
      log('warn', `Klarna's answer to create-order for session ${placement.sessionId} was lost (${answer.failure.code}); settling it by retrying with the same token.`);
      return settle(key, attempt, placement, order);
    }
    await afterKlarna('clearing a refused order attempt', () => store.deleteIfEqual(`attempt:${key}`, attempt));
    if (answer.kind === 'consumed') {
      // Another instance that does not share this store, or an order placed outside the handler.
      const again = recordedOutcome(await readQuietly(`order:${key}`), placement);
      if (again?.ok) return again;
    }
    log(answer.failure.logLevel, answer.failure.logMessage);
    if (answer.kind === 'refused') await recordRefusal(key, placement, answer.failure);
    return { ok: false, failure: answer.failure };
  }

  /** Claims the token (or waits, bounded, for the instance that holds it) and places its order once. */
  async function claimAndPlace(key: string, placement: OrderPlacementRequest, order: KlarnaOrder): Promise<OrderOutcome> {
    const deadline = Date.now() + waitMs;
    const claim: StoredClaim = { kind: 'claim', owner: crypto.randomUUID() };
    let announced = false;
    for (;;) {
      const claimed = await beforeKlarna('claiming an authorization', () => store.setIfAbsent(`claim:${key}`, claim, claimTtlMs));
      if (claimed) {
        try {
          return await placeClaimed(key, placement, order);
        } finally {
          await afterKlarna('releasing an authorization claim', () => store.deleteIfEqual(`claim:${key}`, claim));
        }
      }
      if (!announced) {
        announced = true;
        log('info', `Order request from ${PLACED_BY_TEXT[placement.placedBy]} for session ${placement.sessionId} waits for another request placing the same authorization.`);
      }
      if (Date.now() >= deadline) {
        log('warn', `Gave up waiting ${waitMs} ms for another instance placing the order of session ${placement.sessionId}; answered outcome_unknown.`);
        return { ok: false, failure: outcomeUnknownFailure(STILL_PLACING_MESSAGE) };
      }
      await sleep(POLL_MS);
      const existing = recordedOutcome(await beforeKlarna('reading the order of an authorization', () => store.get(`order:${key}`)), placement);
      if (existing) return existing;
    }
  }

  async function place(key: string, placement: OrderPlacementRequest): Promise<OrderOutcome> {
    let order: KlarnaOrder;
    try {
      order = await placement.price();
      const earlier = await beforeKlarna('reading an earlier order attempt', () => store.get(`attempt:${key}`));
      if (earlier?.kind === 'attempt') {
        if (earlier.session_id !== placement.sessionId) return { ok: false, failure: FOREIGN_TOKEN_FAILURE, beforeKlarna: true };
      } else {
        await placement.verify?.();
      }
    } catch (error) {
      if (error instanceof ProtocolFailureSignal) return { ok: false, failure: error.failure, beforeKlarna: true };
      throw error;
    }
    return claimAndPlace(key, placement, order);
  }

  return async function placeOrderOnce(placement: OrderPlacementRequest): Promise<OrderOutcome> {
    const key = await sha256Hex(placement.token);
    let outcome: OrderOutcome;
    const record = await beforeKlarna('reading the order of an authorization', () => store.get(`order:${key}`));
    const recorded = recordedOutcome(record, placement);
    if (recorded) {
      const what = record?.kind === 'order' ? `already produced order ${record.response.order_id}; answering that order again` : `Klarna refused for good; answering that refusal again`;
      log('info', `Repeated order request (from ${PLACED_BY_TEXT[placement.placedBy]}) for an authorization that ${what}.`);
      outcome = recorded;
    } else {
      const joined = inFlight.get(key);
      if (joined) {
        log('info', `Order request from ${PLACED_BY_TEXT[placement.placedBy]} for session ${placement.sessionId} joins the placement already in flight for its authorization.`);
        outcome = await joined;
        // The other request's cart could not be priced (Klarna was never asked): the callback still has
        // its own stored order, so it tries itself rather than losing the order.
        if (!outcome.ok && outcome.beforeKlarna && placement.placedBy === 'authorization-callback') outcome = await place(key, placement);
      } else {
        const pending = place(key, placement);
        inFlight.set(key, pending);
        try {
          outcome = await pending;
        } finally {
          inFlight.delete(key);
        }
      }
    }
    if (outcome.ok && outcome.sessionId !== placement.sessionId) {
      log('warn', `An order request named session ${placement.sessionId} for an authorization of session ${outcome.sessionId}; refused.`);
      return { ok: false, failure: FOREIGN_TOKEN_FAILURE };
    }
    return outcome;
  }
}
