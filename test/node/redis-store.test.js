// createRedisCheckoutStore against a real redis-server (Debian's, started on a free loopback port), through
// both supported clients: records and their TTLs, the atomic claim, compare-and-delete, and a lost Redis
// noticed within the store's time-box (no waiting in a client's offline queue) and answered 503 by the
// handler before Klarna is called.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRedisCheckoutStore, CheckoutStoreUnavailableError } from '../../dist/server/index.js';
import { startRedisServer } from '../../scripts/redis.mjs';
import { ioRedisClient, nodeRedisClient, redisUrl, stopOwnRedis, testPrefix } from '../helpers/redis-for-tests.js';
import { startCheckout } from '../helpers/checkout-handler-setup.js';

after(stopOwnRedis);

const HOUR = 60 * 60 * 1000;
const session = { kind: 'session', client_token: 'client-token', payment_method_categories: [{ identifier: 'klarna' }] };
const order = { kind: 'order', response: { order_id: 'ord-1', fraud_status: 'ACCEPTED' }, session_id: 'sess-1' };

for (const [library, connect] of [
  ['node-redis', nodeRedisClient],
  ['ioredis', ioRedisClient],
]) {
  test(`${library}: records round-trip under the prefix, sessions live 48 h and orders longer`, async (t) => {
    const client = await connect(t);
    const prefix = testPrefix();
    const store = createRedisCheckoutStore({ client, keyPrefix: prefix });
    assert.equal(await store.get('session:missing'), undefined);
    await store.set('session:s1', session);
    await store.set('order:abc', order);
    assert.deepEqual(await store.get('session:s1'), session);
    assert.deepEqual(await store.get('order:abc'), order);
    const raw = await connect(t);
    const ttl = async (key) => Number(library === 'node-redis' ? await raw.sendCommand(['PTTL', prefix + key]) : await raw.call('PTTL', prefix + key));
    const sessionTtl = await ttl('session:s1');
    const orderTtl = await ttl('order:abc');
    assert.ok(sessionTtl > 47.9 * HOUR && sessionTtl <= 48 * HOUR, `session TTL ${sessionTtl}`);
    assert.ok(orderTtl >= 48 * HOUR, `order TTL ${orderTtl} is at least the sessions'`);
    assert.ok(orderTtl > sessionTtl);
  });

  test(`${library}: of 40 concurrent setIfAbsent calls exactly one wins; the claim expires; deleteIfEqual removes only the same record`, async (t) => {
    const client = await connect(t);
    const store = createRedisCheckoutStore({ client, keyPrefix: testPrefix() });
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => store.setIfAbsent('claim:x', { kind: 'claim', owner: `o${i}` }, 300)));
    assert.equal(results.filter(Boolean).length, 1);
    const winner = `o${results.indexOf(true)}`;
    assert.equal(await store.deleteIfEqual('claim:x', { kind: 'claim', owner: 'someone-else' }), false);
    assert.deepEqual(await store.get('claim:x'), { kind: 'claim', owner: winner });
    await new Promise((resolve) => setTimeout(resolve, 400));
    assert.equal(await store.get('claim:x'), undefined, 'the claim expired with its TTL');
    assert.equal(await store.setIfAbsent('claim:x', { kind: 'claim', owner: 'next' }, 10_000), true);
    assert.equal(await store.deleteIfEqual('claim:x', { kind: 'claim', owner: winner }), false, 'a late first owner cannot release the new claim');
    assert.equal(await store.deleteIfEqual('claim:x', { kind: 'claim', owner: 'next' }), true);
    assert.equal(await store.get('claim:x'), undefined);
  });
}

test('options are checked with sentences that name the fix', () => {
  assert.throws(() => createRedisCheckoutStore({}), { name: 'TypeError', message: /createClient\(\{ url, disableOfflineQueue: true \}\)/ });
  assert.throws(() => createRedisCheckoutStore({ client: { get() {}, set() {} } }), TypeError);
  const client = { isReady: true, sendCommand: async () => null };
  assert.throws(() => createRedisCheckoutStore({ client, timeoutMs: 0 }), { name: 'RangeError', message: /timeoutMs 0/ });
});

