// Bad input never reaches Klarna: each case gets a 400/413 in the protocol's error shape, and the fake
// Klarna receives nothing. Also the 404/405 routing answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCheckout } from '../helpers/checkout-handler-setup.js';

const CART = { items: [{ id: 'sku-shirt', quantity: 1 }] };
const json = { 'content-type': 'application/json' };

const badRequests = [
  ['a body that is not JSON', 'session', '{"cart": [', json, 400, /not valid JSON/],
  ['an empty body', 'session', '', json, 400, /empty/],
  ['a text/plain content type', 'session', JSON.stringify({ cart: CART }), { 'content-type': 'text/plain' }, 400, /Content-Type.*text\/plain/],
  ['a form content type', 'order', 'authorization_token=x', { 'content-type': 'application/x-www-form-urlencoded' }, 400, /application\/json/],
  ['a JSON array', 'session', '[1,2]', json, 400, /an array/],
  ['a JSON string', 'order', '"hello"', json, 400, /string/],
  ['a session without cart', 'session', JSON.stringify({}), json, 400, /"cart"/],
  ['a session_id that is a number', 'session', JSON.stringify({ cart: CART, session_id: 42 }), json, 400, /"session_id" is a number/],
  ['an order without authorization_token', 'order', JSON.stringify({ session_id: 's', cart: CART }), json, 400, /"authorization_token"/],
  ['an authorization_token that is an object', 'order', JSON.stringify({ authorization_token: { a: 1 }, session_id: 's', cart: CART }), json, 400, /"authorization_token" is an object/],
  ['an authorization_token with a path in it', 'order', JSON.stringify({ authorization_token: '../../sessions', session_id: 's', cart: CART }), json, 400, /not an identifier/],
  ['an authorization_token ".." (a path segment)', 'order', JSON.stringify({ authorization_token: '..', session_id: 's', cart: CART }), json, 400, /not an identifier/],
  ['an authorization_token "." (a path segment)', 'order', JSON.stringify({ authorization_token: '.', session_id: 's', cart: CART }), json, 400, /not an identifier/],
  ['a session_id ".." (a path segment)', 'session', JSON.stringify({ session_id: '..', cart: CART }), json, 400, /not an identifier/],
  ['an order without session_id', 'order', JSON.stringify({ authorization_token: 'tok', cart: CART }), json, 400, /"session_id"/],
  ['an order without cart', 'order', JSON.stringify({ authorization_token: 'tok', session_id: 's' }), json, 400, /"cart"/],
  ['an unknown product (CartResolutionError)', 'session', JSON.stringify({ cart: { items: [{ id: 'sku-unicorn', quantity: 1 }] } }), json, 400, /Unknown product "sku-unicorn"/],
  ['a cart resolveCart cannot read', 'order', JSON.stringify({ authorization_token: 'tok', session_id: 's', cart: 'x' }), json, 400, /no "items" list/],
  ['a negative quantity (buildOrder refuses)', 'session', JSON.stringify({ cart: { items: [{ id: 'sku-shirt', quantity: -1 }] } }), json, 400, /cannot be priced/],
  ['a fractional quantity (buildOrder refuses)', 'order', JSON.stringify({ authorization_token: 'tok', session_id: 's', cart: { items: [{ id: 'sku-shirt', quantity: 1.5 }] } }), json, 400, /cannot be priced/],
];

for (const [label, route, body, headers, status, message] of badRequests) {
  test(`${route}: ${label} → ${status} bad_request, Klarna receives nothing`, async (t) => {
    const { post, fake } = await startCheckout(t);
    const response = await post(route, body, { headers });
    assert.equal(response.status, status);
    assert.deepEqual(Object.keys(response.body), ['error']);
    assert.equal(response.body.error.code, 'bad_request');
    assert.equal(response.body.error.reauthorize, false);
    assert.match(response.body.error.message, message);
    assert.equal(fake.requests.length, 0);
  });
}

test('a body over maxBodyBytes → 413 payload_too_large over HTTP, Klarna receives nothing', async (t) => {
  const { post, fake } = await startCheckout(t, { maxBodyBytes: 1024 });
  const response = await post('session', { cart: { items: [{ id: 'sku-shirt', quantity: 1, note: 'x'.repeat(5000) }] } });
  assert.equal(response.status, 413);
  assert.equal(response.body.error.code, 'payload_too_large');
  assert.match(response.body.error.message, /1024 bytes/);
  assert.equal(fake.requests.length, 0);
});

test('the default limit refuses a 200 kB body with 413', async (t) => {
  const { post, fake } = await startCheckout(t);
  const response = await post('session', { cart: { items: [], padding: 'x'.repeat(200 * 1024) } });
  assert.equal(response.status, 413);
  assert.equal(response.body.error.code, 'payload_too_large');
  assert.equal(fake.requests.length, 0);
});

test('a streamed body without Content-Length is cut off at the limit (handler called directly)', async (t) => {
  const { handler, fake } = await startCheckout(t, { maxBodyBytes: 1000 });
  let pulls = 0;
  const stream = new ReadableStream({
    pull(controller) {
      pulls += 1;
      controller.enqueue(new TextEncoder().encode(pulls === 1 ? '{"cart":"' : 'x'.repeat(400)));
      if (pulls > 1000) controller.close();
    },
  });
  const response = await handler(new Request('http://shop.test/api/klarna/session', { method: 'POST', headers: json, body: stream, duplex: 'half' }));
  assert.equal(response.status, 413);
  assert.ok(pulls < 20, `stopped reading early (read ${pulls} chunks)`);
  assert.equal(fake.requests.length, 0);
});

test('non-POST methods → 405 with Allow: POST', async (t) => {
  const { base, fake } = await startCheckout(t);
  for (const method of ['GET', 'PUT', 'DELETE']) {
    const response = await fetch(`${base}/session`, { method });
    assert.equal(response.status, 405, method);
    assert.equal(response.headers.get('allow'), 'POST');
    const body = await response.json();
    assert.equal(body.error.code, 'method_not_allowed');
  }
  assert.equal(fake.requests.length, 0);
});

test('an unknown route → 404 not_found', async (t) => {
  const { post, base, fake } = await startCheckout(t);
  const response = await post('capture', { cart: CART });
  assert.equal(response.status, 404);
  assert.equal(response.body.error.code, 'not_found');
  const root = await fetch(base.replace('/api/klarna', '/'), { method: 'POST' });
  assert.equal(root.status, 404);
  assert.equal(fake.requests.length, 0);
});

test('a trailing slash still routes (…/session/)', async (t) => {
  const { base } = await startCheckout(t);
  const response = await fetch(`${base}/session/`, { method: 'POST', headers: json, body: JSON.stringify({ cart: CART }) });
  assert.equal(response.status, 200);
});

test('a resolveCart that throws an ordinary error → 500 internal_error, logged, nothing to Klarna', async (t) => {
  const { post, fake, logs } = await startCheckout(t, {
    resolveCart: () => {
      throw new Error('catalogue database unreachable');
    },
  });
  const response = await post('session', { cart: CART });
  assert.equal(response.status, 500);
  assert.equal(response.body.error.code, 'internal_error');
  assert.ok(!response.text.includes('catalogue database'));
  assert.ok(logs.some((entry) => entry.level === 'error' && entry.message.includes('catalogue database unreachable')));
  assert.equal(fake.requests.length, 0);
});
