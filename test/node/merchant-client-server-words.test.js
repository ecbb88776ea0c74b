// The server's words reach the page: the production merchant adapter (the browser entry as Node imports it, default
// conditions, so `#dev-mode` holds no helpers) against the real checkout handler over loopback HTTP. A cart the shop
// refuses (CartResolutionError) answers 400 bad_request with a shopper-safe message, which the adapter keeps verbatim.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMerchantClient, MerchantBackendError } from '../../dist/index.js';
import { startCheckout } from '../helpers/checkout-handler-setup.js';

test("the production adapter keeps the checkout handler's shopper-safe message on the error and in its message", async (t) => {
  const { base } = await startCheckout(t);
  const client = createMerchantClient({ sessionUrl: `${base}/session` });
  const error = await client.createSession({ cart: { items: [{ id: 'sku-unknown', quantity: 1 }] } }).then(
    () => assert.fail('The session request should have been refused.'),
    (rejection) => rejection,
  );
  assert.ok(error instanceof MerchantBackendError);
  assert.equal(error.status, 400);
  assert.equal(error.code, 'bad_request');
  assert.equal(error.serverMessage, 'Unknown product "sku-unknown": remove it from the cart.');
  assert.equal(error.message, `POST ${base}/session failed: HTTP 400 bad_request: Unknown product "sku-unknown": remove it from the cart.`);
});
