/**
 * `klarna-checkout-button`: the browser SDK. Importing this module defines `<klarna-checkout-button>`
 * (guarded, so a second copy on the page never throws) and exports the loader and the merchant adapter.
 */
export * from './errors/index.js';
export * from './loader/index.js';
export * from './merchant-client/index.js';
export * from './element/index.js';
export type * from './protocol/index.js';
