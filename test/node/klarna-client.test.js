// createKlarnaClient over real HTTP: every endpoint's method, path, headers and body as Klarna receives
// them, 201 Location/Capture-Id/Refund-Id handling, option validation and the browser refusal.
import { test, describe, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createKlarnaClient, KlarnaConfigurationError, KlarnaApiError, KlarnaError, KLARNA_API_URLS } from '../../dist/server/index.js';
import { startFakeKlarnaServer } from '../helpers/fake-klarna-server.js';
import { readFileSync } from 'node:fs';

const PACKAGE_VERSION = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;

const USERNAME = 'K123456_abcdef12345';
const PASSWORD = 'shared-secret-Zx81-do-not-leak';
const BASIC = `Basic ${Buffer.from(`${USERNAME}:${PASSWORD}`).toString('base64')}`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const USER_AGENT = /^Library\/klarna-checkout-button_\d+\.\d+\.\d+ OS\/\S+ Language\/Node_\d+\.\d+\.\d+ Platform\/MyShop_2\.1$/;

const ORDER = {
  purchase_country: 'DE',
  purchase_currency: 'EUR',
  locale: 'de-DE',
  order_amount: 2500,
  order_tax_amount: 399,
  order_lines: [{ type: 'physical', name: 'T-shirt', quantity: 1, unit_price: 2500, tax_rate: 1900, total_amount: 2500, total_tax_amount: 399 }],
};
const SESSION = {
  session_id: '0b1d9815-165e-42e2-8867-35bc03789e00',
  client_token: 'eyJhbGciOiJSUzI1NiJ9.eyJzZXNzaW9uX2lkIjoiMCJ9.c2ln',
  payment_method_categories: [{ identifier: 'klarna', name: 'Pay with Klarna' }],
};
const TOKEN = 'b4bd3423-24e3-4a2c-9a5e-7f0b1e3c2d11';
const OM = '/ordermanagement/v1/orders/ord-1';

let klarna;
let client;
before(async () => {
  klarna = await startFakeKlarnaServer();
  client = createKlarnaClient({
    username: USERNAME,
    password: PASSWORD,
    region: 'eu',
    environment: 'playground',
    baseUrl: klarna.url,
    userAgent: 'Platform/MyShop_2.1',
    retryBaseDelayMs: 1,
  });
});
after(() => klarna.close());
beforeEach(() => klarna.reset());

