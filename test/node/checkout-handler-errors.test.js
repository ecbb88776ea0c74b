// How the handler maps Klarna's answers (through the real client, from a fake Klarna over HTTP) to the
// wire protocol's { error: { code, message, reauthorize } } and HTTP statuses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCheckout, KLARNA_PASSWORD, KLARNA_USERNAME } from '../helpers/checkout-handler-setup.js';
import { klarnaError } from '../helpers/fake-klarna-for-handler.js';
import { createMemoryCheckoutStore } from '../../dist/server/index.js';

const CART = { items: [{ id: 'sku-shirt', quantity: 1 }] };
const TOKEN = 'token-under-test-5d1c';
const orderBody = { authorization_token: TOKEN, session_id: 'sess-1', cart: CART };

const placeOrderCases = [
  ['404 NOT_FOUND (expired token)', klarnaError(404, 'NOT_FOUND', 'Invalid authorization token'), 410, 'authorization_expired', true],
  ['403 INVALID_OPERATION (spent token)', klarnaError(403, 'INVALID_OPERATION', 'Authorization token already consumed'), 409, 'authorization_consumed', true],
  ['409 BAD_VALUE (mismatch)', klarnaError(409, 'BAD_VALUE', 'Not matching fields: [order_lines]'), 409, 'amount_mismatch', true],
  ['400 BAD_VALUE', klarnaError(400, 'BAD_VALUE', 'Bad value: order_amount'), 409, 'amount_mismatch', true],
  ['400 BAD_VALUE naming a line', klarnaError(400, 'BAD_VALUE', 'Bad value: order_lines[0].total_amount'), 409, 'amount_mismatch', true],
  ['400 BAD_VALUE naming billing_address.email', klarnaError(400, 'BAD_VALUE', 'Bad value: billing_address.email'), 400, 'bad_request', false],
  ['403 REJECTED', klarnaError(403, 'REJECTED', 'Rejected'), 402, 'authorization_rejected', true],
  ['404 SESSION_COMPLETED', klarnaError(404, 'SESSION_COMPLETED', 'Session has already been completed'), 409, 'authorization_consumed', true],
  ['403 MERCHANT_INACTIVE', klarnaError(403, 'MERCHANT_INACTIVE', 'Merchant inactive'), 502, 'klarna_configuration', false],
  ['429 TOO_MANY_REQUESTS (refused before any work)', klarnaError(429, 'TOO_MANY_REQUESTS', 'Too many requests'), 503, 'klarna_unavailable', false],
];

for (const [label, answer, status, code, reauthorize] of placeOrderCases) {
  test(`place order: Klarna ${label} → ${status} ${code} (reauthorize ${reauthorize})`, async (t) => {
    const { post, fake, logs } = await startCheckout(t);
    fake.script('placeOrder', answer);
    const response = await post('order', orderBody);
    assert.equal(response.status, status);
    assert.equal(response.body.error.code, code);
    assert.equal(response.body.error.reauthorize, reauthorize);
    assert.equal(typeof response.body.error.message, 'string');
    assert.ok(response.body.error.message.length > 20);
    assert.equal(fake.requestsOf('placeOrder').length, 1);
    assert.ok(!response.text.includes(TOKEN), 'the token is not echoed to the browser');
    assert.ok(!JSON.stringify(logs).includes(TOKEN), 'the token is not logged');
    assert.ok(logs.length > 0, 'the failure is logged');
    if (code === 'bad_request') assert.match(response.body.error.message, /billing_address\.email/, 'the field Klarna named is in the answer');
  });
}

test('a refused placement is not remembered: the next request with the token asks Klarna again', async (t) => {
  const { post, fake } = await startCheckout(t);
  fake.script('placeOrder', klarnaError(429, 'TOO_MANY_REQUESTS', 'Too many requests'));
  const first = await post('order', orderBody);
  assert.equal(first.status, 503);
  const second = await post('order', orderBody);
  assert.equal(second.status, 200);
  assert.equal(typeof second.body.order_id, 'string');
  assert.equal(fake.requestsOf('placeOrder').length, 2);
});

// A create-order whose answer is lost may have placed the order: the handler settles it by retrying with
// the same token before it answers, and never says "authorize again".
const lostAnswers = [
  ['500 INTERNAL_SERVER_ERROR', klarnaError(500, 'INTERNAL_SERVER_ERROR', 'Internal error')],
  ['503 without a body', { status: 503 }],
  ['403 gateway without a body', { status: 403 }],
  ['a cut connection', 'destroy'],
  ['a 200 without an order id', { status: 200, body: { fraud_status: 'ACCEPTED' } }],
];

