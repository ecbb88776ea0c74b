// The simulator's Payments v1 REST over real HTTP: credentials per region, sessions, Klarna's cart
// validation messages, and the life of an authorization token (klarna-spec.md §4, §5.1, §7, §8).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SIMULATOR_CREDENTIALS, decodeClientToken, startKlarnaSimulator } from '../../dist/simulator/index.js';
import { basicAuth, billingAddress, call, createSession, germanCart, placeOrder, smallCart, usCart } from './simulator-test-kit.js';

let sim;
before(async () => {
  // A frozen source: only advanceTime() moves the clock, so lifetimes can be tested to the millisecond.
  sim = await startKlarnaSimulator({ clock: { now: () => Date.UTC(2026, 0, 15, 12) } });
});
after(() => sim.stop());

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('credentials', () => {
  test('EU credentials on the NA host get the 401 HTML page with WWW-Authenticate', async () => {
    const response = await call(sim, 'POST', '/payments/v1/sessions', { region: 'na', auth: basicAuth('eu', 'playground'), body: usCart() });
    assert.equal(response.status, 401);
    assert.match(response.headers.get('content-type'), /^text\/html/);
    assert.match(response.headers.get('www-authenticate'), /^Basic realm="[^"]+"$/);
    assert.match(response.text, /401 Authorization Required/);
    assert.ok(response.headers.get('klarna-correlation-id'));
  });

  test('playground credentials are refused on production of the same region', async () => {
    const response = await call(sim, 'POST', '/payments/v1/sessions', { environment: 'production', auth: basicAuth('eu', 'playground'), body: smallCart() });
    assert.equal(response.status, 401);
  });

  test('a missing Authorization header gets 401', async () => {
    const response = await call(sim, 'GET', '/payments/v1/sessions/x', { auth: null });
    assert.equal(response.status, 401);
  });

  test('the API key is accepted bare and as the password of any id', async () => {
    const { apiKey } = DEFAULT_SIMULATOR_CREDENTIALS.oc.playground;
    const bare = await call(sim, 'GET', '/payments/v1/sessions/unknown', { region: 'oc', auth: `Basic ${apiKey}` });
    assert.equal(bare.status, 404);
    const paired = `Basic ${Buffer.from(`0b1d9815-165e-42e2-8867-35bc03789e00:${apiKey}`).toString('base64')}`;
    const withId = await call(sim, 'GET', '/payments/v1/sessions/unknown', { region: 'oc', auth: paired });
    assert.equal(withId.status, 404);
    const elsewhere = await call(sim, 'GET', '/payments/v1/sessions/unknown', { region: 'eu', auth: `Basic ${apiKey}` });
    assert.equal(elsewhere.status, 401);
  });

  test('usernames are <MID>_<random> and API keys klarna_test_api_/klarna_live_api_', () => {
    for (const region of ['eu', 'na', 'oc']) {
      assert.match(DEFAULT_SIMULATOR_CREDENTIALS[region].playground.username, /^[A-Z]+\d+_[0-9a-z]+$/);
      assert.match(DEFAULT_SIMULATOR_CREDENTIALS[region].playground.apiKey, /^klarna_test_api_/);
      assert.match(DEFAULT_SIMULATOR_CREDENTIALS[region].production.apiKey, /^klarna_live_api_/);
    }
  });
});

