export type * from './klarna-types.js';
