/**
 * `klarna-checkout-button/simulator`: an offline Klarna for development and tests — Payments and Order
 * Management REST for every region and environment, a controllable clock, fault injection, a request
 * log, the authorization hook the simulator's browser library calls, and Klarna's authorization callback
 * to `merchant_urls.authorization`.
 */
export { startKlarnaSimulator } from './simulator-server.js';
export type { KlarnaSimulator, StartKlarnaSimulatorOptions, SimulatorSnapshot } from './simulator-api.js';
export { DEFAULT_PAYMENT_METHOD_CATEGORIES } from './payment-method-categories.js';
export { MAX_BODY_BYTES } from './request-body.js';
export { DEFAULT_SIMULATOR_LIMITS } from './record-limits.js';
export type { SimulatorLimits } from './record-limits.js';
export { KLARNA_API_HOSTS } from './klarna-hosts.js';
export { DEFAULT_SIMULATOR_CREDENTIALS } from './credentials.js';
export type { SimulatorAccountCredentials, SimulatorCredentials } from './credentials.js';
export { KlarnaSimulatorError } from './simulator-error.js';
export { decodeClientToken } from './client-token.js';
export type { ClientTokenClaims } from './client-token.js';
export { LIFETIMES } from './clock.js';
export type { TimeSource } from './clock.js';
export type { SimulatorFault, SimulatorFaults } from './faults.js';
export type { LoggedRequest, RequestLog } from './request-log.js';
export type { SimulatorAuthorizeInput, SimulatorAuthorizeResult } from './authorization-hook.js';
export { AUTHORIZATION_CALLBACK_ROUTE, DEFAULT_AUTHORIZATION_CALLBACK_TIMEOUT_MS } from './authorization-callback.js';
export type { AuthorizationCallbackDelivery, AuthorizationCallbackOutcome } from './authorization-callback.js';
export type {
  OrderStatus,
  SimulatorAuthorization,
  SimulatorCapture,
  SimulatorOrder,
  SimulatorRefund,
  SimulatorSession,
} from './simulator-state.js';