for (const [label, answer] of lostAnswers) {
  test(`lost create-order answer (${label}), retry placed it → 200, onOrderPlaced once`, async (t) => {
    const placed = [];
    const { post, fake } = await startCheckout(t, { onOrderPlaced: (event) => placed.push(event.orderId) });
    fake.script('placeOrder', answer);
    const response = await post('order', orderBody);
    assert.equal(response.status, 200);
    assert.equal(fake.requestsOf('placeOrder').length, 2, 'the retry used the same token');
    assert.equal(fake.requestsOf('placeOrder')[1].path, fake.requestsOf('placeOrder')[0].path);
    assert.deepEqual(placed, [response.body.order_id]);
  });
}

test('settling a lost answer resends the exact order first sent, even when the cart is priced differently by then', async (t) => {
  const { post, fake } = await startCheckout(t);
  // The first call and its settling retry are both cut: the outcome stays unknown, the attempt is on record.
  fake.script('placeOrder', 'destroy');
  fake.script('placeOrder', 'destroy');
  const first = await post('order', orderBody);
  assert.deepEqual([first.status, first.body.error.code, first.body.error.retryable], [503, 'outcome_unknown', true]);
  // The shopper presses "Try again"; meanwhile the shop's price for the cart is different (here: another quantity).
  const second = await post('order', { ...orderBody, cart: { items: [{ id: 'sku-shirt', quantity: 3 }] } });
  assert.equal(second.status, 200);
  const sent = fake.requestsOf('placeOrder').map((request) => request.body);
  assert.equal(sent.length, 3);
  assert.deepEqual(sent[2], sent[0], 'the settling call carries the same amounts and lines as the first');
});

test('lost answer, then "already consumed" → 503 outcome_unknown, final (not retryable, not reauthorize); reported once by merchant reference', async (t) => {
  const placed = [];
  const unknown = [];
  const { post, fake, logs } = await startCheckout(t, {
    onOrderPlaced: (event) => placed.push(event),
    onOrderOutcomeUnknown: (event) => unknown.push(event),
  });
  fake.script('placeOrder', 'destroy');
  fake.script('placeOrder', klarnaError(403, 'INVALID_OPERATION', 'Authorization token already consumed'));
  const response = await post('order', orderBody);
  assert.equal(response.status, 503);
  assert.deepEqual(Object.keys(response.body.error).sort(), ['code', 'message', 'reauthorize', 'retryable']);
  assert.equal(response.body.error.code, 'outcome_unknown');
  assert.equal(response.body.error.reauthorize, false);
  // Klarna placed the order and its id is lost: every retry would hear "already consumed" again, so the answer
  // says trying again cannot help (the element then tells the shopper not to pay again, and the shop reconciles).
  assert.equal(response.body.error.retryable, false);
  assert.match(response.body.error.message, /Do not pay again/);
  assert.ok(!response.text.includes(TOKEN));
  assert.equal(unknown.length, 1);
  assert.equal(unknown[0].sessionId, 'sess-1');
  assert.equal(unknown[0].merchantReference, 'sess-1', 'the session id is the merchant_reference1 the order carries');
  assert.equal(fake.requestsOf('placeOrder')[0].body.merchant_reference1, 'sess-1');
  assert.equal(placed.length, 0);
  assert.ok(logs.some((entry) => entry.level === 'error' && entry.message.includes('merchant_reference1 "sess-1"')));
  // The element retries with the same token: still unknown, reported no second time.
  fake.script('placeOrder', klarnaError(403, 'INVALID_OPERATION', 'Authorization token already consumed'));
  const retry = await post('order', orderBody);
  assert.equal(retry.status, 503);
  assert.equal(retry.body.error.code, 'outcome_unknown');
  assert.equal(unknown.length, 1);
  assert.ok(!JSON.stringify(logs).includes(TOKEN));
  // Settling does not depend on Klarna's view of the (now completed) session, but the session must match.
  fake.authorize('sess-1', 'a-newer-token');
  fake.script('placeOrder', klarnaError(403, 'INVALID_OPERATION', 'Authorization token already consumed'));
  const unchecked = await post('order', orderBody, { authorize: false });
  assert.equal(unchecked.body.error.code, 'outcome_unknown');
  const otherSession = await post('order', { ...orderBody, session_id: 'sess-2' }, { authorize: false });
  assert.equal(otherSession.status, 410);
  assert.equal(fake.requestsOf('readSession').length, 1, 'only the first request asked Klarna for the session');
});

test('lost answer twice → 503 outcome_unknown; the element\'s retry with the same token settles it (placed once)', async (t) => {
  const placed = [];
  const { post, fake } = await startCheckout(t, { onOrderPlaced: (event) => placed.push(event.orderId) });
  fake.script('placeOrder', klarnaError(500, 'INTERNAL_SERVER_ERROR', 'Internal error'));
  fake.script('placeOrder', 'destroy');
  const first = await post('order', orderBody);
  assert.equal(first.status, 503);
  assert.equal(first.body.error.code, 'outcome_unknown');
  const second = await post('order', orderBody);
  assert.equal(second.status, 200);
  assert.deepEqual(placed, [second.body.order_id]);
  assert.equal(fake.requestsOf('placeOrder').length, 3);
  const third = await post('order', orderBody);
  assert.deepEqual(third.body, second.body);
  assert.equal(fake.requestsOf('placeOrder').length, 3);
});

