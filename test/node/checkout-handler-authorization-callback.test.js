// Klarna's authorization callback (merchant_urls.authorization → POST …/authorization): the handler gives
// every session a callback URL with a one-time secret, keeps only the secret's hash and the priced order,
// and places that order once, whichever of the callback and the browser's order request comes first.
// Over real HTTP: node:http via toNodeListener → real Klarna client → fake Klarna.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createCheckoutHandler, createMemoryCheckoutStore } from '../../dist/server/index.js';
import { CartResolutionError } from '../../dist/server/index.js';
import { startCheckout, resolveCart } from '../helpers/checkout-handler-setup.js';
import { klarnaError } from '../helpers/fake-klarna-for-handler.js';

const CART = { items: [{ id: 'sku-shirt', quantity: 2 }, { id: 'sku-mug', quantity: 1 }] };
const CART_TOTAL = 2 * 2500 + 1299;

const sha256 = (text) => createHash('sha256').update(text).digest('hex');

/** The callback URL the handler derives from the session request: …/session → …/authorization. */
const callbackUrlOf = (request) => new URL('authorization', request.url).href;

/** A store that records every record written, to inspect what the handler keeps. */
function recordingStore() {
  const memory = createMemoryCheckoutStore();
  const written = [];
  return {
    written,
    get: (key) => memory.get(key),
    set(key, record) {
      written.push({ key, record: structuredClone(record) });
      memory.set(key, record);
    },
    setIfAbsent: (key, record, ttlMs) => memory.setIfAbsent(key, record, ttlMs),
    deleteIfEqual: (key, record) => memory.deleteIfEqual(key, record),
  };
}

/** Starts a checkout with the callback enabled, plus helpers to open a session and send Klarna's callback. */
async function startWithCallback(t, handlerOptions = {}) {
  const placed = [];
  const setup = await startCheckout(t, {
    authorizationCallbackUrl: callbackUrlOf,
    onOrderPlaced: (event) => placed.push(event),
    ...handlerOptions,
  });
  const urlsBySession = new Map();
  /** Opens a session through the handler; remembers the authorization URL Klarna received for it. */
  async function openSession(cart) {
    const answer = await setup.post('session', { cart });
    urlsBySession.set(answer.body.session_id, setup.fake.requestsOf('createSession').at(-1).body.merchant_urls.authorization);
    return answer;
  }
  /** The authorization URL Klarna received with the latest create or update of a session. */
  function callbackUrlSentFor(sessionId) {
    const update = setup.fake.requestsOf('updateSession').filter((request) => request.path.endsWith(`/${sessionId}`)).at(-1);
    return update ? update.body.merchant_urls.authorization : urlsBySession.get(sessionId);
  }
  /** POSTs Klarna's callback body to `url` (as Klarna would: JSON, no cookies). */
  async function sendCallback(url, body) {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, text };
  }
  return { ...setup, placed, openSession, callbackUrlSentFor, sendCallback };
}

test('every new session carries merchant_urls.authorization with a random secret; the store keeps only its hash', async (t) => {
  const store = recordingStore();
  const created = [];
  const { openSession, fake, base, logs, callbackUrlSentFor } = await startWithCallback(t, { store, onSessionCreated: (event) => created.push(event) });
  const first = await openSession(CART);
  await openSession(CART);
  assert.equal(first.status, 200);
  const url = callbackUrlSentFor(first.body.session_id);
  const parsed = new URL(url);
  assert.equal(`${parsed.origin}${parsed.pathname}`, `${base}/authorization`);
  const secret = parsed.searchParams.get('secret');
  assert.match(secret, /^[A-Za-z0-9_-]{43}$/, '256 bits, base64url');
  assert.deepEqual(fake.requestsOf('createSession')[0].body.merchant_urls, {
    confirmation: 'https://shop.test/thanks?sid={session.id}',
    authorization: url,
  });
  const otherSecret = new URL(fake.requestsOf('createSession')[1].body.merchant_urls.authorization).searchParams.get('secret');
  assert.notEqual(otherSecret, secret, 'one secret per session');

  const kept = store.written.find((entry) => entry.key === `session:${first.body.session_id}`).record;
  assert.deepEqual(kept.authorization_secret_hashes, [sha256(secret)]);
  assert.equal(kept.order.order_amount, CART_TOTAL);
  assert.equal(kept.order.merchant_urls.authorization, undefined, 'the stored order holds no callback URL');
  const everything = JSON.stringify(store.written) + JSON.stringify(logs) + JSON.stringify(created.map((event) => event.order));
  assert.ok(!everything.includes(secret), 'the secret is neither stored, logged nor given to hooks');
  assert.ok(!first.text.includes(secret) && !first.text.includes('authorization'), 'the browser never sees the callback URL');
  assert.equal(created[0].order.merchant_urls.authorization, `${base}/authorization?secret=[redacted]`);
});