test('a Redis that stops is noticed at once; a Redis that hangs within timeoutMs; the handler answers 503 store_unavailable without calling Klarna', async (t) => {
  const own = await startRedisServer();
  t.after(() => own.stop());
  const client = await nodeRedisClient(t, own.url);
  const store = createRedisCheckoutStore({ client, keyPrefix: testPrefix(), timeoutMs: 500 });
  const { post, fake } = await startCheckout(t, { store });
  const session = await post('session', { cart: { items: [{ id: 'sku-shirt', quantity: 1 }] } });
  assert.equal(session.status, 200);

  // Hung: the process is stopped, the socket stays open. Every call gives up after timeoutMs.
  own.process.kill('SIGSTOP');
  let started = Date.now();
  await assert.rejects(store.get('anything'), (error) => error instanceof CheckoutStoreUnavailableError && /within 500 ms/.test(error.message));
  const hungMs = Date.now() - started;
  assert.ok(hungMs >= 450 && hungMs < 1500, `gave up after ${hungMs} ms`);
  started = Date.now();
  const hungOrder = await post('order', { authorization_token: 'token-while-hung', session_id: session.body.session_id, cart: { items: [{ id: 'sku-shirt', quantity: 1 }] } });
  assert.ok(Date.now() - started < 2000);
  assert.equal(hungOrder.status, 503);
  assert.deepEqual(hungOrder.body.error, {
    code: 'store_unavailable',
    message: hungOrder.body.error.message,
    reauthorize: false,
    retryable: true,
  });
  assert.equal(fake.requestsOf('placeOrder').length, 0, 'Klarna was not asked to place an order the shop could not record');
  own.process.kill('SIGCONT');

  // Gone: the server exits. The client is no longer ready, so the store refuses without queuing.
  await own.stop();
  await new Promise((resolve) => setTimeout(resolve, 100));
  started = Date.now();
  await assert.rejects(store.get('anything'), (error) => error instanceof CheckoutStoreUnavailableError && /not connected/.test(error.message));
  assert.ok(Date.now() - started < 100, 'refused at once');
  const goneOrder = await post('order', { authorization_token: 'token-while-gone', session_id: session.body.session_id, cart: { items: [{ id: 'sku-shirt', quantity: 1 }] } });
  assert.equal(goneOrder.status, 503);
  assert.equal(goneOrder.body.error.code, 'store_unavailable');
  const update = await post('session', { session_id: session.body.session_id, cart: { items: [{ id: 'sku-shirt', quantity: 2 }] } });
  assert.equal(update.status, 503);
  assert.equal(update.body.error.code, 'store_unavailable');
  assert.equal(fake.requestsOf('placeOrder').length, 0);
  assert.equal(fake.requestsOf('updateSession').length, 0);
});

test('the handler on Redis: a repeated order is answered from the store by a second handler instance', async (t) => {
  const client = await nodeRedisClient(t, await redisUrl());
  const prefix = testPrefix();
  const first = await startCheckout(t, { store: createRedisCheckoutStore({ client, keyPrefix: prefix }) });
  const second = await startCheckout(t, { store: createRedisCheckoutStore({ client: await ioRedisClient(t), keyPrefix: prefix }) });
  const body = { authorization_token: 'token-redis-repeat', session_id: 'sess-redis', cart: { items: [{ id: 'sku-shirt', quantity: 1 }] } };
  const placed = await first.post('order', body);
  assert.equal(placed.status, 200);
  const repeat = await second.post('order', body);
  assert.equal(repeat.status, 200);
  assert.deepEqual(repeat.body, placed.body);
  assert.equal(first.fake.requestsOf('placeOrder').length + second.fake.requestsOf('placeOrder').length, 1);
});
