/**
 * The states of one checkout and the transitions allowed between them: the controller changes state in exactly
 * one place, which checks this table.
 */

/** The states of a checkout; the element mirrors the current one in its `state` attribute. */
export const CheckoutState = {
  Idle: 'idle',
  Loading: 'loading',
  Ready: 'ready',
  Authorizing: 'authorizing',
  Authorized: 'authorized',
  Placing: 'placing',
  Placed: 'placed',
  Unavailable: 'unavailable',
  Error: 'error',
} as const;
/** One of the checkout states. */
export type CheckoutState = (typeof CheckoutState)[keyof typeof CheckoutState];

/**
 * Where each state may go next. Staying in a state (a new status text) and going back to `idle` (disconnection)
 * are always allowed and not listed.
 */
export const CHECKOUT_TRANSITIONS: Readonly<Record<CheckoutState, readonly CheckoutState[]>> = {
  // A reconnected element after an order whose outcome was lost shows that again (error), and nothing else.
  idle: ['loading', 'error'],
  // Script, session and widget: the widget shows, Klarna declines to show it, or a step fails.
  loading: ['ready', 'unavailable', 'error'],
  // A press opens Klarna's authorization; a cart or category change loads again.
  ready: ['authorizing', 'loading'],
  // Klarna answers: approved (or finalize required), closed or fixable decline, final decline, failure.
  authorizing: ['authorized', 'ready', 'unavailable', 'error'],
  // With order-url the order is placed; the token can expire or be voided; the shopper can authorize again.
  authorized: ['placing', 'ready', 'authorizing', 'loading', 'error'],
  // The order is placed, the server refuses the token for good (ready), or the outcome is unknown (error).
  placing: ['placed', 'ready', 'error'],
  // Only an explicit reload() starts a new checkout after an order.
  placed: ['loading'],
  unavailable: ['loading'],
  // "Try again" re-runs the failed stage: loading (script, session, load), authorizing or placing.
  error: ['loading', 'authorizing', 'placing', 'ready'],
};

/** Whether a checkout in state `from` may go to `to`. */
export function canTransition(from: CheckoutState, to: CheckoutState): boolean {
  return from === to || to === CheckoutState.Idle || CHECKOUT_TRANSITIONS[from].includes(to);
}

/** The states in which the button starts (or retries) something. */
export const PRESSABLE_STATES: readonly CheckoutState[] = [CheckoutState.Ready, CheckoutState.Authorized];

/** The states in which a step is running (the button is busy, the categories locked). */
export const BUSY_STATES: readonly CheckoutState[] = [
  CheckoutState.Loading,
  CheckoutState.Authorizing,
  CheckoutState.Placing,
];