// Each case: the call, the scripted answer, what Klarna must receive, and what the caller must get.
const endpoints = [
  {
    name: 'payments.createSession',
    call: (c) => c.payments.createSession(ORDER),
    answer: { json: SESSION },
    method: 'POST', path: '/payments/v1/sessions', body: ORDER, keyed: false,
    result: SESSION,
  },
  {
    name: 'payments.readSession',
    call: (c) => c.payments.readSession('sess 1/x'),
    answer: { json: { ...ORDER, status: 'incomplete', expires_at: '2026-11-27T12:00:00Z' } },
    method: 'GET', path: '/payments/v1/sessions/sess%201%2Fx', keyed: false,
    result: { ...ORDER, status: 'incomplete', expires_at: '2026-11-27T12:00:00Z' },
  },
  {
    name: 'payments.updateSession',
    call: (c) => c.payments.updateSession('sess-1', { order_amount: 5000 }),
    answer: { status: 204 },
    method: 'POST', path: '/payments/v1/sessions/sess-1', body: { order_amount: 5000 }, keyed: false,
    result: undefined,
  },
  {
    name: 'payments.placeOrder',
    call: (c) => c.payments.placeOrder(TOKEN, ORDER),
    answer: { json: { order_id: 'ord-1', fraud_status: 'ACCEPTED', redirect_url: 'https://payments.klarna.com/redirect/1', authorized_payment_method: { type: 'invoice', number_of_days: 30 } } },
    method: 'POST', path: `/payments/v1/authorizations/${TOKEN}/order`, body: ORDER, keyed: false,
    result: { order_id: 'ord-1', fraud_status: 'ACCEPTED', redirect_url: 'https://payments.klarna.com/redirect/1', authorized_payment_method: { type: 'invoice', number_of_days: 30 } },
  },
  {
    name: 'payments.cancelAuthorization',
    call: (c) => c.payments.cancelAuthorization(TOKEN),
    answer: { status: 204 },
    method: 'DELETE', path: `/payments/v1/authorizations/${TOKEN}`, keyed: false,
    result: undefined,
  },
  {
    name: 'orders.get',
    call: (c) => c.orders.get('ord-1'),
    answer: { json: { order_id: 'ord-1', status: 'AUTHORIZED', order_amount: 2500, captured_amount: 0, refunded_amount: 0, remaining_authorized_amount: 2500 } },
    method: 'GET', path: OM, keyed: false,
    result: { order_id: 'ord-1', status: 'AUTHORIZED', order_amount: 2500, captured_amount: 0, refunded_amount: 0, remaining_authorized_amount: 2500 },
  },
  {
    name: 'orders.capture',
    call: (c) => c.orders.capture('ord-1', { captured_amount: 2500, reference: 'ship-1' }),
    answer: { status: 201, headers: { 'Capture-Id': 'cap-1', Location: `/ordermanagement/v1/orders/ord-1/captures/cap-1` } },
    method: 'POST', path: `${OM}/captures`, body: { captured_amount: 2500, reference: 'ship-1' }, keyed: true,
    result: { captureId: 'cap-1', location: '/ordermanagement/v1/orders/ord-1/captures/cap-1' },
  },
  {
    name: 'orders.listCaptures',
    call: (c) => c.orders.listCaptures('ord-1'),
    answer: { json: [{ capture_id: 'cap-1', captured_amount: 2500 }] },
    method: 'GET', path: `${OM}/captures`, keyed: false,
    result: [{ capture_id: 'cap-1', captured_amount: 2500 }],
  },
  {
    name: 'orders.getCapture',
    call: (c) => c.orders.getCapture('ord-1', 'cap-1'),
    answer: { json: { capture_id: 'cap-1', captured_amount: 2500 } },
    method: 'GET', path: `${OM}/captures/cap-1`, keyed: false,
    result: { capture_id: 'cap-1', captured_amount: 2500 },
  },
  {
    name: 'orders.refund',
    call: (c) => c.orders.refund('ord-1', { refunded_amount: 1000, description: 'Returned mug' }),
    answer: { status: 201, headers: { 'Refund-Id': 'ref-1', Location: 'https://api.playground.klarna.com/ordermanagement/v1/orders/ord-1/refunds/ref-1' } },
    method: 'POST', path: `${OM}/refunds`, body: { refunded_amount: 1000, description: 'Returned mug' }, keyed: true,
    result: { refundId: 'ref-1', location: 'https://api.playground.klarna.com/ordermanagement/v1/orders/ord-1/refunds/ref-1' },
  },
  {
    name: 'orders.getRefund',
    call: (c) => c.orders.getRefund('ord-1', 'ref-1'),
    answer: { json: { refund_id: 'ref-1', refunded_amount: 1000 } },
    method: 'GET', path: `${OM}/refunds/ref-1`, keyed: false,
    result: { refund_id: 'ref-1', refunded_amount: 1000 },
  },
  {
    name: 'orders.cancel',
    call: (c) => c.orders.cancel('ord-1'),
    answer: { status: 204 },
    method: 'POST', path: `${OM}/cancel`, keyed: true,
    result: undefined,
  },
  {
    name: 'orders.extendAuthorizationTime',
    call: (c) => c.orders.extendAuthorizationTime('ord-1'),
    answer: { status: 204 },
    method: 'POST', path: `${OM}/extend-authorization-time`, keyed: true,
    result: undefined,
  },
  {
    name: 'orders.releaseRemainingAuthorization',
    call: (c) => c.orders.releaseRemainingAuthorization('ord-1'),
    answer: { status: 204 },
    method: 'POST', path: `${OM}/release-remaining-authorization`, keyed: true,
    result: undefined,
  },
  {
    name: 'orders.updateAuthorization',
    call: (c) => c.orders.updateAuthorization('ord-1', { order_amount: 2000, description: 'Removed socks' }),
    answer: { status: 204 },
    method: 'PATCH', path: `${OM}/authorization`, body: { order_amount: 2000, description: 'Removed socks' }, keyed: true,
    result: undefined,
  },
  {
    name: 'orders.updateMerchantReferences',
    call: (c) => c.orders.updateMerchantReferences('ord-1', { merchant_reference1: 'ON4711' }),
    answer: { status: 204 },
    method: 'PATCH', path: `${OM}/merchant-references`, body: { merchant_reference1: 'ON4711' }, keyed: true,
    result: undefined,
  },
  {
    name: 'orders.addShippingInfo',
    call: (c) => c.orders.addShippingInfo('ord-1', { shipping_info: [{ shipping_company: 'DHL', tracking_number: '123' }] }),
    answer: { status: 204 },
    method: 'POST', path: `${OM}/shipping-info`, body: { shipping_info: [{ shipping_company: 'DHL', tracking_number: '123' }] }, keyed: true,
    result: undefined,
  },
];

