/**
 * `klarna-checkout-button/server`: the merchant-server side. Klarna Payments and Order Management over
 * `fetch`, exact integer order amounts, region diagnosis, and the checkout handler behind the element.
 */
export * from '../errors/index.js';
export * from './errors.js';
export * from './markets.js';
export * from './regions.js';
export type * from './order-types.js';
export type * from './klarna-api-types.js';
export * from './klarna-client.js';
export * from './order-math.js';
export * from './validate-order.js';
export * from './checkout-handler.js';
export * from './node-listener.js';
export type * from '../protocol/index.js';
