// Retries, Retry-After, network errors and time-outs of createKlarnaClient over real HTTP: safe calls
// (GETs, Order Management writes) are retried with the same idempotency key up to maxRetries; Payments
// POSTs and DELETE never are.
import { test, describe, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createKlarnaClient, KlarnaApiError, KlarnaNetworkError, KlarnaTimeoutError, KlarnaError } from '../../dist/server/index.js';
import { startFakeKlarnaServer } from '../helpers/fake-klarna-server.js';

const ORDER = {
  purchase_country: 'SE',
  purchase_currency: 'SEK',
  locale: 'sv-SE',
  order_amount: 10000,
  order_lines: [{ type: 'physical', name: 'Lamp', quantity: 1, unit_price: 10000, tax_rate: 2500, total_amount: 10000, total_tax_amount: 2000 }],
};
const TOKEN = 'auth-token-5d1c9a7e-0f4b-4e7a-8c2d-1b2a3c4d5e6f';
const unavailable = { status: 503, json: { error_code: 'TEMPORARILY_UNAVAILABLE', error_messages: ['Temporarily unavailable'] } };

let klarna;
let logs;
const clientWith = (extra = {}) =>
  createKlarnaClient({
    username: 'K123456_retry',
    password: 'retry-secret-password-9',
    region: 'eu',
    environment: 'playground',
    baseUrl: klarna.url,
    retryBaseDelayMs: 5,
    maxRetryDelayMs: 3000,
    logger: { warn: (m) => logs.push(['warn', m]), error: (m) => logs.push(['error', m]) },
    ...extra,
  });

before(async () => {
  klarna = await startFakeKlarnaServer();
});
after(() => klarna.close());
beforeEach(() => {
  klarna.reset();
  logs = [];
});

describe('safe calls are retried', () => {
  test('a capture retried after 503, 500 and 429 reuses one idempotency key and succeeds', async () => {
    klarna.reply(unavailable, { status: 500 }, { status: 429 }, { status: 201, headers: { 'Capture-Id': 'cap-1' } });
    const result = await clientWith().orders.capture('ord-1', { captured_amount: 10000 });
    assert.equal(result.captureId, 'cap-1');
    assert.equal(klarna.requests.length, 4);
    const keys = new Set(klarna.requests.map((r) => r.headers['klarna-idempotency-key']));
    assert.equal(keys.size, 1, 'one key for every attempt');
    assert.ok([...keys][0]);
    assert.equal(logs.filter(([level]) => level === 'warn').length, 3);
    assert.match(logs[0][1], /retrying in \d+ ms \(retry 1 of 3\) with the same Klarna-Idempotency-Key/);
  });

  test('retries stop at maxRetries and the last error is thrown', async () => {
    klarna.route('*', /.*/, unavailable);
    await assert.rejects(clientWith({ maxRetries: 2 }).orders.get('ord-1'), (error) => {
      assert.ok(error instanceof KlarnaApiError);
      assert.equal(error.status, 503);
      assert.equal(error.errorCode, 'TEMPORARILY_UNAVAILABLE');
      return true;
    });
    assert.equal(klarna.requests.length, 3, '1 attempt + 2 retries');
  });

  test('the default is 3 retries (4 attempts)', async () => {
    klarna.route('*', /.*/, { status: 502 });
    await assert.rejects(clientWith().orders.cancel('ord-1'), KlarnaApiError);
    assert.equal(klarna.requests.length, 4);
    assert.equal(new Set(klarna.requests.map((r) => r.headers['klarna-idempotency-key'])).size, 1);
  });

  test('maxRetries: 0 disables retries', async () => {
    klarna.route('*', /.*/, { status: 500 });
    await assert.rejects(clientWith({ maxRetries: 0 }).orders.get('ord-1'), KlarnaApiError);
    assert.equal(klarna.requests.length, 1);
  });

  test('4xx other than 429 is not retried', async () => {
    klarna.reply({ status: 403, json: { error_code: 'CAPTURE_NOT_ALLOWED', error_messages: ['Capture not allowed'] } });
    await assert.rejects(clientWith().orders.capture('ord-1', { captured_amount: 1 }), { status: 403, errorCode: 'CAPTURE_NOT_ALLOWED' });
    assert.equal(klarna.requests.length, 1);
  });

  test('Retry-After in seconds is honoured', async () => {
    klarna.reply({ status: 429, headers: { 'Retry-After': '1' } }, { json: { order_id: 'ord-1' } });
    await clientWith().orders.get('ord-1');
    assert.equal(klarna.requests.length, 2);
    const gap = klarna.requests[1].at - klarna.requests[0].at;
    assert.ok(gap >= 900 && gap < 2900, `waited ${gap} ms, expected about 1000`);
  });

  test('Retry-After as an HTTP date is honoured', async () => {
    // HTTP dates have whole seconds: aim ~2 s ahead so the wait is between 1 and 2 s.
    const date = new Date(Math.floor(Date.now() / 1000) * 1000 + 2000).toUTCString();
    klarna.reply({ status: 503, headers: { 'Retry-After': date } }, { json: [] });
    await clientWith().orders.listCaptures('ord-1');
    const gap = klarna.requests[1].at - klarna.requests[0].at;
    assert.ok(gap >= 800 && gap < 2900, `waited ${gap} ms, expected 1000–2000`);
  });

  test('Retry-After is capped by maxRetryDelayMs', async () => {
    klarna.reply({ status: 429, headers: { 'Retry-After': '3600' } }, { json: { order_id: 'ord-1' } });
    const started = performance.now();
    await clientWith({ maxRetryDelayMs: 200 }).orders.get('ord-1');
    const took = performance.now() - started;
    assert.ok(took < 2500, `took ${took} ms despite the 200 ms cap`);
    assert.equal(klarna.requests.length, 2);
  });

  test('a network error on a GET is retried', async () => {
    klarna.reply({ destroy: true }, { json: { order_id: 'ord-1' } });
    assert.deepEqual(await clientWith().orders.get('ord-1'), { order_id: 'ord-1' });
    assert.equal(klarna.requests.length, 2);
  });

  test('a time-out on an Order Management write is retried with the same key', async () => {
    klarna.reply({ hang: true }, { status: 204 });
    await clientWith({ timeoutMs: 300 }).orders.extendAuthorizationTime('ord-1');
    assert.equal(klarna.requests.length, 2);
    assert.equal(klarna.requests[0].headers['klarna-idempotency-key'], klarna.requests[1].headers['klarna-idempotency-key']);
  });
});