describe('every endpoint sends what Klarna expects', () => {
  for (const endpoint of endpoints) {
    test(`${endpoint.name} → ${endpoint.method} ${endpoint.path}`, async () => {
      klarna.reply(endpoint.answer);
      const result = await endpoint.call(client);
      assert.deepEqual(result, endpoint.result);
      assert.equal(klarna.requests.length, 1, 'exactly one request');
      const [request] = klarna.requests;
      assert.equal(request.method, endpoint.method);
      assert.equal(request.path, endpoint.path);
      assert.equal(request.headers.authorization, BASIC);
      assert.equal(request.headers.accept, 'application/json');
      assert.match(request.headers['user-agent'], USER_AGENT);
      if (endpoint.body !== undefined) {
        assert.equal(request.headers['content-type'], 'application/json');
        assert.deepEqual(JSON.parse(request.text), endpoint.body);
      } else {
        assert.equal(request.text, '', 'no body');
        assert.equal(request.headers['content-type'], undefined);
      }
      if (endpoint.keyed) assert.match(request.headers['klarna-idempotency-key'], UUID);
      else assert.equal(request.headers['klarna-idempotency-key'], undefined);
    });
  }
});

describe('Order Management writes and their ids', () => {
  test("the caller's idempotency key is sent as is", async () => {
    klarna.reply({ status: 201, headers: { 'Capture-Id': 'cap-2' } });
    await client.orders.capture('ord-1', { captured_amount: 100 }, { idempotencyKey: 'my-key-42' });
    assert.equal(klarna.requests[0].headers['klarna-idempotency-key'], 'my-key-42');
  });

  test('two calls get two different generated keys', async () => {
    klarna.reply({ status: 204 }, { status: 204 });
    await client.orders.cancel('ord-1');
    await client.orders.cancel('ord-1');
    const [a, b] = klarna.requests.map((r) => r.headers['klarna-idempotency-key']);
    assert.match(a, UUID);
    assert.notEqual(a, b);
  });

  test('capture id falls back to the last Location segment', async () => {
    klarna.reply({ status: 201, headers: { Location: `${klarna.url}/ordermanagement/v1/orders/ord-1/captures/4ba29b50-be7b/` } });
    assert.deepEqual(await client.orders.capture('ord-1', { captured_amount: 100 }), {
      captureId: '4ba29b50-be7b',
      location: `${klarna.url}/ordermanagement/v1/orders/ord-1/captures/4ba29b50-be7b/`,
    });
  });

  test('refund id falls back to the last Location segment', async () => {
    klarna.reply({ status: 201, headers: { Location: '/ordermanagement/v1/orders/ord-1/refunds/ref-77' } });
    assert.deepEqual(await client.orders.refund('ord-1', { refunded_amount: 100 }), {
      refundId: 'ref-77',
      location: '/ordermanagement/v1/orders/ord-1/refunds/ref-77',
    });
  });

  test('a 201 without Capture-Id or Location is a KlarnaApiError that says to read the order', async () => {
    klarna.reply({ status: 201 });
    await assert.rejects(client.orders.capture('ord-1', { captured_amount: 100 }), (error) => {
      assert.ok(error instanceof KlarnaApiError);
      assert.equal(error.status, 201);
      assert.match(error.message, /neither Capture-Id nor Location/);
      assert.match(error.message, /orders\.get/);
      return true;
    });
  });
});