test('the callback places the order with the stored priced amounts, whatever its body carries', async (t) => {
  const { openSession, fake, logs, placed, callbackUrlSentFor, sendCallback } = await startWithCallback(t);
  const session = await openSession(CART);
  const url = callbackUrlSentFor(session.body.session_id);
  const answer = await sendCallback(url, {
    authorization_token: 'callback-token-1111',
    session_id: session.body.session_id,
    order_amount: 1,
    cart: { items: [{ id: 'sku-mug', quantity: 1 }] },
  });
  assert.equal(answer.status, 200);
  const [orderRequest] = fake.requestsOf('placeOrder');
  assert.deepEqual(answer.body, { order_id: placed[0].orderId });
  assert.equal(orderRequest.path, '/payments/v1/authorizations/callback-token-1111/order');
  const { merchant_urls: { authorization, ...sessionUrls }, ...sessionBody } = fake.requestsOf('createSession')[0].body;
  assert.deepEqual(
    orderRequest.body,
    { ...sessionBody, merchant_urls: sessionUrls, merchant_reference1: session.body.session_id },
    'the session as priced, without the callback URL, with the session id as merchant_reference1',
  );
  assert.equal(orderRequest.body.order_amount, CART_TOTAL);
  assert.equal(placed.length, 1);
  assert.equal(placed[0].placedBy, 'authorization-callback');
  assert.equal(placed[0].sessionId, session.body.session_id);
  assert.equal(placed[0].order.order_amount, CART_TOTAL);
  assert.ok(logs.some((entry) => entry.message.includes(`order ${answer.body.order_id} placed`) && entry.message.includes("Klarna's authorization callback")));
  const logText = JSON.stringify(logs);
  assert.ok(!logText.includes('callback-token-1111') && !logText.includes(new URL(url).searchParams.get('secret')));
});

test('callback first, then the browser: one Klarna order, the browser gets the same order', async (t) => {
  const { post, openSession, fake, placed, callbackUrlSentFor, sendCallback } = await startWithCallback(t);
  const session = await openSession(CART);
  const body = { authorization_token: 'token-callback-first', session_id: session.body.session_id };
  const fromKlarna = await sendCallback(callbackUrlSentFor(session.body.session_id), body);
  const fromBrowser = await post('order', { ...body, cart: CART });
  assert.equal(fromKlarna.status, 200);
  assert.equal(fromBrowser.status, 200);
  assert.equal(fromBrowser.body.order_id, fromKlarna.body.order_id);
  assert.deepEqual(Object.keys(fromBrowser.body).sort(), ['fraud_status', 'order_id', 'redirect_url'], 'the stored order, as the browser would have got it');
  assert.equal(fake.requestsOf('placeOrder').length, 1);
  assert.deepEqual(placed.map((event) => event.placedBy), ['authorization-callback']);
});

test("the browser's order refused for good (amounts no longer match), then Klarna's callback: nothing placed, the same refusal", async (t) => {
  const { post, openSession, fake, placed, callbackUrlSentFor, sendCallback } = await startWithCallback(t);
  const session = await openSession(CART);
  const body = { authorization_token: 'token-refused', session_id: session.body.session_id };
  // The shop's price changed after the session: Klarna refuses the browser's newly priced order.
  fake.script('placeOrder', klarnaError(409, 'BAD_VALUE', 'Not matching fields: [order_lines]'));
  const fromBrowser = await post('order', { ...body, cart: CART });
  assert.equal(fromBrowser.status, 409);
  assert.deepEqual([fromBrowser.body.error.code, fromBrowser.body.error.reauthorize], ['amount_mismatch', true]);
  // The element now refreshes the session and the shopper authorizes again. Klarna's callback for the refused
  // token must not place the session's stored order (at the old price): that would be a second order.
  const fromKlarna = await sendCallback(callbackUrlSentFor(session.body.session_id), body);
  assert.equal(fromKlarna.status, 409);
  const repeated = await post('order', { ...body, cart: CART });
  assert.deepEqual([repeated.status, repeated.body.error.code], [409, 'amount_mismatch']);
  assert.equal(fake.requestsOf('placeOrder').length, 1, 'Klarna was asked once, by the browser');
  assert.equal(placed.length, 0);
  // Not cancelled at Klarna: a cancellation may weigh on the new authorization that follows; it lapses by itself.
  assert.equal(fake.requestsOf('cancelAuthorization').length, 0);
});