describe('sessions', () => {
  test('create answers 200 with a JWT-shaped client token carrying the session claims', async () => {
    const response = await call(sim, 'POST', '/payments/v1/sessions', { region: 'na', body: usCart() });
    assert.equal(response.status, 200);
    const { session_id, client_token, payment_method_categories } = response.body;
    assert.match(session_id, /^[0-9a-f-]{36}$/);
    assert.deepEqual(payment_method_categories.map((category) => category.identifier), ['klarna']);
    const parts = client_token.split('.');
    assert.equal(parts.length, 3);
    const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString());
    assert.equal(header.alg, 'RS256');
    const claims = decodeClientToken(client_token);
    assert.equal(claims.session_id, session_id);
    assert.equal(claims.region, 'na');
    assert.equal(claims.environment, 'playground');
    assert.equal(claims.purchase_country, 'US');
    assert.equal(claims.session_type, 'PAYMENTS');
    assert.deepEqual(claims.payment_method_categories, ['klarna']);
    assert.ok(claims.base_url.startsWith(sim.url));
    assert.equal(claims.exp, undefined);
  });

  test('read answers the session with status incomplete and expires_at 48 h later', async () => {
    const { session_id } = await createSession(sim, germanCart());
    const response = await call(sim, 'GET', `/payments/v1/sessions/${session_id}`);
    assert.equal(response.status, 200);
    assert.equal(response.body.status, 'incomplete');
    assert.equal(response.body.order_amount, 28499);
    assert.equal(response.body.order_lines.length, 4);
    assert.equal(Date.parse(response.body.expires_at) - sim.now(), 48 * HOUR);
    assert.equal(response.body.authorization_token, undefined);
  });

  test('update answers 204 and the read shows the new cart', async () => {
    const { session_id } = await createSession(sim, smallCart());
    const update = await call(sim, 'POST', `/payments/v1/sessions/${session_id}`, { body: germanCart() });
    assert.equal(update.status, 204);
    assert.equal(update.text, '');
    const read = await call(sim, 'GET', `/payments/v1/sessions/${session_id}`);
    assert.equal(read.body.order_amount, 28499);
  });

  test('a session of another region is unknown there: 404 NOT_FOUND "Invalid session id"', async () => {
    const { session_id } = await createSession(sim, smallCart());
    const response = await call(sim, 'GET', `/payments/v1/sessions/${session_id}`, { region: 'na' });
    assert.equal(response.status, 404);
    assert.equal(response.body.error_code, 'NOT_FOUND');
    assert.deepEqual(response.body.error_messages, ['Invalid session id']);
  });

  test('a session is gone after 48 hours on the clock', async () => {
    const { session_id } = await createSession(sim, smallCart());
    sim.advanceTime(48 * HOUR - 1);
    assert.equal((await call(sim, 'GET', `/payments/v1/sessions/${session_id}`)).status, 200);
    sim.advanceTime(1);
    assert.equal((await call(sim, 'GET', `/payments/v1/sessions/${session_id}`)).status, 404);
    assert.equal((await call(sim, 'POST', `/payments/v1/sessions/${session_id}`, { body: { locale: 'de-DE' } })).status, 404);
  });

  test('categories are configurable per simulator', async () => {
    const previous = sim.paymentMethodCategories;
    sim.paymentMethodCategories = ['pay_later', 'pay_over_time'];
    try {
      const { payment_method_categories, client_token } = await createSession(sim, smallCart());
      assert.deepEqual(payment_method_categories.map((category) => category.identifier), ['pay_later', 'pay_over_time']);
      assert.deepEqual(decodeClientToken(client_token).payment_method_categories, ['pay_later', 'pay_over_time']);
    } finally {
      sim.paymentMethodCategories = previous;
    }
  });
});

// One case per rule of klarna-spec.md §5.1, each checked on create, update and order.
const violations = [
  ['L1 line total', (cart) => { cart.order_lines[0].quantity = 3; }, 'Bad value: order_lines'],
  ['L2 line tax', (cart) => { cart.order_lines[2].total_tax_amount = 101; }, 'Bad value: order_lines[2].total_tax_amount'],
  ['L3 tax rate', (cart) => { cart.order_lines[0].tax_rate = 10001; }, 'Bad value: order_lines[0].tax_rate'],
  ['O1 order amount', (cart) => { cart.order_amount = 28500; }, 'Bad value: order_amount'],
  ['O2 order tax', (cart) => { cart.order_tax_amount = 5705; }, 'Bad value: order_tax_amount'],
  ['C1 currency', (cart) => { cart.purchase_currency = 'SEK'; }, 'Bad value: purchase_currency'],
  ['C2 locale', (cart) => { cart.locale = 'sv-SE'; }, 'Bad value: locale'],
];

describe('cart validation', () => {
  for (const [name, breakIt, message] of violations) {
    test(`${name}: 400 BAD_VALUE "${message}" on create, update and order`, async () => {
      const cart = germanCart();
      breakIt(cart);
      const created = await call(sim, 'POST', '/payments/v1/sessions', { body: cart });
      assert.equal(created.status, 400);
      assert.equal(created.body.error_code, 'BAD_VALUE');
      assert.ok(created.body.error_messages.includes(message), JSON.stringify(created.body.error_messages));

      const { session_id } = await createSession(sim, germanCart());
      const updated = await call(sim, 'POST', `/payments/v1/sessions/${session_id}`, { body: cart });
      assert.equal(updated.status, 400);
      assert.ok(updated.body.error_messages.includes(message));

      const { authorization_token } = await sim.authorize({ session_id });
      const ordered = await call(sim, 'POST', `/payments/v1/authorizations/${authorization_token}/order`, { body: cart });
      assert.equal(ordered.status, 400);
      assert.equal(ordered.body.error_code, 'BAD_VALUE');
      assert.ok(ordered.body.error_messages.includes(message));
    });
  }

  test('U1 US tax on a line instead of a sales_tax line: "Bad value: order_lines[0].tax_rate"', async () => {
    const cart = usCart();
    cart.order_lines[0].tax_rate = 1000;
    cart.order_lines[0].total_tax_amount = 1818;
    const created = await call(sim, 'POST', '/payments/v1/sessions', { region: 'na', body: cart });
    assert.equal(created.status, 400);
    assert.ok(created.body.error_messages.includes('Bad value: order_lines[0].tax_rate'));
  });

  test('the US example with a sales_tax line is accepted', async () => {
    const created = await call(sim, 'POST', '/payments/v1/sessions', { region: 'na', body: usCart() });
    assert.equal(created.status, 200);
  });

  test('a body that is not JSON gets 400 BAD_REQUEST', async () => {
    const response = await call(sim, 'POST', '/payments/v1/sessions', { raw: '{"purchase_country":' });
    assert.equal(response.status, 400);
    assert.equal(response.body.error_code, 'BAD_REQUEST');
  });
});

