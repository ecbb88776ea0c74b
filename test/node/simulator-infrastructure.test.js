// The simulator's machinery over real HTTP: idempotency keys, fault injection, body limit,
// correlation ids, the request log, the widget's authorization hook, inspection/reset and the CLI.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { KlarnaSimulatorError, startKlarnaSimulator } from '../../dist/simulator/index.js';
import { basicAuth, billingAddress, call, createSession, placeOrder, smallCart } from './simulator-test-kit.js';

let sim;
before(async () => {
  sim = await startKlarnaSimulator({ clock: { now: () => Date.UTC(2026, 5, 1) } });
});
after(() => sim.stop());

const HOUR = 3600_000;
const captures = (id, amount, key) =>
  call(sim, 'POST', `/ordermanagement/v1/orders/${id}/captures`, { body: { captured_amount: amount }, headers: key ? { 'klarna-idempotency-key': key } : {} });

describe('idempotency keys', () => {
  test('the same key replays the first response (status, headers, body) and captures once', async () => {
    const { order_id } = await placeOrder(sim);
    const first = await captures(order_id, 1000, 'key-a');
    const again = await captures(order_id, 1000, 'key-a');
    assert.equal(first.status, 201);
    assert.equal(again.status, 201);
    assert.equal(again.headers.get('capture-id'), first.headers.get('capture-id'));
    assert.equal(again.headers.get('location'), first.headers.get('location'));
    assert.equal(again.headers.get('klarna-correlation-id'), first.headers.get('klarna-correlation-id'));
    const order = (await call(sim, 'GET', `/ordermanagement/v1/orders/${order_id}`)).body;
    assert.equal(order.captures.length, 1);
    assert.equal(order.captured_amount, 1000);
  });

  test('only the key is compared: a different body with the same key still replays', async () => {
    const { order_id } = await placeOrder(sim);
    const first = await captures(order_id, 1000, 'key-b');
    const other = await captures(order_id, 2500, 'key-b');
    assert.equal(other.headers.get('capture-id'), first.headers.get('capture-id'));
    assert.equal((await call(sim, 'GET', `/ordermanagement/v1/orders/${order_id}`)).body.captured_amount, 1000);
  });

  test('a different key is a new capture', async () => {
    const { order_id } = await placeOrder(sim);
    const first = await captures(order_id, 1000, 'key-c1');
    const second = await captures(order_id, 1000, 'key-c2');
    assert.notEqual(second.headers.get('capture-id'), first.headers.get('capture-id'));
    assert.equal((await call(sim, 'GET', `/ordermanagement/v1/orders/${order_id}`)).body.captured_amount, 2000);
  });

  test('an error is replayed too', async () => {
    const { order_id } = await placeOrder(sim);
    const first = await captures(order_id, 99999, 'key-d');
    assert.equal(first.status, 403);
    const again = await captures(order_id, 99999, 'key-d');
    assert.equal(again.status, 403);
    assert.deepEqual(again.body, first.body);
  });

  test('a key expires after 24 hours on the clock', async () => {
    const { order_id } = await placeOrder(sim);
    const first = await captures(order_id, 1000, 'key-e');
    sim.advanceTime(24 * HOUR);
    const later = await captures(order_id, 1000, 'key-e');
    assert.equal(later.status, 201);
    assert.notEqual(later.headers.get('capture-id'), first.headers.get('capture-id'));
  });

  test('keys are per merchant account: the same key in another region is independent', async () => {
    const eu = await placeOrder(sim);
    const na = await placeOrder(sim, {
      purchase_country: 'US', purchase_currency: 'USD', locale: 'en-US', order_amount: 1000, order_tax_amount: 0,
      order_lines: [{ type: 'physical', name: 'Pen', quantity: 1, unit_price: 1000, tax_rate: 0, total_amount: 1000, total_tax_amount: 0 }],
    }, { region: 'na' });
    const a = await captures(eu.order_id, 500, 'shared-key');
    const b = await call(sim, 'POST', `/ordermanagement/v1/orders/${na.order_id}/captures`, {
      region: 'na', body: { captured_amount: 500 }, headers: { 'klarna-idempotency-key': 'shared-key' },
    });
    assert.equal(a.status, 201);
    assert.equal(b.status, 201);
    assert.notEqual(a.headers.get('capture-id'), b.headers.get('capture-id'));
  });

  test('Payments ignores the header: two session creates with one key make two sessions', async () => {
    const headers = { 'klarna-idempotency-key': 'payments-key' };
    const a = await call(sim, 'POST', '/payments/v1/sessions', { body: smallCart(), headers });
    const b = await call(sim, 'POST', '/payments/v1/sessions', { body: smallCart(), headers });
    assert.notEqual(a.body.session_id, b.body.session_id);
  });
});

