export { KlarnaError } from './klarna-error.js';
