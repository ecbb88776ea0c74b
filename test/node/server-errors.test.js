// How Klarna's error answers become errors: each status and code to the right class and fields,
// correlation ids from body or header, JSON parsed only when the Content-Type says so, the 401 region
// diagnosis (HTML body), the body-less 403, and no credentials or tokens in any message, stack or JSON.
import { test, describe, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import {
  createKlarnaClient,
  KlarnaApiError,
  KlarnaAuthenticationError,
  KlarnaNetworkError,
  KlarnaTimeoutError,
  KlarnaConfigurationError,
  KlarnaError,
} from '../../dist/server/index.js';
import { startFakeKlarnaServer } from '../helpers/fake-klarna-server.js';

const USERNAME = 'K998877_errtests';
const PASSWORD = 'pa55word-that-must-never-leak';
const TOKEN = 'tok-1f2e3d4c-5b6a-7980-a1b2-c3d4e5f60718';
const US_ORDER = {
  purchase_country: 'US',
  purchase_currency: 'USD',
  locale: 'en-US',
  order_amount: 1000,
  order_lines: [{ type: 'physical', name: 'Cap', quantity: 1, unit_price: 1000, tax_rate: 0, total_amount: 1000, total_tax_amount: 0 }],
};
const DE_ORDER = { ...US_ORDER, purchase_country: 'DE', purchase_currency: 'EUR', locale: 'de-DE' };
const HTML_401 = {
  status: 401,
  body: '<html><head><title>401 Authorization Required</title></head><body><h1>401 Authorization Required</h1></body></html>',
  headers: { 'Content-Type': 'text/html', 'WWW-Authenticate': 'Basic realm="Klarna"', 'Klarna-Correlation-Id': 'corr-401-html' },
};

let klarna;
const clientWith = (extra = {}) =>
  createKlarnaClient({ username: USERNAME, password: PASSWORD, region: 'eu', environment: 'playground', baseUrl: klarna.url, maxRetries: 0, ...extra });

before(async () => {
  klarna = await startFakeKlarnaServer();
});
after(() => klarna.close());
beforeEach(() => klarna.reset());

describe('error classes', () => {
  test('every class is an Error and a KlarnaError with a literal name', () => {
    const cases = [
      [new KlarnaApiError('m', { status: 400 }), 'KlarnaApiError'],
      [new KlarnaAuthenticationError('m', { region: 'eu', environment: 'playground', host: 'h' }), 'KlarnaAuthenticationError'],
      [new KlarnaNetworkError('m'), 'KlarnaNetworkError'],
      [new KlarnaTimeoutError('m', { timeoutMs: 1 }), 'KlarnaTimeoutError'],
      [new KlarnaConfigurationError('m'), 'KlarnaConfigurationError'],
    ];
    for (const [error, name] of cases) {
      assert.ok(error instanceof Error);
      assert.ok(error instanceof KlarnaError);
      assert.equal(error.name, name);
      assert.ok(String(error.stack).startsWith(`${name}: m`) || String(error).startsWith(`${name}: m`));
    }
    const auth = cases[1][0];
    assert.ok(auth instanceof KlarnaApiError);
    assert.equal(auth.status, 401);
  });
});

describe('each answer maps to the right class and fields', () => {
  const answers = [
    [400, 'BAD_VALUE', 'Bad value: order_lines', (c) => c.payments.createSession(DE_ORDER), /fix the request fields/],
    [403, 'INVALID_OPERATION', 'Authorization token already consumed', (c) => c.payments.placeOrder(TOKEN, DE_ORDER), /not allowed/],
    [404, 'NOT_FOUND', 'Invalid authorization token', (c) => c.payments.placeOrder(TOKEN, DE_ORDER), /check the id/],
    [404, 'NO_SUCH_ORDER', 'Order ord-x cannot be found', (c) => c.orders.get('ord-x'), /check the id/],
    [409, 'BAD_VALUE', 'Not matching fields: [billing_address.postal_code]', (c) => c.payments.placeOrder(TOKEN, DE_ORDER), /authorize again/],
    [403, 'REFUND_NOT_ALLOWED', 'Order has no captures. Refund not possible.', (c) => c.orders.refund('o', { refunded_amount: 1 }), /not allowed/],
    [413, 'REQUEST_TOO_LARGE', 'Request is too large', (c) => c.payments.createSession(DE_ORDER), /1 MB/],
    [422, 'INVALID_ADDRESS', 'The shipping and/or billing address is invalid', (c) => c.orders.updateAuthorization('o', { order_amount: 1 }), /address/],
    [429, 'TOO_MANY_REQUESTS', 'Too many requests', (c) => c.payments.createSession(DE_ORDER), /slow down/],
    [500, 'INTERNAL_SERVER_ERROR', 'Internal error', (c) => c.payments.createSession(DE_ORDER), /retry later/],
    [504, 'TEMPORARILY_UNAVAILABLE', 'Temporarily unavailable', (c) => c.orders.get('o'), /retry later/],
  ];
  for (const [status, code, text, call, hint] of answers) {
    test(`${status} ${code}`, async () => {
      klarna.reply({ status, json: { error_code: code, error_messages: [text], correlation_id: `corr-${status}` } });
      await assert.rejects(call(clientWith()), (error) => {
        assert.ok(error instanceof KlarnaApiError);
        assert.ok(!(error instanceof KlarnaAuthenticationError));
        assert.equal(error.name, 'KlarnaApiError');
        assert.equal(error.status, status);
        assert.equal(error.errorCode, code);
        assert.deepEqual(error.errorMessages, [text]);
        assert.equal(error.correlationId, `corr-${status}`);
        assert.ok(error.message.includes(`Klarna answered ${status} ${code}`), error.message);
        assert.ok(error.message.includes(text));
        assert.ok(error.message.includes('corr-' + status));
        assert.match(error.message, hint);
        assert.equal(error.retryable, status === 429 || status >= 500);
        return true;
      });
    });
  }

  test('the correlation id comes from the Klarna-Correlation-Id header when the body has none', async () => {
    klarna.reply({ status: 404, json: { error_code: 'NO_SUCH_CAPTURE', error_messages: ['Capture could not be found.'] }, headers: { 'Klarna-Correlation-Id': 'from-header-42' } });
    await assert.rejects(clientWith().orders.getCapture('o', 'c'), { correlationId: 'from-header-42', errorCode: 'NO_SUCH_CAPTURE' });
  });

  test('the body correlation_id wins over the header', async () => {
    klarna.reply({ status: 400, json: { error_code: 'BAD_VALUE', correlation_id: 'from-body' }, headers: { 'Klarna-Correlation-Id': 'from-header' } });
    await assert.rejects(clientWith().payments.createSession(DE_ORDER), { correlationId: 'from-body' });
  });

  test('a JSON-looking body without a JSON Content-Type is not parsed', async () => {
    klarna.reply({ status: 400, body: '{"error_code":"BAD_VALUE","error_messages":["x"]}', headers: { 'Content-Type': 'text/plain', 'Klarna-Correlation-Id': 'c-plain' } });
    await assert.rejects(clientWith().payments.createSession(DE_ORDER), (error) => {
      assert.equal(error.errorCode, undefined);
      assert.deepEqual(error.errorMessages, []);
      assert.equal(error.correlationId, 'c-plain');
      assert.match(error.message, /text\/plain body instead of JSON/);
      return true;
    });
  });

  test('a broken JSON error body still gives a KlarnaApiError with the status', async () => {
    klarna.reply({ status: 502, body: '{"error_code":', headers: { 'Content-Type': 'application/json' } });
    await assert.rejects(clientWith().orders.get('o'), (error) => error instanceof KlarnaApiError && error.status === 502 && error.errorCode === undefined);
  });

  test('a 403 with no body is a KlarnaApiError with a useful message', async () => {
    klarna.reply({ status: 403, headers: { 'Klarna-Correlation-Id': 'gw-403' } });
    await assert.rejects(clientWith().payments.createSession(DE_ORDER), (error) => {
      assert.ok(error instanceof KlarnaApiError);
      assert.equal(error.status, 403);
      assert.equal(error.errorCode, undefined);
      assert.deepEqual(error.errorMessages, []);
      assert.equal(error.correlationId, 'gw-403');
      assert.match(error.message, /^Klarna answered 403 Forbidden to POST \/payments\/v1\/sessions \(EU playground\) with no body/);
      assert.match(error.message, /gateway/);
      assert.match(error.message, /retry/);
      return true;
    });
  });
});

describe('401 diagnosis', () => {
  test('a US order against EU with an HTML 401 names NA and its URL', async () => {
    klarna.reply(HTML_401);
    await assert.rejects(clientWith().payments.createSession(US_ORDER), (error) => {
      assert.ok(error instanceof KlarnaAuthenticationError);
      assert.ok(error instanceof KlarnaApiError);
      assert.equal(error.name, 'KlarnaAuthenticationError');
      assert.equal(error.status, 401);
      assert.equal(error.region, 'eu');
      assert.equal(error.environment, 'playground');
      assert.equal(error.host, new URL(klarna.url).host);
      assert.equal(error.suggestedRegion, 'na');
      assert.equal(error.suggestedBaseUrl, 'https://api-na.playground.klarna.com');
      assert.equal(error.correlationId, 'corr-401-html');
      assert.equal(error.errorCode, undefined, 'the HTML body is not parsed');
      assert.match(error.message, /EU playground/);
      assert.ok(error.message.includes(new URL(klarna.url).host));
      assert.match(error.message, /purchase_country US is normally served by the NA region/);
      assert.ok(error.message.includes('https://api-na.playground.klarna.com'));
      assert.ok(!error.message.includes('<html>'));
      return true;
    });
  });

  test('an AU order against NA production points to OC production', async () => {
    const client = clientWith({ region: 'na', environment: 'production' });
    klarna.reply({ status: 401, json: { error_code: 'UNAUTHORIZED', error_messages: ['Unauthorized'] } });
    await assert.rejects(client.payments.placeOrder(TOKEN, { ...US_ORDER, purchase_country: 'au' }), (error) => {
      assert.equal(error.suggestedRegion, 'oc');
      assert.equal(error.errorCode, 'UNAUTHORIZED');
      assert.match(error.message, /NA production/);
      assert.ok(error.message.includes('https://api-oc.klarna.com'));
      return true;
    });
  });

  test('a 401 for an order of the configured region says the credentials were rejected', async () => {
    klarna.reply(HTML_401);
    await assert.rejects(clientWith().payments.createSession(DE_ORDER), (error) => {
      assert.ok(error instanceof KlarnaAuthenticationError);
      assert.equal(error.suggestedRegion, undefined);
      assert.match(error.message, /EU playground/);
      assert.match(error.message, /credentials rejected: check the key, the environment \(playground\), or a disabled key/);
      return true;
    });
  });

  test('a 401 on an Order Management call (no order country) is still diagnosed', async () => {
    klarna.reply(HTML_401);
    await assert.rejects(clientWith().orders.get('o'), (error) => error instanceof KlarnaAuthenticationError && /credentials rejected/.test(error.message));
    assert.equal(klarna.requests.length, 1, 'a 401 is not retried');
  });
});

describe('no secrets in errors', () => {
  const secrets = [PASSWORD, TOKEN, Buffer.from(`${USERNAME}:${PASSWORD}`).toString('base64')];
  const leaks = (error) => {
    const texts = [error.message, String(error.stack), JSON.stringify(error), String(error)];
    return secrets.filter((secret) => texts.some((text) => text.includes(secret)));
  };

  const failures = [
    ['409 that echoes the token', { status: 409, json: { error_code: 'BAD_VALUE', error_messages: [`Not matching fields for ${TOKEN}`] } }, KlarnaApiError],
    ['HTML 401', HTML_401, KlarnaAuthenticationError],
    ['body-less 403', { status: 403 }, KlarnaApiError],
    ['destroyed socket', { destroy: true }, KlarnaNetworkError],
    ['hang past the time-out', { hang: true }, KlarnaTimeoutError],
  ];
  for (const [label, answer, errorClass] of failures) {
    test(`a failing placeOrder (${label}) never shows the password or the authorization token`, async () => {
      klarna.reply(answer);
      await assert.rejects(clientWith({ timeoutMs: 300 }).payments.placeOrder(TOKEN, US_ORDER), (error) => {
        assert.ok(error instanceof errorClass, `${error.name}: ${error.message}`);
        assert.deepEqual(leaks(error), []);
        if (error.endpoint) assert.equal(error.endpoint, 'POST /payments/v1/authorizations/{authorization_token}/order');
        return true;
      });
      assert.equal(klarna.requests[0].path, `/payments/v1/authorizations/${TOKEN}/order`, 'the real token was sent');
    });
  }

  test('Klarna text quoting the token is redacted in errorMessages too', async () => {
    klarna.reply({ status: 404, json: { error_code: 'NOT_FOUND', error_messages: [`Invalid authorization token ${TOKEN}`] } });
    await assert.rejects(clientWith().payments.cancelAuthorization(TOKEN), (error) => {
      assert.deepEqual(error.errorMessages, ['Invalid authorization token [redacted]']);
      return true;
    });
  });

  test('a throwing logger does not break the call', async () => {
    klarna.reply({ status: 503 }, { json: { order_id: 'o' } });
    const client = clientWith({ maxRetries: 1, retryBaseDelayMs: 1, logger: { warn: () => { throw new Error('log sink down'); } } });
    assert.deepEqual(await client.orders.get('o'), { order_id: 'o' });
  });

  test('the logger never receives credentials or tokens', async () => {
    const lines = [];
    klarna.reply({ status: 500 }, { status: 401 });
    const client = clientWith({ maxRetries: 2, retryBaseDelayMs: 1, logger: { warn: (m) => lines.push(m), error: (m) => lines.push(m) } });
    await assert.rejects(client.orders.get('o'), KlarnaAuthenticationError);
    assert.equal(lines.length, 2, 'one retry warning, one final error');
    assert.match(lines[0], /retrying/);
    assert.match(lines[1], /Gave up on GET \/ordermanagement\/v1\/orders\/o after 2 attempts/);
    for (const line of lines) for (const secret of secrets) assert.ok(!line.includes(secret), line);
  });
});