describe('faults', () => {
  test('a status for the next N calls, then normal answers', async () => {
    sim.faults.add({ route: 'POST /payments/v1/sessions', status: 503, times: 2, retryAfter: 7 });
    const first = await call(sim, 'POST', '/payments/v1/sessions', { body: smallCart() });
    const second = await call(sim, 'POST', '/payments/v1/sessions', { body: smallCart() });
    const third = await call(sim, 'POST', '/payments/v1/sessions', { body: smallCart() });
    assert.equal(first.status, 503);
    assert.equal(first.body.error_code, 'TEMPORARILY_UNAVAILABLE');
    assert.equal(first.headers.get('retry-after'), '7');
    assert.equal(second.status, 503);
    assert.equal(third.status, 200);
  });

  test('a route pattern with :id only hits that route', async () => {
    const { order_id } = await placeOrder(sim);
    sim.faults.add({ route: 'POST /ordermanagement/v1/orders/:id/captures', status: 500 });
    assert.equal((await call(sim, 'GET', `/ordermanagement/v1/orders/${order_id}`)).status, 200);
    const failed = await captures(order_id, 100);
    assert.equal(failed.status, 500);
    assert.equal(failed.body.error_code, 'INTERNAL_SERVER_ERROR');
    assert.equal((await captures(order_id, 100)).status, 201);
  });

  test('a 403 fault has no body, like the gateway', async () => {
    sim.faults.add({ route: '*', status: 403 });
    const response = await call(sim, 'GET', '/payments/v1/sessions/x');
    assert.equal(response.status, 403);
    assert.equal(response.text, '');
  });

  test('latency delays the answer', async () => {
    sim.faults.add({ route: 'GET /payments/v1/sessions/:id', latencyMs: 300 });
    const started = performance.now();
    const response = await call(sim, 'GET', '/payments/v1/sessions/x');
    assert.ok(performance.now() - started >= 280);
    assert.equal(response.status, 404);
  });

  test('drop destroys the connection', async () => {
    sim.faults.add({ route: 'GET /payments/v1/sessions/:id', drop: true });
    await assert.rejects(call(sim, 'GET', '/payments/v1/sessions/x'), TypeError);
    const entry = sim.requests.at(-1);
    assert.equal(entry.status, null);
  });

  test('hang leaves the request unanswered until the client gives up', async () => {
    sim.faults.add({ route: 'GET /payments/v1/sessions/:id', hang: true });
    await assert.rejects(
      fetch(`${sim.baseUrl('eu', 'playground')}/payments/v1/sessions/x`, { headers: { authorization: basicAuth() }, signal: AbortSignal.timeout(300) }),
      (error) => error.name === 'TimeoutError',
    );
  });

  test('commitThenDrop: the capture happens but the response is lost; the retry with the key replays it', async () => {
    const { order_id } = await placeOrder(sim);
    sim.faults.add({ route: 'POST /ordermanagement/v1/orders/:id/captures', commitThenDrop: true });
    await assert.rejects(captures(order_id, 1500, 'lost-key'), TypeError);
    assert.equal((await call(sim, 'GET', `/ordermanagement/v1/orders/${order_id}`)).body.captured_amount, 1500);
    const retry = await captures(order_id, 1500, 'lost-key');
    assert.equal(retry.status, 201);
    assert.equal((await call(sim, 'GET', `/ordermanagement/v1/orders/${order_id}`)).body.captured_amount, 1500);
  });

  test('faults.clear() removes every fault', async () => {
    sim.faults.add({ route: '*', status: 500, times: Infinity });
    sim.faults.clear();
    assert.equal((await call(sim, 'GET', '/payments/v1/sessions/x')).status, 404);
  });
});

