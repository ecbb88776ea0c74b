import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';

// Node resolves `#dev-mode` with the default conditions, so these tests see the production build: typed errors
// with short messages. The last test runs a child `node --conditions=development` for the long messages.

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
    assert.equal(error.retryable, false);
    assert.equal(error.message, `Could not load ${KLARNA_PAYMENTS_SRC}: no-dom.`);
    return true;
  });

  const custom = 'https://example.test/kp/api.js';
  await assert.rejects(loadKlarnaPayments({ src: custom }), { reason: 'no-dom', src: custom });
});

test('invalid options are rejected with an error naming the option, even without a DOM', async () => {
  const { loadKlarnaPayments } = await import('../../dist/loader/index.js');
  const cases = [
    [null, TypeError, 'options'],
    ['fast', TypeError, 'options'],
    [{ timeoutMs: 0 }, RangeError, 'timeoutMs'],
    [{ timeoutMs: Number.NaN }, RangeError, 'timeoutMs'],
    [{ timeoutMs: Infinity }, RangeError, 'timeoutMs'],
    [{ retries: -1 }, RangeError, 'retries'],
    [{ retries: 2.5 }, RangeError, 'retries'],
    [{ retryDelayMs: -10 }, RangeError, 'retryDelayMs'],
    [{ src: '' }, TypeError, 'src'],
    [{ src: '  ' }, TypeError, 'src'],
    [{ nonce: 42 }, TypeError, 'nonce'],
  ];
  for (const [options, type, name] of cases) {
    await assert.rejects(loadKlarnaPayments(options), (error) => {
      assert.equal(error.constructor, type, `${JSON.stringify(options)} should reject with a ${type.name}, got ${error}`);
      assert.equal(error.message, `Bad loadKlarnaPayments option ${name}.`);
      return true;
    });
  }
  // Omitted options take their defaults; valid ones pass the checks and reach the no-dom failure.
  await assert.rejects(loadKlarnaPayments({ src: undefined, nonce: undefined }), { reason: 'no-dom' });
  await assert.rejects(loadKlarnaPayments({ timeoutMs: 1, retries: 0, retryDelayMs: 0, nonce: '' }), { reason: 'no-dom' });
});

test('KlarnaLoadError carries reason, src, attempts and cause, with a short message naming the src and reason', async () => {
  const { KlarnaLoadError, KLARNA_LOAD_ERROR_REASONS } = await import('../../dist/loader/index.js');
  const src = 'https://x.klarnacdn.net/kp/lib/v1/api.js';
  assert.deepEqual([...KLARNA_LOAD_ERROR_REASONS], ['network', 'timeout', 'blocked', 'missing-global', 'no-dom']);
  assert.ok(Object.isFrozen(KLARNA_LOAD_ERROR_REASONS));
  for (const reason of KLARNA_LOAD_ERROR_REASONS) {
    const cause = new Error('underlying');
    const error = new KlarnaLoadError(reason, { src, attempts: 3, timeoutMs: 1234, cause });
    assert.equal(error.name, 'KlarnaLoadError');
    assert.equal(error.reason, reason);
    assert.equal(error.src, src);
    assert.equal(error.attempts, 3);
    assert.equal(error.cause, cause);
    assert.equal(error.message, `Could not load ${src}: ${reason}.`);
  }
  assert.equal(new KlarnaLoadError('timeout', { src }).attempts, 0);
  assert.equal('cause' in new KlarnaLoadError('network', { src }), false, 'no cause when there is none');
  assert.equal('cause' in new KlarnaLoadError('network', { src, cause: undefined }), false, 'nor when it is undefined');
});

test('in development (node --conditions=development) the messages explain the value and the fix', () => {
  const script = `
    const { KlarnaLoadError, KLARNA_LOAD_ERROR_REASONS, loadKlarnaPayments } = await import('klarna-checkout-button');
    const src = 'https://x.klarnacdn.net/kp/lib/v1/api.js';
    const messages = Object.fromEntries(KLARNA_LOAD_ERROR_REASONS.map((reason) =>
      [reason, new KlarnaLoadError(reason, { src, attempts: 3, timeoutMs: 1234 }).message]));
    const rejection = (options) => loadKlarnaPayments(options).then(() => 'resolved', (error) => error.constructor.name + ': ' + error.message);
    messages.options = await Promise.all([{ timeoutMs: 0 }, { timeoutMs: Number.NaN }, { retries: -1 }, { retries: 2.5 },
      { retryDelayMs: -10 }, { src: '' }, { nonce: 42 }, null].map(rejection));
    messages.noDom = await rejection();
    console.log(JSON.stringify(messages));
  `;
  // The package imports itself by name, so the child resolves `#dev-mode` through package.json like a merchant's dev server.
  const output = execFileSync(process.execPath, ['--conditions=development', '--input-type=module', '-e', script], {
    cwd: new URL('../..', import.meta.url),
    encoding: 'utf8',
  });
  const messages = JSON.parse(output);
  const src = 'https://x.klarnacdn.net/kp/lib/v1/api.js';
  const fixes = {
    network: /network connection/,
    timeout: /within 1234 ms after 3 attempts; check the network connection or raise the timeoutMs option\./,
    blocked: /^Add https:\/\/x\.klarnacdn\.net to the script-src/,
    'missing-global': /did not define window\.Klarna\.Payments/,
    'no-dom': /only in the browser/,
  };
  for (const [reason, fix] of Object.entries(fixes)) {
    assert.ok(messages[reason].includes(src), `${reason}: ${messages[reason]}`);
    assert.match(messages[reason], fix);
    assert.match(messages[reason], /\.$/, 'a full sentence');
  }
  assert.deepEqual(messages.options, [
    'RangeError: The timeoutMs option must be a positive number of milliseconds, but received 0 (a number); omit it for the default.',
    'RangeError: The timeoutMs option must be a positive number of milliseconds, but received NaN (a number); omit it for the default.',
    'RangeError: The retries option must be a whole number of 0 or more, but received -1 (a number); omit it for the default.',
    'RangeError: The retries option must be a whole number of 0 or more, but received 2.5 (a number); omit it for the default.',
    'RangeError: The retryDelayMs option must be 0 or more milliseconds, but received -10 (a number); omit it for the default.',
    'TypeError: The src option must be a non-empty URL string, but received ""; omit it for the default.',
    'TypeError: The nonce option must be a string, but received 42 (a number); omit it for the default.',
    'TypeError: The options option must be an object or nothing, but received null; omit it for the default.',
  ]);
  assert.match(messages.noDom, /^KlarnaLoadError: .*cannot load with no document; call loadKlarnaPayments\(\) only in the browser\.$/);
});
