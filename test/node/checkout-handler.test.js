// The checkout handler's happy paths over real HTTP: the browser → handler (node:http via toNodeListener)
// → real Klarna client → fake Klarna, and the handler called directly with a Request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCheckoutHandler, createMemoryCheckoutStore } from '../../dist/server/index.js';
import { startCheckout } from '../helpers/checkout-handler-setup.js';

const CART = { items: [{ id: 'sku-shirt', quantity: 2 }, { id: 'sku-mug', quantity: 1 }] };
const CART_TOTAL = 2 * 2500 + 1299;

test('POST …/session creates a Klarna session priced by the server and answers the protocol fields', async (t) => {
  const { post, fake } = await startCheckout(t);
  const answer = await post('session', { cart: CART });
  assert.equal(answer.status, 200);
  const created = fake.requestsOf('createSession');
  assert.equal(created.length, 1);
  const klarnaAnswer = created[0];
  assert.equal(klarnaAnswer.body.order_amount, CART_TOTAL);
  assert.equal(klarnaAnswer.body.purchase_country, 'DE');
  assert.deepEqual(klarnaAnswer.body.merchant_urls, { confirmation: 'https://shop.test/thanks?sid={session.id}' });
  assert.equal(answer.body.order_amount, CART_TOTAL);
  assert.equal(answer.body.purchase_currency, 'EUR');
  assert.equal(typeof answer.body.session_id, 'string');
  assert.match(answer.body.client_token, /^eyJ/);
  assert.deepEqual(answer.body.payment_method_categories, [{ identifier: 'pay_later', name: 'Pay later' }]);
  // The session's locale, so the element speaks the language of Klarna's widget (issue 13's fallback order).
  assert.equal(answer.body.locale, 'de-DE');
  assert.deepEqual(Object.keys(answer.body).sort(), ['client_token', 'locale', 'order_amount', 'payment_method_categories', 'purchase_currency', 'session_id']);
  assert.equal(answer.headers.get('cache-control'), 'no-store');
});

test('amounts sent by the browser are ignored: the server prices from its catalogue', async (t) => {
  const { post, fake } = await startCheckout(t);
  const answer = await post('session', {
    cart: { items: [{ id: 'sku-shirt', quantity: 2, unit_price: 1, total_amount: 1 }, { id: 'sku-mug', quantity: 1, unit_price: 1 }], order_amount: 2 },
    order_amount: 2,
  });
  assert.equal(answer.status, 200);
  assert.equal(answer.body.order_amount, CART_TOTAL);
  const sent = fake.requestsOf('createSession')[0].body;
  assert.equal(sent.order_amount, CART_TOTAL);
  assert.deepEqual(
    sent.order_lines.map((line) => line.unit_price),
    [2500, 1299],
  );
});

test('a session_id updates the same session: same id and client token, Klarna saw an update with the new cart', async (t) => {
  const { post, fake } = await startCheckout(t);
  const first = await post('session', { cart: CART });
  const second = await post('session', { session_id: first.body.session_id, cart: { items: [{ id: 'sku-mug', quantity: 3 }] } });
  assert.equal(second.status, 200);
  assert.equal(second.body.session_id, first.body.session_id);
  assert.equal(second.body.client_token, first.body.client_token);
  assert.deepEqual(second.body.payment_method_categories, first.body.payment_method_categories);
  assert.equal(second.body.order_amount, 3 * 1299);
  assert.equal(fake.requestsOf('createSession').length, 1);
  const updates = fake.requestsOf('updateSession');
  assert.equal(updates.length, 1);
  assert.equal(updates[0].path, `/payments/v1/sessions/${first.body.session_id}`);
  assert.equal(updates[0].body.order_amount, 3 * 1299);
});

test('a session_id this handler never created gets a fresh session, not an update of a stranger\'s session', async (t) => {
  const { post, fake } = await startCheckout(t);
  const answer = await post('session', { session_id: 'someone-elses-session', cart: CART });
  assert.equal(answer.status, 200);
  assert.notEqual(answer.body.session_id, 'someone-elses-session');
  assert.equal(fake.requestsOf('updateSession').length, 0);
  assert.equal(fake.requestsOf('createSession').length, 1);
});

