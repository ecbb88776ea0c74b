/** This package's version, as `<klarna-checkout-button>` reports it (`KlarnaCheckoutButton.version`). */
export { VERSION } from '../version.js';