test("Klarna's callback refused (its stored order no longer matches), then the browser's order: the browser's order is still placed", async (t) => {
  const { post, openSession, fake, placed, callbackUrlSentFor, sendCallback } = await startWithCallback(t);
  const session = await openSession(CART);
  const body = { authorization_token: 'token-callback-refused', session_id: session.body.session_id };
  fake.script('placeOrder', klarnaError(409, 'BAD_VALUE', 'Not matching fields: [order_lines]'));
  const fromKlarna = await sendCallback(callbackUrlSentFor(session.body.session_id), body);
  assert.equal(fromKlarna.status, 409);
  // The browser's order is priced from the cart the shopper approved: it must not be blocked by the callback's refusal.
  const fromBrowser = await post('order', { ...body, cart: CART });
  assert.equal(fromBrowser.status, 200);
  assert.equal(fake.requestsOf('placeOrder').length, 2);
  assert.deepEqual(placed.map((event) => event.placedBy), ['browser']);
});

test('browser first, then the callback: one Klarna order, the callback gets the same order id', async (t) => {
  const { post, openSession, fake, placed, logs, callbackUrlSentFor, sendCallback } = await startWithCallback(t);
  const session = await openSession(CART);
  const body = { authorization_token: 'token-browser-first', session_id: session.body.session_id };
  const fromBrowser = await post('order', { ...body, cart: CART });
  const fromKlarna = await sendCallback(callbackUrlSentFor(session.body.session_id), body);
  assert.equal(fromBrowser.status, 200);
  assert.equal(fromKlarna.status, 200);
  assert.deepEqual(fromKlarna.body, { order_id: fromBrowser.body.order_id });
  assert.equal(fake.requestsOf('placeOrder').length, 1);
  assert.deepEqual(placed.map((event) => event.placedBy), ['browser']);
  assert.ok(logs.some((entry) => entry.message.includes("placed for session") && entry.message.includes("the browser's order request")));
  // Money in the log reads as money: "(… 62.99 EUR)", never minor units.
  assert.ok(logs.some((entry) => /placed for session .* \(\d+\.\d{2} EUR\)\.$/.test(entry.message)), 'the order line states the amount as money');
});

test('callback and browser at the same time: one Klarna order, both get it', async (t) => {
  const { post, openSession, fake, placed, callbackUrlSentFor, sendCallback } = await startWithCallback(t);
  fake.setOrderDelay(150);
  const session = await openSession(CART);
  const body = { authorization_token: 'token-concurrent', session_id: session.body.session_id };
  const url = callbackUrlSentFor(session.body.session_id);
  const [fromKlarna, fromBrowser, again] = await Promise.all([sendCallback(url, body), post('order', { ...body, cart: CART }), sendCallback(url, body)]);
  assert.deepEqual([fromKlarna.status, fromBrowser.status, again.status], [200, 200, 200]);
  assert.equal(fromBrowser.body.order_id, fromKlarna.body.order_id);
  assert.equal(again.body.order_id, fromKlarna.body.order_id);
  assert.equal(fake.requestsOf('placeOrder').length, 1);
  assert.equal(placed.length, 1);
});

test('a callback that joins a browser request whose cart cannot be priced still places its stored order', async (t) => {
  const { post, openSession, fake, placed, callbackUrlSentFor, sendCallback } = await startWithCallback(t, {
    async resolveCart(cart) {
      if (cart.gone) {
        await new Promise((resolve) => setTimeout(resolve, 150));
        throw new CartResolutionError('A product in the cart is no longer sold.');
      }
      return resolveCart(cart);
    },
  });
  const session = await openSession(CART);
  const body = { authorization_token: 'token-stale-cart', session_id: session.body.session_id };
  const browser = post('order', { ...body, cart: { gone: true } });
  await new Promise((resolve) => setTimeout(resolve, 30));
  const fromKlarna = await sendCallback(callbackUrlSentFor(session.body.session_id), body);
  assert.equal((await browser).status, 400);
  assert.equal(fromKlarna.status, 200);
  assert.equal(fake.requestsOf('placeOrder').length, 1);
  assert.equal(fake.requestsOf('placeOrder')[0].body.order_amount, CART_TOTAL);
  assert.deepEqual(placed.map((event) => event.placedBy), ['authorization-callback']);
  // The browser's retry now gets the order the callback placed.
  const retry = await post('order', { ...body, cart: { gone: true } });
  assert.equal(retry.status, 200);
  assert.equal(retry.body.order_id, fromKlarna.body.order_id);
});