describe('Payments writes are never retried', () => {
  for (const status of [500, 503]) {
    test(`createSession, updateSession, placeOrder and cancelAuthorization send once on ${status}`, async () => {
      klarna.route('*', /.*/, { status, json: { error_code: 'INTERNAL_SERVER_ERROR', error_messages: ['Internal error'] } });
      const client = clientWith();
      await assert.rejects(client.payments.createSession(ORDER), { status });
      await assert.rejects(client.payments.updateSession('s1', ORDER), { status });
      await assert.rejects(client.payments.placeOrder(TOKEN, ORDER), { status });
      await assert.rejects(client.payments.cancelAuthorization(TOKEN), { status });
      assert.deepEqual(
        klarna.requests.map((r) => r.method),
        ['POST', 'POST', 'POST', 'DELETE'],
      );
      assert.ok(klarna.requests.every((r) => r.headers['klarna-idempotency-key'] === undefined));
    });
  }

  test('placeOrder is not retried after a network error either', async () => {
    klarna.route('*', /.*/, { destroy: true });
    await assert.rejects(clientWith().payments.placeOrder(TOKEN, ORDER), (error) => {
      assert.ok(error instanceof KlarnaNetworkError);
      assert.match(error.message, /Klarna may have received the call: read the state/);
      return true;
    });
    assert.equal(klarna.requests.length, 1);
  });

  test('but readSession (a GET) is retried', async () => {
    klarna.reply({ status: 500 }, { json: { status: 'complete' } });
    assert.deepEqual(await clientWith().payments.readSession('s1'), { status: 'complete' });
    assert.equal(klarna.requests.length, 2);
  });
});

