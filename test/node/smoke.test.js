import { test } from 'node:test';
import assert from 'node:assert/strict';

test('the main entry imports in Node without a DOM', async () => {
  const mod = await import('../../dist/index.js');
  assert.equal(typeof mod.KlarnaError, 'function');
  assert.equal(typeof globalThis.window, 'undefined');
});
