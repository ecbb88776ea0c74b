import { test } from 'node:test';
import assert from 'node:assert/strict';

test('the loader and the main entry import in Node without a DOM', async () => {
  assert.equal(typeof globalThis.window, 'undefined');
  assert.equal(typeof globalThis.document, 'undefined');
  const loader = await import('../../dist/loader/index.js');
  const main = await import('../../dist/index.js');
  assert.equal(typeof loader.loadKlarnaPayments, 'function');
  assert.equal(main.loadKlarnaPayments, loader.loadKlarnaPayments);
  assert.equal(main.KlarnaLoadError, loader.KlarnaLoadError);
});

test('loadKlarnaPayments() rejects with reason no-dom where there is no document', async () => {
  const { loadKlarnaPayments, KlarnaLoadError, KLARNA_PAYMENTS_SRC } = await import('../../dist/loader/index.js');
  const { KlarnaError } = await import('../../dist/errors/index.js');

  const pending = loadKlarnaPayments();
  assert.ok(pending instanceof Promise, 'it returns a promise instead of throwing');
  await assert.rejects(pending, (error) => {
    assert.ok(error instanceof KlarnaLoadError);
    assert.ok(error instanceof KlarnaError);
    assert.equal(error.name, 'KlarnaLoadError');
    assert.equal(error.reason, 'no-dom');
    assert.equal(error.src, KLARNA_PAYMENTS_SRC);
    assert.equal(error.attempts, 0);
    assert.match(error.message, /no document/);
    assert.ok(error.message.includes(KLARNA_PAYMENTS_SRC));
    return true;
  });

  const custom = 'https://example.test/kp/api.js';
  await assert.rejects(loadKlarnaPayments({ src: custom }), { reason: 'no-dom', src: custom });
});

test('invalid options are rejected with a message naming the value, even without a DOM', async () => {
  const { loadKlarnaPayments } = await import('../../dist/loader/index.js');
  const cases = [
    [{ timeoutMs: 0 }, RangeError, /timeoutMs.*received 0/],
    [{ timeoutMs: Number.NaN }, RangeError, /timeoutMs.*NaN/],
    [{ retries: -1 }, RangeError, /retries.*received -1/],
    [{ retries: 2.5 }, RangeError, /retries.*received 2\.5/],
    [{ retryDelayMs: -10 }, RangeError, /retryDelayMs.*received -10/],
    [{ src: '' }, TypeError, /src.*received ""/],
    [{ nonce: 42 }, TypeError, /nonce.*number/],
  ];
  for (const [options, type, message] of cases) {
    await assert.rejects(loadKlarnaPayments(options), (error) => {
      assert.ok(error instanceof type, `${JSON.stringify(options)} should reject with a ${type.name}, got ${error}`);
      assert.match(error.message, message);
      return true;
    });
  }
});

test('KlarnaLoadError builds a message per reason that names the src and the fix', async () => {
  const { KlarnaLoadError, KLARNA_LOAD_ERROR_REASONS } = await import('../../dist/loader/index.js');
  const src = 'https://x.klarnacdn.net/kp/lib/v1/api.js';
  const fixes = {
    network: /network connection/,
    timeout: /raise the timeoutMs option/,
    blocked: /Add https:\/\/x\.klarnacdn\.net to the script-src/,
    'missing-global': /did not define window\.Klarna\.Payments/,
    'no-dom': /only in the browser/,
  };
  assert.deepEqual([...KLARNA_LOAD_ERROR_REASONS], Object.keys(fixes));
  for (const reason of KLARNA_LOAD_ERROR_REASONS) {
    const cause = new Error('underlying');
    const error = new KlarnaLoadError(reason, { src, attempts: 3, timeoutMs: 1234, cause });
    assert.equal(error.reason, reason);
    assert.equal(error.src, src);
    assert.equal(error.attempts, 3);
    assert.equal(error.cause, cause);
    assert.ok(error.message.includes(src), `${reason}: ${error.message}`);
    assert.match(error.message, fixes[reason]);
    assert.match(error.message, /\.$/, 'a full sentence');
  }
  assert.match(new KlarnaLoadError('timeout', { src, attempts: 3, timeoutMs: 1234 }).message, /within 1234 ms after 3 attempts/);
  assert.equal('cause' in new KlarnaLoadError('network', { src }), false, 'no cause when there is none');
});