test('a session Klarna no longer knows (404 on update) is replaced by a new one', async (t) => {
  const { post, fake } = await startCheckout(t);
  const first = await post('session', { cart: CART });
  fake.script('updateSession', { status: 404, body: { error_code: 'NOT_FOUND', error_messages: ['Invalid session id'], correlation_id: 'c-1' } });
  const second = await post('session', { session_id: first.body.session_id, cart: CART });
  assert.equal(second.status, 200);
  assert.notEqual(second.body.session_id, first.body.session_id);
  assert.equal(fake.requestsOf('createSession').length, 2);
});

test('POST …/order places the order with byte-identical amounts to the session and answers only the protocol fields', async (t) => {
  const placed = [];
  const { post, fake } = await startCheckout(t, { onOrderPlaced: (event) => placed.push(event) });
  const session = await post('session', { cart: CART });
  const answer = await post('order', { authorization_token: 'auth-token-1111', session_id: session.body.session_id, cart: CART });
  assert.equal(answer.status, 200);
  const [orderRequest] = fake.requestsOf('placeOrder');
  assert.equal(orderRequest.path, '/payments/v1/authorizations/auth-token-1111/order');
  // The order is the session's body byte for byte, plus merchant_reference1 (the session id) to find it by if its answer is lost.
  const { merchant_reference1: reference, ...orderBody } = orderRequest.body;
  assert.equal(reference, session.body.session_id);
  assert.equal(JSON.stringify(orderBody), fake.requestsOf('createSession')[0].text, 'the order body Klarna received equals the session body byte for byte');
  assert.deepEqual(Object.keys(answer.body).sort(), ['fraud_status', 'order_id', 'redirect_url']);
  assert.equal(answer.body.fraud_status, 'ACCEPTED');
  assert.equal(placed.length, 1);
  assert.equal(placed[0].orderId, answer.body.order_id);
  assert.equal(placed[0].sessionId, session.body.session_id);
  assert.equal(placed[0].order.order_amount, CART_TOTAL);
  assert.deepEqual(placed[0].klarnaResponse.authorized_payment_method, { type: 'invoice' });
  assert.ok(placed[0].request instanceof Request);
});

test('a repeated request for a token that produced an order answers the same order without calling Klarna again', async (t) => {
  const placed = [];
  const { post, fake, logs } = await startCheckout(t, { onOrderPlaced: (event) => placed.push(event.orderId) });
  const body = { authorization_token: 'auth-token-repeat', session_id: 'sess-1', cart: CART };
  const first = await post('order', body);
  const second = await post('order', body);
  assert.equal(first.status, 200);
  assert.equal(second.status, 200);
  assert.equal(second.text, first.text);
  assert.equal(fake.requestsOf('placeOrder').length, 1);
  assert.deepEqual(placed, [first.body.order_id]);
  assert.ok(!JSON.stringify(logs).includes('auth-token-repeat'), 'the token never reaches the log');
});

test('concurrent duplicate order requests for one token place the order once and all get it', async (t) => {
  const { post, fake } = await startCheckout(t);
  fake.setOrderDelay(150);
  const body = { authorization_token: 'auth-token-concurrent', session_id: 'sess-1', cart: CART };
  const answers = await Promise.all([1, 2, 3, 4, 5].map(() => post('order', body)));
  assert.deepEqual(answers.map((answer) => answer.status), [200, 200, 200, 200, 200]);
  assert.equal(new Set(answers.map((answer) => answer.body.order_id)).size, 1);
  assert.equal(fake.requestsOf('placeOrder').length, 1);
});

test('different tokens place different orders', async (t) => {
  const { post, fake } = await startCheckout(t);
  const a = await post('order', { authorization_token: 'token-a', session_id: 's', cart: CART });
  const b = await post('order', { authorization_token: 'token-b', session_id: 's', cart: CART });
  assert.notEqual(a.body.order_id, b.body.order_id);
  assert.equal(fake.requestsOf('placeOrder').length, 2);
});

