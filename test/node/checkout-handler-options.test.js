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
  const klarna = { payments: { createSession() {}, readSession() {}, updateSession() {}, placeOrder() {} } };
  assert.throws(() => createCheckoutHandler({ resolveCart }), { name: 'TypeError', message: /options\.klarna.*createKlarnaClient/ });
  assert.throws(() => createCheckoutHandler({ klarna: { payments: { createSession() {}, readSession() {}, placeOrder() {} } }, resolveCart }), {
    name: 'TypeError',
    message: /options\.klarna\.payments\.updateSession/,
  });
  // A stand-in without readSession works, with a warning that the token-to-session check is skipped.
  const warnings = [];
  createCheckoutHandler({ klarna: { payments: { createSession() {}, updateSession() {}, placeOrder() {} } }, resolveCart, logger: { warn: (m) => warnings.push(m), error() {} } });
  assert.ok(warnings.some((message) => /no readSession/.test(message)));
  assert.throws(() => createCheckoutHandler({ klarna, resolveCart, orderWaitMs: 0 }), { name: 'TypeError', message: /orderWaitMs 0.*milliseconds/ });
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

test('the memory store forgets sessions after ttlMs and drops the oldest beyond maxEntries', () => {
  let now = 1_000;
  const store = createMemoryCheckoutStore({ ttlMs: 100, maxEntries: 2, now: () => now });
  const session = (token) => ({ kind: 'session', client_token: token, payment_method_categories: [] });
  store.set('a', session('a'));
  now += 50;
  store.set('b', session('b'));
  assert.equal(store.get('a').client_token, 'a');
  now += 60; // a is 110 ms old, b 60 ms
  assert.equal(store.get('a'), undefined);
  assert.equal(store.get('b').client_token, 'b');
  store.set('c', session('c'));
  store.set('d', session('d'));
  assert.equal(store.get('b'), undefined, 'the oldest went when a third record arrived');
  assert.equal(store.get('c').client_token, 'c');
  assert.equal(store.get('d').client_token, 'd');
  assert.throws(() => createMemoryCheckoutStore({ ttlMs: 0 }), { name: 'RangeError', message: /ttlMs 0/ });
  assert.throws(() => createMemoryCheckoutStore({ maxEntries: 1.5 }), { name: 'RangeError', message: /maxEntries 1\.5/ });
  assert.throws(() => createMemoryCheckoutStore({ maxOrders: 0 }), { name: 'RangeError', message: /maxOrders 0/ });
});

test('the memory store never evicts a placed order for session traffic, and keeps orders longer than sessions', () => {
  let now = 1_000;
  const store = createMemoryCheckoutStore({ ttlMs: 100, orderTtlMs: 1000, maxEntries: 10, now: () => now });
  store.set('order:placed', { kind: 'order', response: { order_id: 'ord-1' }, session_id: 's' });
  for (let i = 0; i < 10_000; i++) store.set(`session:${i}`, { kind: 'session', client_token: `t${i}`, payment_method_categories: [] });
  assert.equal(store.get('order:placed').response.order_id, 'ord-1', '10 000 sessions later the order is still there');
  assert.equal(store.get('session:0'), undefined, 'sessions are bounded by maxEntries');
  now += 500; // sessions expired, the order not yet
  assert.equal(store.get('session:9999'), undefined);
  assert.equal(store.get('order:placed').response.order_id, 'ord-1');
  now += 600;
  assert.equal(store.get('order:placed'), undefined);
});

test('the memory store: setIfAbsent lets one caller claim a key until it expires; deleteIfEqual removes only the same record', () => {
  let now = 0;
  const store = createMemoryCheckoutStore({ now: () => now });
  const mine = { kind: 'claim', owner: 'mine' };
  const theirs = { kind: 'claim', owner: 'theirs' };
  assert.equal(store.setIfAbsent('claim:x', mine, 50), true);
  assert.equal(store.setIfAbsent('claim:x', theirs, 50), false);
  assert.equal(store.deleteIfEqual('claim:x', theirs), false, 'another owner cannot release it');
  now += 51;
  assert.equal(store.setIfAbsent('claim:x', theirs, 50), true, 'an expired claim can be taken over');
  assert.equal(store.deleteIfEqual('claim:x', mine), false, 'the late first owner does not remove the new claim');
  assert.equal(store.deleteIfEqual('claim:x', theirs), true);
  assert.equal(store.get('claim:x'), undefined);
});