describe('Payments answers', () => {
  test('a bare-string authorized_payment_method is normalised to { type }', async () => {
    klarna.reply({ json: { order_id: 'ord-9', fraud_status: 'PENDING', authorized_payment_method: 'invoice' } });
    const placed = await client.payments.placeOrder(TOKEN, ORDER);
    assert.deepEqual(placed, { order_id: 'ord-9', fraud_status: 'PENDING', authorized_payment_method: { type: 'invoice' } });
  });

  test('a placed order without fraud_status keeps it missing (never filled in as ACCEPTED)', async () => {
    klarna.reply({ json: { order_id: 'ord-10' } });
    const placed = await client.payments.placeOrder(TOKEN, ORDER);
    assert.deepEqual(placed, { order_id: 'ord-10' });
    assert.equal('fraud_status' in placed, false);
  });

  test('"." and ".." are refused as identifiers before any request (URL normalisation would change the path)', async () => {
    for (const value of ['.', '..']) {
      await assert.rejects(client.payments.placeOrder(value, ORDER), (error) => error instanceof TypeError && /relative path segment/.test(error.message));
      await assert.rejects(client.payments.readSession(value), TypeError);
      await assert.rejects(client.orders.get(value), TypeError);
    }
    assert.equal(klarna.requests.length, 0);
  });

  test('a session without payment_method_categories gets an empty list', async () => {
    klarna.reply({ json: { session_id: 's', client_token: 't' } });
    assert.deepEqual(await client.payments.createSession(ORDER), { session_id: 's', client_token: 't', payment_method_categories: [] });
  });

  test('a 200 that is not a session is a KlarnaApiError naming baseUrl', async () => {
    klarna.reply({ body: '<html>proxy login</html>', headers: { 'Content-Type': 'text/html' } });
    await assert.rejects(client.payments.createSession(ORDER), (error) => {
      assert.ok(error instanceof KlarnaApiError);
      assert.match(error.message, /session_id and client_token/);
      assert.ok(error.message.includes(klarna.url));
      return true;
    });
  });

  test('a missing id is a TypeError before any request', async () => {
    await assert.rejects(client.orders.get(''), TypeError);
    await assert.rejects(client.payments.placeOrder(undefined, ORDER), /placeOrder needs authorizationToken/);
    assert.equal(klarna.requests.length, 0);
  });
});

describe('User-Agent', () => {
  test("names this package's version, the OS and Node in Klarna's Key/Name_version style", async () => {
    klarna.reply({ json: {} });
    await client.orders.get('o');
    const agent = klarna.requests[0].headers['user-agent'];
    assert.ok(agent.startsWith(`Library/klarna-checkout-button_${PACKAGE_VERSION} `), `${agent} should carry package.json's version ${PACKAGE_VERSION}`);
    assert.ok(agent.includes(` Language/Node_${process.versions.node} `), agent);
    assert.ok(agent.endsWith(' Platform/MyShop_2.1'), agent);
  });
});

describe('User-Agent outside Node', () => {
  test('without a process global it still builds a Klarna-style agent', async () => {
    const { buildUserAgent } = await import('../../dist/server/user-agent.js');
    const saved = globalThis.process;
    let agent;
    try {
      globalThis.process = undefined;
      agent = buildUserAgent('Platform/Edge_1');
    } finally {
      globalThis.process = saved;
    }
    assert.equal(agent, `Library/klarna-checkout-button_${PACKAGE_VERSION} OS/unknown Language/JavaScript Platform/Edge_1`);
  });
});

describe('client properties', () => {
  test('region, environment and baseUrl are readable; baseUrl defaults to the region URL', () => {
    assert.equal(client.region, 'eu');
    assert.equal(client.environment, 'playground');
    assert.equal(client.baseUrl, klarna.url);
    const na = createKlarnaClient({ username: USERNAME, password: PASSWORD, region: 'na', environment: 'production' });
    assert.equal(na.baseUrl, KLARNA_API_URLS.na.production);
    assert.equal(na.baseUrl, 'https://api-na.klarna.com');
  });

  test('a trailing slash on baseUrl is dropped', async () => {
    const c = createKlarnaClient({ username: USERNAME, password: PASSWORD, region: 'eu', environment: 'playground', baseUrl: `${klarna.url}/` });
    klarna.reply({ status: 204 });
    await c.payments.updateSession('s1', { order_amount: 1 });
    assert.equal(klarna.requests[0].path, '/payments/v1/sessions/s1');
  });

  test('an injected fetch is used', async () => {
    const seen = [];
    const c = createKlarnaClient({
      username: USERNAME,
      password: PASSWORD,
      region: 'oc',
      environment: 'playground',
      fetch: async (url, init) => {
        seen.push({ url, method: init.method });
        return new Response(JSON.stringify({ order_id: 'o' }), { status: 200, headers: { 'Content-Type': 'application/json' } });
      },
    });
    assert.deepEqual(await c.orders.get('o'), { order_id: 'o' });
    assert.deepEqual(seen, [{ url: 'https://api-oc.playground.klarna.com/ordermanagement/v1/orders/o', method: 'GET' }]);
  });
});

