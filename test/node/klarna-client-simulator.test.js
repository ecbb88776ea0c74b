// createKlarnaClient against the offline simulator (dist/simulator): the whole Payments → Order
// Management flow, and the 401 diagnosis when EU credentials meet an NA-only host.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createKlarnaClient, KlarnaApiError, KlarnaAuthenticationError } from '../../dist/server/index.js';
import { startKlarnaSimulator } from '../../dist/simulator/index.js';

const ORDER = {
  purchase_country: 'SE',
  purchase_currency: 'SEK',
  locale: 'sv-SE',
  order_amount: 12500,
  order_tax_amount: 2500,
  order_lines: [{ type: 'physical', reference: 'lamp', name: 'Lamp', quantity: 1, unit_price: 12500, tax_rate: 2500, total_amount: 12500, total_tax_amount: 2500 }],
};
const ADDRESS = { given_name: 'Testperson-se', family_name: 'Approved', email: 'customer@email.se', street_address: 'Stårgatan 1', postal_code: '12345', city: 'Ankeborg', phone: '+46765260000', country: 'SE' };

let simulator;
before(async () => {
  simulator = await startKlarnaSimulator();
});
after(() => simulator?.stop());

test('session → authorize → order → capture → refund → read', async () => {
  const account = simulator.credentials.eu.playground;
  const client = createKlarnaClient({ username: account.username, password: account.password, region: 'eu', environment: 'playground', baseUrl: simulator.baseUrl('eu', 'playground') });
  const session = await client.payments.createSession(ORDER);
  assert.equal(typeof session.client_token, 'string');
  assert.ok(session.payment_method_categories.length > 0);
  const authorization = await simulator.authorize({ session_id: session.session_id, data: { billing_address: ADDRESS } });
  assert.equal(authorization.approved, true, JSON.stringify(authorization));
  const placed = await client.payments.placeOrder(authorization.authorization_token, { ...ORDER, billing_address: ADDRESS });
  assert.equal(typeof placed.order_id, 'string');
  assert.equal(placed.fraud_status, 'ACCEPTED');

  const capture = await client.orders.capture(placed.order_id, { captured_amount: 12500, reference: 'shipment-1' });
  assert.equal(typeof capture.captureId, 'string');
  assert.ok(capture.captureId.length > 0);
  const refund = await client.orders.refund(placed.order_id, { refunded_amount: 2500, description: 'Dented' });
  assert.ok(refund.refundId.length > 0);

  const order = await client.orders.get(placed.order_id);
  assert.equal(order.status, 'CAPTURED');
  assert.equal(order.captured_amount, 12500);
  assert.equal(order.refunded_amount, 2500);
  const captures = await client.orders.listCaptures(placed.order_id);
  assert.deepEqual(captures.map((c) => c.capture_id), [capture.captureId]);
  assert.equal((await client.orders.getRefund(placed.order_id, refund.refundId)).refunded_amount, 2500);

  // The token is single use: a second placeOrder is a KlarnaApiError, not a retry.
  await assert.rejects(client.payments.placeOrder(authorization.authorization_token, ORDER), (error) => error instanceof KlarnaApiError && error.status >= 400);
});

test('EU credentials against the NA host give the diagnosed 401', async () => {
  const account = simulator.credentials.eu.playground;
  const client = createKlarnaClient({ username: account.username, password: account.password, region: 'na', environment: 'playground', baseUrl: simulator.baseUrl('na', 'playground') });
  await assert.rejects(client.payments.createSession({ ...ORDER, purchase_country: 'SE' }), (error) => {
    assert.ok(error instanceof KlarnaAuthenticationError);
    assert.equal(error.suggestedRegion, 'eu');
    assert.ok(error.message.includes('https://api.playground.klarna.com'));
    assert.ok(!error.message.includes(account.password));
    return true;
  });
  const diagnosis = await client.diagnoseCredentials({
    baseUrls: { eu: simulator.baseUrl('eu', 'playground'), na: simulator.baseUrl('na', 'playground'), oc: simulator.baseUrl('oc', 'playground') },
  });
  assert.deepEqual(diagnosis.acceptedRegions, ['eu']);
});
