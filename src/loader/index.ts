export type * from './klarna-types.js';
export { KLARNA_PAYMENTS_SRC, loadKlarnaPayments } from './load-klarna-payments.js';
export type { LoadKlarnaPaymentsOptions } from './load-klarna-payments.js';
export { KLARNA_LOAD_ERROR_REASONS, KlarnaLoadError } from './klarna-load-error.js';
export type { KlarnaLoadErrorDetails, KlarnaLoadErrorReason } from './klarna-load-error.js';
