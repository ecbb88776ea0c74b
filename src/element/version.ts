/** This package's version, as `<klarna-checkout-button>` reports it (`KlarnaCheckoutButton.version`). */
export const VERSION = '0.1.0';