describe('network errors and time-outs', () => {
  test('a destroyed socket is a KlarnaNetworkError naming the call, not the token', async () => {
    klarna.route('*', /.*/, { destroy: true });
    await assert.rejects(clientWith({ maxRetries: 0 }).payments.cancelAuthorization(TOKEN), (error) => {
      assert.ok(error instanceof KlarnaNetworkError);
      assert.ok(error instanceof KlarnaError);
      assert.equal(error.name, 'KlarnaNetworkError');
      assert.equal(error.endpoint, 'DELETE /payments/v1/authorizations/{authorization_token}');
      assert.match(error.message, /Could not reach Klarna for DELETE \/payments\/v1\/authorizations\/\{authorization_token\}/);
      assert.ok(!error.message.includes(TOKEN));
      assert.ok(!JSON.stringify(error).includes(TOKEN));
      return true;
    });
  });

  test('a refused connection is a KlarnaNetworkError', async () => {
    const closed = await startFakeKlarnaServer();
    const url = closed.url;
    await closed.close();
    const client = createKlarnaClient({ username: 'u_123456', password: 'p_123456', region: 'eu', environment: 'playground', baseUrl: url, maxRetries: 0 });
    await assert.rejects(client.orders.get('ord-1'), (error) => {
      assert.ok(error instanceof KlarnaNetworkError);
      assert.match(error.message, /ECONNREFUSED/);
      return true;
    });
  });

  test('no answer within timeoutMs is a KlarnaTimeoutError', async () => {
    klarna.route('*', /.*/, { hang: true });
    const started = performance.now();
    await assert.rejects(clientWith({ timeoutMs: 250 }).payments.createSession(ORDER), (error) => {
      assert.ok(error instanceof KlarnaTimeoutError);
      assert.equal(error.name, 'KlarnaTimeoutError');
      assert.equal(error.timeoutMs, 250);
      assert.match(error.message, /within 250 ms/);
      assert.match(error.message, /timeoutMs/);
      return true;
    });
    const took = performance.now() - started;
    assert.ok(took >= 200 && took < 3000, `gave up after ${took} ms`);
    assert.equal(klarna.requests.length, 1);
  });

  test('a slow body also counts against timeoutMs', async () => {
    klarna.reply({ delayMs: 1500, json: { order_id: 'late' } });
    await assert.rejects(clientWith({ timeoutMs: 200, maxRetries: 0 }).orders.get('ord-1'), KlarnaTimeoutError);
  });

  test("the caller's abort signal stops the call and a pending retry with the signal's reason", async () => {
    klarna.route('*', /.*/, { status: 503, headers: { 'Retry-After': '30' } });
    const controller = new AbortController();
    const reason = new Error('shopper left');
    setTimeout(() => controller.abort(reason), 300);
    const started = performance.now();
    await assert.rejects(clientWith({ maxRetryDelayMs: 30_000 }).orders.get('ord-1', { signal: controller.signal }), (error) => error === reason);
    assert.ok(performance.now() - started < 5000);
    assert.equal(klarna.requests.length, 1);
  });
});

describe('backoff arithmetic (retry-policy)', async () => {
  const { parseRetryAfter, retryDelayMs, isRetryableStatus } = await import('../../dist/server/retry-policy.js');
  const fc = (await import('fast-check')).default;
  const settings = { maxRetries: 3, baseDelayMs: 500, maxDelayMs: 10_000 };

  test('Retry-After: seconds, HTTP dates, past dates and garbage', () => {
    const now = Date.parse('2026-11-25T12:00:00Z');
    assert.equal(parseRetryAfter('2', now), 2000);
    assert.equal(parseRetryAfter(' 0.5 ', now), 500);
    assert.equal(parseRetryAfter('Wed, 25 Nov 2026 12:00:07 GMT', now), 7000);
    assert.equal(parseRetryAfter('Wed, 25 Nov 2026 11:00:00 GMT', now), 0);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter(null, now), undefined);
  });

  test('the delay doubles per retry, stays within [half, full] of the step and never exceeds the cap', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (retry, r) => {
        const full = Math.min(500 * 2 ** (retry - 1), 10_000);
        const delay = retryDelayMs(retry, settings, undefined, () => r);
        return delay <= full && delay >= Math.floor(full / 2) && delay <= 10_000;
      }),
    );
    assert.equal(retryDelayMs(1, settings, undefined, () => 0), 500);
    assert.equal(retryDelayMs(3, settings, undefined, () => 0), 2000);
  });

  test('Retry-After wins over the backoff but is capped', () => {
    assert.equal(retryDelayMs(1, settings, 3000, () => 0), 3000);
    assert.equal(retryDelayMs(1, settings, 3_600_000, () => 0), 10_000);
  });

  test('retryable statuses are 429 and 5xx only', () => {
    assert.deepEqual([400, 401, 403, 404, 409, 429, 500, 502, 503, 504].filter(isRetryableStatus), [429, 500, 502, 503, 504]);
  });
});

describe('bodies that cannot be JSON', () => {
  test('a BigInt amount is a TypeError before anything is sent, not a network error', async () => {
    await assert.rejects(clientWith().orders.capture('ord-1', { captured_amount: 10n }), (error) => {
      assert.ok(error instanceof TypeError);
      assert.match(error.message, /POST \/ordermanagement\/v1\/orders\/ord-1\/captures cannot be sent as JSON/);
      return true;
    });
    assert.equal(klarna.requests.length, 0);
  });
});