describe('limits, correlation ids, request log', () => {
  test('a body over 1 MB gets 413 REQUEST_TOO_LARGE', async () => {
    const cart = smallCart();
    cart.merchant_data = 'x'.repeat(1024 * 1024 + 1);
    const response = await call(sim, 'POST', '/payments/v1/sessions', { body: cart });
    assert.equal(response.status, 413);
    assert.equal(response.body.error_code, 'REQUEST_TOO_LARGE');
    assert.deepEqual(response.body.error_messages, ['Request is too large']);
  });

  test('every response has Klarna-Correlation-Id equal to the body correlation_id', async () => {
    const ok = await call(sim, 'POST', '/payments/v1/sessions', { body: smallCart() });
    assert.match(ok.headers.get('klarna-correlation-id'), /^[0-9a-f-]{36}$/);
    const error = await call(sim, 'GET', '/payments/v1/sessions/unknown');
    assert.equal(error.body.correlation_id, error.headers.get('klarna-correlation-id'));
    const other = await call(sim, 'GET', '/payments/v1/sessions/unknown');
    assert.notEqual(other.body.correlation_id, error.body.correlation_id);
    const unauthorized = await call(sim, 'GET', '/payments/v1/sessions/unknown', { auth: 'Basic bm9wZTpub3Bl' });
    assert.ok(unauthorized.headers.get('klarna-correlation-id'));
  });

  test('the request log records method, path, region, environment, body and status, with Authorization redacted', async () => {
    sim.requests.clear();
    await call(sim, 'POST', '/payments/v1/sessions', { region: 'oc', body: { ...smallCart(), purchase_country: 'AU', purchase_currency: 'AUD', locale: 'en-AU' } });
    assert.equal(sim.requests.length, 1);
    const [entry] = sim.requests;
    assert.equal(entry.method, 'POST');
    assert.equal(entry.path, '/payments/v1/sessions');
    assert.equal(entry.region, 'oc');
    assert.equal(entry.environment, 'playground');
    assert.equal(entry.body.purchase_country, 'AU');
    assert.equal(entry.headers.authorization, '[redacted]');
    assert.equal(typeof entry.status, 'number');
    assert.equal(entry.at, sim.now());
    assert.ok(!JSON.stringify(sim.requests).includes(basicAuth('oc').slice(6)));
    sim.requests.clear();
    assert.equal(sim.requests.length, 0);
  });
});

