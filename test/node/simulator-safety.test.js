// The simulator as a safe development tool, and reachable like Klarna: routing by Klarna's hostnames, a GET
// followed by stray bytes, the /simulator/v1 guard (Host, Origin, caller), redaction of tokens and callback
// secrets in the request log and inspect(), and bounded state and log.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect } from 'node:net';
import { DEFAULT_SIMULATOR_LIMITS, KLARNA_API_HOSTS, startKlarnaSimulator } from '../../dist/simulator/index.js';
import { basicAuth, billingAddress, call, createSession, placeOrder, smallCart, usCart } from './simulator-test-kit.js';

let sim;
before(async () => {
  sim = await startKlarnaSimulator();
});
after(() => sim.stop());

/** An HTTP request with a chosen Host header (fetch cannot set Host). */
function send(method, path, { host, headers = {}, body } = {}) {
  const { port } = new URL(sim.url);
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, method, path, headers: { host, ...headers } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, text, body: text.startsWith('{') ? JSON.parse(text) : undefined }));
    });
    outgoing.on('error', reject);
    outgoing.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

describe("Klarna's hostnames", () => {
  const cases = [
    ['api.klarna.com', 'eu', 'production', smallCart],
    ['api.playground.klarna.com', 'eu', 'playground', smallCart],
    ['api-na.klarna.com', 'na', 'production', usCart],
    ['api-na.playground.klarna.com', 'na', 'playground', usCart],
    ['api-oc.klarna.com', 'oc', 'production', () => ({ ...smallCart(), purchase_country: 'AU', purchase_currency: 'AUD', locale: 'en-AU' })],
    ['api-oc.playground.klarna.com', 'oc', 'playground', () => ({ ...smallCart(), purchase_country: 'AU', purchase_currency: 'AUD', locale: 'en-AU' })],
  ];
  test('the table names exactly the six hostnames', () => {
    assert.deepEqual(Object.keys(KLARNA_API_HOSTS).sort(), cases.map(([host]) => host).sort());
  });
  for (const [host, region, environment, cart] of cases) {
    test(`Host: ${host} is ${region}/${environment} (with its credentials, and only them)`, async () => {
      const created = await send('POST', '/payments/v1/sessions', {
        host,
        headers: { authorization: basicAuth(region, environment), 'content-type': 'application/json' },
        body: cart(),
      });
      assert.equal(created.status, 200, created.text);
      const session = sim.sessions.get(created.body.session_id);
      assert.equal(session.region, region);
      assert.equal(session.environment, environment);
      const other = region === 'eu' ? 'na' : 'eu';
      const refused = await send('GET', `/payments/v1/sessions/${created.body.session_id}`, { host, headers: { authorization: basicAuth(other, environment) } });
      assert.equal(refused.status, 401);
    });
  }

  test('a Location header points back at the hostname the client used', async () => {
    const { order_id } = await placeOrder(sim);
    const captured = await send('POST', `/ordermanagement/v1/orders/${order_id}/captures`, {
      host: 'api.playground.klarna.com',
      headers: { authorization: basicAuth('eu', 'playground'), 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
      body: { captured_amount: 1000 },
    });
    assert.equal(captured.status, 201);
    assert.equal(captured.headers.location, `https://api.playground.klarna.com/ordermanagement/v1/orders/${order_id}/captures/${captured.headers['capture-id']}`);
  });
});

test('a GET followed by stray body bytes (`{}` without Content-Length) is answered, then the connection closes', async () => {
  const { order_id } = await placeOrder(sim);
  const { port } = new URL(sim.url);
  const answer = await new Promise((resolve) => {
    const socket = connect(Number(port), '127.0.0.1');
    let received = '';
    socket.on('data', (chunk) => (received += chunk));
    socket.on('close', () => resolve(received));
    socket.write(`GET /eu/playground/ordermanagement/v1/orders/${order_id} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${basicAuth()}\r\n\r\n{}`);
  });
  assert.match(answer, /^HTTP\/1\.1 200 OK/);
  assert.ok(answer.includes(`"order_id":"${order_id}"`));
});

describe('the /simulator/v1 guard', () => {
  test('a foreign Host is refused (DNS rebinding); loopback names and Klarna hostnames are answered', async () => {
    const { session_id } = await createSession(sim);
    const foreign = await send('GET', `/simulator/v1/sessions/${session_id}`, { host: 'rebind.attacker.example:4010' });
    assert.equal(foreign.status, 403);
    assert.equal(foreign.body.error_code, 'FORBIDDEN');
    assert.match(foreign.body.error_messages[0], /rebind\.attacker\.example/);
    for (const host of ['localhost:4010', '127.0.0.1', '[::1]:4010', 'api.playground.klarna.com']) {
      assert.equal((await send('GET', `/simulator/v1/sessions/${session_id}`, { host })).status, 200, host);
    }
  });

  test('another site gets no session data and no Access-Control-Allow-Origin', async () => {
    const { session_id } = await createSession(sim);
    const response = await fetch(`${sim.url}/simulator/v1/sessions/${session_id}`, { headers: { origin: 'https://evil.example' } });
    assert.equal(response.status, 403);
    assert.equal(response.headers.get('access-control-allow-origin'), null);
    const body = await response.json();
    assert.equal(body.order_amount, undefined);
  });

  test('a cross-site text/plain POST (a "simple" request no preflight stops) is refused and authorizes nothing', async () => {
    const { client_token, session_id } = await createSession(sim);
    const payload = JSON.stringify({ client_token, data: { billing_address: billingAddress() } });
    // From another site, and from a page on another local port.
    for (const origin of ['https://evil.example', 'http://localhost:3000']) {
      const response = await fetch(`${sim.url}/simulator/v1/authorizations`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', origin, 'sec-fetch-site': 'cross-site' },
        body: payload,
      });
      assert.equal(response.status, 403, origin);
      await response.arrayBuffer();
    }
    assert.equal(sim.sessions.get(session_id).authorization_token, undefined);
  });

  test("the simulator's own pages (same origin) and Node callers on loopback are answered", async () => {
    const { session_id } = await createSession(sim);
    const own = await fetch(`${sim.url}/simulator/v1/sessions/${session_id}`, { headers: { origin: sim.url, 'sec-fetch-site': 'same-origin' } });
    assert.equal(own.status, 200);
    await own.arrayBuffer();
    assert.equal((await call(sim, 'GET', `/simulator/v1/sessions/${session_id}`, { auth: null })).status, 200);
  });
});

