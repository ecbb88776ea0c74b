import { VERSION as PACKAGE_VERSION } from '../version.js';

/** This package's version, as `<klarna-checkout-button>` reports it (`KlarnaCheckoutButton.version`). */
export const VERSION = PACKAGE_VERSION;