describe('authorization tokens', () => {
  test('create order answers 200 with order_id and fraud_status, and completes the session', async () => {
    const { session_id, order } = await placeOrder(sim, germanCart());
    assert.match(order.order_id, /^[0-9a-f-]{36}$/);
    assert.equal(order.fraud_status, 'ACCEPTED');
    assert.equal(typeof order.authorized_payment_method.type, 'string');
    const read = await call(sim, 'GET', `/payments/v1/sessions/${session_id}`);
    assert.equal(read.body.status, 'complete');
  });

  test('a token is single use: the second order gets 403 INVALID_OPERATION', async () => {
    const cart = smallCart();
    const { authorization_token } = await placeOrder(sim, cart);
    const again = await call(sim, 'POST', `/payments/v1/authorizations/${authorization_token}/order`, { body: { ...cart, billing_address: billingAddress() } });
    assert.equal(again.status, 403);
    assert.equal(again.body.error_code, 'INVALID_OPERATION');
    assert.deepEqual(again.body.error_messages, ['Authorization token already consumed']);
  });

  test('a token expires after 60 minutes on the clock: 404 NOT_FOUND "Invalid authorization token"', async () => {
    const cart = smallCart();
    const { session_id } = await createSession(sim, cart);
    const { authorization_token } = await sim.authorize({ session_id });
    sim.advanceTime(60 * MINUTE);
    const response = await call(sim, 'POST', `/payments/v1/authorizations/${authorization_token}/order`, { body: cart });
    assert.equal(response.status, 404);
    assert.equal(response.body.error_code, 'NOT_FOUND');
    assert.deepEqual(response.body.error_messages, ['Invalid authorization token']);
  });

  test('a token still works just before 60 minutes', async () => {
    const cart = smallCart();
    const { session_id } = await createSession(sim, cart);
    const { authorization_token } = await sim.authorize({ session_id });
    sim.advanceTime(60 * MINUTE - 1000);
    const response = await call(sim, 'POST', `/payments/v1/authorizations/${authorization_token}/order`, { body: cart });
    assert.equal(response.status, 200);
  });

  test('a newer authorization supersedes the older token (404) and the newer one works', async () => {
    const cart = smallCart();
    const { session_id } = await createSession(sim, cart);
    const first = await sim.authorize({ session_id });
    const second = await sim.authorize({ session_id });
    assert.notEqual(first.authorization_token, second.authorization_token);
    const old = await call(sim, 'POST', `/payments/v1/authorizations/${first.authorization_token}/order`, { body: cart });
    assert.equal(old.status, 404);
    assert.deepEqual(old.body.error_messages, ['Invalid authorization token']);
    const read = await call(sim, 'GET', `/payments/v1/sessions/${session_id}`);
    assert.equal(read.body.authorization_token, second.authorization_token);
    const fresh = await call(sim, 'POST', `/payments/v1/authorizations/${second.authorization_token}/order`, { body: cart });
    assert.equal(fresh.status, 200);
  });

  test('an unknown token gets 404 NOT_FOUND', async () => {
    const response = await call(sim, 'POST', '/payments/v1/authorizations/00000000-0000-4000-8000-000000000000/order', { body: smallCart() });
    assert.equal(response.status, 404);
    assert.equal(response.body.error_code, 'NOT_FOUND');
  });

  test('one more line than authorized: 409 "Incorrect number of items in the cart. Expected: 2, Actual: 3"', async () => {
    const cart = smallCart();
    const { session_id } = await createSession(sim, cart);
    const { authorization_token } = await sim.authorize({ session_id });
    const bigger = smallCart();
    bigger.order_lines.push({ type: 'physical', name: 'Gloves', quantity: 1, unit_price: 1000, tax_rate: 2500, total_amount: 1000, total_tax_amount: 200 });
    bigger.order_amount = 11000;
    bigger.order_tax_amount = 2200;
    const response = await call(sim, 'POST', `/payments/v1/authorizations/${authorization_token}/order`, { body: bigger });
    assert.equal(response.status, 409);
    assert.equal(response.body.error_code, 'BAD_VALUE');
    assert.deepEqual(response.body.error_messages, ['Not matching fields: [Incorrect number of items in the cart. Expected: 2, Actual: 3]']);
  });

  test('other amounts or address than authorized: 409 naming the fields', async () => {
    const cart = smallCart();
    const { session_id } = await createSession(sim, cart);
    const { authorization_token } = await sim.authorize({ session_id, data: { billing_address: billingAddress() } });
    const changed = smallCart();
    changed.order_lines[0].unit_price = 6500;
    changed.order_lines[0].total_amount = 6500;
    changed.order_lines[0].total_tax_amount = 1300;
    changed.order_amount = 10500;
    changed.order_tax_amount = 2100;
    changed.billing_address = { ...billingAddress(), postal_code: '41461' };
    const response = await call(sim, 'POST', `/payments/v1/authorizations/${authorization_token}/order`, { body: changed });
    assert.equal(response.status, 409);
    const [message] = response.body.error_messages;
    assert.match(message, /^Not matching fields: \[.*\]$/);
    for (const field of ['order_amount', 'order_tax_amount', 'order_lines[0].unit_price', 'order_lines[0].total_amount', 'billing_address.postal_code']) {
      assert.ok(message.includes(field), `${field} missing from ${message}`);
    }
    // The mismatch does not consume the token: the right cart still places the order.
    const right = await call(sim, 'POST', `/payments/v1/authorizations/${authorization_token}/order`, { body: { ...cart, billing_address: billingAddress() } });
    assert.equal(right.status, 200);
  });

  test('the authorize data cart is what the order must match', async () => {
    const { session_id } = await createSession(sim, smallCart());
    const { authorization_token } = await sim.authorize({ session_id, data: germanCart() });
    const response = await call(sim, 'POST', `/payments/v1/authorizations/${authorization_token}/order`, { body: germanCart() });
    assert.equal(response.status, 200);
  });

  test('cancel authorization answers 204 and the token is dead afterwards', async () => {
    const cart = smallCart();
    const { session_id } = await createSession(sim, cart);
    const { authorization_token } = await sim.authorize({ session_id });
    const cancelled = await call(sim, 'DELETE', `/payments/v1/authorizations/${authorization_token}`);
    assert.equal(cancelled.status, 204);
    const order = await call(sim, 'POST', `/payments/v1/authorizations/${authorization_token}/order`, { body: cart });
    assert.equal(order.status, 404);
    assert.deepEqual(order.body.error_messages, ['Invalid authorization token']);
    const twice = await call(sim, 'DELETE', `/payments/v1/authorizations/${authorization_token}`);
    assert.equal(twice.status, 404);
  });

  test('customer token is refused for intent buy: 403 INVALID_OPERATION', async () => {
    const { session_id } = await createSession(sim, smallCart());
    const { authorization_token } = await sim.authorize({ session_id });
    const body = { purchase_country: 'DE', purchase_currency: 'EUR', locale: 'de-DE', description: 'Subscription', intended_use: 'SUBSCRIPTION' };
    const response = await call(sim, 'POST', `/payments/v1/authorizations/${authorization_token}/customer-token`, { body });
    assert.equal(response.status, 403);
    assert.equal(response.body.error_code, 'INVALID_OPERATION');
    assert.deepEqual(response.body.error_messages, ['Not allowed to create customer tokens for intent buy']);
  });

  test('customer token is issued for intent tokenize', async () => {
    const { session_id } = await createSession(sim, { ...smallCart(), intent: 'tokenize' });
    const { authorization_token } = await sim.authorize({ session_id });
    const body = { purchase_country: 'DE', purchase_currency: 'EUR', locale: 'de-DE', description: 'Subscription', intended_use: 'SUBSCRIPTION' };
    const response = await call(sim, 'POST', `/payments/v1/authorizations/${authorization_token}/customer-token`, { body });
    assert.equal(response.status, 200);
    assert.equal(typeof response.body.token_id, 'string');
  });

  test('a session completed through the authorization callback: 404 SESSION_COMPLETED', async () => {
    const cart = smallCart();
    const { session_id } = await createSession(sim, cart);
    const { authorization_token } = await sim.authorize({ session_id });
    sim.completeSession(session_id);
    const response = await call(sim, 'POST', `/payments/v1/authorizations/${authorization_token}/order`, { body: cart });
    assert.equal(response.status, 404);
    assert.equal(response.body.error_code, 'SESSION_COMPLETED');
  });

  test('PENDING fraud status reaches the order', async () => {
    const { order } = await placeOrder(sim, smallCart(), { fraudStatus: 'PENDING' });
    assert.equal(order.fraud_status, 'PENDING');
  });
});
