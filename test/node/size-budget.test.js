// Size ceilings, brotli (quality 11) after terser, for the element + loader + adapter (entry dist/index.js, lit
// external) and each CDN bundle (lit included), measured in memory AND on the shipped dist/cdn files. Issue 9's target
// (7,000 / 12,000 B) is not met today; the regression ceilings (CEILING_BYTES, today's size + ~2 %) keep the bundle
// from growing unnoticed until the owner decides (docs/package.md, Size).
// `node scripts/measure-size.mjs --modules` prints the figures and each module's own share.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { CEILING_BYTES, TARGET_BYTES, brotliSize, measureSizes } from '../../scripts/measure-size.mjs';

let sizes;

before(async () => {
  sizes = await measureSizes();
});

test("issue 9's target stays on record, and the regression ceilings are never looser than 2 % over today's size", () => {
  assert.deepEqual({ ...TARGET_BYTES }, { package: 7000, cdn: 12000, 'cdn-iife': 12000 });
  for (const name of ['package', 'cdn', 'cdn-iife']) {
    const brotli = sizes[name].brotli;
    assert.ok(CEILING_BYTES[name] <= Math.ceil(brotli * 1.025), `The ${name} ceiling ${CEILING_BYTES[name]} B is loose for ${brotli} B: lower it.`);
  }
});

test('the package measurement leaves lit out and really contains the element, loader and adapter', () => {
  const modules = sizes.package.modules;
  assert.deepEqual(modules.filter((id) => id.includes('/node_modules/')), [], 'lit (or another dependency) was bundled.');
  for (const folder of ['/dist/element/', '/dist/loader/', '/dist/merchant-client/']) {
    assert.ok(modules.some((id) => id.includes(folder)), `No module from ${folder} was measured.`);
  }
});

test('the CDN measurement includes lit', () => {
  assert.ok(sizes.cdn.modules.some((id) => id.includes('/node_modules/lit-element/')), 'lit-element is not in the CDN bundle.');
  assert.ok(sizes.cdn.modules.some((id) => id.includes('/node_modules/lit-html/')), 'lit-html is not in the CDN bundle.');
});

test(`element + loader + adapter, lit external: at most ${CEILING_BYTES.package} B brotli`, (t) => {
  const { bytes, min, brotli } = sizes.package;
  t.diagnostic(`package: ${brotli} B brotli (${min} B min, ${bytes} B plain)`);
  assert.ok(brotli <= CEILING_BYTES.package, `${brotli} B brotli (${min} B min, ${bytes} B plain) is over the ${CEILING_BYTES.package} B ceiling.`);
});

for (const [name, file] of [
  ['cdn', 'dist/cdn/klarna-checkout-button.js'],
  ['cdn-iife', 'dist/cdn/klarna-checkout-button.iife.js'],
]) {
  test(`${file}, lit included: at most ${CEILING_BYTES[name]} B brotli (measured and shipped)`, (t) => {
    const { bytes, min, brotli } = sizes[name];
    t.diagnostic(`${name}: ${brotli} B brotli (${min} B min, ${bytes} B plain)`);
    assert.ok(brotli <= CEILING_BYTES[name], `${brotli} B brotli (${min} B min, ${bytes} B plain) is over the ${CEILING_BYTES[name]} B ceiling.`);
    const url = new URL(`../../${file}`, import.meta.url);
    assert.ok(existsSync(url), `${file} is missing: run the build.`);
    const shipped = brotliSize(readFileSync(url, 'utf8'));
    assert.ok(shipped <= CEILING_BYTES[name], `The shipped ${file} is ${shipped} B brotli, over the ${CEILING_BYTES[name]} B ceiling.`);
  });
}
