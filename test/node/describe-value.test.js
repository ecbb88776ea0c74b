// One describe-value helper per side of the package: the browser side's src/errors/describe-value.ts (its development
// messages and the /testing fake) and the server side's src/server/describe-value.ts (server and simulator), which
// names a value's kind with the browser side's typeName. Checked on the built modules and through the messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeValue as describeBrowserValue, typeName } from '../../dist/errors/describe-value.js';
import { describeKind, describeValue as describeServerValue } from '../../dist/server/describe-value.js';
import { createKlarnaClient } from '../../dist/server/index.js';

test('the browser side names kinds with an article, and undefined as undefined', () => {
  assert.deepEqual(
    [null, undefined, [], {}, 'text', 1, true, () => {}, 1n].map(typeName),
    ['null', 'undefined', 'an array', 'an object', 'a string', 'a number', 'a boolean', 'a function', 'a bigint'],
  );
  assert.equal(describeBrowserValue('https://x.example/'), '"https://x.example/"');
  assert.equal(describeBrowserValue(0), '0 (a number)');
  assert.equal(describeBrowserValue('x'.repeat(80)), JSON.stringify(`${'x'.repeat(60)}…`), 'a long string is cut');
});

test('the server side shows short strings and numbers, names long strings by length, and shares the kinds', () => {
  assert.equal(describeKind, typeName);
  assert.deepEqual(
    [undefined, null, 'eu', 'y'.repeat(41), 7, false, 3n, [1, 2], {}].map(describeServerValue),
    ['undefined', 'null', '"eu"', 'a 41-character string', '7', 'false', 'the bigint 3', 'an array of 2', 'an object'],
  );
});

test('the Klarna client words a bad option with the one server helper (an object, not "a object")', () => {
  const options = { username: 'PK1_x', password: 'secret', environment: 'playground' };
  assert.throws(() => createKlarnaClient({ ...options, region: {} }), { message: /; received an object\./ });
  assert.throws(() => createKlarnaClient({ ...options, region: 'mars' }), { message: /; received "mars"\./ });
});