test('a custom async store gets hashed keys (never the raw token) and serves repeats across handler instances', async (t) => {
  const memory = createMemoryCheckoutStore();
  const keys = [];
  const store = {
    async get(key) {
      return memory.get(key);
    },
    async set(key, record) {
      keys.push(key);
      memory.set(key, record);
    },
    async setIfAbsent(key, record, ttlMs) {
      keys.push(key);
      return memory.setIfAbsent(key, record, ttlMs);
    },
    async deleteIfEqual(key, record) {
      return memory.deleteIfEqual(key, record);
    },
  };
  const { post, fake, klarna } = await startCheckout(t, { store });
  const body = { authorization_token: 'raw-token-in-store', session_id: 's', cart: CART };
  const first = await post('order', body);
  assert.equal(first.status, 200);
  assert.ok(keys.some((key) => /^order:[0-9a-f]{64}$/.test(key)), `keys: ${keys.join(', ')}`);
  assert.ok(!keys.some((key) => key.includes('raw-token-in-store')));
  // A second server instance sharing the store answers the repeat from it.
  const other = createCheckoutHandler({ klarna, resolveCart: () => assert.fail('not priced again'), store, logger: { warn() {}, error() {} } });
  const repeat = await other(new Request('http://shop.test/checkout/order', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));
  assert.equal(repeat.status, 200);
  assert.deepEqual(await repeat.json(), first.body);
  assert.equal(fake.requestsOf('placeOrder').length, 1);
});

test('a custom store with only get and set is refused at start-up with a sentence naming what is missing', () => {
  const store = { get() {}, set() {} };
  assert.throws(
    () => createCheckoutHandler({ klarna: { payments: { createSession() {}, readSession() {}, updateSession() {}, placeOrder() {} } }, resolveCart() {}, store }),
    (error) => error instanceof TypeError && /without setIfAbsent and deleteIfEqual/.test(error.message) && /createRedisCheckoutStore/.test(error.message),
  );
});

test('a token sent with another session\'s id is refused before Klarna is asked, and never reported as that session\'s order', async (t) => {
  const placed = [];
  const { post, fake } = await startCheckout(t, { onOrderPlaced: (event) => placed.push(event) });
  fake.authorize('session-a', 'token-of-session-a');
  fake.authorize('session-b', 'token-of-session-b');
  const foreign = await post('order', { authorization_token: 'token-of-session-a', session_id: 'session-b', cart: CART }, { authorize: false });
  assert.equal(foreign.status, 410);
  assert.equal(foreign.body.error.code, 'authorization_expired');
  assert.equal(foreign.body.error.reauthorize, true);
  const unknown = await post('order', { authorization_token: 'token-of-session-a', session_id: 'session-unknown', cart: CART }, { authorize: false });
  assert.equal(unknown.status, 410);
  assert.equal(fake.requestsOf('placeOrder').length, 0, 'Klarna was never asked to place');
  // The right pairing places, and is reported with its own session; a repeat naming another session is refused.
  const own = await post('order', { authorization_token: 'token-of-session-a', session_id: 'session-a', cart: CART }, { authorize: false });
  assert.equal(own.status, 200);
  assert.deepEqual(placed.map((event) => event.sessionId), ['session-a']);
  const repeatAsB = await post('order', { authorization_token: 'token-of-session-a', session_id: 'session-b', cart: CART }, { authorize: false });
  assert.equal(repeatAsB.status, 410);
  assert.equal(fake.requestsOf('placeOrder').length, 1);
});

test('the handler works called directly with a Request, mounted under any path', async (t) => {
  const { handler, fake } = await startCheckout(t);
  const response = await handler(
    new Request('https://shop.example/some/deep/prefix/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ cart: CART }),
    }),
  );
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type'), /^application\/json/);
  const body = await response.json();
  assert.equal(body.order_amount, CART_TOTAL);
  assert.equal(fake.requestsOf('createSession').length, 1);
});

