/**
 * This package's version, the one place it is written in the source (the build has no JSON import);
 * test/browser/element-define.test.js and test/node/klarna-client.test.js keep it equal to package.json's.
 * Shared by the element (`KlarnaCheckoutButton.version`), the server client's `User-Agent` and the simulator.
 */
export const VERSION = '0.1.0';
