/** The browser's fetch adapter for the wire protocol between the element and the merchant backend. */
export { createMerchantClient, DEFAULT_MERCHANT_TIMEOUT_MS } from './create-merchant-client.js';
export type { MerchantClient, MerchantClientOptions, MerchantRequestOptions } from './create-merchant-client.js';
export { MerchantBackendError } from './merchant-backend-error.js';
export type { MerchantBackendErrorDetails } from './merchant-backend-error.js';