test('a wrong, missing or other session\'s secret and an unknown session place nothing', async (t) => {
  const { openSession, fake, placed, logs, base, callbackUrlSentFor, sendCallback } = await startWithCallback(t);
  const mine = await openSession(CART);
  const other = await openSession(CART);
  const otherUrl = callbackUrlSentFor(other.body.session_id);
  const body = { authorization_token: 'token-forged', session_id: mine.body.session_id };
  const cases = [
    { name: 'wrong secret', url: `${base}/authorization?secret=${'A'.repeat(43)}`, status: 403 },
    { name: 'missing secret', url: `${base}/authorization`, status: 403 },
    { name: "another session's secret", url: otherUrl, status: 403 },
    { name: 'unknown session', url: otherUrl, body: { ...body, session_id: 'no-such-session' }, status: 404 },
  ];
  for (const entry of cases) {
    const answer = await sendCallback(entry.url, entry.body ?? body);
    assert.equal(answer.status, entry.status, entry.name);
    assert.equal(answer.body.error.code, entry.status === 403 ? 'forbidden' : 'not_found', entry.name);
    assert.ok(!answer.text.includes(mine.body.session_id) && !answer.text.includes('secret='), `${entry.name}: a generic body`);
  }
  assert.equal(fake.requestsOf('placeOrder').length, 0);
  assert.equal(placed.length, 0);
  assert.ok(logs.some((entry) => entry.level === 'warn' && entry.message.includes('refused')));
  assert.ok(!JSON.stringify(logs).includes(new URL(otherUrl).searchParams.get('secret')));
  // The right secret still works afterwards.
  const real = await sendCallback(callbackUrlSentFor(mine.body.session_id), body);
  assert.equal(real.status, 200);
});

test('a malformed callback body answers 400 and places nothing; the route takes POST only', async (t) => {
  const { openSession, fake, callbackUrlSentFor, sendCallback } = await startWithCallback(t);
  const session = await openSession(CART);
  const url = callbackUrlSentFor(session.body.session_id);
  for (const body of [{ session_id: session.body.session_id }, { authorization_token: 'tok-1234567' }, { authorization_token: 42, session_id: session.body.session_id }, [1]]) {
    const answer = await sendCallback(url, body);
    assert.equal(answer.status, 400, JSON.stringify(body));
    assert.equal(answer.body.error.code, 'bad_request');
  }
  const notJson = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'authorization_token=x' });
  assert.equal(notJson.status, 400);
  const get = await fetch(url);
  assert.equal(get.status, 405);
  assert.equal(fake.requestsOf('placeOrder').length, 0);
});

test('a session update sends a new secret and stores the new priced order, which the callback places', async (t) => {
  const store = recordingStore();
  const { post, openSession, fake, callbackUrlSentFor, sendCallback } = await startWithCallback(t, { store });
  const first = await openSession(CART);
  const firstUrl = callbackUrlSentFor(first.body.session_id);
  const updated = await post('session', { session_id: first.body.session_id, cart: { items: [{ id: 'sku-mug', quantity: 3 }] } });
  assert.equal(updated.status, 200);
  const [update] = fake.requestsOf('updateSession');
  const newUrl = update.body.merchant_urls.authorization;
  assert.notEqual(newUrl, firstUrl, 'the update carries a fresh secret');
  const kept = store.written.filter((entry) => entry.key === `session:${first.body.session_id}`).at(-1).record;
  assert.equal(kept.order.order_amount, 3 * 1299);
  assert.deepEqual(kept.authorization_secret_hashes, [sha256(new URL(newUrl).searchParams.get('secret')), sha256(new URL(firstUrl).searchParams.get('secret'))]);
  assert.equal(kept.client_token, first.body.client_token);

  const answer = await sendCallback(newUrl, { authorization_token: 'token-after-update', session_id: first.body.session_id });
  assert.equal(answer.status, 200);
  const [orderRequest] = fake.requestsOf('placeOrder');
  assert.equal(orderRequest.body.order_amount, 3 * 1299);
  assert.deepEqual(orderRequest.body.order_lines.map((line) => line.reference), ['sku-mug']);
  // The earlier URL stays valid (a callback may have been on its way) and places nothing twice.
  const late = await sendCallback(firstUrl, { authorization_token: 'token-after-update', session_id: first.body.session_id });
  assert.deepEqual(late.body, answer.body);
  assert.equal(fake.requestsOf('placeOrder').length, 1);
});

