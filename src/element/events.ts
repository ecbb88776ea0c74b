/**
 * The events `<klarna-checkout-button>` dispatches: names, detail types and one factory.
 * Every event is a `CustomEvent` that bubbles and crosses shadow roots (`composed: true`).
 */
import type { PaymentMethodCategory } from '../protocol/index.js';

/** The name of every event the element dispatches. */
export const KlarnaCheckoutEventName = {
  Ready: 'klarna-ready',
  Unavailable: 'klarna-unavailable',
  BeforeAuthorize: 'klarna-before-authorize',
  Authorized: 'klarna-authorized',
  FinalizeRequired: 'klarna-finalize-required',
  Declined: 'klarna-declined',
  OrderPlaced: 'klarna-order-placed',
  ReauthorizeRequired: 'klarna-reauthorize-required',
  Error: 'klarna-error',
  OverlayShown: 'klarna-overlay-shown',
  OverlayHidden: 'klarna-overlay-hidden',
} as const;
/** One of the element's event names. */
export type KlarnaCheckoutEventName = (typeof KlarnaCheckoutEventName)[keyof typeof KlarnaCheckoutEventName];

/** `klarna-ready`: the Klarna widget loaded and the button can be pressed. */
export interface KlarnaReadyDetail {
  /** The merchant session id (from the session endpoint or the client token's claims). */
  sessionId: string | undefined;
  /** The category whose widget is shown; `undefined` when Klarna shows all categories. */
  paymentMethodCategory: string | undefined;
  /** Every category the session offers. */
  paymentMethodCategories: PaymentMethodCategory[];
}

/** `klarna-unavailable`: Klarna answered `show_form: false` to `load`, so it is not offered for this purchase. */
export interface KlarnaUnavailableDetail {
  /** The category Klarna declined to show. */
  paymentMethodCategory: string | undefined;
}

/** `klarna-before-authorize` (cancelable): about to open Klarna's authorization; `preventDefault()` stops it. */
export interface KlarnaBeforeAuthorizeDetail {
  /** The category that will be authorized. */
  paymentMethodCategory: string | undefined;
}

/** `klarna-authorized`: Klarna approved; the token is single use and must be spent before `expiresAt`. */
export interface KlarnaAuthorizedDetail {
  /** Klarna's authorization token: send it to your server, which creates the order with it. */
  authorizationToken: string;
  /** The category that was authorized. */
  paymentMethodCategory: string | undefined;
  /** When the element stops trusting the token (ms since the epoch), a safe margin before Klarna's 60 minutes. */
  expiresAt: number;
}

/** `klarna-finalize-required`: two-step flow; call `finalize()` on the element at the last step. */
export interface KlarnaFinalizeRequiredDetail {
  /** The category that awaits finalization. */
  paymentMethodCategory: string | undefined;
}

/** `klarna-declined`: Klarna did not approve. */
export interface KlarnaDeclinedDetail {
  /** `true`: the customer can fix the data and press again; `false`: Klarna is not offered any more. */
  fixable: boolean;
  /** Fields Klarna flagged (e.g. `billing_address.email`); empty when the customer closed the popup. */
  invalidFields: string[];
}

/** `klarna-order-placed`: the merchant backend created the order (only with `order-url`). */
export interface KlarnaOrderPlacedDetail {
  /** Klarna's order id. */
  orderId: string;
  /** Where Klarna wants the customer sent next, when it says so. */
  redirectUrl: string | undefined;
  /** Klarna's fraud status (`ACCEPTED`, `PENDING`, `REJECTED`), when the backend forwards it. */
  fraudStatus: string | undefined;
}

/**
 * Why an authorization can no longer be used: `expired`, `consumed`, `rejected`, `cart-changed` (a new cart, or the
 * server's `amount_mismatch`), or `reloaded` (the widget loaded again while a two-step authorization awaited `finalize()`).
 */
export type KlarnaReauthorizeReason = 'expired' | 'consumed' | 'rejected' | 'cart-changed' | 'reloaded';

/** `klarna-reauthorize-required`: the last authorization is void; the next press authorizes again. */
export interface KlarnaReauthorizeRequiredDetail {
  /** Why the authorization is void. */
  reason: KlarnaReauthorizeReason;
}

