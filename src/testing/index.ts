/**
 * `klarna-checkout-button/testing`: a scriptable fake of Klarna's `window.Klarna.Payments` for the
 * merchant's own tests (and the simulator's browser library), plus JWT-shaped client tokens.
 */
export * from './fake-klarna-payments.js';
