/**
 * Every text `<klarna-checkout-button>` shows a shopper, by key. The controller names a key (never a sentence);
 * the element turns it into text in the shopper's language. This file holds the English texts, which are also
 * the reference every translation must cover key for key.
 *
 * Texts from the merchant's server (a protocol error's shopper-safe `message`, e.g. "The cart is empty: add a
 * product first.") are shown as they come and are not keys.
 */
export const englishMessages = {
  /** The button's label when nothing else is set. */
  buyButton: 'Buy with Klarna',
  /** The button's label in the two-step flow, when Klarna waits for `finalize()`. */
  finalizeButton: 'Confirm payment',
  /** The button's label after a failure that pressing again can fix. */
  tryAgainButton: 'Try again',
  /** The legend of the payment-category radio group. */
  categoryLegend: 'Payment method',

  /** Status while Klarna's script, the session or the widget load. */
  loading: 'Loading Klarna…',
  /** Status while Klarna's authorization is open. */
  authorizing: 'Waiting for Klarna…',
  /** Status after Klarna approved (without `order-url`, or before the order request starts). */
  authorized: 'Klarna approved the payment.',
  /** Status in the two-step flow after the first approval. */
  finalizeRequired: 'Klarna approved the payment. Confirm to finish.',
  /** Status while the order request runs. */
  placing: 'Placing your order…',
  /** Status once the order is placed. */
  placed: 'Your order has been placed.',

  /** Klarna closed without an approval, and the shopper can try again. */
  notCompleted: 'The Klarna payment was not completed.',
  /** Klarna flagged details the shopper can correct. */
  checkDetails: 'Please check the details Klarna highlighted and try again.',
  /** The authorization is void (expired, spent, cart changed, rejected): press again to confirm. */
  confirmAgain: 'Please confirm your payment with Klarna again.',
  /** Klarna does not offer itself for this purchase (`show_form: false`). */
  notOffered: "Klarna can't be used for this purchase. Please choose another way to pay.",

  /** A step before the order failed, and trying again may help. */
  retry: 'Something went wrong. Please try again.',
  /** The order request failed without an answer: the same token is sent again, so nothing is charged twice. */
  orderRetry: "We couldn't confirm your order. Try again: you won't be charged twice.",
  /** The token's lifetime ended while the order's outcome was unknown: the shopper must not pay again. */
  outcomeUnknown:
    "We couldn't confirm whether your order went through. Please don't pay again: check your e-mail or contact the shop.",
  /** A failure retrying cannot fix (configuration, bad request, not found, an unreadable session answer). */
  unavailableNow: "Klarna can't be used right now. Please choose another way to pay.",
  /** The merchant's server refused the cart but sent no shopper text. */
  cartProblem: 'There is a problem with your cart. Please check it and try again.',
} as const;

/** The key of one shopper text. */
export type MessageKey = keyof typeof englishMessages;

/** A full set of shopper texts (one language). */
export type Messages = { [K in MessageKey]: string };