/** Where in the flow an error happened. */
export type KlarnaErrorStage = 'script' | 'session' | 'load' | 'authorize' | 'order';

/**
 * `klarna-error`: something failed. Retryable: the button reads "Try again" and re-runs the failed stage (`retry()`).
 * Not retryable: the element says Klarna can't be used right now and hides its button. See docs/failure-recovery.md.
 */
export interface KlarnaErrorDetail {
  /** Where it failed. */
  stage: KlarnaErrorStage;
  /**
   * A machine key: the loader's reason, the backend's error code, `timeout` (Klarna's `load`), Klarna's error class
   * name, `disconnected` (removed while Klarna's authorization was open) or `outcome_unknown` (the order may exist).
   */
  code: string;
  /** A sentence for developers (not for shoppers). */
  message: string;
  /** Whether pressing "Try again" (or `retry()`) may succeed without changing anything; an order retry sends the same token. */
  retryable: boolean;
  /** The original error. */
  cause: unknown;
}

/**
 * `klarna-overlay-shown` / `klarna-overlay-hidden`: Klarna's full-screen overlay (its `fullscreenOverlayShown` /
 * `fullscreenOverlayHidden`) opened or closed over the page for this element's authorization; pause timers, chat
 * widgets or pop-ups of your own meanwhile.
 */
export interface KlarnaOverlayDetail {
  /** The category being authorized. */
  paymentMethodCategory: string | undefined;
}

/** Event name → detail type, for every event the element dispatches. */
export interface KlarnaCheckoutEventDetailMap {
  'klarna-ready': KlarnaReadyDetail;
  'klarna-unavailable': KlarnaUnavailableDetail;
  'klarna-before-authorize': KlarnaBeforeAuthorizeDetail;
  'klarna-authorized': KlarnaAuthorizedDetail;
  'klarna-finalize-required': KlarnaFinalizeRequiredDetail;
  'klarna-declined': KlarnaDeclinedDetail;
  'klarna-order-placed': KlarnaOrderPlacedDetail;
  'klarna-reauthorize-required': KlarnaReauthorizeRequiredDetail;
  'klarna-error': KlarnaErrorDetail;
  'klarna-overlay-shown': KlarnaOverlayDetail;
  'klarna-overlay-hidden': KlarnaOverlayDetail;
}

/** A typed `CustomEvent` for one of the element's event names. */
export type KlarnaCheckoutEvent<K extends KlarnaCheckoutEventName = KlarnaCheckoutEventName> = CustomEvent<
  KlarnaCheckoutEventDetailMap[K]
>;

/** Creates one of the element's events: bubbling, composed, cancelable only for `klarna-before-authorize`. */
export function createKlarnaCheckoutEvent<K extends KlarnaCheckoutEventName>(
  type: K,
  detail: KlarnaCheckoutEventDetailMap[K],
): KlarnaCheckoutEvent<K> {
  return new CustomEvent(type, {
    detail,
    bubbles: true,
    composed: true,
    cancelable: type === 'klarna-before-authorize',
  });
}

declare global {
  interface HTMLElementEventMap {
    'klarna-ready': CustomEvent<KlarnaReadyDetail>;
    'klarna-unavailable': CustomEvent<KlarnaUnavailableDetail>;
    'klarna-before-authorize': CustomEvent<KlarnaBeforeAuthorizeDetail>;
    'klarna-authorized': CustomEvent<KlarnaAuthorizedDetail>;
    'klarna-finalize-required': CustomEvent<KlarnaFinalizeRequiredDetail>;
    'klarna-declined': CustomEvent<KlarnaDeclinedDetail>;
    'klarna-order-placed': CustomEvent<KlarnaOrderPlacedDetail>;
    'klarna-reauthorize-required': CustomEvent<KlarnaReauthorizeRequiredDetail>;
    'klarna-error': CustomEvent<KlarnaErrorDetail>;
    'klarna-overlay-shown': CustomEvent<KlarnaOverlayDetail>;
    'klarna-overlay-hidden': CustomEvent<KlarnaOverlayDetail>;
  }
}