test('an onOrderPlaced hook that throws is logged and the browser still gets its order', async (t) => {
  const { post, logs } = await startCheckout(t, {
    onOrderPlaced: () => {
      throw new Error('database down');
    },
  });
  const answer = await post('order', { authorization_token: 'tok-hook', session_id: 's', cart: CART });
  assert.equal(answer.status, 200);
  assert.ok(logs.some((entry) => entry.level === 'error' && entry.message.includes('database down') && entry.message.includes(answer.body.order_id)));
});

test('two quick updates of one session in one process: the slower first does not land last; the stored order is the second', async (t) => {
  const store = createMemoryCheckoutStore();
  const { post, fake } = await startCheckout(t, { store, authorizationCallbackUrl: 'http://127.0.0.1:9/api/klarna/authorization' });
  const session = await post('session', { cart: CART });
  const sessionId = session.body.session_id;
  fake.script('updateSession', { status: 204, delayMs: 300 });
  const first = post('session', { session_id: sessionId, cart: { items: [{ id: 'sku-shirt', quantity: 1 }] } });
  await new Promise((resolve) => setTimeout(resolve, 30));
  const second = post('session', { session_id: sessionId, cart: { items: [{ id: 'sku-shirt', quantity: 3 }] } });
  const [a, b] = await Promise.all([first, second]);
  assert.equal(a.status, 200);
  assert.equal(b.status, 200);
  const updates = fake.requestsOf('updateSession');
  assert.deepEqual(updates.map((request) => request.body.order_lines[0].quantity), [1, 3], 'Klarna received them in order, one at a time');
  assert.equal(store.get(`session:${sessionId}`).order.order_lines[0].quantity, 3, 'the stored priced order is the last update');
});

test('an update that arrives after a newer one of the same page (a lower revision) is skipped: Klarna and the store keep the newer cart', async (t) => {
  const store = createMemoryCheckoutStore();
  const { post, fake } = await startCheckout(t, { store, authorizationCallbackUrl: 'http://127.0.0.1:9/api/klarna/authorization' });
  const session = await post('session', { cart: CART, revision: 100 });
  const sessionId = session.body.session_id;
  const newer = await post('session', { session_id: sessionId, cart: { items: [{ id: 'sku-shirt', quantity: 3 }] }, revision: 102 });
  // The page's previous update (revision 101) was slow on the network and reaches the server last.
  const late = await post('session', { session_id: sessionId, cart: { items: [{ id: 'sku-shirt', quantity: 1 }] }, revision: 101 });
  assert.equal(newer.status, 200);
  assert.equal(late.status, 200);
  assert.equal(late.body.session_id, sessionId);
  assert.equal(late.body.order_amount, newer.body.order_amount, 'the answer describes the session as it stands');
  const updates = fake.requestsOf('updateSession');
  assert.deepEqual(updates.map((request) => request.body.order_lines[0].quantity), [3], 'Klarna never received the late update');
  assert.equal(store.get(`session:${sessionId}`).order.order_lines[0].quantity, 3);
  assert.equal(store.get(`session:${sessionId}`).revision, 102);
  for (const revision of [-1, 1.5, '7', Number.MAX_SAFE_INTEGER + 1]) {
    const bad = await post('session', { session_id: sessionId, cart: CART, revision });
    assert.equal(bad.status, 400, `revision ${String(revision)}`);
    assert.match(bad.body.error.message, /"revision"/);
  }
  assert.equal(fake.requestsOf('updateSession').length, 1);
});

test('session traffic beyond the memory store\'s maxEntries never evicts a placed order: the repeat answers the order', async (t) => {
  const { post, fake } = await startCheckout(t, { store: createMemoryCheckoutStore({ maxEntries: 5 }) });
  const body = { authorization_token: 'token-before-the-flood', session_id: 'sess-flood', cart: CART };
  const placed = await post('order', body);
  assert.equal(placed.status, 200);
  for (let i = 0; i < 12; i++) assert.equal((await post('session', { cart: CART })).status, 200);
  const repeat = await post('order', body);
  assert.equal(repeat.status, 200);
  assert.deepEqual(repeat.body, placed.body);
  assert.equal(fake.requestsOf('placeOrder').length, 1);
});