describe('redaction', () => {
  test('the request log shows no client token, authorization token or callback secret', async () => {
    sim.requests.clear();
    const secret = 'one-time-secret-4242';
    const session = await createSession(sim, { ...smallCart(), merchant_urls: { authorization: `https://shop.example/klarna/{session.id}?secret=${secret}` } });
    await call(sim, 'POST', '/simulator/v1/authorizations', { auth: null, body: { client_token: session.client_token, data: { billing_address: billingAddress() } } });
    const token = sim.sessions.get(session.session_id).authorization_token;
    await call(sim, 'POST', `/payments/v1/authorizations/${token}/order`, { body: { ...smallCart(), billing_address: billingAddress() } });
    const logged = JSON.stringify(sim.requests);
    assert.ok(!logged.includes(secret), 'the secret is not logged');
    assert.ok(!logged.includes(token), 'the authorization token is not logged');
    assert.ok(!logged.includes(session.client_token), 'the client token is not logged');
    assert.equal(sim.requests[0].body.merchant_urls.authorization, 'https://shop.example/klarna/%7Bsession.id%7D?[redacted]');
    assert.equal(sim.requests.at(-1).path, '/payments/v1/authorizations/[redacted]/order');
  });

  test('inspect() shows no client token, authorization token or callback secret', async () => {
    const secret = 'inspect-secret-77';
    const session = await createSession(sim, { ...smallCart(), merchant_urls: { authorization: `https://shop.example/cb?secret=${secret}` } });
    const { authorization_token } = await sim.authorize({ session_id: session.session_id, data: { billing_address: billingAddress() } });
    const shown = JSON.stringify(sim.inspect());
    assert.ok(!shown.includes(secret));
    assert.ok(!shown.includes(authorization_token));
    assert.ok(!shown.includes(session.client_token));
    const inspected = sim.inspect().sessions.find((entry) => entry.session_id === session.session_id);
    assert.equal(inspected.client_token, '[redacted]');
    assert.equal(inspected.data.merchant_urls.authorization, 'https://shop.example/cb?[redacted]');
    assert.equal(sim.sessions.get(session.session_id).client_token, session.client_token, 'the live record keeps the real token');
  });
});

describe('bounded state and log', () => {
  test('defaults are 1000 of each', () => {
    assert.deepEqual({ ...DEFAULT_SIMULATOR_LIMITS }, { sessions: 1000, authorizations: 1000, orders: 1000, idempotencyKeys: 1000, requests: 1000 });
  });

  test('the oldest sessions, authorizations, orders and logged requests go first', async () => {
    const small = await startKlarnaSimulator({ limits: { sessions: 3, authorizations: 2, orders: 2, requests: 4 } });
    try {
      const orders = [];
      for (let index = 0; index < 3; index += 1) orders.push(await placeOrder(small));
      const sessions = [];
      for (let index = 0; index < 3; index += 1) sessions.push((await createSession(small)).session_id);
      assert.deepEqual([...small.sessions.keys()], sessions);
      assert.equal(small.authorizations.size, 2);
      assert.deepEqual([...small.orders.keys()], orders.slice(1).map((order) => order.order_id));
      assert.equal((await call(small, 'GET', `/ordermanagement/v1/orders/${orders[0].order_id}`)).status, 404, 'the evicted order is gone');
      assert.equal(small.requests.length, 4);
      assert.equal(small.requests.at(-1).path, '/ordermanagement/v1/orders/' + orders[0].order_id);
    } finally {
      await small.stop();
    }
  });

  test('a bad limit is refused with a RangeError naming it', async () => {
    await assert.rejects(startKlarnaSimulator({ limits: { sessions: 0 } }), (error) => error instanceof RangeError && /limits\.sessions/.test(error.message));
    await assert.rejects(startKlarnaSimulator({ limits: { carts: 5 } }), (error) => error instanceof RangeError && /limits\.carts/.test(error.message));
  });
});
