// The complete node:http examples of docs/checkout-handler.md, run as written (up to the server's
// listen): malformed carts from the browser must answer 400 bad_request, never 500.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const guide = readFileSync(new URL('../../docs/checkout-handler.md', import.meta.url), 'utf8');
const serverEntry = pathToFileURL(new URL('../../dist/server/index.js', import.meta.url).pathname).href;

/** Every ```js block that starts a complete node:http server. */
const examples = [...guide.matchAll(/```js\n(\/\/ server\.mjs[\s\S]*?)```/g)].map((match) => match[1]);

const badCarts = [
  ['an item that is null', { items: [null] }],
  ['an item that is a string', { items: ['MUG'] }],
  ['an item without sku', { items: [{ quantity: 1 }] }],
  ['an sku that is a number', { items: [{ sku: 7, quantity: 1 }] }],
  ['an sku of Object.prototype', { items: [{ sku: 'constructor', quantity: 1 }] }],
  ['an unknown sku', { items: [{ sku: 'NOPE', quantity: 1 }] }],
  ['a quantity that is a string', { items: [{ sku: 'MUG', quantity: '2' }] }],
  ['a fractional quantity', { items: [{ sku: 'MUG', quantity: 1.5 }] }],
  ['items that is not a list', { items: 'MUG' }],
  ['an empty cart', { items: [] }],
];

test('the guide has its two complete node:http examples', () => {
  assert.equal(examples.length, 2);
});

examples.forEach((source, index) => {
  test(`node:http example ${index + 1}: malformed carts answer 400 bad_request, not 500`, async (t) => {
    const directory = mkdtempSync(join(tmpdir(), 'docs-example-'));
    t.after(() => rmSync(directory, { recursive: true, force: true }));
    const untilListen = source.slice(0, source.indexOf('const api = toNodeListener(checkout);'));
    assert.ok(untilListen.length > 100, 'the example builds `checkout` before it listens');
    const module = `${untilListen.replaceAll("'klarna-checkout-button/server'", `'${serverEntry}'`)}\nexport { checkout };\n`;
    const file = join(directory, `example-${index}.mjs`);
    writeFileSync(file, module);
    process.env.KLARNA_USERNAME ??= 'K123456_abcdef12345';
    process.env.KLARNA_PASSWORD ??= 'not-a-real-password';
    const errors = [];
    const original = console.error;
    console.error = (...args) => errors.push(args.join(' '));
    t.after(() => (console.error = original));
    const { checkout } = await import(pathToFileURL(file).href);
    for (const [label, cart] of badCarts) {
      const response = await checkout(
        new Request('http://localhost:3000/api/klarna/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ cart }) }),
      );
      assert.equal(response.status, 400, `${label}: ${await response.clone().text()}`);
      assert.equal((await response.json()).error.code, 'bad_request');
    }
    assert.deepEqual(errors, [], 'nothing was logged as an unexpected error');
  });
});
