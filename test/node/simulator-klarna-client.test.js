// The server client (createKlarnaClient from klarna-checkout-button/server) against the simulator:
// the two are drop-ins for each other, so each checks the other.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SIMULATOR_CREDENTIALS, startKlarnaSimulator } from '../../dist/simulator/index.js';
import { billingAddress, germanCart } from './simulator-test-kit.js';

const server = await import('../../dist/server/index.js');

let sim;
let client;
before(async () => {
  sim = await startKlarnaSimulator();
  const { username, password } = DEFAULT_SIMULATOR_CREDENTIALS.eu.playground;
  client = server.createKlarnaClient({
    username,
    password,
    region: 'eu',
    environment: 'playground',
    baseUrl: sim.baseUrl('eu', 'playground'),
    retryBaseDelayMs: 1,
    maxRetryDelayMs: 5,
    timeoutMs: 2000,
  });
});
after(() => sim?.stop());

async function clientOrder() {
  const cart = germanCart();
  const session = await client.payments.createSession(cart);
  const { authorization_token } = await sim.authorize({ session_id: session.session_id, data: { billing_address: billingAddress() } });
  return client.payments.placeOrder(authorization_token, { ...cart, billing_address: billingAddress() });
}

test('session → authorize → order → capture → refund through the client', async () => {
  const placed = await clientOrder();
  assert.equal(typeof placed.order_id, 'string');
  const capture = await client.orders.capture(placed.order_id, { captured_amount: 28499 });
  assert.equal(typeof (capture.captureId ?? capture.capture_id), 'string');
  await client.orders.refund(placed.order_id, { refunded_amount: 1000 });
  const order = await client.orders.get(placed.order_id);
  assert.equal(order.status, 'CAPTURED');
  assert.equal(order.refunded_amount, 1000);
});

test('a 503 on capture is retried with the same idempotency key and captures once', async () => {
  const placed = await clientOrder();
  sim.faults.add({ route: 'POST /ordermanagement/v1/orders/:id/captures', status: 503 });
  sim.requests.clear();
  await client.orders.capture(placed.order_id, { captured_amount: 1000 });
  const attempts = sim.requests.filter((entry) => entry.method === 'POST' && entry.path.endsWith('/captures'));
  assert.equal(attempts.length, 2);
  assert.deepEqual(attempts.map((entry) => entry.status), [503, 201]);
  assert.ok(attempts[0].headers['klarna-idempotency-key']);
  assert.equal(attempts[0].headers['klarna-idempotency-key'], attempts[1].headers['klarna-idempotency-key']);
  assert.equal(attempts[0].headers.authorization, '[redacted]');
  assert.equal((await client.orders.get(placed.order_id)).captured_amount, 1000);
});

test('a capture committed but lost is retried and not doubled', async () => {
  const placed = await clientOrder();
  sim.faults.add({ route: 'POST /ordermanagement/v1/orders/:id/captures', commitThenDrop: true });
  await client.orders.capture(placed.order_id, { captured_amount: 2000 });
  const order = await client.orders.get(placed.order_id);
  assert.equal(order.captured_amount, 2000);
  assert.equal(order.captures.length, 1);
});

test('wrong-region credentials surface as the client authentication error', async () => {
  const { username, password } = DEFAULT_SIMULATOR_CREDENTIALS.eu.playground;
  const naClient = server.createKlarnaClient({ username, password, region: 'na', environment: 'playground', baseUrl: sim.baseUrl('na', 'playground'), maxRetries: 0 });
  await assert.rejects(naClient.payments.createSession(germanCart()), (error) => error.status === 401 && error instanceof server.KlarnaApiError);
});