test('a Klarna time-out on create-order is settled by the retry (504 is never answered for a placed order)', async (t) => {
  const { post, fake } = await startCheckout(t, {}, { timeoutMs: 150 });
  fake.script('placeOrder', { status: 200, delayMs: 600, body: { order_id: 'late', fraud_status: 'ACCEPTED' } });
  fake.script('placeOrder', klarnaError(403, 'INVALID_OPERATION', 'Authorization token already consumed'));
  const response = await post('order', orderBody);
  assert.equal(response.status, 503);
  assert.equal(response.body.error.code, 'outcome_unknown');
  assert.equal(response.body.error.reauthorize, false);
});

test('a 401 HTML page → 502 klarna_configuration; the browser sees no secret or diagnosis, the log has the diagnosis', async (t) => {
  const { post, fake, logs } = await startCheckout(t);
  fake.script('createSession', {
    status: 401,
    headers: { 'www-authenticate': 'Basic realm="Klarna"' },
    body: '<html><head><title>401 Authorization Required</title></head><body><h1>401 Authorization Required</h1></body></html>',
  });
  const response = await post('session', { cart: CART });
  assert.equal(response.status, 502);
  assert.equal(response.body.error.code, 'klarna_configuration');
  assert.equal(response.body.error.reauthorize, false);
  for (const secret of [KLARNA_PASSWORD, KLARNA_USERNAME, fake.url, '127.0.0.1', 'playground', '401']) {
    assert.ok(!response.text.includes(secret), `the browser's answer does not contain "${secret}"`);
  }
  const errors = logs.filter((entry) => entry.level === 'error');
  assert.equal(errors.length, 1);
  assert.match(errors[0].message, /401/);
  assert.match(errors[0].message, /EU|eu/, 'the diagnosis names the region it called');
  assert.ok(!JSON.stringify(logs).includes(KLARNA_PASSWORD), 'the log has no password');
});

test('a 401 while placing an order is also 502 klarna_configuration and not reauthorize', async (t) => {
  const { post, fake } = await startCheckout(t);
  fake.script('placeOrder', { status: 401, body: '<html>401 Authorization Required</html>' });
  const response = await post('order', orderBody);
  assert.equal(response.status, 502);
  assert.equal(response.body.error.code, 'klarna_configuration');
  assert.equal(response.body.error.reauthorize, false);
});

test('session errors: 500 → 502 klarna_unavailable, cut connection → 502, 400 BAD_VALUE → 500 internal_error (logged)', async (t) => {
  const { post, fake, logs } = await startCheckout(t);
  fake.script('createSession', klarnaError(500, 'INTERNAL_SERVER_ERROR', 'Internal error'));
  const a = await post('session', { cart: CART });
  assert.equal(a.status, 502);
  assert.equal(a.body.error.code, 'klarna_unavailable');
  fake.script('createSession', 'destroy');
  const b = await post('session', { cart: CART });
  assert.equal(b.status, 502);
  assert.equal(b.body.error.code, 'klarna_unavailable');
  fake.script('createSession', klarnaError(400, 'BAD_VALUE', 'Bad value: locale'));
  const c = await post('session', { cart: CART });
  assert.equal(c.status, 500);
  assert.equal(c.body.error.code, 'internal_error');
  assert.equal(c.body.error.reauthorize, false);
  assert.ok(logs.some((entry) => entry.level === 'error' && entry.message.includes('Bad value: locale')));
  assert.ok(!c.text.includes('Bad value'), 'Klarna\'s debug text stays in the log');
});

test('a consumed token whose order another instance stored meanwhile is answered with that order', async (t) => {
  // The shared store has no order when the request arrives; by the time Klarna answers "consumed", the
  // other server instance that placed the order has stored it.
  const stored = { kind: 'order', response: { order_id: 'order-from-other-instance', fraud_status: 'ACCEPTED' }, session_id: 'sess-1' };
  const memory = createMemoryCheckoutStore();
  let fake;
  const store = {
    get: (key) => (key.startsWith('order:') && fake.requestsOf('placeOrder').length > 0 ? stored : memory.get(key)),
    set: (key, record) => memory.set(key, record),
    setIfAbsent: (key, record, ttlMs) => memory.setIfAbsent(key, record, ttlMs),
    deleteIfEqual: (key, record) => memory.deleteIfEqual(key, record),
  };
  const started = await startCheckout(t, { store });
  fake = started.fake;
  fake.script('placeOrder', klarnaError(403, 'INVALID_OPERATION', 'Authorization token already consumed'));
  const response = await started.post('order', orderBody);
  assert.equal(response.status, 200);
  assert.deepEqual(response.body, stored.response);
  assert.equal(fake.requestsOf('placeOrder').length, 1);
});
