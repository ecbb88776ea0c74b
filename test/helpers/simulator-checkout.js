// A merchant backend in front of a running simulator: the checkout handler (klarna-checkout-button/server) on the
// simulator's EU playground account, selling mugs at 12.99 € from Germany. For test/e2e/simulator-library.test.js
// and scripts/bench-layout-shift.mjs.
import { createCheckoutHandler, createKlarnaClient, toNodeListener } from '../../dist/server/index.js';

/** A node:http listener for the handler's routes (/api/klarna/…) selling `quantity` mugs, in `locale`. */
export function simulatorCheckoutListener(simulator, { locale, quantity }) {
  const { username, password } = simulator.credentials.eu.playground;
  const klarna = createKlarnaClient({ username, password, region: 'eu', environment: 'playground', baseUrl: simulator.baseUrl('eu', 'playground') });
  return toNodeListener(
    createCheckoutHandler({
      klarna,
      resolveCart: () => ({
        purchase_country: 'DE',
        purchase_currency: 'EUR',
        locale,
        lines: [{ reference: 'MUG', name: 'Mug', quantity, unit_price: 1299, tax_rate: 1900 }],
      }),
      logger: { info() {}, warn() {}, error() {} },
    }),
  );
}