describe('options are validated up front', () => {
  const valid = { username: USERNAME, password: PASSWORD, region: 'eu', environment: 'playground' };
  const invalid = [
    ['missing username', { ...valid, username: undefined }, 'username', /needs username/],
    ['empty password', { ...valid, password: '' }, 'password', /needs password.*empty string/],
    ['unknown region', { ...valid, region: 'us' }, 'region', /'eu', 'na' or 'oc'.*"us"/],
    ['unknown environment', { ...valid, environment: 'test' }, 'environment', /'playground' or 'production'.*"test"/],
    ['test key on production', { ...valid, username: 'a8b0c1d2-uuid', password: 'klarna_test_api_abcdef', environment: 'production' }, 'environment', /playground key.*"production"/],
    ['live key on playground', { ...valid, username: 'a8b0c1d2-uuid', password: 'klarna_live_api_abcdef' }, 'environment', /production key.*"playground"/],
    ['relative baseUrl', { ...valid, baseUrl: '/klarna' }, 'baseUrl', /absolute http\(s\) URL.*"\/klarna"/],
    ['negative timeout', { ...valid, timeoutMs: -1 }, 'timeoutMs', /timeoutMs.*-1/],
    ['fractional maxRetries', { ...valid, maxRetries: 1.5 }, 'maxRetries', /maxRetries.*1\.5/],
  ];
  for (const [label, options, option, message] of invalid) {
    test(label, () => {
      assert.throws(() => createKlarnaClient(options), (error) => {
        assert.ok(error instanceof KlarnaConfigurationError);
        assert.ok(error instanceof KlarnaError);
        assert.equal(error.name, 'KlarnaConfigurationError');
        assert.equal(error.option, option);
        assert.match(error.message, message);
        assert.ok(!error.message.includes('klarna_test_api_abcdef') && !error.message.includes('klarna_live_api_abcdef') && !error.message.includes(PASSWORD));
        return true;
      });
    });
  }

  test('matching keys are accepted', () => {
    assert.doesNotThrow(() => createKlarnaClient({ ...valid, username: 'uuid-1', password: 'klarna_test_api_abcdef' }));
    assert.doesNotThrow(() => createKlarnaClient({ ...valid, username: 'uuid-1', password: 'klarna_live_api_abcdef', environment: 'production' }));
  });
});

describe('browser refusal', () => {
  test('refuses to run in a browser page unless allowBrowser is true', (t) => {
    const hadWindow = 'window' in globalThis;
    const hadDocument = 'document' in globalThis;
    globalThis.window = {};
    globalThis.document = {};
    t.after(() => {
      if (!hadWindow) delete globalThis.window;
      if (!hadDocument) delete globalThis.document;
    });
    const options = { username: USERNAME, password: PASSWORD, region: 'eu', environment: 'playground' };
    assert.throws(() => createKlarnaClient(options), (error) => {
      assert.ok(error instanceof KlarnaConfigurationError);
      assert.equal(error.option, 'allowBrowser');
      assert.match(error.message, /browser page/);
      assert.match(error.message, /allowBrowser: true/);
      return true;
    });
    assert.equal(createKlarnaClient({ ...options, allowBrowser: true }).region, 'eu');
  });

  test('a window without a document (a worker-like global) is not a page', (t) => {
    globalThis.window = {};
    t.after(() => delete globalThis.window);
    assert.doesNotThrow(() => createKlarnaClient({ username: USERNAME, password: PASSWORD, region: 'eu', environment: 'playground' }));
  });
});
