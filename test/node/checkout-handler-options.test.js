// Options of createCheckoutHandler: merchantUrls (object or function), onSessionCreated, option checks,
// the default logger fallback, and the in-memory store's time-to-live and size limit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCheckoutHandler, createMemoryCheckoutStore } from '../../dist/server/index.js';
import { startCheckout, resolveCart } from '../helpers/checkout-handler-setup.js';

const CART = { items: [{ id: 'sku-mug', quantity: 1 }] };

test('merchantUrls as a function of the request; the cart\'s own merchant_urls win per field', async (t) => {
  const { post, fake } = await startCheckout(t, {
    merchantUrls: (request) => ({
      confirmation: `https://${request.headers.get('x-shop')}.test/thanks`,
      push: 'https://shop.test/push',
    }),
    resolveCart: (cart) => ({ ...resolveCart(cart), merchant_urls: { push: 'https://cart.test/push' } }),
  });
  const answer = await post('session', { cart: CART }, { headers: { 'x-shop': 'blue' } });
  assert.equal(answer.status, 200);
  assert.deepEqual(fake.requestsOf('createSession')[0].body.merchant_urls, {
    confirmation: 'https://blue.test/thanks',
    push: 'https://cart.test/push',
  });
});

test('onSessionCreated runs once for a new session, not for an update; its errors are logged only', async (t) => {
  const created = [];
  const { post, logs } = await startCheckout(t, {
    onSessionCreated: (event) => {
      created.push(event);
      throw new Error('analytics down');
    },
  });
  const first = await post('session', { cart: CART });
  assert.equal(first.status, 200);
  await post('session', { session_id: first.body.session_id, cart: CART });
  assert.equal(created.length, 1);
  assert.equal(created[0].sessionId, first.body.session_id);
  assert.equal(created[0].order.order_amount, 1299);
  assert.ok(logs.some((entry) => entry.level === 'error' && entry.message.includes('analytics down')));
});

test('createCheckoutHandler checks its options with sentences that name the fix', () => {
  const klarna = { payments: { createSession() {}, updateSession() {}, placeOrder() {} } };
  assert.throws(() => createCheckoutHandler({ resolveCart }), { name: 'TypeError', message: /options\.klarna.*createKlarnaClient/ });
  assert.throws(() => createCheckoutHandler({ klarna }), { name: 'TypeError', message: /resolveCart undefined.*pass a function/ });
  assert.throws(() => createCheckoutHandler({ klarna, resolveCart, maxBodyBytes: -5 }), { name: 'TypeError', message: /maxBodyBytes -5/ });
});

test('a logger without info() and one that throws do not break the checkout', async (t) => {
  const { post } = await startCheckout(t, {
    logger: {
      warn() {
        throw new Error('log sink down');
      },
      error() {
        throw new Error('log sink down');
      },
    },
  });
  const answer = await post('order', { authorization_token: 'tok-logger', session_id: 's', cart: CART });
  assert.equal(answer.status, 200);
  const bad = await post('session', { cart: { items: [{ id: 'sku-mug', quantity: -1 }] } });
  assert.equal(bad.status, 400);
});

test('the memory store forgets records after ttlMs and drops the oldest beyond maxEntries', () => {
  let now = 1_000;
  const store = createMemoryCheckoutStore({ ttlMs: 100, maxEntries: 2, now: () => now });
  const record = (id) => ({ kind: 'order', response: { order_id: id } });
  store.set('a', record('a'));
  now += 50;
  store.set('b', record('b'));
  assert.equal(store.get('a').response.order_id, 'a');
  now += 60; // a is 110 ms old, b 60 ms
  assert.equal(store.get('a'), undefined);
  assert.equal(store.get('b').response.order_id, 'b');
  store.set('c', record('c'));
  store.set('d', record('d'));
  assert.equal(store.get('b'), undefined, 'the oldest went when a third record arrived');
  assert.equal(store.get('c').response.order_id, 'c');
  assert.equal(store.get('d').response.order_id, 'd');
  assert.throws(() => createMemoryCheckoutStore({ ttlMs: 0 }), { name: 'RangeError', message: /ttlMs 0/ });
  assert.throws(() => createMemoryCheckoutStore({ maxEntries: 1.5 }), { name: 'RangeError', message: /maxEntries 1\.5/ });
});