describe('the widget hook', () => {
  test('POST /simulator/v1/authorizations approves and issues a token (CORS only for loopback origins)', async () => {
    const { client_token, session_id } = await createSession(sim);
    const response = await fetch(`${sim.url}/simulator/v1/authorizations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://localhost:3000' },
      body: JSON.stringify({ client_token, payment_method_category: 'klarna', data: { billing_address: billingAddress() } }),
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), 'http://localhost:3000');
    const body = await response.json();
    assert.equal(body.approved, true);
    assert.equal(body.show_form, true);
    assert.equal(sim.sessions.get(session_id).authorization_token, body.authorization_token);
    assert.equal(sim.authorizations.get(body.authorization_token).snapshot.billing_address.email, 'customer@email.de');
  });

  test('the preflight is answered for a loopback origin, refused for another site', async () => {
    const response = await fetch(`${sim.url}/simulator/v1/authorizations`, { method: 'OPTIONS', headers: { origin: 'http://127.0.0.1:8080' } });
    assert.equal(response.status, 204);
    assert.equal(response.headers.get('access-control-allow-origin'), 'http://127.0.0.1:8080');
    const foreign = await fetch(`${sim.url}/simulator/v1/authorizations`, { method: 'OPTIONS', headers: { origin: 'http://shop.example' } });
    assert.equal(foreign.status, 403);
    assert.equal(foreign.headers.get('access-control-allow-origin'), null);
    await foreign.arrayBuffer();
  });

  test('customer+denied@… is a final decline and issues no token', async () => {
    const { session_id } = await createSession(sim);
    const result = await sim.authorize({ session_id, data: { billing_address: billingAddress('customer+denied@email.de') } });
    assert.deepEqual(result, { approved: false, show_form: false });
    assert.equal(sim.sessions.get(session_id).authorization_token, undefined);
  });

  test('an invalid email is a fixable decline naming the field', async () => {
    const { session_id } = await createSession(sim);
    const result = await sim.authorize({ session_id, data: { billing_address: billingAddress('not-an-email') } });
    assert.deepEqual(result, { approved: false, show_form: true, error: { invalid_fields: ['billing_address.email'] } });
  });

  test('auto_finalize false asks to finalize; finalize issues the token', async () => {
    const { client_token } = await createSession(sim);
    const first = await call(sim, 'POST', '/simulator/v1/authorizations', { auth: null, body: { client_token, auto_finalize: false } });
    assert.deepEqual(first.body, { approved: true, show_form: true, finalize_required: true });
    const second = await call(sim, 'POST', '/simulator/v1/finalizations', { auth: null, body: { client_token, data: { billing_address: billingAddress() } } });
    assert.equal(second.status, 200);
    assert.equal(second.body.approved, true);
    assert.equal(typeof second.body.authorization_token, 'string');
  });

  test('a completed session or an unknown token is an error', async () => {
    const { session_id, authorization_token } = await placeOrder(sim);
    assert.ok(authorization_token);
    await assert.rejects(sim.authorize({ session_id }), (error) => error instanceof KlarnaSimulatorError && error.errorCode === 'SESSION_COMPLETED');
    const unknown = await call(sim, 'POST', '/simulator/v1/authorizations', { auth: null, body: { client_token: 'a.b.c' } });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error_code, 'NOT_FOUND');
  });

  test('an unknown category is refused', async () => {
    const { session_id } = await createSession(sim);
    await assert.rejects(sim.authorize({ session_id, payment_method_category: 'pay_in_gold' }), /not supported: pay_in_gold/);
  });

  test('GET /simulator/v1/sessions/:id shows what the widget renders and no secrets', async () => {
    const { session_id } = await createSession(sim);
    await sim.authorize({ session_id });
    const response = await call(sim, 'GET', `/simulator/v1/sessions/${session_id}`, { auth: null });
    assert.equal(response.status, 200);
    assert.equal(response.body.order_amount, 10000);
    assert.equal(response.body.purchase_currency, 'EUR');
    assert.equal(response.body.locale, 'en-DE');
    assert.deepEqual(response.body.payment_method_categories.map((c) => c.identifier), ['klarna']);
    assert.equal(response.body.client_token, undefined);
    assert.equal(response.body.authorization_token, undefined);
  });

  test('unknown paths under /kp answer 404', async () => {
    const response = await fetch(`${sim.url}/kp/lib/v1/no-such-file.js`);
    assert.equal(response.status, 404);
    await response.arrayBuffer();
  });
});

describe('inspection, reset, clock', () => {
  test('inspect() returns copies; reset() forgets everything', async () => {
    const { order_id } = await placeOrder(sim);
    const snapshot = sim.inspect();
    assert.ok(snapshot.orders.some((order) => order.order_id === order_id));
    assert.ok(snapshot.sessions.length > 0);
    sim.reset();
    assert.equal(sim.orders.size, 0);
    assert.equal(sim.sessions.size, 0);
    assert.equal(sim.requests.length, 0);
    assert.equal((await call(sim, 'GET', `/ordermanagement/v1/orders/${order_id}`)).status, 404);
  });

  test('setTime and advanceTime move the injected clock', () => {
    sim.setTime(Date.UTC(2030, 0, 1));
    assert.equal(sim.now(), Date.UTC(2030, 0, 1));
    sim.advanceTime(5000);
    assert.equal(sim.now(), Date.UTC(2030, 0, 1) + 5000);
    assert.throws(() => sim.advanceTime(-1), RangeError);
  });

  test('baseUrl refuses an unknown region', () => {
    assert.equal(sim.baseUrl('oc', 'production'), `${sim.url}/oc/production`);
    assert.throws(() => sim.baseUrl('us', 'playground'), /region eu, na or oc/);
  });
});

test('the CLI prints its URL and every credential set, and serves', async () => {
  const cli = fileURLToPath(new URL('../../dist/simulator/cli.js', import.meta.url));
  const child = spawn(process.execPath, [cli, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    let output = '';
    await new Promise((resolve, reject) => {
      child.stdout.on('data', (chunk) => {
        output += chunk;
        if (output.includes('Ctrl+C')) resolve();
      });
      child.once('exit', () => reject(new Error(`the CLI exited early: ${output}`)));
    });
    const url = /listening on (http:\S+)/.exec(output)[1];
    for (const region of ['eu', 'na', 'oc']) {
      for (const environment of ['playground', 'production']) assert.ok(output.includes(`${url}/${region}/${environment}`));
    }
    assert.match(output, /klarna_test_api_/);
    const response = await fetch(`${url}/eu/playground/payments/v1/sessions/x`, { headers: { authorization: basicAuth() } });
    assert.equal(response.status, 404);
    await response.arrayBuffer();
  } finally {
    child.kill('SIGTERM');
  }
});