test('a failure to place answers the mapped status, is not remembered, and the browser may still place it', async (t) => {
  const { post, openSession, fake, placed, callbackUrlSentFor, sendCallback } = await startWithCallback(t);
  const session = await openSession(CART);
  const body = { authorization_token: 'token-klarna-down', session_id: session.body.session_id };
  fake.script('placeOrder', klarnaError(429, 'TOO_MANY_REQUESTS', 'Slow down'));
  const failed = await sendCallback(callbackUrlSentFor(session.body.session_id), body);
  assert.equal(failed.status, 503);
  assert.equal(failed.body.error.code, 'klarna_unavailable');
  assert.equal(placed.length, 0);
  const fromBrowser = await post('order', { ...body, cart: CART });
  assert.equal(fromBrowser.status, 200);
  assert.equal(fake.requestsOf('placeOrder').length, 2);
  assert.equal(placed.length, 1);

  fake.script('placeOrder', klarnaError(403, 'REJECTED', 'Rejected'));
  const rejected = await sendCallback(callbackUrlSentFor(session.body.session_id), { ...body, authorization_token: 'token-rejected' });
  assert.equal(rejected.status, 402);
  assert.equal(rejected.body.error.code, 'authorization_rejected');
});

test('the handler URL replaces a merchantUrls.authorization; a string URL keeps its own query', async (t) => {
  const { fake, handler } = await startCheckout(t, {
    merchantUrls: { confirmation: 'https://shop.test/thanks', authorization: 'https://elsewhere.test/cb' },
    authorizationCallbackUrl: 'https://shop.example/api/klarna/authorization?shop=blue',
  });
  const request = (route, body) =>
    handler(new Request(`https://shop.example/api/klarna/${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));
  const session = await (await request('session', { cart: CART })).json();
  const url = fake.requestsOf('createSession')[0].body.merchant_urls.authorization;
  assert.match(url, /^https:\/\/shop\.example\/api\/klarna\/authorization\?shop=blue&secret=[A-Za-z0-9_-]{43}$/);
  const callback = await handler(new Request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ authorization_token: 'tok-direct', session_id: session.session_id }) }));
  assert.equal(callback.status, 200);
  assert.equal(fake.requestsOf('placeOrder').length, 1);
});

test('without authorizationCallbackUrl the route answers 404 and sessions carry no authorization URL', async (t) => {
  const { post, fake, base } = await startCheckout(t);
  const session = await post('session', { cart: CART });
  assert.deepEqual(fake.requestsOf('createSession')[0].body.merchant_urls, { confirmation: 'https://shop.test/thanks?sid={session.id}' });
  const answer = await fetch(`${base}/authorization?secret=anything`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ authorization_token: 'tok-no-callback', session_id: session.body.session_id }),
  });
  assert.equal(answer.status, 404);
  assert.equal((await answer.json()).error.code, 'not_found');
  assert.equal(fake.requestsOf('placeOrder').length, 0);
});

test('authorizationCallbackUrl is checked with sentences that name the fix', async (t) => {
  const klarna = { payments: { createSession() {}, readSession() {}, updateSession() {}, placeOrder() {} } };
  const make = (authorizationCallbackUrl) => () => createCheckoutHandler({ klarna, resolveCart, authorizationCallbackUrl });
  assert.throws(make('/api/klarna/authorization'), { name: 'TypeError', message: /not an absolute URL.*https:\/\/shop\.example/ });
  assert.throws(make('https://shop.example/api/klarna/callback'), { name: 'TypeError', message: /does not end in \/authorization/ });
  assert.throws(make('ftp://shop.example/authorization'), { name: 'TypeError', message: /not an http\(s\) URL/ });
  assert.throws(make('https://shop.example/authorization?secret=mine'), { name: 'TypeError', message: /already has a "secret"/ });
  assert.throws(make(`https://shop.example/authorization?pad=${'x'.repeat(1960)}`), { name: 'TypeError', message: /within Klarna's 2000/ });
  assert.throws(make(42), { name: 'TypeError', message: /authorizationCallbackUrl is a number/ });
  // A function's bad result fails that session (500, logged) rather than sending Klarna a bad URL.
  const { post, fake, logs } = await startCheckout(t, { authorizationCallbackUrl: () => 'https://shop.example/wrong' });
  const answer = await post('session', { cart: CART });
  assert.equal(answer.status, 500);
  assert.equal(fake.requestsOf('createSession').length, 0);
  assert.ok(logs.some((entry) => entry.level === 'error' && entry.message.includes('does not end in /authorization')));
});
